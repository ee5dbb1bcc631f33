"""Reading an index: an opened index file searched with BM25, its passages and documents.

Passages and documents come from SQLite; posting lists from the memory-mapped postings file
(`postings_file.py`). An index built with other analyzer settings or in another format is refused
with a message saying to rebuild it.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..analysis import Analyzer
from ..analysis.analyzer import BIGRAM_PREFIX, NGRAM_PREFIX, bigram_parts, bigrams, is_clitic_stopword
from . import postings_file
from .bm25 import BM25Params, Postings, score, top_k
from .format import (
    ASKED_FIELD,
    AUDIENCE_CODES,
    FORMAT_VERSION,
    IndexCorrupt,
    IndexMismatch,
    asked_pool,
    read_meta,
)
from .postings_file import PostingsFile


@dataclass(frozen=True)
class Hit:
    id: str
    score: float
    lang: str
    text: str
    doc_id: str
    audience: str
    section: str
    section_path: str
    position: int
    url: str
    pair_id: str
    title: str
    keywords: str
    kind: str = ""
    asked: str = ""  # the asked-as questions, one a line: searched, never shown


_HIT_COLUMNS = ("id, lang, text, doc_id, audience, section, section_path, position, url,"
                " pair_id, title, keywords, kind, asked")
# The asked-as field's share of a passage's score: chosen on the blind dev half with every
# document described; with only some described, the field pulls questions towards those
# (docs/retrieval.md, "Asked as").
ASKED_WEIGHT = 0.5


class Index:
    """An opened index: passages and documents from SQLite, posting lists from the memory-mapped
    postings file (`postings_file.py`)."""

    def __init__(self, path: Path, analyzer: Analyzer):
        self.path = Path(path)
        self.meta = read_meta(self.path)
        if self.meta.get("format_version") != FORMAT_VERSION:
            raise IndexMismatch(
                f"{self.path}: index format {self.meta.get('format_version')} is not the "
                f"format {FORMAT_VERSION} this bot reads; rebuild it with `cop-bot build`"
            )
        wanted = analyzer.settings.fingerprint()
        if self.meta.get("analyzer") != wanted:
            raise IndexMismatch(
                f"{self.path}: built with analyzer {self.meta.get('analyzer')}, but this bot "
                f"analyses with {wanted}; rebuild it with `cop-bot build`"
            )
        self.analyzer = analyzer
        self.params = _params(self.path, self.meta)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        try:
            self._postings_file = PostingsFile(
                postings_file.ensure(self._conn, self.path, self.meta["build_id"]))
        except (OSError, ValueError, sqlite3.DatabaseError) as exc:
            self._conn.close()
            raise IndexCorrupt(f"{self.path}: its postings cannot be read ({exc})") from exc
        try:
            self.stats = {lang: (n, avgdl) for lang, n, avgdl in
                          self._conn.execute("select lang, n_docs, avgdl from stats")}
            self._fields = {lang: self.stats.pop(lang) for lang in list(self.stats)
                            if lang.endswith(ASKED_FIELD)}
            self._audience = {
                lang: self._audience_codes(lang) for lang in self.stats
            }
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            self._postings_file.close()
            raise IndexCorrupt(f"{self.path}: not a usable index ({exc})") from exc

    def _audience_codes(self, lang: str) -> np.ndarray:
        codes = np.zeros(self.stats[lang][0], dtype=np.uint8)
        for num, audience in self._conn.execute(
            "select num, audience from passages where lang = ?", (lang,)
        ):
            codes[num] = AUDIENCE_CODES.get(audience, 0)
        return codes

    def close(self) -> None:
        with self._lock:
            self._conn.close()
            self._postings_file.close()

    @property
    def langs(self) -> list[str]:
        return sorted(self.stats)

    def postings(self, lang: str, term: str) -> Postings | None:
        return self._postings_file.get(lang, term)

    def search_terms(
        self, terms: Iterable[str], lang: str, k: int = 10, audience: str | None = None,
        weighted: bool = True, asked_weight: float | None = None,
    ) -> list[tuple[int, float]]:
        """(passage number, score) of the k best passages in `lang`. Each term's part is the score
        rank-bm25 gives it, times the analyzer's weight for the term (`weighted=False`: times 1,
        and the text alone, so the scores are rank-bm25's own). Where the passages have asked-as
        questions, that field's BM25 score, times `asked_weight` (default ASKED_WEIGHT), is added."""
        if lang not in self.stats:
            return []
        if asked_weight is None:
            asked_weight = ASKED_WEIGHT
        terms = list(terms)
        n_docs = self.stats[lang][0]
        weight = self.analyzer.term_weight if weighted else None
        pool = asked_pool(lang)
        fields = ([(lambda t: self.postings(pool, t), asked_weight)]
                  if weighted and asked_weight and pool in self._fields else [])
        scores, constant = score(terms, lambda t: self.postings(lang, t), self.params, n_docs,
                                 weight, fields)
        if audience is not None:
            scores[self._audience[lang] != AUDIENCE_CODES.get(audience, -1)] = 0.0
        return [(d, s + constant) for d, s in top_k(scores, k)]

    def resolve(self, terms: Iterable[str], lang: str) -> list[str]:
        """A question's terms for searching `lang`: an Arabic stem the index does not know is
        replaced by the first of its clitic-less alternatives it does know ("بيلعب" -> "يلعب";
        `Analyzer.clitic_alternatives`), in bigrams too. Known stems and n-grams are kept as they
        are; an unknown stopword with a clitic ("وشو") is dropped, with its bigrams."""
        resolved: dict[str, str | None] = {}

        def one(stem: str) -> str | None:
            if stem not in resolved:
                if self.postings(lang, stem) is not None:
                    resolved[stem] = stem
                elif is_clitic_stopword(stem):
                    resolved[stem] = None
                else:
                    resolved[stem] = next((a for a in self.analyzer.clitic_alternatives(stem)
                                           if self.postings(lang, a) is not None), stem)
            return resolved[stem]

        out = []
        for term in terms:
            if term.startswith(NGRAM_PREFIX):
                out.append(term)
            elif term.startswith(BIGRAM_PREFIX):
                a, b = (one(s) for s in bigram_parts(term))
                if a and b:
                    out.append(bigrams([a, b])[0])
            elif (stem := one(term)) is not None:
                out.append(stem)
        return out

    def search(self, query: str, lang: str, k: int = 10, audience: str | None = None) -> list[Hit]:
        terms = self.resolve(self.analyzer.analyze(query), lang)
        return self.hits(lang, self.search_terms(terms, lang, k, audience))

    def hits(self, lang: str, ranked: list[tuple[int, float]]) -> list[Hit]:
        return [self.passage(lang, num, s) for num, s in ranked]

    def passage(self, lang: str, num: int, score_: float = 0.0) -> Hit:
        with self._lock:
            row = self._conn.execute(
                f"select {_HIT_COLUMNS} from passages where lang = ? and num = ?", (lang, num)
            ).fetchone()
        return Hit(row[0], score_, *row[1:])

    def by_id(self, passage_id: str) -> Hit | None:
        with self._lock:
            row = self._conn.execute(
                f"select {_HIT_COLUMNS} from passages where id = ?", (passage_id,)
            ).fetchone()
        return Hit(row[0], 0.0, *row[1:]) if row else None

    def document(self, doc_id: str) -> dict | None:
        with self._lock:
            cur = self._conn.execute("select * from documents where id = ?", (doc_id,))
            row = cur.fetchone()
            return dict(zip([c[0] for c in cur.description], row, strict=True)) if row else None

    def documents(self) -> list[dict]:
        """Every document's row (id, title, lang, audience, url, publisher, year, pair), by id."""
        with self._lock:
            cur = self._conn.execute("select * from documents order by id")
            names = [c[0] for c in cur.description]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def outline(self, doc_id: str) -> list[tuple[int, str, str]]:
        """(passage number, section path, section titles) of a document's passages, in order."""
        with self._lock:
            return [tuple(row) for row in self._conn.execute(
                "select num, section_path, section from passages where doc_id = ? order by num",
                (doc_id,),
            )]

    def number(self, passage_id: str) -> int | None:
        """The passage's number within its language: what `passage(lang, num)` takes."""
        with self._lock:
            row = self._conn.execute("select num from passages where id = ?", (passage_id,)).fetchone()
        return row[0] if row else None

    def idf(self, lang: str, term: str) -> float | None:
        p = self.postings(lang, term)
        return p.idf if p else None


def _params(path: Path, meta: dict[str, Any]) -> BM25Params:
    """The BM25 parameters an index was built with. Indexes of this format written before the
    parameters lost their one-value `variant` field still carry it, as "bm25plus"."""
    stored = dict(meta.get("bm25") or {})
    if stored.pop("variant", "bm25plus") != "bm25plus":
        raise IndexMismatch(f"{path}: built with another BM25 variant; rebuild it with `cop-bot build`")
    try:
        return BM25Params(**stored)
    except TypeError as exc:
        raise IndexMismatch(
            f"{path}: unknown BM25 parameters ({exc}); rebuild it with `cop-bot build`") from exc
