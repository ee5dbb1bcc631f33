"""Guessing the asker's audience from the wording of the question."""

import pytest

from copbot.answer.intent import guess_audience


@pytest.mark.parametrize(
    "question, audience",
    [
        ("we're an isp, what should we do about abuse material", "industry"),
        ("احنا شركة العاب، ايش المطلوب منا", "industry"),
        ("عندنا تطبيق دردشة للمراهقين، ايش الاعدادات المطلوبة", "industry"),
        ("بلغتنا بنت ان واحد يهددها، فريق الأمان عندنا يسوي ايش", "industry"),
        ("we run a chat app for teens, what defaults should we set", "industry"),
        ("a user reported grooming to our safety team, what now", "industry"),
        ("what should our national law say about grooming", "policymakers"),
        ("هل لازم الدوله تعمل استراتيجيه وطنيه", "policymakers"),
        ("my son is bullied in a whatsapp group", "parents_educators"),
        ("ابني بيتعرض للتنمر", "parents_educators"),
        ("i'm 13 and my mum reads my messages", "children"),
        ("عمري 14 واهلي ما يخلوني العب", "children"),
        ("what is sextortion", None),
    ],
)
def test_guess_audience(question, audience):
    assert guess_audience(question) == audience
