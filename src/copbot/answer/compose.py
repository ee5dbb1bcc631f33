"""Answer composition: from a question to a cited answer (no Telegram here).

An answer carries, in order of importance: the safety card when the message describes a child in
danger now; whether the guidelines cover the question (`answered`); the ranked passages with
their citation (document, section, official link) and the paired passage in the other language;
and for the best passage an excerpt made of its most relevant sentences.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from ..analysis import Analyzer, detect_lang
from ..analysis.analyzer import NGRAM_PREFIX
from ..safety import Assessment, SafetyCard, assess, card
from ..search import Hit, Index
from .intent import guess_audience

MAX_QUESTION_CHARS = 2000  # longer messages are cut: nobody asks a 10,000-character question
# Share of the question's weight (idf) that the best passage must contain. Calibrated on the
# question set in corpus/questions (answerable vs off-topic); see docs/retrieval.md.
CONFIDENCE_THRESHOLD = 0.5
# ... or at least this many distinct question words found, carrying this share and idf weight
MIN_WORDS_FOUND = 3
MIN_COVERAGE = 0.25
MIN_WEIGHT_FOUND = 6.0
# ... or this many of the guidelines' common words (found in at least DOMAIN_SHARE of passages)
MIN_DOMAIN_WORDS = 2
MIN_DOMAIN_COVERAGE = 0.1
DOMAIN_SHARE = 0.08
# A question word found only in a section's keywords counts for this share of its weight
KEYWORD_SHARE = 0.75
# A query word missing from the passage still counts when this share of its n-grams is there
# (typos and other inflections: "bulying", "التنمور").
FUZZY_SHARE = 0.6
EXCERPT_WORDS = 60
# After a safety card the answer is never a refusal: when the question's own search does not find
# the guidelines' words for it, the passage on what to do for the card's topic follows (the first
# of these sections the index has, in the question's language).
WHAT_TO_DO = {
    "sextortion": ("help-{lang}/sextortion", "parents-{lang}/sextortion"),
    "grooming": ("parents-{lang}/grooming", "help-{lang}/police"),
    "selfharm": ("help-{lang}/child-helplines", "help-{lang}/trusted-adult"),
    "csam": ("help-{lang}/inhope", "parents-{lang}/csam"),
    "abuse": ("help-{lang}/police", "help-{lang}/child-helplines"),
    "missing": ("help-{lang}/police", "help-{lang}/evidence"),
    "violence": ("help-{lang}/police", "help-{lang}/evidence"),
    "challenge": ("parents-{lang}/harmful-content", "help-{lang}/trusted-adult"),
}
# Composition analyses the same passages, sentences and words question after question (every
# result's confidence, excerpt and highlighted words). Bounded caches of those analyses save most
# of an answer's time; outputs are unchanged. The passage cache is small: each entry is a set of
# a few hundred terms.
TEXT_CACHE = 8192
PASSAGE_CACHE = 256

_SENTENCE_END_RE = re.compile(r"(?<=[.!?؟;؛])\s+")
_WORD_RE = re.compile(r"\w+", re.UNICODE)


class EmptyQuestion(ValueError):
    """The question has no text to search for."""


@dataclass(frozen=True)
class Citation:
    document: str
    section: str
    url: str
    year: str
    publisher: str


@dataclass(frozen=True)
class Match:
    """What a passage contains of a question: the basis of the answer/refuse decision."""

    coverage: float  # share of the question's idf weight found in the passage
    words: int  # distinct question words found
    weight: float  # their idf weight
    domain_words: int  # found words that are common in the guidelines (the domain's own words)

    @property
    def enough(self) -> bool:
        """Is the question covered? Any of three signs, each calibrated on the question set.

        - half the question's idf weight is in the passage;
        - three of its words are (long chatty questions), carrying a quarter of the weight;
        - two of the guidelines' own common words are ("bullied", "child", "grooming": in a
          corpus about child online protection these are frequent, so their idf is low and
          a purely idf-weighted share undervalues them), with a tenth of the weight.
        Off-topic questions that share a rare word or two with the guidelines ("the capital of
        Australia") meet none of them. Figures: docs/retrieval.md.
        """
        return (
            self.coverage >= CONFIDENCE_THRESHOLD
            or (self.words >= MIN_WORDS_FOUND and self.coverage >= MIN_COVERAGE
                and self.weight >= MIN_WEIGHT_FOUND)
            or (self.domain_words >= MIN_DOMAIN_WORDS and self.coverage >= MIN_DOMAIN_COVERAGE)
        )


@dataclass
class Result:
    hit: Hit
    citation: Citation
    match: Match
    excerpt: str = ""
    pair: Hit | None = None

    @property
    def confidence(self) -> float:
        return self.match.coverage


@dataclass
class Answer:
    query: str
    lang: str
    answered: bool
    safety: SafetyCard | None
    results: list[Result] = field(default_factory=list)
    note: str = ""  # why nothing was answered, when it was not
    danger: Assessment | None = None  # the recogniser's reading of the message
    # After a card, when the guidelines do not answer the question itself: the passage on what
    # to do for the card's topic, shown instead of a refusal.
    what_to_do: Result | None = None

    @property
    def sensitive(self) -> bool:
        """The card was shown or nearly: such a message is never stored."""
        return self.safety is not None or (self.danger is not None and self.danger.near)

    def to_json(self) -> dict:
        return {
            "query": self.query,
            "lang": self.lang,
            "answered": self.answered,
            "safety": asdict(self.safety) if self.safety else None,
            "hits": [
                {
                    "id": r.hit.id,
                    "score": round(r.hit.score, 4),
                    "lang": r.hit.lang,
                    "audience": r.hit.audience,
                    "document": r.citation.document,
                    "section": r.citation.section,
                    "url": r.citation.url,
                    "text": r.hit.text,
                    "excerpt": r.excerpt,
                    "confidence": round(r.confidence, 3),
                    "pair": r.pair.id if r.pair else None,
                }
                for r in self.results
            ],
            **({"note": self.note} if self.note else {}),
            **({"what_to_do": self.what_to_do.hit.id} if self.what_to_do else {}),
        }


class Answerer:
    """Answers questions from one opened index."""

    def __init__(self, index: Index, analyzer: Analyzer | None = None):
        self.index = index
        self.analyzer = analyzer or index.analyzer
        self._docs: dict[str, dict | None] = {}
        analyzer = self.analyzer
        self._terms = lru_cache(TEXT_CACHE)(lambda text: tuple(analyzer.terms(text)))
        self._grams = lru_cache(TEXT_CACHE)(
            lambda word: tuple(t for t in analyzer.analyze(word) if t.startswith(NGRAM_PREFIX)))
        self._passage_terms = lru_cache(PASSAGE_CACHE)(
            lambda *parts: frozenset(analyzer.analyze("\n".join(parts))))
        self._question_words = lru_cache(PASSAGE_CACHE)(self._question_words_uncached)

    def answer(
        self,
        question: str,
        lang: str | None = None,
        audience: str | None = None,
        k: int = 5,
        boost_audience: str | None = None,
        with_safety: bool = True,
        danger: Assessment | None = None,
    ) -> Answer:
        """Search, judge confidence and compose. Raises EmptyQuestion for blank input.

        `with_safety=False` when the user said the message is not urgent: no card, no fallback.
        `danger`: the recogniser's reading of this question when the caller already has it.
        """
        question = question[:MAX_QUESTION_CHARS]
        if not question.strip():
            raise EmptyQuestion("the question is empty")
        detected = detect_lang(question)
        lang = lang or detected or "en"
        danger = (danger or assess(question)) if with_safety else None
        shown = card(danger.topic, lang) if danger is not None and danger.urgent else None
        if lang not in self.index.langs:
            note = f"no passages in language {lang!r}; this bot answers in Arabic and English"
            return Answer(question, lang, False, shown, note=note, danger=danger)
        terms = self.analyzer.analyze(question)
        if not terms:
            return self._after_card(Answer(question, lang, False, shown, danger=danger,
                                           note="no searchable words in the question"))
        terms = self.index.resolve(terms, lang)
        ranked = self.index.search_terms(terms, lang, k=max(k, 20), audience=audience)
        hits = self.index.hits(lang, ranked)
        boost = boost_audience or guess_audience(question)
        if boost and not audience:
            hits = _boost(hits, boost)
        hits = hits[:k]
        results = [self._result(question, h) for h in hits]
        answered = bool(results) and results[0].match.enough
        note = "" if answered else "the guidelines do not seem to cover this question"
        return self._after_card(Answer(question, lang, answered, shown, results, note, danger))

    def _after_card(self, answer: Answer) -> Answer:
        """Under a safety card, an unanswered question gets the topic's what-to-do passage."""
        if answer.safety is None or answer.answered:
            return answer
        for section in WHAT_TO_DO[answer.safety.topic]:
            hit = self.index.by_id(f"{section.format(lang=answer.lang)}/1")
            if hit is not None:
                answer.what_to_do = self._result(answer.query, hit)
                break
        return answer

    def _result(self, question: str, hit: Hit) -> Result:
        pair = self.index.by_id(hit.pair_id) if hit.pair_id else None
        return Result(
            hit=hit,
            citation=self.citation(hit),
            match=self.match(question, hit),
            excerpt=self.excerpt(question, hit.text),
            pair=pair,
        )

    def citation(self, hit: Hit) -> Citation:
        """Where a passage comes from, for any passage (also one reached without a question)."""
        doc = self._document(hit.doc_id)
        return Citation(
            document=doc["title"] if doc else hit.title,
            section=hit.section,
            url=hit.url,
            year=doc["year"] if doc else "",
            publisher=doc["publisher"] if doc else "",
        )

    def _document(self, doc_id: str) -> dict | None:
        if doc_id not in self._docs:
            self._docs[doc_id] = self.index.document(doc_id) if doc_id else None
        return self._docs[doc_id]

    def _weights(self, lang: str, stems: list[str]) -> list[float]:
        n_docs = self.index.stats[lang][0]
        unknown = math.log(n_docs + 1) + 1  # rarer than any indexed word
        out = []
        for stem in stems:
            idf = self.index.idf(lang, stem)
            out.append(idf if idf is not None else unknown)
        return out

    def match(self, question: str, hit: Hit) -> Match:
        """How much of the question the passage contains (typos forgiven)."""
        words = self._question_words(question, hit.lang)
        if not words:
            return Match(0.0, 0, 0.0, 0)
        passage = self._passage_terms(hit.title, hit.text)
        keywords = self._passage_terms(hit.keywords) if hit.keywords else frozenset()
        found: list[float] = []
        in_keywords = 0.0
        for stem, grams, weight in words:
            if stem in passage or _fuzzy_match(grams, passage):
                found.append(weight)
            elif stem in keywords:
                # Only in the section's keywords (the user's word for what the text says,
                # "autism" for a passage on disabilities): part of its weight counts, but not as
                # a word of the text, since off-topic questions also share everyday words with
                # keywords. Word for word only, no typo matching.
                in_keywords += weight
        total = sum(weight for _, _, weight in words)
        # idf = ln((N + 1) / df): a word in DOMAIN_SHARE of the passages or more has idf <= this
        domain = sum(1 for weight in found if weight <= math.log(1 / DOMAIN_SHARE))
        weight = sum(found) + KEYWORD_SHARE * in_keywords
        return Match(weight / total, len(found), weight, domain)

    def _question_words_uncached(
        self, question: str, lang: str
    ) -> tuple[tuple[str, tuple[str, ...], float], ...]:
        """(stem, n-grams, idf weight) of each distinct content word: the same for every result."""
        words = list(dict.fromkeys(self.analyzer.content_words(question)))
        stems = self.index.resolve([self.analyzer.stem(w) for w in words], lang)
        weights = self._weights(lang, stems)
        # resolve() drops a clitic stopword ("وشو"), so `stems` can be shorter than `words`; the
        # zip then pairs later words with the next word's n-grams and stops at the shorter list.
        return tuple((stem, self._grams(w), weight)
                     for w, stem, weight in zip(words, stems, weights, strict=False))

    def excerpt(self, question: str, text: str, limit: int = EXCERPT_WORDS) -> str:
        """The passage's most relevant sentences, in their order, within about `limit` words."""
        sentences = [s for s in _SENTENCE_END_RE.split(text) if s.strip()]
        if len(text.split()) <= limit or len(sentences) <= 1:
            return text
        query = set(self._terms(question))
        scored = []
        for i, s in enumerate(sentences):
            stems = set(self._terms(s))
            scored.append((len(query & stems), -i, i))
        chosen: set[int] = set()
        words = 0
        for _, _, i in sorted(scored, reverse=True):
            n = len(sentences[i].split())
            if chosen and words + n > limit:
                continue
            chosen.add(i)
            words += n
        parts = []
        last = -1
        for i in sorted(chosen):
            if i != last + 1:
                parts.append("…")
            parts.append(sentences[i])
            last = i
        if last != len(sentences) - 1:
            parts.append("…")
        return " ".join(parts)

    def highlight_words(self, question: str, text: str) -> list[tuple[int, int]]:
        """Character spans of the words in `text` that match the question's words."""
        query = set(self._terms(question))
        spans = []
        for m in _WORD_RE.finditer(text):
            stems = self._terms(m.group())
            if stems and stems[0] in query:
                spans.append(m.span())
        return spans


def _fuzzy_match(grams: tuple[str, ...], passage_terms: frozenset[str]) -> bool:
    """Whether enough of a word's n-grams are among the passage's terms."""
    if len(grams) < 3:
        return False
    return sum(g in passage_terms for g in grams) / len(grams) >= FUZZY_SHARE


def _boost(hits: list[Hit], audience: str, factor: float = 1.1) -> list[Hit]:
    """Re-rank so the user's own guideline wins close calls (a role preference, not a filter)."""
    return sorted(hits, key=lambda h: -h.score * (factor if h.audience == audience else 1.0))
