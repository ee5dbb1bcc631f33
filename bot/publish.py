"""Publishing a new index safely: the change report and the quality gate.

`publish()` validates the corpus, builds the new index into a temporary file next to the serving
one, reports what changed since the serving index, runs the question set against the new index
and only then renames it over the serving file. Any failure, including an interrupted build, leaves
the serving index as it was.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .analysis import Analyzer
from .answer import Answerer
from .bm25 import BM25Params
from .corpus import Corpus
from .evaluate import run_questions
from .index import Index, IndexError_, build_index, records_from_corpus, remove_index, replace_index
from .validate import validated_corpus

log = logging.getLogger(__name__)


class GateFailed(Exception):
    """The new index answers the question set worse than the thresholds allow."""


# ---------------------------------------------------------------- change report

@dataclass
class ChangeReport:
    documents_added: list[str] = field(default_factory=list)
    documents_removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    baseline: str = ""  # why there is nothing to compare with, when there is not

    def lines(self, limit: int = 20) -> list[str]:
        if self.baseline:
            return [f"changes: {self.baseline}; every passage is new ({len(self.added)})"]
        out = [f"changes since the serving index: {len(self.added)} passages added, "
               f"{len(self.removed)} removed, {len(self.changed)} changed, {self.unchanged} unchanged"]
        for label, ids in (("document added", self.documents_added),
                           ("document removed", self.documents_removed),
                           ("added", self.added), ("removed", self.removed),
                           ("changed", self.changed)):
            out.extend(f"  {label}: {i}" for i in ids[:limit])
            if len(ids) > limit:
                out.append(f"  … and {len(ids) - limit} more {label}")
        return out


def _serving_passages(index_path: Path) -> tuple[dict[str, tuple], set[str]]:
    conn = sqlite3.connect(f"file:{index_path}?mode=ro", uri=True)
    try:
        columns = {row[1] for row in conn.execute("pragma table_info(passages)")}
        keywords = "keywords" if "keywords" in columns else "''"  # format 1 had no keywords
        passages = {row[0]: tuple(row[1:]) for row in conn.execute(
            f"select id, text, section, url, {keywords} from passages")}
        documents = {row[0] for row in conn.execute("select id from documents")}
    finally:
        conn.close()
    return passages, documents


def change_report(corpus: Corpus, index_path: Path) -> ChangeReport:
    """What the corpus adds, removes and changes compared with the index file now serving."""
    new = {p.id: (p.text, p.section, p.url, p.keywords) for p in corpus.passages}
    new_docs = {d.id for d in corpus.documents}
    if not Path(index_path).is_file():
        return ChangeReport(added=sorted(new), documents_added=sorted(new_docs),
                            baseline="no serving index yet")
    try:
        old, old_docs = _serving_passages(Path(index_path))
    except sqlite3.DatabaseError as exc:
        return ChangeReport(added=sorted(new), documents_added=sorted(new_docs),
                            baseline=f"the serving index cannot be read ({exc})")
    return ChangeReport(
        documents_added=sorted(new_docs - old_docs),
        documents_removed=sorted(old_docs - new_docs),
        added=sorted(new.keys() - old.keys()),
        removed=sorted(old.keys() - new.keys()),
        changed=sorted(i for i in new.keys() & old.keys() if new[i] != old[i]),
        unchanged=sum(1 for i in new.keys() & old.keys() if new[i] == old[i]),
    )


# ---------------------------------------------------------------- quality gate

@dataclass(frozen=True)
class GateConfig:
    """Where the question set is and the figures a new index must reach (quality_gate.toml)."""

    questions: Path
    recall_at_3: dict[str, float]
    refusal_rate: float

    @classmethod
    def from_file(cls, path: Path) -> "GateConfig":
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


def read_questions(folder: Path) -> list[dict]:
    files = sorted(Path(folder).glob("*.jsonl"))
    if not files:
        raise GateFailed(f"{folder}: no question set (*.jsonl) for the quality gate")
    questions = []
    for f in files:
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    questions.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise GateFailed(f"{f}:{n}: not JSON ({exc.msg})") from exc
    return questions


def measure(answerer: Answerer, questions: list[dict]) -> Figures:
    """recall@3 per language on the answerable questions and the off-topic refusal rate."""
    asked = [q for q in questions if q.get("kind") in ("answer", "offtopic")]
    outcomes = run_questions(answerer, asked)
    found = {o.id for o in outcomes if o.kind == "answer" and o.rank is not None and o.rank <= 3}
    refused = {o.id for o in outcomes if o.kind == "offtopic" and not o.answered}
    per_lang: dict[str, list[bool]] = {}
    for o in outcomes:
        if o.kind == "answer":
            per_lang.setdefault(o.lang, []).append(o.id in found)
    offtopic = sum(o.kind == "offtopic" for o in outcomes)
    return Figures(
        recall_at_3={lang: sum(v) / len(v) for lang, v in per_lang.items()},
        refusal_rate=len(refused) / offtopic if offtopic else 1.0,
        found=found,
        refused=refused,
    )


def measure_index(path: Path, questions: list[dict]) -> Figures:
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
    questions = read_questions(config.questions)
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


# ---------------------------------------------------------------- publishing

def staging_path(index_path: Path) -> Path:
    """Where the new index waits for the gate: next to the serving one, same file system."""
    return Path(index_path).with_name(Path(index_path).name + ".new.tmp")


@dataclass
class Published:
    corpus: Corpus
    report: ChangeReport
    gate: GateResult | None
    forced: bool
    build_seconds: float


def publish(
    corpus_dir: Path,
    index_path: Path,
    gate: GateConfig | None = None,
    force: bool = False,
    progress=None,
) -> Published:
    """Validate, build into a staging file, report, gate, and only then replace the index.

    Raises ValidationFailed (nothing written) or GateFailed (staging file removed, serving index
    untouched) unless `force` is given.
    """
    corpus = validated_corpus(corpus_dir, progress)
    index_path = Path(index_path)
    report = change_report(corpus, index_path)
    staging = staging_path(index_path)
    try:
        if progress is not None:
            progress.step("writing the index")
        meta = build_index(staging, records_from_corpus(corpus), Analyzer(), BM25Params(), corpus)
        result = None
        if gate is not None:
            if progress is not None:
                progress.step("running the question set")
            result = run_gate(gate, staging, index_path)
            if not result.passed and not force:
                raise GateFailed("\n".join(
                    ["the new index is not published: it does worse than the quality gate allows",
                     *result.lines(), "the serving index is unchanged; --force publishes anyway"]))
        replace_index(staging, index_path)
    finally:
        if staging.exists():
            remove_index(staging)
        if progress is not None:
            progress.done()
    forced = bool(result and not result.passed)
    return Published(corpus, report, result, forced, meta["build_seconds"])
