"""The index: a SQLite file (written with sqlite-utils) holding documents, passages, postings
with precomputed BM25 weights, and the settings it was built with.

Tables: `meta` (key/value: analyzer fingerprint, BM25 parameters, corpus checksum, build time,
counts), `documents`, `passages` (with their analysed terms), `stats` (per language: passage count
and mean length) and `postings` (per language and term: idf, passage numbers, weights).
A build writes a temporary file next to the target and renames it over the target only when it
is complete, so a failed build leaves the previous index serving. Searching reads the postings
from a flat copy written with the index and named after its build id (`bot/postings_file.py`).
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import sqlite3
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from . import postings_file
from .analysis import Analyzer
from .analysis.analyzer import (BIGRAM_PREFIX, NGRAM_PREFIX, bigram_parts, bigrams,
                                 is_clitic_stopword)
from .bm25 import BM25Params, Postings, TermCounts, count_terms, merge_postings, score, top_k
from .corpus import Corpus, pair_passage_id
from .postings_file import PostingsFile

log = logging.getLogger(__name__)

FORMAT_VERSION = 3  # 2: passages.keywords; 3: meta.build_id, postings searched from postings_file
AUDIENCE_CODES = {"children": 1, "parents_educators": 2, "industry": 3, "policymakers": 4, "general": 5}


class IndexError_(Exception):
    """The index cannot be used; the message says why and what to do."""


class IndexMissing(IndexError_):
    pass


class IndexMismatch(IndexError_):
    """Built with other analyzer settings or by another version of the bot."""


class IndexCorrupt(IndexError_):
    pass


@dataclass(frozen=True)
class Record:
    """One passage to index, whatever its origin (the corpus, or an evaluation set)."""

    id: str
    lang: str
    text: str
    title: str = ""  # indexed with the text (section titles, or an evaluation set's title)
    doc_id: str = ""
    audience: str = "general"
    section: str = ""
    section_path: str = ""
    position: int = 0
    url: str = ""
    pair_id: str = ""
    keywords: str = ""  # the section's search keywords: indexed with the text, never shown

    def searchable(self) -> str:
        """The text the index analyses for this passage."""
        return "\n".join((self.title, self.keywords, self.text))


def records_from_corpus(corpus: Corpus) -> list[Record]:
    docs = {d.id: d for d in corpus.documents}
    ids = {p.id for p in corpus.passages}
    out = []
    for p in corpus.passages:
        doc = docs[p.doc_id]
        pair = pair_passage_id(p.id, doc.id, doc.pair) if doc.pair else ""
        out.append(Record(
            id=p.id, lang=doc.lang, text=p.text, title=p.section.replace(" › ", " "),
            doc_id=doc.id, audience=doc.audience, section=p.section,
            section_path=p.section_path, position=p.position, url=p.url,
            pair_id=pair if pair in ids else "", keywords=p.keywords,
        ))
    return out


def build_index(
    path: Path,
    records: Sequence[Record],
    analyzer: Analyzer,
    params: BM25Params,
    corpus: Corpus | None = None,
) -> dict:
    """Write a complete index to `path`, atomically. Returns the meta values written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    fd, tmp_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        meta = _write(tmp, records, analyzer, params, corpus, started)
        # the searchable copy of the postings, now, so that the first start is not the one to pay
        conn = sqlite3.connect(tmp)
        try:
            postings_file.write(conn, postings_file.candidates(path, meta["build_id"])[0])
        finally:
            conn.close()
        replace_index(tmp, path)
    except BaseException:
        remove_index(tmp)
        raise
    return meta


def replace_index(new: Path, path: Path) -> None:
    """Move the index file `new` over `path` (atomic), then delete the replaced index's postings
    file. A process still searching the replaced index keeps its mapping of that file."""
    try:
        old = read_meta(path).get("build_id")
    except IndexError_:
        old = None
    os.replace(new, path)
    if old:
        postings_file.remove(path, old)


def remove_index(path: Path) -> None:
    """Delete an index file and its postings file."""
    try:
        build_id = read_meta(path).get("build_id")
    except IndexError_:
        build_id = None
    Path(path).unlink(missing_ok=True)
    if build_id:
        postings_file.remove(path, build_id)


