"""Which update runs when: one chat at a time in arrival order, and no chat holding more than one
of the shared slots.

Each update first waits for its chat's turn (a lock per chat), and only then for one of the
`slots` that bound how many updates are worked on at once. A flood from one chat therefore queues
behind that chat's lock and holds one slot at most; other chats go on using the rest.

A handler gives its slot back while it waits for Telegram's send limit in a group (20 messages a
minute per group, `AIORateLimiter`): that wait can last minutes and is no work. It takes a slot
again before it goes on (`slot_released`, used by transport.RetryingRateLimiter).
"""

from __future__ import annotations

import asyncio
import contextvars
import sys
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor


class _Slot:
    """The slot one update's task holds (tasks it starts see it too, but do not own it)."""

    def __init__(self, slots: asyncio.Semaphore):
        self.slots = slots
        self.owner = asyncio.current_task()
        self.held = True


_current: contextvars.ContextVar[_Slot | None] = contextvars.ContextVar("cop_slot", default=None)


@asynccontextmanager
async def slot_released() -> AsyncIterator[None]:
    """Give the current update's slot back for the duration of the block (a no-op outside an
    update, or in a task the update started)."""
    slot = _current.get()
    if slot is None or not slot.held or slot.owner is not asyncio.current_task():
        yield
        return
    slot.held = False
    slot.slots.release()
    try:
        yield
    finally:
        await slot.slots.acquire()
        slot.held = True


class FairUpdateProcessor(BaseUpdateProcessor):
    """Updates of one chat in arrival order (so "/lang ar" then a question is answered in
    Arabic); at most `slots` updates worked on at once, one per chat."""

    def __init__(self, slots: int):
        # the base class's own semaphore is taken before anything here runs: make it no limit,
        # or a flood from one chat would fill it while waiting for that chat's lock
        super().__init__(sys.maxsize)
        self.slots = slots
        self._slots = asyncio.Semaphore(slots)
        self._chats: dict[int, tuple[asyncio.Lock, list[int]]] = {}

    @property
    def waiting_chats(self) -> int:
        """Chats with an update waiting or running."""
        return len(self._chats)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _chat_key(update)
        lock, users = self._chats.setdefault(key, (asyncio.Lock(), [0]))
        users[0] += 1
        try:
            async with lock:
                await self._run(coroutine)
        finally:
            users[0] -= 1
            if not users[0]:
                del self._chats[key]

    async def _run(self, coroutine: Awaitable[Any]) -> None:
        await self._slots.acquire()
        slot = _Slot(self._slots)
        token = _current.set(slot)
        try:
            await coroutine
        finally:
            _current.reset(token)
            if slot.held:
                self._slots.release()

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


def _chat_key(update: object) -> int:
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return update.effective_chat.id
        if update.effective_user is not None:  # inline queries
            return update.effective_user.id
        return update.update_id
    return 0
