"""What an index file is: its format version, its meta table, and the errors that say why one
cannot be used.

An index is one SQLite file with the tables `meta` (key/value: analyzer fingerprint, BM25
parameters, corpus checksum, build time, counts, build id), `documents`, `passages` (with their
analysed terms), `stats` (per language: passage count and mean length) and `postings` (per
language and term: idf, passage numbers, weights); the asked-as field has its own `stats` and
`postings` under the key `<lang>+asked`, numbered as the language's passages; and beside it
the flat postings file searches read (`postings_file.py`).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

# 2: passages.keywords; 3: meta.build_id, postings searched from postings_file;
# 4: passages.asked and passages.kind, the asked field's own postings and stats
FORMAT_VERSION = 4
# The asked-as questions are a field of their own: postings and stats under "<lang>+asked".
ASKED_FIELD = "+asked"


def asked_pool(lang: str) -> str:
    """The postings key of a language's asked-as field."""
    return lang + ASKED_FIELD
AUDIENCE_CODES = {"children": 1, "parents_educators": 2, "industry": 3, "policymakers": 4, "general": 5}


class IndexError_(Exception):
    """The index cannot be used; the message says why and what to do."""


class IndexMissing(IndexError_):
    """No index file at the path: it has not been built yet."""


class IndexMismatch(IndexError_):
    """Built with other analyzer settings or by another version of the bot."""


class IndexCorrupt(IndexError_):
    """The file is not an index, or is truncated or damaged."""


def read_meta(path: Path) -> dict[str, Any]:
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
