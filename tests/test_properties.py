"""Property-based tests of the core over hostile input (strategies in hostile.py): the analyzer
never raises and its normalisation is idempotent; answering never raises (blank input is the
one named error) and always stays within what it promises."""

from __future__ import annotations

import pytest
from hypothesis import example, given

from copbot.analysis import Analyzer, detect_lang
from copbot.analysis.analyzer import MAX_WORD_CHARS
from copbot.analysis.normalize import normalize
from copbot.answer import EmptyQuestion
from hostile import LONG, hostile_text

ANALYZER = Analyzer()


@given(hostile_text)
def test_normalisation_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once
    once.encode("utf-8")  # no lone surrogates survive


@pytest.mark.parametrize("text", LONG)
def test_long_inputs_are_analysed(text):
    assert normalize(normalize(text)) == normalize(text)
    ANALYZER.analyze(text)


@pytest.mark.parametrize("text", LONG)
def test_long_questions_are_answered(answerer, text):
    answerer.answer(text)


@given(hostile_text)
def test_chunked_tokenizing_gives_camel_tools_tokens(text):
    """words() tokenizes whitespace-free chunks one by one (cached): the same tokens as
    simple_word_tokenize on the whole text, punctuation and symbols dropped."""
    from camel_tools.tokenizers.word import simple_word_tokenize

    from copbot.analysis.tokenize import _is_word, words

    assert words(text) == [t for t in simple_word_tokenize(text) if _is_word(t)]


@given(hostile_text)
def test_the_analyzer_never_raises_and_yields_clean_terms(text):
    terms = ANALYZER.analyze(text)
    assert all(t and not any(c.isspace() for c in t) for t in terms)
    # a stem is at most MAX_WORD_CHARS, a bigram two of them and its two marks
    assert all(len(t) <= 2 * MAX_WORD_CHARS + 2 for t in terms)
    detect_lang(text)


@given(hostile_text)
@example("\x00")
@example("\u0640\u0640\u064e")
def test_answering_never_raises(answerer, text):
    try:
        answer = answerer.answer(text)
    except EmptyQuestion:
        assert not text[:2000].strip()
        return
    assert answer.lang in ("ar", "en")
    assert answer.answered == bool(answer.results and answer.note == "")
    assert answer.what_to_do is None or (answer.safety is not None and not answer.answered)
    assert len(answer.results) <= 5
    for r in answer.results:
        assert r.excerpt and r.citation.url.startswith("http")
        for start, end in answerer.highlight_words(text, r.excerpt):
            assert 0 <= start < end <= len(r.excerpt)
