"""Publishing a new index safely: validate the corpus, build into a staging file next to the
serving one, report what changed, run the quality gate, and only then rename it over the serving
file. Any failure, an interrupted build included, leaves the serving index as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..analysis import Analyzer
from ..corpus import Corpus
from ..corpus.validate import validated_corpus
from ..quality.gate import GateConfig, GateFailed, GateResult, run_gate
from ..search import BM25Params, build_index, records_from_corpus, remove_index, replace_index
from .changes import ChangeReport, change_report


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
    progress: Any = None,
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
