"""Splitting normalised text into word tokens (camel-tools' simple word tokenizer)."""

from __future__ import annotations

import unicodedata

from camel_tools.tokenizers.word import simple_word_tokenize


def _is_word(token: str) -> bool:
    return any(unicodedata.category(ch)[0] in "LN" for ch in token)


def words(text: str) -> list[str]:
    """Word tokens in order; punctuation, symbols and emoji are dropped."""
    return [t for t in simple_word_tokenize(text) if _is_word(t)]
