"""Writing an index: analyse the records (in worker processes for large builds), compute the
BM25 postings, write the SQLite file with sqlite-utils and its postings file, and put it in place
atomically.

A build writes a temporary file next to the target and renames it over the target only when it is
complete, so a failed build leaves the previous index serving.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, fields
from operator import attrgetter
from pathlib import Path
from typing import Any

from ..analysis import Analyzer
from ..corpus import Corpus
from . import postings_file
from .bm25 import BM25Params, TermCounts, count_terms, merge_postings
from .format import FORMAT_VERSION, IndexError_, asked_pool, read_meta
from .records import Record


def build_index(
    path: Path,
    records: Sequence[Record],
    analyzer: Analyzer,
    params: BM25Params,
    corpus: Corpus | None = None,
) -> dict[str, Any]:
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


def _write(
    tmp: Path,
    records: Sequence[Record],
    analyzer: Analyzer,
    params: BM25Params,
    corpus: Corpus | None,
    started: float,
) -> dict[str, Any]:
    import sqlite_utils  # here, not at the top: it takes 0.1 s to import, and readers never need it

    db = sqlite_utils.Database(sqlite3.connect(tmp))
    # Large pages: a long posting list is read in a few pages instead of a chain of 4 KiB ones
    # (opening a 100,000-passage index: 150 -> 80 ms).
    db.conn.execute("PRAGMA page_size=65536")
    db.conn.execute("PRAGMA journal_mode=OFF")
    db.conn.execute("PRAGMA synchronous=OFF")
    if corpus is not None:
        db.table("documents").insert_all(
            ({k: v for k, v in asdict(d).items()} for d in corpus.documents), pk="id"
        )
    else:
        db.table("documents").create({"id": str, "title": str, "lang": str, "audience": str, "url": str,
                                "publisher": str, "year": str, "pair": str, "path": str}, pk="id")
    by_lang: dict[str, list[Record]] = {}
    for r in records:
        by_lang.setdefault(r.lang, []).append(r)
    counts = {}
    for lang, recs in sorted(by_lang.items()):
        term_counts = count_all(analyzer, [r.searchable() for r in recs])
        postings, avgdl = merge_postings(term_counts, params)
        lengths = [n for c in term_counts for n in c.lengths]
        del term_counts
        _insert_passages(db, recs, lengths)
        _insert_postings(db, lang, postings)
        db.table("stats").insert({"lang": lang, "n_docs": len(recs), "avgdl": avgdl}, pk="lang")
        counts[lang] = len(recs)
        if any(r.asked for r in recs):
            _write_field(db, asked_pool(lang), analyzer, params, [r.asked for r in recs])
    if "passages" in db.table_names():
        db.table("passages").create_index(["lang", "num"], unique=True)
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
    db.table("meta").insert_all(({"key": k, "value": json.dumps(v, ensure_ascii=False)}
                           for k, v in meta.items()), pk="key")
    db.conn.commit()
    db.conn.close()
    return meta


def _write_field(db: Any, pool: str, analyzer: Analyzer, params: BM25Params, texts: list[str]) -> None:
    """A second field of a language's passages (the asked-as questions), numbered as they are:
    its own postings and stats, so it is scored as a BM25 field of its own."""
    postings, avgdl = merge_postings(count_all(analyzer, texts), params)
    _insert_postings(db, pool, postings)
    db.table("stats").insert({"lang": pool, "n_docs": len(texts), "avgdl": avgdl}, pk="lang")


_RECORD_COLUMNS = tuple(f.name for f in fields(Record))


def _insert_passages(db: Any, recs: list[Record], lengths: list[int]) -> None:
    """A language's passages, numbered in order, with their lengths in terms. The table is made
    by sqlite-utils; the rows go in with one executemany (a dict per row through sqlite-utils
    took twice as long at 100,000 passages)."""
    table = db.table("passages")
    if not table.exists():
        table.create({**{f.name: int if f.type in (int, "int") else str for f in fields(Record)},
                      "num": int, "length": int}, pk="id")
    columns = (*_RECORD_COLUMNS, "num", "length")
    values = attrgetter(*_RECORD_COLUMNS)
    db.conn.executemany(
        f"insert into passages ({', '.join(columns)}) values ({', '.join('?' * len(columns))})",
        ((*values(r), i, n) for i, (r, n) in enumerate(zip(recs, lengths, strict=True))))


def _insert_postings(db: Any, pool: str, postings: dict[str, Any]) -> None:
    """A pool's posting lists (a language, or a language's asked-as field), one row a term."""
    table = db.table("postings")
    if not table.exists():
        table.create({"lang": str, "term": str, "idf": float, "df": int, "docs": bytes,
                      "weights": bytes}, pk=("lang", "term"))
    db.conn.executemany(
        "insert into postings (lang, term, idf, df, docs, weights) values (?, ?, ?, ?, ?, ?)",
        ((pool, term, p.idf, len(p.docs), p.docs.tobytes(), p.weights.tobytes())
         for term, p in postings.items()))


PARALLEL_FROM = 5_000  # passages; below this, starting worker processes costs more than it saves


def _count_run(job: tuple[Analyzer, list[str], int]) -> TermCounts:
    """Worker: analyse a run of passages numbered from `start` and count their terms."""
    analyzer, texts, start = job
    return count_terms([analyzer.analyze(t) for t in texts], start)


def count_all(analyzer: Analyzer, texts: list[str], parallel_from: int = PARALLEL_FROM) -> list[TermCounts]:
    """Every text analysed and its terms counted, in order. Large builds split the passages into
    runs and give them to one worker process per core, which also count the terms: only merging
    the counts and computing the weights is left to this process (100,000 passages on 2 cores,
    with the tokenizer's chunk cache: 1,950 -> 2,950 passages/s). The terms themselves are not
    kept: the index stores postings, and anyone who needs a passage's terms analyses it again."""
    workers = min(os.cpu_count() or 1, 8)
    if len(texts) < parallel_from or workers < 2:
        return [_count_run((analyzer, texts, 0))]
    run = max(500, len(texts) // (workers * 8))
    jobs = [(analyzer, texts[i : i + run], i) for i in range(0, len(texts), run)]
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(_count_run, jobs))
