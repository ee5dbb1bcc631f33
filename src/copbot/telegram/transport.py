"""Between the bot and the Bot API: calls retried when they fail in transit, and updates parsed
one by one so that one malformed update cannot stop the others.

python-telegram-bot waits out flood control (429, `AIORateLimiter`) but gives up on a refused or
dropped connection, a timeout or a 5xx answer; the user would then get an apology, or nothing,
instead of their answer. `RetryingRateLimiter` retries those calls with backoff for up to
`retry_for` seconds, which rides out a Bot API outage of that length.

A call that reached Telegram but whose answer was lost (a read timeout, a connection dropped after
the request was sent) cannot be told apart from one that did not: retrying it may, rarely, send a
message twice. The alternative is to lose the answer; for this bot an answer lost is worse.

`TolerantBot.get_updates` (and the webhook server, `webhook.py`) parses each update separately.
python-telegram-bot parses a batch as a whole: one update it cannot parse fails the batch, the
offset is not advanced, and the same batch is fetched again forever.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from typing import Any

from telegram import Update
from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram.error import BadRequest, NetworkError
from telegram.ext import AIORateLimiter, ExtBot

from .scheduling import slot_released

log = logging.getLogger(__name__)

RETRY_FOR = 60.0  # seconds a call is retried for before the error reaches the handler
FIRST_DELAY = 0.5
MAX_DELAY = 8.0


class RetryingRateLimiter(AIORateLimiter):
    """`AIORateLimiter` (flood control) whose calls are also retried after transient failures."""

    def __init__(self, *, retry_for: float = RETRY_FOR, **kwargs: Any):
        super().__init__(**kwargs)
        self.retry_for = retry_for

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        if _is_group(data.get("chat_id")):
            # Telegram's limit per group (20 a minute) can keep this call waiting for minutes:
            # the update's slot is free for other chats meanwhile (scheduling.py)
            async with slot_released():
                return await self._retrying(callback, args, kwargs, endpoint, data,
                                            rate_limit_args)
        return await self._retrying(callback, args, kwargs, endpoint, data, rate_limit_args)

    async def _retrying(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        deadline = time.monotonic() + self.retry_for
        delay = FIRST_DELAY
        while True:
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args)
            except BadRequest:  # a NetworkError subclass, but Telegram refused the call itself
                raise
            except NetworkError as exc:  # refused, dropped, timed out, or a 5xx answer
                if time.monotonic() + delay > deadline:
                    log.error("%s failed for %.0f s, giving up: %s", endpoint, self.retry_for, exc)
                    raise
                log.warning("%s failed (%s); retrying in %.1f s", endpoint, exc, delay)
                async with slot_released():  # waiting out an outage is no work
                    await asyncio.sleep(delay)
                delay = min(delay * 2, MAX_DELAY)


class TolerantBot(ExtBot):
    """An ExtBot whose `get_updates` skips (and logs) updates it cannot parse."""

    async def get_updates(self, offset=None, limit=None, timeout=None, allowed_updates=None, *,
                          read_timeout=DEFAULT_NONE, write_timeout=DEFAULT_NONE,
                          connect_timeout=DEFAULT_NONE, pool_timeout=DEFAULT_NONE,
                          api_kwargs=None) -> tuple[Update, ...]:
        if isinstance(timeout, dt.timedelta):
            timeout = timeout.total_seconds()
        data = {"timeout": timeout, "offset": offset, "limit": limit,
                "allowed_updates": allowed_updates}
        if read_timeout is DEFAULT_NONE:
            read_timeout = self._request[0].read_timeout or 0
        # a long poll lasts `timeout` seconds before the read timeout starts to count
        read_timeout = (read_timeout or 0) + (timeout or 0)
        result = await self._post("getUpdates", data, read_timeout=read_timeout,
                                  write_timeout=write_timeout, connect_timeout=connect_timeout,
                                  pool_timeout=pool_timeout, api_kwargs=api_kwargs)
        updates = []
        for raw in result or ():
            update = parse_update(raw, self)
            if update is not None:
                self.insert_callback_data(update)
                updates.append(update)
        return tuple(updates)


def _is_group(chat_id: Any) -> bool:
    """As AIORateLimiter decides: negative ids and @usernames are groups and channels."""
    if isinstance(chat_id, str):
        try:
            chat_id = int(chat_id)
        except ValueError:
            return True
    return isinstance(chat_id, int) and chat_id < 0


def parse_update(raw: Any, bot: ExtBot) -> Update | None:
    """The update, or for one that cannot be parsed an empty update with its id (so that the
    offset moves past it; no handler matches an empty update). Its content is not logged."""
    try:
        return Update.de_json(raw, bot)
    except Exception as exc:  # any shape of malformed JSON object: nothing here is ours to fix
        update_id = raw.get("update_id") if isinstance(raw, dict) else None
        log.warning("skipped update %s that could not be read: %s", update_id, type(exc).__name__)
        return Update(update_id) if isinstance(update_id, int) else None
