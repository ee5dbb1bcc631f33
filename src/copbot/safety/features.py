"""What the danger recogniser sees of a message: sparse features over analysed text.

A message becomes a bag of features, each a string with a weight, L2-normalised so a long story
and a three-word cry are on one scale:

- `w:` words and `s:` their stems (hamza, teh marbuta and alef maksura folded as everywhere);
- `b:` word pairs, which carry framing ("what if", "my son", "لو حصل") and negation;
- `c:` character 3- to 5-grams inside each word, which carry dialect inflection and typos
  (بيهددها, هيهددها and يهددها share هدد; "blackmailing" and "blakmail" share most grams);
- `e:` emoji and other symbols (😭, 🆘), which tokenisation drops;
- `k:` concepts from `concepts.py`: whether the message names a danger, a particular child or the
  writer, something happening now or intended, or a general or hypothetical framing.

The learned weights live in `model.json` (see `model.py`); nothing here is tuned per phrasing.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter

from ..analysis.analyzer import is_arabic_word
from ..analysis.normalize import normalize
from ..analysis.stem import arabic_stem, snowball_english
from ..analysis.tokenize import words
from .concepts import concepts

MAX_CHARS = 2000
NGRAMS = (3, 4, 5)
CONCEPT_WEIGHT = 2.0  # a concept counts as much as two ordinary features before normalisation

_REPEATS_RE = re.compile(r"(.)\1{2,}")  # "helppp", "يااااا": three or more of one letter


def clean(text: str) -> str:
    """The message as features see it: normalised, letters repeated for emphasis cut to two."""
    return _REPEATS_RE.sub(r"\1\1", normalize(text[:MAX_CHARS]))


def _stem(word: str) -> str:
    return arabic_stem(word) if is_arabic_word(word) else snowball_english(word)


def features(text: str) -> dict[str, float]:
    """The message's features with their weights (unit length)."""
    cleaned = clean(text)
    tokens = words(cleaned)
    counts: Counter[str] = Counter()
    for i, word in enumerate(tokens):
        counts["w:" + word] += 1
        stem = _stem(word)
        if stem != word:
            counts["s:" + stem] += 1
        if i + 1 < len(tokens):
            counts[f"b:{word}_{tokens[i + 1]}"] += 1
        padded = f"_{word}_"
        for n in NGRAMS:
            for j in range(len(padded) - n + 1):
                counts["c:" + padded[j : j + n]] += 1
    for ch in cleaned:
        if unicodedata.category(ch) == "So":
            counts["e:" + ch] += 1
    weights = {f: 1.0 + math.log(n) for f, n in counts.items()}  # sublinear: repeats add little
    for concept in concepts(cleaned):
        weights["k:" + concept] = CONCEPT_WEIGHT
    norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
    return {f: v / norm for f, v in weights.items()}
