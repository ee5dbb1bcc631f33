"""Passage chunking for documents we do not write ourselves: paragraphs -> passages of about
MIN_WORDS to MAX_WORDS words, cut at paragraph boundaries first, then at sentence boundaries."""

from __future__ import annotations

import re

from ..model import MAX_WORDS, MIN_WORDS

_SENTENCE_END_RE = re.compile(r"(?<=[.!?؟;؛:])\s+")


def split_sentences(paragraph: str) -> list[str]:
    return [s for s in _SENTENCE_END_RE.split(paragraph) if s.strip()]


def _units(paragraph: str, limit: int) -> list[str]:
    """A paragraph as pieces of at most `limit` words: sentences, or word runs for huge ones."""
    if len(paragraph.split()) <= limit:
        return [paragraph]
    units: list[str] = []
    for sentence in split_sentences(paragraph):
        words = sentence.split()
        units.extend(" ".join(words[i:i + limit]) for i in range(0, len(words), limit))
    return units


def chunk(paragraphs: list[str], low: int = MIN_WORDS, high: int = MAX_WORDS) -> list[str]:
    """Group paragraphs into passages of low..high words where the text allows it.

    A passage ends at a paragraph boundary once it has `low` words, and never grows past `high`;
    a short remainder joins the previous passage when that stays within `high`.
    """
    passages: list[list[str]] = []
    current: list[str] = []
    size = 0
    for paragraph in paragraphs:
        if current and size >= low:
            passages.append(current)
            current, size = [], 0
        for unit in _units(" ".join(paragraph.split()), high):
            n = len(unit.split())
            if current and size + n > high:
                passages.append(current)
                current, size = [], 0
            current.append(unit)
            size += n
    if current:
        if passages and size < low and _words(passages[-1]) + size <= high:
            passages[-1].extend(current)
        else:
            passages.append(current)
            _balance_tail(passages, low)
    return [" ".join(p) for p in passages]


def _balance_tail(passages: list[list[str]], low: int) -> None:
    """Move whole sentences from the previous passage into a short last one."""
    if len(passages) < 2:
        return
    prev, last = passages[-2], passages[-1]
    while len(prev) > 1 and _words(last) < low and _words(prev[:-1]) >= low:
        last.insert(0, prev.pop())


def _words(pieces: list[str]) -> int:
    return sum(len(p.split()) for p in pieces)
