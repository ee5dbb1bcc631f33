"""Per-user limits, kept in memory only: questions (queued, never dropped), everything else a user
can make the bot do (commands, button presses, inline queries), and one vote per answer message.

Every table here forgets idle users: an entry whose times have all left the window is dropped by a
sweep that runs at most once per window, and none holds more than `max_users` entries (the least
recently seen go first). A user who is forgotten early only gets a fresh budget.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable, Sequence

log = logging.getLogger(__name__)

MAX_USERS = 100_000  # entries per table: a few tens of MB at most, whatever the traffic


class _Windows:
    """Times per key within the last `window` seconds, with idle keys forgotten."""

    def __init__(self, window: float, clock: Callable[[], float], max_users: int):
        self.window = window
        self.clock = clock
        self.max_users = max_users
        self._times: OrderedDict[Hashable, deque[float]] = OrderedDict()
        self._swept = clock()
        self._warned = False

    def times(self, key: Hashable, now: float) -> deque[float]:
        self._sweep(now)
        times = self._times.get(key)
        if times is None:
            times = self._times[key] = deque()
            self._bound()
        else:
            self._times.move_to_end(key)
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def forget(self, key: Hashable) -> None:
        self._times.pop(key, None)

    def __len__(self) -> int:
        return len(self._times)

    def _sweep(self, now: float) -> None:
        if now - self._swept < self.window:
            return
        self._swept = now
        idle = [key for key, times in self._times.items() if not times or times[-1] <= now - self.window]
        for key in idle:
            del self._times[key]

    def _bound(self) -> None:
        while len(self._times) > self.max_users:
            self._times.popitem(last=False)  # the least recently seen
            if not self._warned:
                self._warned = True
                log.warning("more than %d users within %.0f s: the least recently seen are "
                            "forgotten early (they get a fresh budget)", self.max_users, self.window)


def next_slot(slots: Sequence[float], now: float, per_window: int, window: float,
              max_wait: float) -> float | None:
    """When a new question may be answered, given the user's slots still in the window (in
    order): now while fewer than `per_window` are taken, else a window after the slot
    `per_window` back; None when that is more than `max_wait` ahead. The one rule of the
    question limit, in memory (UserRateLimit) and shared (state.State.reserve_slot)."""
    slot = now if len(slots) < per_window else slots[-per_window] + window
    return None if slot - now > max_wait else slot


def retry_after(slots: Sequence[float], now: float, per_window: int, window: float,
                max_wait: float) -> float:
    """Seconds until a question sent now would get a slot within `max_wait`."""
    if len(slots) < per_window:
        return 0.0
    return max(0.0, slots[-per_window] + window - now - max_wait)


class UserRateLimit:
    """At most `per_minute` questions per user in any `window` seconds.

    Nothing is dropped: a question over the limit gets the next free slot, up to `max_wait`
    seconds ahead, and is answered then; only beyond that is the user asked to send it again.
    Safety cards, small talk and button taps are not counted (see handlers.answer_question).
    """

    def __init__(self, per_minute: int, window: float = 60.0, max_wait: float = 120.0,
                 clock: Callable[[], float] = time.monotonic, max_users: int = MAX_USERS):
        self.per_minute = per_minute
        self.window = window
        self.max_wait = max_wait
        self.clock = clock
        self._slots = _Windows(window, clock, max_users)  # reserved slots may lie ahead of now

    def _times(self, user_id: int, now: float) -> deque[float]:
        return self._slots.times(user_id, now)

    def acquire(self, user_id: int) -> float | None:
        """Seconds until this question may be answered (0: now), or None: more than `max_wait`
        ahead, nothing reserved (see `retry_after`)."""
        now = self.clock()
        times = self._times(user_id, now)
        slot = next_slot(times, now, self.per_minute, self.window, self.max_wait)
        if slot is None:
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
        return retry_after(self._times(user_id, now), now, self.per_minute, self.window,
                           self.max_wait)

    def forget(self, user_id: int) -> None:
        self._slots.forget(user_id)

    @property
    def users(self) -> int:
        """Users held in memory now."""
        return len(self._slots)


class SharedRateLimit:
    """UserRateLimit on slots kept in the shared state (PostgreSQL), so that several workers
    apply one limit per user; times are wall-clock seconds, the same on every machine."""

    def __init__(self, state, per_minute: int, window: float = 60.0, max_wait: float = 120.0,
                 clock: Callable[[], float] = time.time):
        self.state = state  # telegram.state.State
        self.per_minute = per_minute
        self.window = window
        self.max_wait = max_wait
        self.clock = clock

    def acquire(self, user_id: int) -> float | None:
        return self.state.reserve_slot(user_id, self.per_minute, self.window, self.max_wait,
                                       self.clock())

    def queued(self, user_id: int) -> int:
        now = self.clock()
        return sum(1 for t in self.state.slots(user_id, now - self.window) if t > now)

    def retry_after(self, user_id: int) -> float:
        now = self.clock()
        return retry_after(self.state.slots(user_id, now - self.window), now, self.per_minute,
                           self.window, self.max_wait)

    def forget(self, user_id: int) -> None:
        self.state.forget_slots(user_id)

    @property
    def users(self) -> int:
        return self.state.slot_users(self.clock() - self.window)


class ActionBudget:
    """At most `limit` actions of each kind per user in any `window` seconds: commands and
    button presses ("actions"), inline queries ("inline", apart because clients send one per
    keystroke). Over it, `take` returns the seconds to wait, and `first_refusal` says whether the
    user has been told yet in this window (so a flood gets one notice, not one per message; the
    "questions" kind serves only that, for the question limit's full queue)."""

    KINDS = ("actions", "inline", "questions")

    def __init__(self, limit: int, window: float = 60.0,
                 clock: Callable[[], float] = time.monotonic, max_users: int = MAX_USERS):
        self.limit = limit
        self.window = window
        self.clock = clock
        self._used = _Windows(window, clock, max_users)
        self._told = _Windows(window, clock, max_users)

    def take(self, user_id: int, kind: str = "actions") -> float:
        """0 when the action may go ahead (it is counted), else seconds until it may."""
        now = self.clock()
        times = self._used.times((kind, user_id), now)
        if len(times) < self.limit:
            times.append(now)
            return 0.0
        return max(0.001, times[0] + self.window - now)

    def first_refusal(self, user_id: int, kind: str = "actions") -> bool:
        """True once per window for a user over a budget: the time to tell them."""
        now = self.clock()
        told = self._told.times((kind, user_id), now)
        if told:
            return False
        told.append(now)
        return True

    def forget(self, user_id: int) -> None:
        """Everything about the user, of every kind."""
        for kind in self.KINDS:
            self._used.forget((kind, user_id))
            self._told.forget((kind, user_id))

    @property
    def users(self) -> int:
        return len(self._used)


class Votes:
    """Which answer messages a user has voted on, for `keep` seconds: one vote per user per
    message. Kept in memory only, as a set of (user, chat, message) triples with a bound."""

    def __init__(self, keep: float = 2 * 24 * 3600, clock: Callable[[], float] = time.monotonic,
                 max_votes: int = MAX_USERS):
        self.keep = keep
        self.clock = clock
        self.max_votes = max_votes
        self._seen: OrderedDict[tuple[int, int, int], float] = OrderedDict()

    def first(self, user_id: int, chat_id: int, message_id: int) -> bool:
        """True (and remembered) for the user's first vote on this message."""
        now = self.clock()
        while self._seen and (next(iter(self._seen.values())) <= now - self.keep
                              or len(self._seen) >= self.max_votes):
            self._seen.popitem(last=False)
        key = (user_id, chat_id, message_id)
        if key in self._seen:
            return False
        self._seen[key] = now
        return True

    def forget(self, user_id: int) -> None:
        for key in [k for k in self._seen if k[0] == user_id]:
            del self._seen[key]

    def __len__(self) -> int:
        return len(self._seen)
