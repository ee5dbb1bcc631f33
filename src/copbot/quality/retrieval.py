"""Retrieval evaluation on a passage set (such as XQuAD): index the passages with the bot's own
analyzer and engine, run the queries, and report recall@k, MRR@10, build time and query latency.

Input: passages and queries as JSON lines (`{"id", "text"}`, passages may have `"title"`) and
relevance judgements as TSV (`query-id passage-id`, or TREC's four columns)."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import numpy as np

from ..analysis import Analyzer, detect_lang
from ..search import BM25Params, Index, Record, build_index
from .metrics import first_relevant_rank, ranking_metrics


class EvalInputError(Exception):
    """An evaluation file is missing or malformed; the message names the file and line."""


def _read_jsonl(path: Path, fields: tuple[str, ...]) -> list[dict]:
    rows = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalInputError(f"{path}: cannot be read ({exc})") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalInputError(f"{path}:{n}: not JSON ({exc.msg})") from exc
        missing = [f for f in fields if not isinstance(row, dict) or f not in row]
        if missing:
            raise EvalInputError(f"{path}:{n}: missing field(s) {', '.join(missing)}")
        rows.append(row)
    return rows


def read_qrels(path: Path) -> dict[str, set[str]]:
    qrels: dict[str, set[str]] = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalInputError(f"{path}: cannot be read ({exc})") from exc
    for n, line in enumerate(lines, 1):
        parts = line.split()
        if not parts:
            continue
        # "qid pid" or TREC's "qid 0 pid relevance"
        if len(parts) == 2:
            qid, pid = parts
        elif len(parts) == 4:
            qid, _, pid, rel = parts
            if rel == "0":
                continue
        else:
            raise EvalInputError(f"{path}:{n}: expected 'query-id passage-id'")
        qrels.setdefault(qid, set()).add(pid)
    return qrels


def evaluate(
    passages_path: Path,
    queries_path: Path,
    qrels_path: Path,
    analyzer: Analyzer | None = None,
    params: BM25Params | None = None,
) -> dict:
    analyzer = analyzer or Analyzer()
    params = params or BM25Params()
    passages = _read_jsonl(passages_path, ("id", "text"))
    queries = _read_jsonl(queries_path, ("id", "text"))
    qrels = read_qrels(qrels_path)
    records = [
        Record(id=str(p["id"]), lang=detect_lang(p["text"]) or "en", text=p["text"],
               title=p.get("title") or "")
        for p in passages
    ]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "eval.sqlite"
        t0 = time.perf_counter()
        build_index(path, records, analyzer, params)
        build_s = time.perf_counter() - t0
        index = Index(path, analyzer)
        langs = index.langs
        ranks: list[int | None] = []
        times: list[float] = []
        for q in queries:
            qid = str(q["id"])
            if qid not in qrels:
                continue
            t0 = time.perf_counter()
            lang = detect_lang(q["text"]) or langs[0]
            if lang not in langs:
                lang = langs[0]
            ranked = index.search_terms(index.resolve(analyzer.analyze(q["text"]), lang), lang, k=20)
            ids = [h.id for h in index.hits(lang, ranked)]
            times.append((time.perf_counter() - t0) * 1000)
            ranks.append(first_relevant_rank(ids, qrels[qid]))
        index.close()
    out = {k: round(v, 4) for k, v in ranking_metrics(ranks, (1, 3, 5, 20)).items()}
    out.update({
        "queries": len(ranks),
        "passages": len(records),
        "build_s": round(build_s, 3),
        "query_ms_p50": round(float(np.percentile(times, 50)), 3) if times else 0.0,
        "query_ms_p95": round(float(np.percentile(times, 95)), 3) if times else 0.0,
    })
    return out
