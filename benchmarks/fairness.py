#!/usr/bin/env python3
"""Fairness under a flood (not a unit test): another user's latency while one group and one user
try to take the bot for themselves.

`cop-bot run` is started as its own process with its default limits and pointed at the fake Bot
API server (tests/telegram/fake_bot_api.py) on 127.0.0.1; nothing leaves the machine.

  1. idle: other users ask `--questions` questions (default 30), five each, one after the other.
     Reported: the latency from update to reply, p50 and p95.
  2. flood: meanwhile one member of a supergroup sends `--flood` × /help (default 200) and
     `--flood` questions mentioning the bot, one private user sends `--flood` × /help,
     `--flood` questions, `--flood` "more results" presses with forged data and `--flood` votes,
     and ten more groups send 25 × /help each (over Telegram's 20 messages a minute per group).
     Other users ask the same questions again.

The report puts the two side by side; the goal is the flood's p95 within 2 s of the idle p95.

Usage: ./scripts/uv.sh run --frozen python benchmarks/fairness.py [--questions 30] [--flood 200]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import sys
import tempfile
import time
from pathlib import Path

from fixtures import fake_bot_api_module, small_index

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456789:AAHfairfairfairfairfairfairfairfair1"
QUESTIONS = ("What is the COP initiative?", "ما هي مبادرة حماية الأطفال على الإنترنت؟",
             "What does the policy brief recommend to governments?",
             "كيف أحمي ابني من التنمر الإلكتروني؟")
GOAL_SECONDS = 2.0
_ids = itertools.count(1_000_000)


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


async def ask(api, person: dict, chat: dict, text: str, timeout: float = 120.0) -> float:
    """Seconds from pushing a question to the bot's first message in that chat."""
    mark = api.mark()
    started = time.perf_counter()
    await api.push("message", api.message(text, person, chat))
    await api.wait_calls("sendMessage", since=mark, timeout=timeout, chat_id=chat["id"])
    return time.perf_counter() - started


_victims = itertools.count(10_000)


async def victim(api, questions: int) -> list[float]:
    """Other users' latencies: five questions each, one after the other (within the per-user
    limit of 10 a minute, which would otherwise hold them up by design)."""
    latencies = []
    for i in range(questions):
        if i % 5 == 0:
            uid = next(_victims)
            person = {"id": uid, "is_bot": False, "first_name": "V", "language_code": "en"}
            chat = {"id": uid, "type": "private"}
        latencies.append(await ask(api, person, chat, QUESTIONS[i % len(QUESTIONS)]))
    return latencies


async def flood(api, n: int) -> None:
    bot = api.bot["username"]
    group = {"id": -100_500, "type": "supergroup", "title": "Flood"}
    member = {"id": 501, "is_bot": False, "first_name": "G", "language_code": "en"}
    spammer = {"id": 502, "is_bot": False, "first_name": "S", "language_code": "en"}
    private = {"id": 502, "type": "private"}
    # a real answer with buttons, for the forged presses and votes
    mark = api.mark()
    await api.push("message", api.message(QUESTIONS[0], spammer, private))
    (answer,) = await api.wait_calls("sendMessage", since=mark, chat_id=502)
    stored = api.messages[(502, answer.result["message_id"])]
    vote = answer.button("f:1:")["callback_data"]
    forged = "m:en:" + ".".join(str(i) for i in range(1, 60))
    for i in range(n):
        await api.push("message", api.message("/help", member, group))
        await api.push("message", api.message(f"@{bot} {QUESTIONS[i % 4]}", member, group))
        await api.push("message", api.message("/help", spammer, private))
        await api.push("message", api.message(QUESTIONS[i % 4], spammer, private))
        for data in (forged, vote):
            await api.push("callback_query", {"id": str(next(_ids)), "from": spammer,
                                              "chat_instance": "1", "data": data,
                                              "message": stored})
    for g in range(10):
        chat = {"id": -100_600 - g, "type": "supergroup", "title": f"G{g}"}
        user = {"id": 600 + g, "is_bot": False, "first_name": "M", "language_code": "en"}
        for _ in range(25):
            await api.push("message", api.message("/help", user, chat))


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=30)
    parser.add_argument("--flood", type=int, default=200)
    args = parser.parse_args()
    fake = fake_bot_api_module()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        index = small_index(tmp)
        async with fake.FakeBotApi(TOKEN) as api:
            env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": api.url,
                   "COP_INDEX": str(index), "COP_STATE": str(tmp / "state.sqlite"),
                   "COP_LOG_LEVEL": "ERROR", "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}
            process = await asyncio.create_subprocess_exec(sys.executable, "-m", "copbot", "run",
                                                           env=env, cwd=ROOT)
            try:
                await api.wait(lambda calls: any(c.method == "getUpdates" for c in calls),
                               timeout=60)
                await victim(api, 3)  # warm-up
                idle = await victim(api, args.questions)
                flooding = asyncio.create_task(flood(api, args.flood))
                await asyncio.sleep(0.5)
                busy = await victim(api, args.questions)
                await flooding
                sent = sum(1 for c in api.calls if c.method == "sendMessage")
            finally:
                # a clean stop would first send the groups' backlog at 20 messages a minute
                process.kill()
                await process.wait()
    idle_p95, busy_p95 = percentile(idle, 95), percentile(busy, 95)
    print(f"{'':28}{'p50 ms':>10}{'p95 ms':>10}")
    print(f"{'idle bot':28}{1000 * percentile(idle, 50):>10.0f}{1000 * idle_p95:>10.0f}")
    print(f"{'during the flood':28}{1000 * percentile(busy, 50):>10.0f}{1000 * busy_p95:>10.0f}")
    print(f"p95 difference {busy_p95 - idle_p95:+.2f} s (goal: within {GOAL_SECONDS:.0f} s) -> "
          f"{'met' if busy_p95 - idle_p95 <= GOAL_SECONDS else 'NOT met'}; the bot sent "
          f"{sent} messages in all")


if __name__ == "__main__":
    asyncio.run(main())
