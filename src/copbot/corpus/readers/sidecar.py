"""Sidecar metadata: `name.pdf.yml` next to `name.pdf` says what the file cannot say itself.

The format is the Markdown front matter's: one `key: value` per line (a YAML subset: `#` comments
and quotes around values are allowed), with the same fields. `id` may be left out: it is then
derived from the file name.
"""

from __future__ import annotations

from pathlib import Path

from ..model import (
    REQUIRED_FIELDS,
    CorpusError,
    Document,
    document_from_meta,
    missing_fields,
    read_utf8,
    slugify,
)

SIDECAR_SUFFIXES = (".yml", ".yaml")


def sidecar_path(path: Path) -> Path | None:
    """The sidecar of a corpus file, if there is one."""
    for suffix in SIDECAR_SUFFIXES:
        candidate = path.with_name(path.name + suffix)
        if candidate.is_file():
            return candidate
    return None


def parse_sidecar(text: str, path: str) -> dict[str, str]:
    meta: dict[str, str] = {}
    for lineno, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("#"):
            continue
        stripped = line.split(" #", 1)[0].strip()  # "#" inside a url (#page=3) is kept
        if not stripped or stripped == "---":
            continue
        key, sep, value = stripped.partition(":")
        if not sep:
            raise CorpusError(f"{path}:{lineno}: not 'key: value': {stripped!r}")
        key, value = key.strip(), value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        if key in meta:
            raise CorpusError(f"{path}:{lineno}: field {key!r} given twice")
        meta[key] = value
    return meta


def read_sidecar(path: Path) -> tuple[dict[str, str], str]:
    """The sidecar's fields and its path; CorpusError when it is missing or unreadable."""
    side = sidecar_path(path)
    if side is None:
        raise CorpusError(
            f"{path}: no sidecar {path.name}.yml giving its {', '.join(REQUIRED_FIELDS[1:])}"
        )
    return parse_sidecar(read_utf8(side), str(side)), str(side)


def document_for(path: Path, found: dict[str, str] | None = None) -> Document:
    """The Document of a non-Markdown file: what the file says (`found`), then its sidecar."""
    sidecar, side_name = read_sidecar(path)
    meta = {k: v for k, v in (found or {}).items() if v}
    meta.update(sidecar)
    meta.setdefault("id", slugify(path.name.rsplit(".", 1)[0]))
    missing = missing_fields(meta)
    if missing:
        raise CorpusError(
            f"{side_name}: missing required field(s) {', '.join(missing)} (metadata for {path.name})"
        )
    doc = document_from_meta(meta, side_name)
    return Document(**{**doc.__dict__, "path": str(path)})
