"""Live indexes: the object built on an index file that admins may republish, kept current.

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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from ..analysis import Analyzer
from ..answer import Answer, Answerer
from ..search import Index, IndexError_

log = logging.getLogger(__name__)
T = TypeVar("T")


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


class Live(Generic[T]):
    """Holds the object opened from the index now at `path` (an Answerer, or the bot's Searcher).

    `open` builds the object from the path (raising IndexError_ when the file is unusable);
    `closer` gives the function that releases what the object holds, called once no caller still
    holds the object. Raises IndexError_ if nothing opens at first.
    """

    def __init__(
        self,
        path: Path,
        open: Callable[[Path], T],
        closer: Callable[[T], Callable[[], None]],
        check_every: float = 2.0,
    ):
        self.path = Path(path)
        self.check_every = check_every
        self._open_at = open
        self._closer = closer
        self._lock = threading.Lock()
        self._checked = time.monotonic()
        self._identity = _identity(self.path)
        self._current, self._release = self._open()

    def _open(self) -> tuple[T, weakref.finalize]:
        obj = self._open_at(self.path)
        # release the file once the last caller holding this object lets go of it
        return obj, weakref.finalize(obj, self._closer(obj))

    def current(self) -> T:
        """The object to use for one question; checks the file now and then for a new index."""
        if time.monotonic() - self._checked >= self.check_every:
            self._checked = time.monotonic()
            if _identity(self.path) != self._identity:
                self.reload()
        return self._current

    def reload(self) -> ReloadResult:
        """Open the index file again now; on failure keep serving the previous one."""
        with self._lock:
            identity = _identity(self.path)
            try:
                obj, release = self._open()
            except IndexError_ as exc:
                self._identity = identity  # do not retry a broken file on every question
                log.error("new index refused, the previous one still serves: %s", exc)
                return ReloadResult(False, str(exc))
            self._current, self._release = obj, release
            self._identity = identity
        log.info("index reloaded from %s", self.path)
        return ReloadResult(True)

    def close(self) -> None:
        """Release the current index now (at shutdown)."""
        self._release()


class LiveAnswerer(Live[Answerer]):
    """The current Answerer over an index file that admins may republish."""

    def __init__(self, path: Path, analyzer: Analyzer | None = None, check_every: float = 2.0):
        analyzer = analyzer or Analyzer()
        super().__init__(
            path,
            open=lambda p: Answerer(Index(p, analyzer)),
            closer=lambda answerer: answerer.index.close,
            check_every=check_every,
        )

    def answer(self, question: str, **kwargs) -> Answer:
        return self.current().answer(question, **kwargs)
