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
from .decision import Decision, default_decision, feature_values
from .intent import guess_audience
from .kinds import question_kind
from .pointers import pointer

MAX_QUESTION_CHARS = 2000  # longer messages are cut: nobody asks a 10,000-character question
# A found word in at least this share of the passages is one of the guidelines' common words
# ("child", "bullying"): a feature of the answer/refuse decision (decision.py).
DOMAIN_SHARE = 0.08
# Ranking after BM25 (docs/retrieval.md, "Ranking"): a passage of the kind of answer the question
# asks for (kinds.py) and one of the asker's guideline gain these shares of their score. The kind
# boost is 0: on the blind dev half it helped one language and cost the other.
KIND_BOOST = 0.0
AUDIENCE_BOOST = 0.1
# The guidelines the asker's own audience nudges towards. Not the children's: it is story and
# activity material, and children's own questions ("he wants my photos, what do I do") were
# answered by the help page and the parents' guideline on the blind dev half.
NUDGED_AUDIENCES = ("parents_educators", "industry", "policymakers")
# Ask "as a parent, or as a company?" when passages of different audiences score within this
# share of the best and the question names no audience (audiences_to_ask).
CLARIFY_MARGIN = 0.95
ASKABLE_AUDIENCES = ("parents_educators", "children", "industry", "policymakers")
DEFAULT_AUDIENCE: str | None = None
# The first DIVERSE results come from different sections, unless no other section scores at
# least ONLY_MATCH of the best score (then the section is clearly the only match).
DIVERSE = 0
ONLY_MATCH = 0.5
# Words in more than this share of a language's passages are never bolded ("child", "online").
BOLD_MAX_SHARE = 0.25
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
    asked: float = 0.0  # share of the question's idf weight found in the asked-as questions
    unknown: float = 0.0  # share of the question's words that no passage of the language has
    length: int = 0  # the question's distinct content words
    missing: float = 0.0  # weight of the rarest question word the passage lacks, as a share of
    # an unknown word's (1.0: a word no passage has, "fever" in a corpus without it)


@dataclass
class Result:
    hit: Hit
    citation: Citation
    match: Match
    excerpt: str = ""
    pair: Hit | None = None
    # The decision model's probability that this passage answers the question, and its verdict
    probability: float = 0.0
    covers: bool = False
    general: bool = False  # the excerpt is general advice, not the ITU text (corpus/README.md)

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
    # When refused: who can help instead, for an obvious off-topic subject (pointers.py)
    pointer: str = ""
    # When the asker's audience is unknown and the best passages, close in score, come from
    # guidelines for different audiences: those audiences, best first (the bot may ask which
    # fits instead of guessing; see `audiences_to_ask`)
    audiences: tuple[str, ...] = ()

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
                    "probability": round(r.probability, 3),
                    "kind": r.hit.kind,
                    "general_advice": r.general,
                    "pair": r.pair.id if r.pair else None,
                }
                for r in self.results
            ],
            **({"note": self.note} if self.note else {}),
            **({"what_to_do": self.what_to_do.hit.id} if self.what_to_do else {}),
            **({"pointer": self.pointer} if self.pointer else {}),
        }


