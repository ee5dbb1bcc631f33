"""Arabic repairs for PDF text: presentation forms and visual-order lines."""

from __future__ import annotations

import arabic_reshaper
import pytest
from bidi.algorithm import get_display

from copbot.corpus.readers.pdf_arabic import looks_reversed, normalize_forms, repair_line

LINES = [
    "التنمر الإلكتروني هو استخدام التكنولوجيا لإيذاء الأطفال",
    "أصدر الاتحاد الدولي للاتصالات المبادئ التوجيهية في عام 2020",
    "ينبغي للوالدين الحديث مع أطفالهم عن الألعاب على الإنترنت (COP)",
    "الرقابة الأبوية لا تغني عن الحوار",
]


@pytest.mark.parametrize("line", LINES)
def test_visual_order_presentation_forms_are_repaired(line):
    visual = get_display(arabic_reshaper.reshape(line))
    assert looks_reversed(visual)
    assert repair_line(visual) == line


@pytest.mark.parametrize("line", LINES)
def test_logical_lines_are_left_in_order(line):
    assert not looks_reversed(line)
    assert repair_line(arabic_reshaper.reshape(line)) == line


@pytest.mark.parametrize("raw, expected", [
    ("\ufefb", "لا"), ("\ufe8d\ufedf\ufe98\ufee8\ufee4\ufeae", "التنمر"), ("ﬁle", "ﬁle"),
])
def test_normalize_forms(raw, expected):
    assert normalize_forms(raw) == expected


def test_english_lines_are_untouched():
    assert repair_line("Online safety (COP) 2020") == "Online safety (COP) 2020"
