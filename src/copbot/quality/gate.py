"""The quality gate: the figures a newly built index must reach on the question set before it is
published (thresholds in corpus/quality_gate.toml), and what regressed against the serving index.
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..analysis import Analyzer
from ..answer import Answerer
from ..search import Index, IndexError_
from .metrics import recall_at
from .questions import QuestionSetError, read_questions, run_questions

log = logging.getLogger(__name__)


class GateFailed(Exception):
    """The new index answers the question set worse than the thresholds allow."""


@dataclass(frozen=True)
class GateConfig:
    """Where the question set is and the figures a new index must reach (corpus/quality_gate.toml)."""

    questions: Path
    recall_at_3: dict[str, float]
    refusal_rate: float

    @classmethod
    def from_file(cls, path: Path) -> GateConfig:
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            questions = Path(data["questions"])
            return cls(
                questions=questions if questions.is_absolute() else path.parent / questions,
                recall_at_3={k: float(v) for k, v in data["recall_at_3"].items()},
                refusal_rate=float(data["refusal_rate"]),
            )
        except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
            raise GateFailed(f"{path}: not a usable quality gate configuration ({exc!r})") from exc


@dataclass
class Figures:
    """How an index does on the question set."""

    recall_at_3: dict[str, float]
    refusal_rate: float
    found: set[str]  # ids of answer questions with a relevant passage in the top 3
    refused: set[str]  # ids of off-topic questions refused

    def line(self) -> str:
        recall = ", ".join(f"{k} {v:.3f}" for k, v in sorted(self.recall_at_3.items()))
        return f"recall@3 {recall}; off-topic refusal {self.refusal_rate:.3f}"


def measure(answerer: Answerer, questions: list[dict[str, Any]]) -> Figures:
    """recall@3 per language on the answerable questions and the off-topic refusal rate."""
    asked = [q for q in questions if q.get("kind") in ("answer", "offtopic")]
    outcomes = run_questions(answerer, asked)
    found = {o.id for o in outcomes if o.kind == "answer" and o.rank is not None and o.rank <= 3}
    refused = {o.id for o in outcomes if o.kind == "offtopic" and not o.answered}
    ranks: dict[str, list[int | None]] = {}
    for o in outcomes:
        if o.kind == "answer":
            ranks.setdefault(o.lang, []).append(o.rank)
    offtopic = sum(o.kind == "offtopic" for o in outcomes)
    return Figures(
        recall_at_3={lang: recall_at(r, 3) for lang, r in ranks.items()},
        refusal_rate=len(refused) / offtopic if offtopic else 1.0,
        found=found,
        refused=refused,
    )


def measure_index(path: Path, questions: list[dict[str, Any]]) -> Figures:
    index = Index(path, Analyzer())
    try:
        return measure(Answerer(index), questions)
    finally:
        index.close()


@dataclass
class GateResult:
    new: Figures
    old: Figures | None
    failures: list[str]
    regressed: list[str]  # questions the serving index answered and the new one does not

    @property
    def passed(self) -> bool:
        return not self.failures

    def lines(self) -> list[str]:
        out = [f"quality gate: new index: {self.new.line()}"]
        if self.old is not None:
            out.append(f"              serving index: {self.old.line()}")
        out.extend(f"  below threshold: {f}" for f in self.failures)
        if self.regressed:
            out.append(f"  regressed ({len(self.regressed)}): " + ", ".join(self.regressed))
        return out


def run_gate(config: GateConfig, new_path: Path, serving_path: Path) -> GateResult:
    """The question set through the new index and, to show what regressed, the serving one."""
    try:
        questions = read_questions(config.questions)
    except QuestionSetError as exc:
        raise GateFailed(f"the quality gate cannot run: {exc}") from exc
    new = measure_index(new_path, questions)
    try:
        old = measure_index(serving_path, questions) if Path(serving_path).is_file() else None
    except IndexError_ as exc:
        log.warning("serving index not compared: %s", exc)
        old = None
    failures = [
        f"recall@3 {lang} {new.recall_at_3.get(lang, 0.0):.3f} < {floor:.3f}"
        for lang, floor in sorted(config.recall_at_3.items())
        if new.recall_at_3.get(lang, 0.0) < floor
    ]
    if new.refusal_rate < config.refusal_rate:
        failures.append(f"off-topic refusal {new.refusal_rate:.3f} < {config.refusal_rate:.3f}")
    regressed = sorted((old.found - new.found) | (old.refused - new.refused)) if old else []
    return GateResult(new, old, failures, regressed)
