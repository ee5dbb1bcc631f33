"""Two workers behind one address, on one PostgreSQL state: updates reach either (as a load
balancer sends them), one delivered to both is answered once, none is lost, a language chosen
through one holds on the other, and the per-user question limit is one limit."""

from __future__ import annotations

import asyncio
import itertools
import json
import socket
from contextlib import AsyncExitStack, asynccontextmanager

import pytest
from fake_bot_api import FakeBotApi
from harness import TOKEN

from copbot.telegram.app import serve
from copbot.telegram.config import Settings

pytestmark = pytest.mark.slow
SECRET = "workers-secret"
_update_ids = itertools.count(900_000)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@asynccontextmanager
async def worker(api: FakeBotApi, env: dict[str, str], port: int):
    settings = Settings.from_env({**env, "TELEGRAM_BASE_URL": api.url, "COP_PORT": str(port),
                                  "COP_WEBHOOK_URL": f"http://127.0.0.1:{port}/hook",
                                  "COP_WEBHOOK_SECRET": SECRET})
    stop = asyncio.Event()
    task = asyncio.create_task(serve(settings, stop))
    try:
        for _ in range(200):  # until its webhook server answers
            await asyncio.sleep(0.05)
            if task.done():
                task.result()
            try:
                if await request(port, "GET", "/healthz") == 200:
                    break
            except OSError:
                continue
        yield port
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)


async def request(port: int, method: str, path: str, body: bytes = b"") -> int:
    """One HTTP request on a connection of its own; the status."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close",
            "Content-Type: application/json", f"Content-Length: {len(body)}",
            f"X-Telegram-Bot-Api-Secret-Token: {SECRET}"]
    try:
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        await writer.drain()
        line = await asyncio.wait_for(reader.readline(), 5)
        return int(line.split()[1]) if line else 0
    finally:
        writer.close()


async def deliver(port: int, update: dict) -> int:
    return await request(port, "POST", "/hook", json.dumps(update).encode())


def message_update(api: FakeBotApi, text: str, user_id: int, lang: str = "en") -> dict:
    user = {"id": user_id, "is_bot": False, "first_name": "Test", "language_code": lang}
    chat = {"id": user_id, "type": "private", "first_name": "Test"}
    return {"update_id": next(_update_ids), "message": api.message(text, user, chat)}


def sent_to(api: FakeBotApi, chat_id: int, since: int = 0) -> list:
    return [c for c in api.calls[since:] if c.method == "sendMessage"
            and str(c.params.get("chat_id")) == str(chat_id)]


async def settle(api: FakeBotApi, seconds: float = 1.0) -> None:
    """Until the bot has sent nothing for `seconds`."""
    count = -1
    while count != len(api.calls):
        count = len(api.calls)
        await asyncio.sleep(seconds)


async def test_two_workers_on_one_postgresql_state(env, postgres_url):
    shared = {**env, "COP_STATE": postgres_url, "COP_USER_RATE": "2", "COP_USER_RATE_WINDOW": "3"}
    async with FakeBotApi(TOKEN) as api, AsyncExitStack() as stack:
        a = await stack.enter_async_context(worker(api, shared, free_port()))
        b = await stack.enter_async_context(worker(api, shared, free_port()))

        # the same update delivered to both (a balancer retrying): answered once
        twice = message_update(api, "what is the Child Online Protection initiative?", 7001)
        assert await deliver(a, twice) == 200 and await deliver(b, twice) == 200
        # ten updates spread over both: every one answered
        spread = [message_update(api, "/about", 7100 + i) for i in range(10)]
        for i, update in enumerate(spread):
            assert await deliver((a, b)[i % 2], update) == 200
        # a language chosen through one worker holds on the other
        await deliver(a, message_update(api, "/lang ar", 7002))
        await settle(api, 0.5)
        await deliver(b, message_update(api, "/start", 7002))
        # one question limit: two questions through A, the third through B waits its turn
        questions = ["what is the Child Online Protection initiative?",
                     "in which languages are the guidelines?", "who wrote the policy brief?"]
        for port, question in zip((a, a, b), questions, strict=True):
            await deliver(port, message_update(api, question, 7003))
            await asyncio.sleep(0.2)
        await settle(api)

    assert len(sent_to(api, 7001)) == 1
    assert all(len(sent_to(api, 7100 + i)) == 1 for i in range(10))
    start = sent_to(api, 7002)[-1]
    assert "أهلًا بكم" in start.text  # Arabic, though Telegram said English
    limited = [c.text for c in sent_to(api, 7003)]
    assert any("⏳" in text for text in limited), limited  # the third waits, whichever worker
