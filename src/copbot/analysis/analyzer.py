"""The analyzer: one function turns text into index terms, for passages and questions alike."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from functools import lru_cache

from .normalize import normalize
from .stem import DIALECT_FOLD, arabic_stem, snowball_english
from .stopwords import ARABIC_STOPWORDS, ENGLISH_STOPWORDS
from .synonyms import STEM_SYNONYMS
from .tokenize import words

ANALYZER_NAME = "cop-ar-en"
# Bump when the output of analyze() changes for any input: indexes built before are refused.
ANALYZER_VERSION = 5

# Terms other than stems start with a character no word token can contain.
NGRAM_PREFIX = "#"  # "#_تنم": a character n-gram of one word
BIGRAM_PREFIX = "~"  # "~تنمر~الكترون": the stems of two consecutive content words
MAX_WORD_CHARS = 40  # longer "words" (URLs, junk, attacks) are cut before stemming and n-grams


def is_arabic_word(word: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" for ch in word)


@dataclass(frozen=True)
class AnalyzerSettings:
    """Everything that changes the terms; stored in the index and compared when it is opened."""

    ngram: int = 4  # character n-grams of each content word (0: none)
    bigrams: bool = True  # a term for each pair of consecutive content words' stems
    # What a query term weighs, against 1 for a stem (the passage side is unweighted BM25).
    # Measured on the question set and XQuAD (docs/retrieval.md).
    ngram_weight: float = 0.8
    bigram_weight: float = 0.5
    name: str = ANALYZER_NAME
    version: int = ANALYZER_VERSION

    def fingerprint(self) -> dict:
        """The settings plus digests of the word lists, so an edited list counts as a change."""
        lists = json.dumps([sorted(ARABIC_STOPWORDS), sorted(ENGLISH_STOPWORDS),
                            sorted(STEM_SYNONYMS.items())], ensure_ascii=False)
        return {**asdict(self), "stopwords_sha1": hashlib.sha1(lists.encode()).hexdigest()[:12],
                "stemmers": "light10+dialect-fold+snowball-english"}


@dataclass(frozen=True)
class Analyzer:
    settings: AnalyzerSettings = AnalyzerSettings()

    def content_words(self, text: str) -> list[str]:
        """Normalised, non-stopword words (not stemmed), in order."""
        return _content_words(normalize(text))

    @staticmethod
    def stem(word: str) -> str:
        """The word's stem, folded onto the guidelines' own word when it is a known variant."""
        return _stem(word)

    def terms(self, text: str) -> list[str]:
        """Stems only: what the excerpt picker and the confidence measure compare."""
        return [_stem(w) for w in self.content_words(text)]

    def analyze(self, text: str) -> list[str]:
        """Index terms: the stem of every content word, character n-grams of each word, then a
        bigram of each two consecutive stems.

        The n-grams are taken from the normalised word, its interdental letters folded as in its
        stem (`stem.DIALECT_FOLD`), padded with "_" at both ends, so that they also mark where a
        word starts and ends; they let a misspelt, differently inflected or colloquially spelt
        word still meet its passage ("التنمور", "bulying", "تلاتة"). The bigrams reward a passage
        that has the question's words together ("الرقابة الأبوية", "خط ساخن", "age assurance")
        over one that has them apart. Stopwords between two words do not separate them; punctuation and
        line breaks do (the last word of a sentence and the first of the next are no phrase).
        """
        n = self.settings.ngram
        stems: list[str] = []
        grams: list[str] = []
        pairs: list[str] = []
        for clause in _CLAUSE_BREAK.split(normalize(text)):
            clause_stems: list[str] = []
            for chunk in clause.split():
                chunk_stems, chunk_grams = _chunk_terms(chunk, n)
                clause_stems += chunk_stems
                grams += chunk_grams
            stems += clause_stems
            if self.settings.bigrams:
                pairs += bigrams(clause_stems)
        return stems + grams + pairs

    def term_weight(self, term: str) -> float:
        """What a query term weighs: a stem 1, an n-gram or a bigram its setting's weight."""
        if term.startswith(NGRAM_PREFIX):
            return self.settings.ngram_weight
        if term.startswith(BIGRAM_PREFIX):
            return self.settings.bigram_weight
        return 1.0

    @staticmethod
    def clitic_alternatives(stem: str) -> list[str]:
        """Other stems an Arabic stem may stand for, when the light stemmer left a clitic on.

        Light10 strips the article and a few suffixes, not a bare proclitic (بـ by/with and the
        colloquial present "بيلعب", لـ، كـ، فـ، وـ، the future سـ and colloquial حـ, the Iraqi
        progressive دـ before a verb) nor what is
        left of the object pronoun ـني after it strips ي ("يقابلني" -> "يقابلن") or the
        colloquial negation ـش ("بعتتش"), nor a verb's person prefix ("نبلغ" -> "يبلغ").
        Stripping them from every word would break words that merely begin or end with those
        letters (بيانات، بنات، نقاش، تعليم), so the index uses these only for a question's stem it
        does not know (`Index.resolve`).
        """
        if not is_arabic_word(stem) or len(stem) <= 3:
            return []
        candidates = [stem[1:]] if stem[0] in _PROCLITICS else []
        # the Iraqi progressive دـ before a verb ("ديتنمرون" = they are bullying)
        if stem[0] == "د" and stem[1] in _IMPERFECT_PREFIXES:
            candidates.append(stem[1:])
        for remains in _ENCLITIC_REMAINS:
            candidates += [c[: -len(remains)] for c in (stem, *candidates)
                           if c.endswith(remains) and len(c) - len(remains) >= 3]
        # A verb in the first or second person ("نبلغ", "امنع", "تحمي") where the guidelines say
        # "يبلغ", "تمنع" or use the bare form ("منع").
        for c in (stem, *candidates):
            if len(c) >= 4 and c[0] in _IMPERFECT_PREFIXES:
                candidates += [p + c[1:] for p in "يت" if p != c[0]] + [c[1:]]
        out = []
        for c in candidates:
            alternative = _stem(c)
            if alternative != stem and alternative not in out:
                out.append(alternative)
        return out


