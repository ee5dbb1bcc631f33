"""One question sent as several messages: "hi" / "my son" / "is bullied on whatsapp what do i
do", or a long story that Telegram split into parts of 4096 characters.

A message that looks unfinished (a few words without closing punctuation, or long enough to be a
part of a split message) waits up to `seconds` for the same person's next message in the same
chat. The messages that come in that time are answered once, joined in order. A message that
looks finished, or a wait that has held MAX_PARTS messages or MAX_WAIT_SECONDS, ends the wait at
once; so does a part of a split message that reads as a child in danger (the handler checks
that). A few words wait even when they could read as danger: the recogniser flags "my
daughter" alone, and the card comes seconds later, read with what followed. Held in memory
only, like the messages Telegram is delivering.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

FRAGMENT_SECONDS = 2.0  # the default of COP_FRAGMENT_SECONDS
MAX_WAIT_SECONDS = 8.0  # from the first part: a steady trickle of fragments is answered anyway
MAX_PARTS = 8
SPLIT_CHARS = 3500  # Telegram cuts long messages at 4096 characters; a cut part is near that
SHORT_WORDS = 6
_FINISHED = re.compile(r"[?؟!.…。]\W*$")

Key = tuple[int, int]  # chat id, user id


def looks_unfinished(text: str) -> bool:
    """Whether more is likely to follow: a few words without closing punctuation, or a part of
    a message Telegram split."""
    text = text.strip()
    if len(text) >= SPLIT_CHARS:
        return True
    return len(text.split()) <= SHORT_WORDS and not _FINISHED.search(text)


@dataclass
class _Waiting:
    parts: list[str]
    started: float
    deadline: float = 0.0
    timed: bool = False
    answer: Callable[[str], Coroutine[Any, Any, None]] | None = field(default=None, repr=False)


class Fragments:
    """The messages waiting for their continuation, per chat and sender."""

    def __init__(self, seconds: float = FRAGMENT_SECONDS, clock=time.monotonic):
        self.seconds = seconds
        self.clock = clock
        self._waiting: dict[Key, _Waiting] = {}

    @staticmethod
    def short(text: str) -> bool:
        return len(text.split()) <= SHORT_WORDS

    @property
    def enabled(self) -> bool:
        return self.seconds > 0

    def add(self, key: Key, text: str) -> str:
        """Add a message; the text of everything waiting for `key`, joined."""
        waiting = self._waiting.get(key)
        if waiting is None:
            waiting = self._waiting[key] = _Waiting([], self.clock())
        waiting.parts.append(text.strip())
        return joined(waiting.parts)

    def must_answer(self, key: Key, text: str) -> bool:
        """Whether the wait ends with this message (just added)."""
        waiting = self._waiting.get(key)
        if waiting is None:
            return True
        return (not looks_unfinished(text) or len(waiting.parts) >= MAX_PARTS
                or self.clock() - waiting.started >= MAX_WAIT_SECONDS)

    def wait_then(self, key: Key, answer: Callable[[str], Coroutine[Any, Any, None]],
                  start: Callable[[Coroutine[Any, Any, None]], object]) -> None:
        """Answer what waits for `key` after `seconds` of quiet (the clock restarts with each
        message, within MAX_WAIT_SECONDS of the first), through `answer` as given last. One
        timer per wait: a later message moves its deadline, nothing is cancelled."""
        waiting = self._waiting[key]
        waiting.answer = answer
        waiting.deadline = min(self.clock() + self.seconds, waiting.started + MAX_WAIT_SECONDS)
        if waiting.timed:
            return
        waiting.timed = True

        async def later() -> None:
            while self._waiting.get(key) is waiting and self.clock() < waiting.deadline:
                await asyncio.sleep(waiting.deadline - self.clock())
            if self._waiting.get(key) is waiting:  # not taken by a finishing message meanwhile
                del self._waiting[key]
                if waiting.answer is not None:
                    await waiting.answer(joined(waiting.parts))

        start(later())

    def take(self, key: Key) -> str:
        """Everything waiting for `key`, joined, and the wait ended ("" when nothing waits)."""
        waiting = self._waiting.pop(key, None)
        return joined(waiting.parts) if waiting is not None else ""

    def forget(self, chat_id: int) -> None:
        for key in [k for k in self._waiting if k[0] == chat_id]:
            self.take(key)


def joined(parts: list[str]) -> str:
    """The parts in order (Telegram's clients split long messages between words)."""
    return " ".join(p for p in parts if p)
