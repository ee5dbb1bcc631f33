"""Talking to the bot under test: a session (fake server + running bot) and people in chats."""

from __future__ import annotations

import asyncio
import html as html_lib
import itertools
import re
from contextlib import asynccontextmanager
from dataclasses import dataclass

from fake_bot_api import Call, FakeBotApi

from copbot.telegram.app import serve
from copbot.telegram.config import Settings

TOKEN = "123456789:AAHfakefakefakefakefakefakefakefake1"
ADMIN_ID = 999

_user_ids = itertools.count(1000)


@dataclass
class Person:
    """A Telegram user in one chat (private by default) talking to the bot under test."""

    api: FakeBotApi
    user: dict
    chat: dict

    @property
    def chat_id(self) -> int:
        return self.chat["id"]

    async def say(self, text: str, replies: int = 1, reply_to: dict | None = None) -> list[Call]:
        """Send a message; return the bot's first `replies` messages to this chat."""
        mark = self.api.mark()
        message = self.api.message(text, self.user, self.chat, reply_to)
        await self.api.push("message", message)
        if replies == 0:
            await self.silence(mark)
            return []
        return await self.api.wait_calls("sendMessage", replies, since=mark, chat_id=self.chat_id)

    async def send(self, text: str) -> None:
        """Send a message and go on at once, as someone typing several messages in a row."""
        await self.api.push("message", self.api.message(text, self.user, self.chat))

    async def silence(self, mark: int, seconds: float = 0.4) -> None:
        """Assert the bot sends nothing to this chat for a while (after getUpdates went by)."""
        await asyncio.sleep(seconds)
        sent = [c for c in self.api.calls[mark:]
                if c.method == "sendMessage" and str(c.params.get("chat_id")) == str(self.chat_id)]
        assert not sent, f"the bot should have stayed silent, but sent {[c.text for c in sent]}"

    async def press(self, message: Call, button: dict, expect: str = "sendMessage",
                    count: int = 1) -> list[Call]:
        """Press a button under a message the bot sent; wait for `expect` calls."""
        mark = self.api.mark()
        stored = self.api.messages[(self.chat_id, message.result["message_id"])]
        query = {"id": str(next(_user_ids)), "from": self.user, "chat_instance": "1",
                 "data": button["callback_data"], "message": stored}
        await self.api.push("callback_query", query)
        answered = await self.api.wait_calls("answerCallbackQuery", since=mark,
                                             callback_query_id=query["id"])
        if expect == "answerCallbackQuery":
            return answered
        return await self.api.wait_calls(expect, count, since=mark, chat_id=self.chat_id)

    async def inline(self, query: str) -> Call:
        mark = self.api.mark()
        update = {"id": str(next(_user_ids)), "from": self.user, "query": query, "offset": ""}
        await self.api.push("inline_query", update)
        (call,) = await self.api.wait_calls("answerInlineQuery", since=mark, inline_query_id=update["id"])
        return call


@dataclass
class Session:
    api: FakeBotApi
    settings: Settings

    def person(self, lang: str | None = "en", user_id: int | None = None,
               group: dict | None = None, first_name: str = "Test") -> Person:
        user_id = user_id or next(_user_ids)
        user = {"id": user_id, "is_bot": False, "first_name": first_name}
        if lang:
            user["language_code"] = lang
        chat = group or {"id": user_id, "type": "private", "first_name": first_name}
        return Person(self.api, user, chat)

    def group(self, chat_id: int = -100123) -> dict:
        return {"id": chat_id, "type": "supergroup", "title": "Parents' group"}


@asynccontextmanager
async def bot_session(env: dict[str, str], prepare=None, **extra: str):
    """Start the fake server and the bot (polling, or webhook if COP_WEBHOOK_URL is given).
    `prepare(api)`, when given, runs before the bot starts (to make its start-up calls fail)."""
    async with FakeBotApi(TOKEN) as api:
        if prepare is not None:
            prepare(api)
        settings = Settings.from_env({**env, "TELEGRAM_BASE_URL": api.url, **extra})
        stop = asyncio.Event()
        task = asyncio.create_task(serve(settings, stop))
        ready = asyncio.create_task(api.wait(
            lambda calls: any(c.method in ("deleteWebhook", "setWebhook") and c.ok for c in calls)))
        try:
            await asyncio.wait({task, ready}, return_when=asyncio.FIRST_COMPLETED)
            if task.done():
                task.result()  # startup failed: raise its error here
            yield Session(api, settings)
        finally:
            ready.cancel()
            stop.set()
            await asyncio.wait_for(task, 15)


async def raw_post(port: int, path: str, body: bytes = b"", *, secret: str | None = None,
                   length: int | None = None, timeout: float = 5.0) -> tuple[int, bool]:
    """POST over a bare socket, sending `body` (of a declared `length`, by default its own)
    after the headers; the HTTP status, and whether the server closed the connection after it.
    A server that answers before the whole body is sent is seen doing so."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json",
            f"Content-Length: {len(body) if length is None else length}"]
    if secret is not None:
        head.append(f"X-Telegram-Bot-Api-Secret-Token: {secret}")
    try:
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), timeout)
        status = int(status_line.split()[1]) if status_line else 0
        try:
            await asyncio.wait_for(reader.read(), timeout)  # returns once the server closes
            closed = True
        except TimeoutError:
            closed = False
        return status, closed
    finally:
        writer.close()


def visible(html: str) -> str:
    """The text a user sees (tags dropped, entities decoded, direction marks removed)."""
    text = html_lib.unescape(re.sub(r"<[^>]+>", "", html))
    return text.replace("\u200f", "").replace("\u2068", "").replace("\u2069", "")
