"""Splitting normalised text into word tokens (camel-tools' simple word tokenizer)."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from camel_tools.tokenizers.word import simple_word_tokenize


def _is_word(token: str) -> bool:
    return any(unicodedata.category(ch)[0] in "LN" for ch in token)


@lru_cache(maxsize=200_000)
def _chunk_words(chunk: str) -> tuple[str, ...]:
    return tuple(t for t in simple_word_tokenize(chunk) if _is_word(t))


def words(text: str) -> list[str]:
    """Word tokens in order; punctuation, symbols and emoji are dropped.

    simple_word_tokenize splits on whitespace and then works on each whitespace-free chunk on its
    own, testing a regular expression at every character; a text repeats its chunks ("the",
    "الأطفال"), so each distinct chunk is tokenized once and cached. Same tokens, about half the
    analysis time of a passage.
    """
    out: list[str] = []
    for chunk in text.split():
        out.extend(_chunk_words(chunk))
    return out
