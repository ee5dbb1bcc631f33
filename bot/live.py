"""A live answerer: the current Answerer over an index file that admins may republish.

The index is reopened when the file's identity (mtime, size, inode) changes, at most every
`check_every` seconds, or on an explicit `reload()`. The swap is atomic: a caller keeps the
Answerer it was handed until it finishes, and the old index is closed only once no caller holds
it any more. A new file that cannot be opened is refused: the old index goes on serving and the
error is logged and returned.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import weakref
from dataclasses import dataclass
from pathlib import Path

from .analysis import Analyzer
from .answer import Answer, Answerer
from .index import Index, IndexError_

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReloadResult:
    reloaded: bool
    error: str = ""  # why the new file was refused; the previous index still serves


def _identity(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


class LiveAnswerer:
    """Holds the Answerer of the index now at `path`; raises IndexError_ if none opens at first."""

    def __init__(self, path: Path, analyzer: Analyzer | None = None, check_every: float = 2.0):
        self.path = Path(path)
        self.analyzer = analyzer or Analyzer()
        self.check_every = check_every
        self._lock = threading.Lock()
        self._checked = time.monotonic()
        self._identity = _identity(self.path)
        self._answerer = self._open()
        self.last_error = ""

    def _open(self) -> Answerer:
        index = Index(self.path, self.analyzer)
        answerer = Answerer(index)
        # close the file once the last caller holding this answerer lets go of it
        weakref.finalize(answerer, index.close)
        return answerer

    def current(self) -> Answerer:
        """The Answerer to use for one question; checks the file now and then for a new index."""
        if time.monotonic() - self._checked >= self.check_every:
            self._checked = time.monotonic()
            if _identity(self.path) != self._identity:
                self.reload()
        return self._answerer

    def answer(self, question: str, **kwargs) -> Answer:
        return self.current().answer(question, **kwargs)

    def reload(self) -> ReloadResult:
        """Open the index file again now; on failure keep serving the previous one."""
        with self._lock:
            identity = _identity(self.path)
            try:
                answerer = self._open()
            except IndexError_ as exc:
                self._identity = identity  # do not retry a broken file on every question
                self.last_error = str(exc)
                log.error("new index refused, the previous one still serves: %s", exc)
                return ReloadResult(False, str(exc))
            self._answerer, self._identity, self.last_error = answerer, identity, ""
        log.info("index reloaded from %s (%s)", self.path, answerer.index.meta.get("built_at"))
        return ReloadResult(True)
