"""Hypothesis strategies for hostile and odd input: any Unicode (lone surrogates and NUL
included), and the shapes that break text handling: long texts and tokens, only diacritics or
tatweel, emoji, zero-width joiners, bidi overrides, markup, `javascript:` links, SQL."""

from __future__ import annotations

from hypothesis import strategies as st

ANY_CHAR = st.characters(codec=None, exclude_categories=())  # surrogates and controls too
PIECES = [
    "", " ", "\x00", "\ud800", "\udfff", "\u200d", "\u200c", "\u200b", "\u202e", "\u202d",
    "\u2066", "\ufeff", "\u0640" * 20, "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652",
    "👨‍👩‍👧‍👦", "🏳️‍🌈", "😀" * 10, "<b>", "</i>", "<a href=\"javascript:alert(1)\">x</a>",
    "<script>alert(1)</script>", "&amp;", "&lt;", "&", "<", ">", "**bold** _it_ `code` [l](u)",
    "'; DROP TABLE users; --", "\" OR 1=1 --", "ابني يتعرض للتنمر", "What is grooming?",
    "Что такое груминг", "子供のオンライン保護", "ﻻ ﷲ ﷺ", "٠١٢٣٤٥٦٧٨٩", "İSTANBUL ß ǅ",
    "x" * 5000, "\n\n", "\t", "\r\n",
]
hostile_text = st.one_of(
    st.text(ANY_CHAR, max_size=300),
    st.lists(st.sampled_from(PIECES) | st.text(ANY_CHAR, max_size=20), max_size=12).map("".join),
    st.sampled_from(PIECES),
)
LONG = ["a" * 100_000, "\u0627\u0644\u0637\u0641\u0644 " * 20_000, "x" * 5000, "\u0640" * 5000,
        "\u064e" * 5000, "😀" * 20_000, "<b>&" * 25_000]