_PROCLITICS = frozenset("بلكفوسح")
_ENCLITIC_REMAINS = ("ن", "ش")
_IMPERFECT_PREFIXES = frozenset("انتي")


def bigrams(stems: list[str]) -> list[str]:
    """"~a~b" for each two consecutive stems."""
    return [f"{BIGRAM_PREFIX}{a}{BIGRAM_PREFIX}{b}" for a, b in zip(stems, stems[1:], strict=False)]


def bigram_parts(term: str) -> tuple[str, str]:
    a, _, b = term[1:].partition(BIGRAM_PREFIX)
    return a, b


def is_clitic_stopword(stem: str) -> bool:
    """"وشو", "فكيف", "وهل": a stopword with a proclitic joined to it."""
    return len(stem) > 2 and stem[0] in _PROCLITICS and stem[1:] in ARABIC_STOPWORDS


# Where a phrase ends, for bigrams: sentence and clause punctuation (Latin and Arabic), brackets,
# quotes and line breaks (a title, its keywords and the text are joined by line breaks).
_CLAUSE_BREAK = re.compile(r'[.!?\u061f,\u060c;\u061b:()\[\]{}"\u00ab\u00bb\n]+')


def _content_words(normalized: str) -> list[str]:
    return [w for w in (_cut(w) for w in words(normalized)) if not _is_stopword(w)]


@lru_cache(maxsize=300_000)
def _chunk_terms(chunk: str, n: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The stems and n-grams of the content words of one whitespace-free chunk of normalised
    text. A text's terms are its chunks' in order, and chunks repeat far more than passages do,
    so each is analysed once (the same terms; 371 -> 270 µs a passage)."""
    content = _content_words(chunk)
    grams = [g for w in content for g in _ngrams(w, n)] if n else []
    return tuple(_stem(w) for w in content), tuple(grams)


# Per-word work is cached: word frequencies are skewed, so most words of a passage were seen
# before (this halves build time; the output is the same).
def _cut(word: str) -> str:
    return word[:MAX_WORD_CHARS]


@lru_cache(maxsize=300_000)
def _is_stopword(word: str) -> bool:
    return word in (ARABIC_STOPWORDS if is_arabic_word(word) else ENGLISH_STOPWORDS)


@lru_cache(maxsize=300_000)
def _stem(word: str) -> str:
    stem = arabic_stem(word) if is_arabic_word(word) else snowball_english(word)
    return STEM_SYNONYMS.get(stem, stem)


@lru_cache(maxsize=300_000)
def _ngrams(word: str, n: int) -> tuple[str, ...]:
    padded = f"_{word.translate(DIALECT_FOLD)}_"
    return tuple(NGRAM_PREFIX + padded[i : i + n] for i in range(max(1, len(padded) - n + 1)))


def detect_lang(text: str) -> str | None:
    """'ar' or 'en' by which script has more letters; None when neither has any."""
    arabic = latin = 0
    for ch in text:
        if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufefc":
            arabic += 1
        elif ch.isascii() and ch.isalpha() or "\u00c0" <= ch <= "\u024f":
            latin += 1
    if not arabic and not latin:
        return None
    return "ar" if arabic >= latin else "en"