def _write(tmp: Path, records, analyzer, params, corpus, started) -> dict:
    import sqlite_utils  # here, not at the top: it takes 0.1 s to import, and readers never need it

    db = sqlite_utils.Database(sqlite3.connect(tmp))
    # Large pages: a long posting list is read in a few pages instead of a chain of 4 KiB ones
    # (opening a 100,000-passage index: 150 -> 80 ms).
    db.conn.execute("PRAGMA page_size=65536")
    db.conn.execute("PRAGMA journal_mode=OFF")
    db.conn.execute("PRAGMA synchronous=OFF")
    if corpus is not None:
        db["documents"].insert_all(
            ({k: v for k, v in asdict(d).items()} for d in corpus.documents), pk="id"
        )
    else:
        db["documents"].create({"id": str, "title": str, "lang": str, "audience": str, "url": str,
                                "publisher": str, "year": str, "pair": str, "path": str}, pk="id")
    by_lang: dict[str, list[Record]] = {}
    for r in records:
        by_lang.setdefault(r.lang, []).append(r)
    counts = {}
    for lang, recs in sorted(by_lang.items()):
        terms, term_counts = analyze_and_count(analyzer, [r.searchable() for r in recs])
        postings, avgdl = merge_postings(term_counts, params)
        lengths = [n for c in term_counts for n in c.lengths]
        del term_counts
        db["passages"].insert_all(
            (
                {**asdict(r), "num": i, "length": n, "terms": t}
                for i, (r, t, n) in enumerate(zip(recs, terms, lengths))
            ),
            pk="id",
            batch_size=2000,
        )
        db["postings"].insert_all(
            (
                {"lang": lang, "term": term, "idf": p.idf, "df": len(p.docs),
                 "docs": p.docs.tobytes(), "weights": p.weights.tobytes()}
                for term, p in postings.items()
            ),
            pk=("lang", "term"),
            batch_size=5000,
        )
        db["stats"].insert({"lang": lang, "n_docs": len(recs), "avgdl": avgdl}, pk="lang")
        counts[lang] = len(recs)
    if "passages" in db.table_names():
        db["passages"].create_index(["lang", "num"], unique=True)
    meta = {
        "format_version": FORMAT_VERSION,
        "analyzer": analyzer.settings.fingerprint(),
        "bm25": asdict(params),
        "corpus_checksum": corpus.checksum() if corpus is not None else "",
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "build_seconds": round(time.perf_counter() - started, 3),
        "documents": len(corpus.documents) if corpus is not None else 0,
        "passages": counts,
        "build_id": secrets.token_hex(8),
    }
    db["meta"].insert_all(({"key": k, "value": json.dumps(v, ensure_ascii=False)}
                           for k, v in meta.items()), pk="key")
    db.conn.commit()
    db.conn.close()
    return meta


PARALLEL_FROM = 5_000  # passages; below this, starting worker processes costs more than it saves


def _analyze_run(job: tuple[Analyzer, list[str], int]) -> tuple[list[str], TermCounts]:
    """Worker: analyse a run of passages numbered from `start`; their terms (joined with spaces,
    as stored) and term counts."""
    analyzer, texts, start = job
    terms = [analyzer.analyze(t) for t in texts]
    return [" ".join(t) for t in terms], count_terms(terms, start)


def analyze_and_count(
    analyzer: Analyzer, texts: list[str], parallel_from: int = PARALLEL_FROM
) -> tuple[list[str], list[TermCounts]]:
    """Every text analysed and its terms counted, in order. Large builds split the passages into
    runs and give them to one worker process per core, which also count the terms: only merging
    the counts and computing the weights is left to this process (100,000 passages on 2 cores,
    with the tokenizer's chunk cache: 1,950 -> 2,950 passages/s)."""
    workers = min(os.cpu_count() or 1, 8)
    if len(texts) < parallel_from or workers < 2:
        joined, counts = _analyze_run((analyzer, texts, 0))
        return joined, [counts]
    run = max(500, len(texts) // (workers * 8))
    jobs = [(analyzer, texts[i : i + run], i) for i in range(0, len(texts), run)]
    joined: list[str] = []
    counts: list[TermCounts] = []
    with ProcessPoolExecutor(workers) as pool:
        for run_terms, run_counts in pool.map(_analyze_run, jobs):
            joined.extend(run_terms)
            counts.append(run_counts)
    return joined, counts


def read_meta(path: Path) -> dict:
    """The meta table of an index file, or IndexMissing / IndexCorrupt."""
    path = Path(path)
    if not path.is_file():
        raise IndexMissing(f"{path}: no index here; build it with `cop-bot build`")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = conn.execute("select key, value from meta").fetchall()
        finally:
            conn.close()
        return {k: json.loads(v) for k, v in rows}
    except (sqlite3.DatabaseError, json.JSONDecodeError) as exc:
        raise IndexCorrupt(f"{path}: not a usable index ({exc}); rebuild it with `cop-bot build`") from exc


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


class Index:
    """An opened index: passages and documents from SQLite, posting lists from the memory-mapped
    postings file (`bot/postings_file.py`)."""

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
        self.params = BM25Params(**self.meta["bm25"])
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
        weighted: bool = True,
    ) -> list[tuple[int, float]]:
        """(passage number, score) of the k best passages in `lang`. Each term's part is the score
        rank-bm25 gives it, times the analyzer's weight for the term (`weighted=False`: times 1,
        so the scores are rank-bm25's own)."""
        if lang not in self.stats:
            return []
        scores, constant = score(terms, lambda t: self.postings(lang, t), self.params,
                                 self.stats[lang][0],
                                 self.analyzer.term_weight if weighted else None)
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
                "select id, lang, text, doc_id, audience, section, section_path, position, url,"
                " pair_id, title, keywords from passages where lang = ? and num = ?", (lang, num)
            ).fetchone()
        return Hit(row[0], score_, *row[1:])

    def by_id(self, passage_id: str) -> Hit | None:
        with self._lock:
            row = self._conn.execute(
                "select id, lang, text, doc_id, audience, section, section_path, position, url,"
                " pair_id, title, keywords from passages where id = ?", (passage_id,)
            ).fetchone()
        return Hit(row[0], 0.0, *row[1:]) if row else None

    def document(self, doc_id: str) -> dict | None:
        with self._lock:
            cur = self._conn.execute("select * from documents where id = ?", (doc_id,))
            row = cur.fetchone()
            return dict(zip([c[0] for c in cur.description], row)) if row else None

    def documents(self) -> list[dict]:
        """Every document's row (id, title, lang, audience, url, publisher, year, pair), by id."""
        with self._lock:
            cur = self._conn.execute("select * from documents order by id")
            names = [c[0] for c in cur.description]
            return [dict(zip(names, row)) for row in cur.fetchall()]

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