class Answerer:
    """Answers questions from one opened index."""

    def __init__(self, index: Index, analyzer: Analyzer | None = None,
                 decision: Decision | None = None):
        self.index = index
        self.analyzer = analyzer or index.analyzer
        self.decision = decision or default_decision()
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
        wanted = question_kind(question)
        asker = None if audience else (boost_audience or guess_audience(question) or DEFAULT_AUDIENCE)
        hits = diverse(rerank(hits, wanted, asker), DIVERSE, ONLY_MATCH)[:k]
        results = [self._result(question, h) for h in hits]
        for result in results:
            values = _result_features(result, results, wanted)
            result.probability = self.decision.probability(values)
            result.covers = result.probability >= self.decision.threshold
        answered = bool(results) and results[0].covers
        note = "" if answered else "the guidelines do not seem to cover this question"
        found = Answer(question, lang, answered, shown, results, note, danger)
        if not answered and shown is None:
            found.pointer = pointer(question, lang) or ""
        if answered and shown is None and asker is None:
            found.audiences = audiences_to_ask(results)
        return self._after_card(found)

    def features(self, answer: Answer) -> dict[str, float] | None:
        """The decision model's inputs for an answer's first result (for fitting the model)."""
        if not answer.results:
            return None
        return _result_features(answer.results[0], answer.results, question_kind(answer.query))

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
        excerpt, general = self.excerpt_of(question, hit.text)
        return Result(
            hit=hit,
            citation=self.citation(hit),
            match=self.match(question, hit),
            excerpt=excerpt,
            pair=pair,
            general=general,
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

    def passage_terms(self, hit: Hit) -> frozenset[str]:
        """Every term a passage is found by: its title, text, keywords and asked-as questions."""
        return self._passage_terms(hit.title, hit.text, hit.keywords, hit.asked)

    def match(self, question: str, hit: Hit) -> Match:
        """How much of the question the passage contains (typos forgiven)."""
        words = self._question_words(question, hit.lang)
        if not words:
            return Match(0.0, 0, 0.0, 0)
        passage = self._passage_terms(hit.title, hit.text)
        keywords = self._passage_terms(hit.keywords) if hit.keywords else frozenset()
        asked = self._passage_terms(hit.asked) if hit.asked else frozenset()
        found: list[float] = []
        in_keywords = 0.0
        in_asked = sum(weight for stem, _, weight in words if stem in asked)
        unknown = sum(self.index.idf(hit.lang, stem) is None for stem, _, _ in words)
        missing = 0.0  # the rarest question word the passage lacks (text, keywords, asked-as)
        for stem, grams, weight in words:
            if stem in passage or _fuzzy_match(grams, passage):
                found.append(weight)
                continue
            if stem not in keywords and stem not in asked:
                missing = max(missing, weight)
            if stem in keywords:
                # Only in the section's keywords (the user's word for what the text says,
                # "autism" for a passage on disabilities): part of its weight counts, but not as
                # a word of the text, since off-topic questions also share everyday words with
                # keywords. Word for word only, no typo matching.
                in_keywords += weight
        total = sum(weight for _, _, weight in words)
        # idf = ln((N + 1) / df): a word in DOMAIN_SHARE of the passages or more has idf <= this
        domain = sum(1 for weight in found if weight <= math.log(1 / DOMAIN_SHARE))
        weight = sum(found) + KEYWORD_SHARE * in_keywords
        ceiling = math.log(self.index.stats[hit.lang][0] + 1) + 1  # an unknown word's weight
        return Match(weight / total, len(found), weight, domain, in_asked / total,
                     unknown / len(words), len(words), missing / ceiling)

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

    def excerpt_of(self, question: str, text: str, limit: int = EXCERPT_WORDS) -> tuple[str, bool]:
        """The run of whole sentences that answers best, within about `limit` words, and whether
        it is general advice rather than the ITU text.

        The run starts at the sentence sharing most of the question's words (the earliest of
        equals) and goes on in the passage's order; when the passage ends first, sentences
        before it are taken in. No "…": every sentence is whole. A run that starts with the
        general-advice marker ("General advice, not from the ITU text:") starts after it, and the
        answer is labelled as general advice instead.
        """
        sentences = [s for s in _SENTENCE_END_RE.split(text) if s.strip()]
        marker = next((i for i, s in enumerate(sentences) if _ADVICE_RE.search(s)), None)
        if len(text.split()) <= limit or len(sentences) <= 1:
            chosen = range(len(sentences))
        else:
            query = set(self._terms(question))
            best = max(range(len(sentences)),
                       key=lambda i: (len(query & set(self._terms(sentences[i]))), -i))
            first, last = best, best
            words = len(sentences[best].split())
            while last + 1 < len(sentences) and words + len(sentences[last + 1].split()) <= limit:
                last += 1
                words += len(sentences[last].split())
            while first > 0 and words + len(sentences[first - 1].split()) <= limit:
                first -= 1
                words += len(sentences[first].split())
            chosen = range(first, last + 1)
        parts = [sentences[i] for i in chosen]
        general = marker is not None and chosen[-1] >= marker
        if parts and marker == chosen[0]:
            parts[0] = _strip_marker(parts[0])
            if not parts[0]:
                parts = parts[1:]
        return (" ".join(parts) or text), general

    def excerpt(self, question: str, text: str, limit: int = EXCERPT_WORDS) -> str:
        return self.excerpt_of(question, text, limit)[0]

    def highlight_words(self, question: str, text: str) -> list[tuple[int, int]]:
        """Character spans of the words in `text` that are the question's key words: its words,
        but those found in more than BOLD_MAX_SHARE of the passages ("child", "online")."""
        lang = detect_lang(text) or detect_lang(question) or "en"
        key = set(self._terms(question))
        if lang in self.index.stats:
            n_docs = self.index.stats[lang][0]
            common = math.log((n_docs + 1) / (BOLD_MAX_SHARE * n_docs + 1))
            key = {t for t in key if (self.index.idf(lang, t) or common + 1) > common}
        spans = []
        for m in _WORD_RE.finditer(text):
            stems = self._terms(m.group())
            if stems and stems[0] in key:
                spans.append(m.span())
        return spans


def _result_features(result: Result, results: list[Result], wanted: str | None) -> dict[str, float]:
    """The decision model's inputs for one of an answer's results (`wanted`: the kind of answer
    the question asks for)."""
    best_words = max((r.match.words for r in results[:3]), default=0)
    return feature_values(result.match, bool(wanted) and result.hit.kind == wanted, best_words)


def rerank(hits: list[Hit], kind: str | None, audience: str | None,
           kind_boost: float | None = None, audience_boost: float | None = None) -> list[Hit]:
    """BM25 order, with passages of the wanted kind and of the asker's guideline moved up by
    their boosts (KIND_BOOST and AUDIENCE_BOOST unless given)."""
    kind_gain = KIND_BOOST if kind_boost is None else kind_boost
    audience_gain = AUDIENCE_BOOST if audience_boost is None else audience_boost

    def score(hit: Hit) -> float:
        gain = 1.0
        if kind and hit.kind == kind:
            gain += kind_gain
        if audience in NUDGED_AUDIENCES and hit.audience == audience:
            gain += audience_gain
        return hit.score * gain
    return sorted(hits, key=lambda h: -score(h))


def audiences_to_ask(results: list[Result], margin: float = CLARIFY_MARGIN) -> tuple[str, ...]:
    """The audiences of the guidelines among the first three answering results that score
    within `margin` of the best, when a family's guideline (parents and educators, children)
    competes with an institution's (industry, policy-makers): "as a parent, or as a company?"."""
    if not results:
        return ()
    floor = results[0].hit.score * margin
    found: list[str] = []
    for result in results[:3]:
        audience = result.hit.audience
        if (result.covers and result.hit.score >= floor and audience in ASKABLE_AUDIENCES
                and audience not in found):
            found.append(audience)
    # a parent reading the children's guideline is still served: ask only when families'
    # guidance competes with a company's or a government's
    families = {"parents_educators", "children"}
    if not (families & set(found)) or not (set(found) - families):
        return ()
    return tuple(found)


def diverse(hits: list[Hit], slots: int = DIVERSE, only: float = ONLY_MATCH) -> list[Hit]:
    """The first `slots` results from different sections, unless no other section comes within
    `only` of the best score; the passages left out follow in their order."""
    if not hits:
        return hits
    floor = hits[0].score * only
    chosen: list[Hit] = []
    sections: set[tuple[str, str]] = set()
    rest = list(hits)
    while rest and len(chosen) < slots:
        other = next((h for h in rest if (h.doc_id, h.section_path) not in sections
                      and h.score >= floor), None)
        pick = other or rest[0]
        chosen.append(pick)
        sections.add((pick.doc_id, pick.section_path))
        rest.remove(pick)
    return chosen + rest


# The general-advice marker (corpus/README.md, "Rules for what goes in"), in both languages
_ADVICE_RE = re.compile(
    r"not (from )?(the |an )?ITU (text|list)|\(not ITU text\)|"
    r"\b(also|more),? general [\w -]*?(advice|practice)\b|^general (child-protection )?advice\b|"
    r"نصيحة عامة|نصائح عامة|ليس(ت)? (نصًا |نصا )?من (نص|إرشادات|ارشادات) الاتحاد", re.IGNORECASE)
_MARKER_RE = re.compile(
    r"^(Also,? |More )?General [^:.]*?not (from )?(the |an )?ITU (text|list)[^:.]*?:\s*|"
    r"^(Also,? |More )?General [^:.]*?(advice|practice)[^:.]*?:\s*|"
    r"^(و?ما يلي |و|وهذه )?(أيضًا )?(نصيحة|نصائح) عامة[^:.]*?(الاتحاد|الإرشادات)[^:.]*?:\s*",
    re.IGNORECASE)


def without_marker(text: str) -> str:
    """A passage's text without the general-advice marker it may start with (for labels)."""
    return _strip_marker(text)


MARKER_WORDS = 16  # a lead-in longer than this before its colon is text, not a marker
MARKER_SENTENCE_WORDS = 12  # a sentence without a colon this short that names general advice
# is only the marker ("The following is general advice, not ITU text.")


def _strip_marker(sentence: str) -> str:
    """A sentence without the general-advice marker it starts with: the lead-in up to its colon
    when that names general advice ("The following is general advice, not ITU text: …"), or
    nothing when the sentence is only the marker ("ما يلي نصائح عامة، لا من نص الإرشادات.")."""
    rest = _MARKER_RE.sub("", sentence, count=1).strip()
    if rest == sentence.strip():
        head, colon, tail = sentence.partition(":")
        if colon and _ADVICE_RE.search(head) and len(head.split()) <= MARKER_WORDS:
            rest = tail.strip()
        elif not colon and _ADVICE_RE.search(sentence) and len(sentence.split()) <= MARKER_SENTENCE_WORDS:
            rest = ""
    return rest[:1].upper() + rest[1:] if rest else rest


def _fuzzy_match(grams: tuple[str, ...], passage_terms: frozenset[str]) -> bool:
    """Whether enough of a word's n-grams are among the passage's terms."""
    if len(grams) < 3:
        return False
    return sum(g in passage_terms for g in grams) / len(grams) >= FUZZY_SHARE
