"""The posting lists of an index, copied into one flat file and memory-mapped for searching.

The SQLite index stays the one file admins build, publish and copy: it holds the postings with
their weights. Searching reads them from this derived file instead, mapped into memory, so that a
posting list is a view onto the operating system's page cache: no copy out of SQLite, and no cache
of our own that grows (with one, the first questions after a start or a reload took tens of
thousands of page faults and were twice as slow at p95 as later ones; docs/performance.md).

Passage numbers are stored as uint16 when every language has at most 65,536 passages (as at
100,000 passages in two languages), which makes the file a sixth smaller; else as uint32. Weights
are stored as float32 (the index keeps float64): a score then differs from rank-bm25's by about
one part in ten million, the file is 40% smaller, and so are the pages a question touches (the
memory goal at 100,000 passages; docs/performance.md).

The file is named after the index's build id and lies next to the index, or in the system's
temporary folder when that folder is not writable. `ensure()` writes it when it is missing (a
copied index, a deleted file), atomically, so two processes may race without harm. Layout: the
lists (weights as float32, then passage numbers, each list padded to 8 bytes), then a
JSON table {"docs": dtype, "weights": dtype, "terms": {"lang\\tterm": [offset, df, idf]}}, then the
table's offset and length and a magic.
"""

from __future__ import annotations

import json
import mmap
import os
import sqlite3
import struct
import tempfile
from pathlib import Path

import numpy as np

from .bm25 import DOC_DTYPE, WEIGHT_DTYPE, Postings

MAGIC = b"COPPOST3"
FILE_WEIGHT_DTYPE = np.dtype(np.float32)
_FOOTER = struct.Struct("<QQ8s")  # table offset, table length, magic


def file_name(build_id: str) -> str:
    return f".cop-postings-{build_id}.bin"


def candidates(index_path: Path, build_id: str) -> list[Path]:
    """Where the file of this index may be: next to it, else in the temporary folder."""
    name = file_name(build_id)
    return [Path(index_path).parent / name, Path(tempfile.gettempdir()) / name]


def ensure(conn: sqlite3.Connection, index_path: Path, build_id: str) -> Path:
    """The postings file of this index, written first if no readable copy exists."""
    places = candidates(index_path, build_id)
    for place in places:
        if _readable(place):
            return place
    errors = []
    for place in places:
        try:
            write(conn, place)
            return place
        except OSError as exc:
            errors.append(f"{place}: {exc.strerror or exc}")
    raise OSError("cannot write the postings file: " + "; ".join(errors))


def write(conn: sqlite3.Connection, path: Path) -> None:
    """Copy every posting list of the index behind `conn` into a new file at `path`."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    most = conn.execute("select max(n_docs) from stats").fetchone()[0] or 0
    docs_dtype = np.dtype(np.uint16 if most <= 1 << 16 else DOC_DTYPE)
    terms: dict[str, list] = {}
    try:
        with open(tmp, "wb") as f:
            offset = 0
            for lang, term, idf, df, docs, weights in conn.execute(
                    "select lang, term, idf, df, docs, weights from postings"):
                docs = np.frombuffer(docs, dtype=DOC_DTYPE).astype(docs_dtype).tobytes()
                weights = np.frombuffer(weights, dtype=WEIGHT_DTYPE).astype(FILE_WEIGHT_DTYPE).tobytes()
                pad = -(len(weights) + len(docs)) % 8
                f.write(weights)
                f.write(docs)
                f.write(b"\0" * pad)
                terms[f"{lang}\t{term}"] = [offset, df, idf]
                offset += len(weights) + len(docs) + pad
            table = {"docs": docs_dtype.name, "weights": FILE_WEIGHT_DTYPE.name, "terms": terms}
            blob = json.dumps(table, ensure_ascii=False, separators=(",", ":")).encode()
            f.write(blob)
            f.write(_FOOTER.pack(offset, len(blob), MAGIC))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def remove(index_path: Path, build_id: str) -> None:
    """Delete the postings file of an index that is gone (a process still using it keeps its
    mapping)."""
    for place in candidates(index_path, build_id):
        place.unlink(missing_ok=True)


def _readable(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            f.seek(-_FOOTER.size, os.SEEK_END)
            return _FOOTER.unpack(f.read(_FOOTER.size))[2] == MAGIC
    except OSError:
        return False


VIEWS_KEPT = 20_000  # about 8 MB of views at most


class PostingsFile:
    """A postings file, mapped: `get(lang, term)` gives views onto it."""

    def __init__(self, path: Path):
        with open(path, "rb") as f:
            self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        tail = self._map[-_FOOTER.size:]
        start, length, magic = _FOOTER.unpack(tail) if len(tail) == _FOOTER.size else (0, 0, b"")
        if magic != MAGIC:
            self._map.close()
            raise ValueError(f"{path}: not a postings file")
        table = json.loads(self._map[start : start + length])
        self._docs_dtype = np.dtype(table["docs"])
        self._weights_dtype = np.dtype(table["weights"])
        self._terms: dict[str, list] = table["terms"]
        # The views made for terms already asked for: n-grams and common words recur in most
        # questions, and a view costs two frombuffer calls. Emptied when full (views are small,
        # the data stays in the file).
        self._views: dict[str, Postings | None] = {}
        self.path = path

    def get(self, lang: str, term: str) -> Postings | None:
        key = f"{lang}\t{term}"
        try:
            return self._views[key]
        except KeyError:
            pass
        entry = self._terms.get(key)
        found = None
        if entry is not None:
            offset, df, idf = entry
            weights = np.frombuffer(self._map, dtype=self._weights_dtype, count=df, offset=offset)
            docs = np.frombuffer(self._map, dtype=self._docs_dtype, count=df,
                                 offset=offset + df * self._weights_dtype.itemsize)
            found = Postings(idf, docs, weights)
        if len(self._views) >= VIEWS_KEPT:
            self._views.clear()
        self._views[key] = found
        return found

    def close(self) -> None:
        self._terms = {}
        self._views = {}
        try:
            self._map.close()
        except BufferError:  # a question in flight still holds a list; unmapped when it is done
            pass
