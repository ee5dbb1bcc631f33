"""What the handlers share, created once per process: settings, the opened index (swapped by
/reload), the state database and the per-user rate limit. Kept in `application.bot_data`."""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from ..analysis import Analyzer
from ..answer import Answerer
from ..publishing.live import Live
from ..search import Index, IndexError_
from .config import Settings
from .state import State
from .topics import Library

log = logging.getLogger(__name__)


class Verdict(Enum):
    OK = "ok"
    WARN = "warn"  # over the limit: tell the user once
    QUIET = "quiet"  # still over the limit, already told


class UserRateLimit:
    """At most `per_minute` questions per user in any 60 seconds (kept in memory only)."""

    def __init__(self, per_minute: int, window: float = 60.0,
                 clock: Callable[[], float] = time.monotonic):
        self.per_minute = per_minute
        self.window = window
        self.clock = clock
        self._times: dict[int, deque[float]] = {}
        self._warned: set[int] = set()

    def check(self, user_id: int) -> Verdict:
        now = self.clock()
        times = self._times.setdefault(user_id, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        if len(times) < self.per_minute:
            times.append(now)
            self._warned.discard(user_id)
            return Verdict.OK
        if user_id in self._warned:
            return Verdict.QUIET
        self._warned.add(user_id)
        return Verdict.WARN

    def forget(self, user_id: int) -> None:
        self._times.pop(user_id, None)
        self._warned.discard(user_id)


@dataclass
class Searcher:
    """One opened index with what is built on it; replaced as a whole by /reload."""

    index: Index
    answerer: Answerer
    library: Library

    @classmethod
    def open(cls, path: Path) -> Searcher:
        index = Index(path, Analyzer())
        return cls(index, Answerer(index), Library(index))

    @property
    def passages(self) -> dict[str, int]:
        return dict(self.index.meta.get("passages", {}))


@dataclass
class Services:
    settings: Settings
    state: State
    limiter: UserRateLimit
    live: Live[Searcher]

    @classmethod
    def open(cls, settings: Settings) -> Services:
        # first: a missing index must not create state files
        live = Live(settings.index_path, Searcher.open, lambda s: s.index.close,
                    check_every=settings.index_check)
        state = State(settings.state_path, settings.keep_unanswered_days)
        return cls(settings, state, UserRateLimit(settings.user_rate), live)

    @property
    def searcher(self) -> Searcher:
        """The index in use now: a newly published index file is picked up within seconds.

        A question keeps the Searcher it started with; the old index is closed once no
        question holds it any more (bot.live.Live).
        """
        return self.live.current()

    def reload(self) -> tuple[dict[str, int], dict[str, int]]:
        """Open the index file again; passage counts (per language) before and after.

        Raises IndexError_ when the new file is unusable; the previous index keeps serving.
        """
        before = self.searcher.passages
        result = self.live.reload()
        if not result.reloaded:
            raise IndexError_(result.error)
        return before, self.searcher.passages

    def close(self) -> None:
        self.live.close()
        self.state.close()

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.settings.admin_ids
