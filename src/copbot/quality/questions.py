"""The question set: questions as users ask them, with the passages judged to answer them, run
through the real answerer; and its figures per language and audience.

Format and judging rules: corpus/questions/README.md. The set is read by `cop-bot eval
--questions` and by the build's quality gate (`gate.py`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..answer import Answerer
from .metrics import first_relevant_rank, ranking_metrics


class QuestionSetError(Exception):
    """The question set is missing or malformed; the message names the file and line."""


def read_questions(folder: Path) -> list[dict[str, Any]]:
    """Every question of the `*.jsonl` files in `folder`, in file order."""
    files = sorted(Path(folder).glob("*.jsonl"))
    if not files:
        raise QuestionSetError(f"{folder}: no question set (*.jsonl)")
    questions = []
    for f in files:
        try:
            lines = f.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise QuestionSetError(f"{f}: cannot be read ({exc})") from exc
        for n, line in enumerate(lines, 1):
            if line.strip():
                try:
                    questions.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise QuestionSetError(f"{f}:{n}: not JSON ({exc.msg})") from exc
    return questions


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


def run_questions(answerer: Answerer, questions: list[dict[str, Any]]) -> list[QuestionOutcome]:
    """Ask every question of the set (rows of `read_questions`) through `answerer`."""
    out = []
    for q in questions:
        ans = answerer.answer(q["text"], k=10)
        relevant = set(q.get("relevant") or ())
        rank = first_relevant_rank([r.hit.id for r in ans.results], relevant)
        out.append(QuestionOutcome(q["id"], q["kind"], q["lang"], q.get("audience", ""), rank,
                                   ans.answered, ans.safety is not None))
    return out


def question_metrics(outcomes: list[QuestionOutcome]) -> dict[str, Any]:
    """recall@1/3/5 and MRR@10 per language and per language and audience; the refusal rate of
    off-topic questions; safety cards on urgent and on calm messages."""
    result: dict[str, Any] = {"by_lang": {}, "by_lang_audience": {}}
    answer = [o for o in outcomes if o.kind == "answer"]
    for lang in sorted({o.lang for o in answer}):
        group = [o for o in answer if o.lang == lang]
        result["by_lang"][lang] = _ranking(group)
        for audience in sorted({o.audience for o in group}):
            result["by_lang_audience"][f"{lang}/{audience}"] = _ranking(
                [o for o in group if o.audience == audience])
    for kind, key, want in (("offtopic", "offtopic_refused", False),
                            ("urgent", "urgent_with_card", True), ("calm", "calm_without_card", False)):
        group = [o for o in outcomes if o.kind == kind]
        if group:
            hits = sum((o.answered if kind == "offtopic" else o.safety) == want for o in group)
            result[key] = {"n": len(group), "rate": round(hits / len(group), 3)}
    return result


def _ranking(group: list[QuestionOutcome]) -> dict[str, Any]:
    n = len(group)
    figures = ranking_metrics([o.rank for o in group], (1, 3, 5))
    return {
        "n": n,
        **{key: round(value, 3) for key, value in figures.items()},
        "answered": round(sum(o.answered for o in group) / n, 3),
    }
