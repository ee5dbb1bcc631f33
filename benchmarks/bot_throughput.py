#!/usr/bin/env python3
"""Replies per second of one bot process against the fake Bot API server (not a test).

Measures, in the same run and against the same fake server (tests/telegram/fake_bot_api.py):
  * bare: a python-telegram-bot Application whose only handler is `reply_text` (the baseline);
  * ours: the COP bot (copbot.telegram.app.serve) answering real questions from a small index,
    with the outgoing rate limiter raised out of the way (COP_SEND_RATE) so that what is measured
    is the bot's own work; in production Telegram caps a bot at about 30 messages per second.

Usage: ./scripts/uv.sh run --frozen python benchmarks/bot_throughput.py [-n 2000] [--users 200]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import tempfile
import time
from pathlib import Path

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

from copbot.telegram.app import serve
from copbot.telegram.config import Settings
from fixtures import fake_bot_api_module, small_index

TOKEN = "123456789:AAHbenchbenchbenchbenchbenchbenchben"
QUESTIONS = (
    "What is the COP initiative?",
    "Where can I report child sexual abuse material?",
    "ما هي مبادرة حماية الأطفال على الإنترنت؟",
    "أين أبلغ عن صور اعتداء جنسي على طفل؟",
    "What does the policy brief recommend to governments?",
    "what is the best recipe for sourdough bread",  # a refusal, with its nearest topics
)


async def measure(api, n: int, users: int) -> float:
    """Push n questions from `users` people at once; replies per second until all answered."""
    ids = itertools.cycle(range(10_000, 10_000 + users))
    mark = api.mark()
    started = time.perf_counter()
    for i in range(n):
        uid = next(ids)
        user = {"id": uid, "is_bot": False, "first_name": "U", "language_code": "en"}
        chat = {"id": uid, "type": "private"}
        await api.push("message", api.message(QUESTIONS[i % len(QUESTIONS)], user, chat))

    seen = {"checked": 0, "replies": 0}

    def done(calls):
        # counted incrementally: rescanning every call at each one made the wait quadratic,
        # and the fake server shares the bot's CPU
        checked = seen["checked"]
        seen["replies"] += sum(1 for c in calls[checked:] if c.method == "sendMessage")
        seen["checked"] = len(calls)
        answered = seen["replies"] >= n
        return answered and all(c.response for c in calls if c.method == "sendMessage")

    await api.wait(done, since=mark, timeout=600)
    elapsed = time.perf_counter() - started
    failed = [c for c in api.calls[mark:] if c.method == "sendMessage" and not c.ok]
    if failed:
        raise SystemExit(f"{len(failed)} replies failed: {failed[0].response}")
    return n / elapsed


async def bare(fake_cls, n: int, users: int) -> float:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.message.reply_text(update.message.text)

    async with fake_cls(TOKEN) as api:
        app = (ApplicationBuilder().token(TOKEN).base_url(f"{api.url}/bot").build())
        app.add_handler(MessageHandler(filters.TEXT, echo))
        await app.initialize()
        try:
            await app.updater.start_polling()
            await app.start()
            await measure(api, min(n, 100), users)  # warm-up
            return await measure(api, n, users)
        finally:
            if app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()
            await app.shutdown()


async def ours(fake_cls, n: int, users: int, index: Path, state: Path) -> float:
    async with fake_cls(TOKEN) as api:
        settings = Settings.from_env({
            "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": api.url, "COP_INDEX": str(index),
            "COP_STATE": str(state), "COP_SEND_RATE": "100000", "COP_USER_RATE": "10000",
        })
        stop = asyncio.Event()
        task = asyncio.create_task(serve(settings, stop))
        try:
            await api.wait(lambda calls: any(c.method == "deleteWebhook" and c.ok for c in calls))
            await measure(api, min(n, 100), users)  # warm-up: caches, thread pool
            return await measure(api, n, users)
        finally:
            stop.set()
            await task


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000, help="messages per measurement")
    parser.add_argument("--users", type=int, default=200, help="distinct users sending them")
    parser.add_argument("--index", type=Path, help="an index to use (default: build a small one)")
    args = parser.parse_args()
    os.environ.setdefault("NO_PROXY", "127.0.0.1")
    fake_cls = fake_bot_api_module().FakeBotApi
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        index = args.index or small_index(tmp)
        baseline = await bare(fake_cls, args.n, args.users)
        ours_rate = await ours(fake_cls, args.n, args.users, index, tmp / "state.sqlite")
    print(f"bare reply_text handler: {baseline:8.0f} replies/s")
    print(f"COP bot (search + reply): {ours_rate:8.0f} replies/s  ({ours_rate / baseline:.0%} of bare)")
    print(f"({args.n} messages from {args.users} users, one process, {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    asyncio.run(main())
