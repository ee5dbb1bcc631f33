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

from .analysis import Analyzer, detect_lang
from .analysis.analyzer import NGRAM_PREFIX
from .index import Hit, Index
from .intent import guess_audience
from .safety import SafetyCard, safety_card

MAX_QUESTION_CHARS = 2000  # longer messages are cut: nobody asks a 10,000-character question
# Share of the question's weight (idf) that the best passage must contain. Calibrated on the
# question set in tests/data/questions (answerable vs off-topic); see README, "Retrieval".
CONFIDENCE_THRESHOLD = 0.5
# A query word missing from the passage still counts when this share of its n-grams is there
# (typos and other inflections: "bulying", "التنمور").
FUZZY_SHARE = 0.6
EXCERPT_WORDS = 60

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


@dataclass
class Result:
    hit: Hit
    citation: Citation
    confidence: float
    excerpt: str = ""
    pair: Hit | None = None


@dataclass
class Answer:
    query: str
    lang: str
    answered: bool
    safety: SafetyCard | None
    results: list[Result] = field(default_factory=list)
    note: str = ""  # why nothing was answered, when it was not

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
        }


class Answerer:
    """Answers questions from one opened index."""

    def __init__(self, index: Index, analyzer: Analyzer | None = None):
        self.index = index
        self.analyzer = analyzer or index.analyzer
        self._docs: dict[str, dict | None] = {}

    def answer(
        self,
        question: str,
        lang: str | None = None,
        audience: str | None = None,
        k: int = 5,
        boost_audience: str | None = None,
    ) -> Answer:
        """Search, judge confidence and compose. Raises EmptyQuestion for blank input."""
        question = question[:MAX_QUESTION_CHARS]
        if not question.strip():
            raise EmptyQuestion("the question is empty")
        detected = detect_lang(question)
        lang = lang or detected or "en"
        card = safety_card(question, lang)
        if lang not in self.index.langs:
            note = f"no passages in language {lang!r}; this bot answers in Arabic and English"
            return Answer(question, lang, False, card, note=note)
        terms = self.analyzer.analyze(question)
        if not terms:
            return Answer(question, lang, False, card, note="no searchable words in the question")
        ranked = self.index.search_terms(terms, lang, k=max(k, 20), audience=audience)
        hits = self.index.hits(lang, ranked)
        boost = boost_audience or guess_audience(question)
        if boost and not audience:
            hits = _boost(hits, boost)
        hits = hits[:k]
        results = [self._result(question, h) for h in hits]
        answered = bool(results) and results[0].confidence >= CONFIDENCE_THRESHOLD
        note = "" if answered else "the guidelines do not seem to cover this question"
        return Answer(question, lang, answered, card, results, note)

    def _result(self, question: str, hit: Hit) -> Result:
        pair = self.index.by_id(hit.pair_id) if hit.pair_id else None
        return Result(
            hit=hit,
            citation=self.citation(hit),
            confidence=self.confidence(question, hit),
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

    def _weights(self, lang: str, words: list[str]) -> list[float]:
        n_docs = self.index.stats[lang][0]
        unknown = math.log(n_docs + 1) + 1  # rarer than any indexed word
        out = []
        for w in words:
            idf = self.index.idf(lang, self.analyzer.stem(w))
            out.append(idf if idf is not None else unknown)
        return out

    def confidence(self, question: str, hit: Hit) -> float:
        """Share of the question's idf weight whose words the passage contains (typos forgiven)."""
        words = list(dict.fromkeys(self.analyzer.content_words(question)))
        if not words:
            return 0.0
        passage = set(self.analyzer.analyze(f"{hit.title}\n{hit.text}"))
        weights = self._weights(hit.lang, words)
        got = 0.0
        for w, weight in zip(words, weights):
            if self.analyzer.stem(w) in passage or _fuzzy_match(self.analyzer, w, passage):
                got += weight
        return got / sum(weights)

    def excerpt(self, question: str, text: str, limit: int = EXCERPT_WORDS) -> str:
        """The passage's most relevant sentences, in their order, within about `limit` words."""
        sentences = [s for s in _SENTENCE_END_RE.split(text) if s.strip()]
        if len(text.split()) <= limit or len(sentences) <= 1:
            return text
        query = set(self.analyzer.terms(question))
        scored = []
        for i, s in enumerate(sentences):
            stems = set(self.analyzer.terms(s))
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
        query = set(self.analyzer.terms(question))
        spans = []
        for m in _WORD_RE.finditer(text):
            stems = self.analyzer.terms(m.group())
            if stems and stems[0] in query:
                spans.append(m.span())
        return spans


def _fuzzy_match(analyzer: Analyzer, word: str, passage_terms: set[str]) -> bool:
    grams = [t for t in analyzer.analyze(word) if t.startswith(NGRAM_PREFIX)]
    if len(grams) < 3:
        return False
    return sum(g in passage_terms for g in grams) / len(grams) >= FUZZY_SHARE


def _boost(hits: list[Hit], audience: str, factor: float = 1.1) -> list[Hit]:
    """Re-rank so the user's own guideline wins close calls (a role preference, not a filter)."""
    return sorted(hits, key=lambda h: -h.score * (factor if h.audience == audience else 1.0))
