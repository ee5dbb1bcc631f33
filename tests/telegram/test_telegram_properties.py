"""Property-based tests of reply rendering over hostile input (strategies in tests/hostile.py):
every message the bot would send is valid Telegram HTML (the fake server's parser, which refuses
what Telegram refuses), under 4,096 characters, and shows the user's text only escaped."""

from __future__ import annotations

import datetime as dt

import pytest
from fake_bot_api import parse_html, utf16_len
from hypothesis import given
from hypothesis import strategies as st

from copbot.answer import EmptyQuestion
from copbot.quality.gaps import Gap
from copbot.telegram import render, views
from copbot.telegram.render import MESSAGE_LIMIT, escape
from copbot.telegram.services import Searcher
from copbot.telegram.state import Stats
from hostile import LONG, hostile_text


@pytest.fixture(scope="module")
def searcher(tg_index):
    s = Searcher.open(tg_index)
    yield s
    s.index.close()


def assert_sendable(html: str) -> list[str]:
    parts = render.split_html(html)
    for part in parts:
        visible = parse_html(part)  # raises as Telegram would on bad HTML
        assert utf16_len(visible) <= MESSAGE_LIMIT and utf16_len(part) <= MESSAGE_LIMIT
        assert visible.strip()
    return parts


@given(hostile_text)
def test_any_question_renders_to_sendable_html(searcher, text):
    try:
        answer = searcher.answerer.answer(text)
    except EmptyQuestion:
        return
    view = views.answer_view(searcher, answer)
    assert_sendable(view.html)
    for row in view.keyboard.inline_keyboard:
        for button in row:
            assert button.text and len((button.callback_data or "").encode()) <= 64


@given(st.lists(hostile_text, min_size=1, max_size=10))
def test_user_text_in_admin_stats_is_escaped_and_sendable(texts):
    kept = [(" ".join(t.split())[:500], i + 1) for i, t in enumerate(texts)]
    kept = [(q, n) for q, n in kept if q]
    stats = Stats([{"day": dt.date.today().isoformat(), "questions": 9, "unanswered": 3}], 1, 2, kept)
    for lang in ("ar", "en"):
        found = [Gap("parents-en/cyberbullying", "Cyberbullying", "parents-en/cyberbullying/1",
                     kept[:5], {q.split()[0]: n for q, n in kept}), Gap("", "", "", kept[5:])]
        html = views.stats_view(stats, lang, 7, found).html
        for q, _ in kept:
            assert escape(q) in html
        if any(kept):
            assert_sendable(html)


@given(hostile_text, st.lists(st.tuples(st.integers(0, 400), st.integers(0, 400)), max_size=8))
def test_highlighting_any_spans_of_any_text_is_valid(text, spans):
    spans = [(a, b) for a, b in spans if a < b <= len(text)]
    html = render.highlighted(text, spans)
    if text.strip():
        for lang in ("ar", "en"):
            assert_sendable(render.directed(html, lang))


@pytest.mark.parametrize("text", LONG)
def test_long_texts_split_into_valid_parts(text):
    parts = assert_sendable(f"<b>{escape(text[:30_000])}</b>\n\n{escape(text)}")
    assert len(parts) > 1
