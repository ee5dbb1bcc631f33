"""Where things are: the corpus, the index, the state database and the quality gate, with the
environment variables that move them. The one place these defaults live.

Everything is relative to a home folder: `COP_HOME`, or the current folder when it is not set.
Under it, `corpus/` (with the gate's `quality_gate.toml` and question set), `index/cop.sqlite`
and `index/state.sqlite`. Each can be moved on its own: `COP_CORPUS`, `COP_INDEX`, `COP_STATE`,
`COP_GATE`. The command line's `--corpus`, `--index` and `--gate` win over all of these.
`COP_STATE` may also be a `postgresql://` URL: the state then lives in PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Paths:
    home: Path
    corpus: Path
    index: Path
    state: Path | str  # a file, or a postgresql:// URL (the state of several workers)
    gate_file: Path | None  # COP_GATE; None: the gate file of whichever corpus folder is built

    def gate(self, corpus: Path | None = None) -> Path:
        """The quality gate for building `corpus` (default: this corpus): COP_GATE when set,
        else the corpus folder's quality_gate.toml."""
        return self.gate_file or Path(corpus or self.corpus) / "quality_gate.toml"

    @classmethod
    def from_env(cls, env: Mapping[str, str], cwd: Path | None = None) -> Paths:
        """The locations `env` (os.environ, say) names, defaults filled in; relative paths are
        taken from `cwd` (the current folder by default)."""
        base = Path.cwd() if cwd is None else Path(cwd)

        def given(name: str) -> Path | None:
            raw = env.get(name, "").strip()
            return base / raw if raw else None

        def path(name: str, default: Path) -> Path:
            return given(name) or default

        home = path("COP_HOME", base)
        corpus = path("COP_CORPUS", home / "corpus")
        index = path("COP_INDEX", home / "index" / "cop.sqlite")
        return cls(
            home=home,
            corpus=corpus,
            index=index,
            state=_state(env.get("COP_STATE", "").strip()) or path(
                "COP_STATE", home / "index" / "state.sqlite"),
            gate_file=given("COP_GATE"),
        )


def is_database_url(value: object) -> bool:
    return isinstance(value, str) and value.startswith(("postgresql://", "postgres://"))


def _state(raw: str) -> str | None:
    """COP_STATE as given when it is a PostgreSQL URL (never joined to a folder)."""
    return raw if is_database_url(raw) else None
