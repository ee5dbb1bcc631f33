"""Retrieval evaluation: index a passage set with the bot's own analyzer and engine, run queries,
and report recall@k, MRR@10, build time and query latency."""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .analysis import Analyzer, detect_lang
from .bm25 import BM25Params
from .index import Index, Record, build_index


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


@dataclass(frozen=True)
class RankedQuery:
    id: str
    ranked: list[str]
    relevant: set[str]


def metrics(results: list[RankedQuery]) -> dict[str, float]:
    """recall@1/3/5/20 (a relevant passage in the top k) and MRR@10."""
    n = len(results) or 1
    out = {}
    for k in (1, 3, 5, 20):
        out[f"recall@{k}"] = sum(bool(set(r.ranked[:k]) & r.relevant) for r in results) / n
    rr = 0.0
    for r in results:
        for rank, pid in enumerate(r.ranked[:10], 1):
            if pid in r.relevant:
                rr += 1 / rank
                break
    out["mrr@10"] = rr / n
    return out


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
        results, times = [], []
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
            results.append(RankedQuery(qid, ids, qrels[qid]))
        index.close()
    out = {k: round(v, 4) for k, v in metrics(results).items()}
    out.update({
        "queries": len(results),
        "passages": len(records),
        "build_s": round(build_s, 3),
        "query_ms_p50": round(float(np.percentile(times, 50)), 3) if times else 0.0,
        "query_ms_p95": round(float(np.percentile(times, 95)), 3) if times else 0.0,
    })
    return out


@dataclass(frozen=True)
class QuestionOutcome:
    """What the bot did with one question of the question set."""

    id: str
    kind: str  # answer | offtopic | urgent | calm
    lang: str
    audience: str
    rank: int | None  # 1-based rank of the first relevant passage in the top 10 (answer kind)
    answered: bool
    safety: bool


def run_questions(answerer, questions: list[dict]) -> list[QuestionOutcome]:
    """Ask every question of the set (tests/data/questions/*.jsonl rows) through `answerer`."""
    out = []
    for q in questions:
        ans = answerer.answer(q["text"], k=10)
        relevant = set(q.get("relevant") or ())
        rank = next((i for i, r in enumerate(ans.results, 1) if r.hit.id in relevant), None)
        out.append(QuestionOutcome(q["id"], q["kind"], q["lang"], q.get("audience", ""), rank,
                                   ans.answered, ans.safety is not None))
    return out


def question_metrics(outcomes: list[QuestionOutcome]) -> dict:
    """recall@1/3/5 and MRR@10 per language and per language and audience; the refusal rate of
    off-topic questions; safety cards on urgent and on calm messages."""

    def ranking(group: list[QuestionOutcome]) -> dict:
        n = len(group)
        return {
            "n": n,
            **{f"recall@{k}": round(sum(o.rank is not None and o.rank <= k for o in group) / n, 3)
               for k in (1, 3, 5)},
            "mrr@10": round(sum(1 / o.rank for o in group if o.rank) / n, 3),
            "answered": round(sum(o.answered for o in group) / n, 3),
        }

    result: dict = {"by_lang": {}, "by_lang_audience": {}}
    answer = [o for o in outcomes if o.kind == "answer"]
    for lang in sorted({o.lang for o in answer}):
        group = [o for o in answer if o.lang == lang]
        result["by_lang"][lang] = ranking(group)
        for audience in sorted({o.audience for o in group}):
            result["by_lang_audience"][f"{lang}/{audience}"] = ranking(
                [o for o in group if o.audience == audience])
    for kind, key, want in (("offtopic", "offtopic_refused", False),
                            ("urgent", "urgent_with_card", True), ("calm", "calm_without_card", False)):
        group = [o for o in outcomes if o.kind == kind]
        if group:
            hits = sum((o.answered if kind == "offtopic" else o.safety) == want for o in group)
            result[key] = {"n": len(group), "rate": round(hits / len(group), 3)}
    return result
