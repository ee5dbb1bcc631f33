"""What the handlers share, created once per process: settings, the opened index (swapped by
/reload), the state database and the per-user rate limit. Kept in `application.bot_data`."""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..analysis import Analyzer
from ..answer import Answerer
from ..publishing.live import Live
from ..safety import helplines
from ..safety import model as safety_model
from ..search import Index, IndexError_
from .config import Settings
from .state import State
from .topics import Library

log = logging.getLogger(__name__)


class UserRateLimit:
    """At most `per_minute` questions per user in any `window` seconds (kept in memory only).

    Nothing is dropped: a question over the limit gets the next free slot, up to `max_wait`
    seconds ahead, and is answered then; only beyond that is the user asked to send it again.
    Safety cards, small talk and button taps are not counted (see handlers.answer_question).
    """

    def __init__(self, per_minute: int, window: float = 60.0, max_wait: float = 120.0,
                 clock: Callable[[], float] = time.monotonic):
        self.per_minute = per_minute
        self.window = window
        self.max_wait = max_wait
        self.clock = clock
        self._slots: dict[int, deque[float]] = {}

    def _times(self, user_id: int, now: float) -> deque[float]:
        times = self._slots.setdefault(user_id, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def acquire(self, user_id: int) -> float | None:
        """Seconds until this question may be answered (0: now), or None: more than `max_wait`
        ahead, nothing reserved (see `retry_after`)."""
        now = self.clock()
        times = self._times(user_id, now)
        slot = now if len(times) < self.per_minute else times[-self.per_minute] + self.window
        if slot - now > self.max_wait:
            return None
        times.append(slot)
        return slot - now

    def queued(self, user_id: int) -> int:
        """How many of the user's questions wait for a later slot."""
        now = self.clock()
        return sum(1 for t in self._times(user_id, now) if t > now)

    def retry_after(self, user_id: int) -> float:
        """Seconds until a question sent now would be answered within `max_wait`."""
        now = self.clock()
        times = self._times(user_id, now)
        if len(times) < self.per_minute:
            return 0.0
        return max(0.0, times[-self.per_minute] + self.window - now - self.max_wait)

    def forget(self, user_id: int) -> None:
        self._slots.pop(user_id, None)


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
        # read here, on start-up's worker thread: the first message must not wait a second for
        # the recogniser's weights on the event loop
        safety_model.shipped()
        helplines.directory()
        return cls(settings, state, UserRateLimit(settings.user_rate, settings.user_window), live)

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
