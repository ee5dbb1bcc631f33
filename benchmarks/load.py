#!/usr/bin/env python3
"""Load and fault test of the bot process against the fake Bot API server (not a unit test).

`cop-bot run` is started as its own process (so its resident memory is its own) and pointed at
the fake server (tests/telegram/fake_bot_api.py) on 127.0.0.1; nothing leaves the machine.

  1. load: `--users` simulated users (default 500) each send `--messages` questions (default
     20), Arabic and English, each waiting for the answer before asking again; twice, so the
     bot handles 2 x 10,000 messages. Reported: replies per second, latency from update to reply
     (p50/p95/p99), lost and duplicated replies, the bot's RSS before and after.
  2. faults: 100 users x 5 questions while the server goes down for `--outage` seconds (default
     10) and 5% of all other calls fail (429, 500, dropped connection, timeout). Reported: lost
     and duplicated replies, the time to recover.

Every phase is bounded (`--phase-timeout`, default 300 s): what is not answered by then counts
as lost. The outgoing rate limit (COP_SEND_RATE) and the per-user limit (COP_USER_RATE) are raised
out of the way: what is measured is the bot; in production Telegram caps a bot at ~30 msg/s.

Usage: ./scripts/uv.sh run --frozen python benchmarks/load.py [--users 500] [--messages 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from fixtures import fake_bot_api_module, small_index

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456789:AAHloadloadloadloadloadloadloadload1"
QUESTIONS = (
    "What is the COP initiative?",
    "ما هي مبادرة حماية الأطفال على الإنترنت؟",
    "Where can I report child sexual abuse material?",
    "أين أبلغ عن صور اعتداء جنسي على طفل؟",
    "What does the policy brief recommend to governments?",
    "كيف أحمي ابني من التنمر الإلكتروني؟",
    "what is the best recipe for sourdough bread",
    "ما هي أفضل وصفة للخبز",
)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


class Tracker:
    """Replies per chat, as the fake server sends them; wakes the user waiting for one."""

    def __init__(self):
        self.replies: Counter = Counter()
        self.times: list[float] = []
        self.waiting: dict[int, asyncio.Future] = {}

    def on_reply(self, chat_id: int) -> None:
        self.replies[chat_id] += 1
        self.times.append(time.perf_counter())
        future = self.waiting.pop(chat_id, None)
        if future is not None and not future.done():
            future.set_result(time.perf_counter())


def make_server(fake, tracker: Tracker):
    class Server(fake.FakeBotApi):
        async def _m_sendmessage(self, params):
            message = await super()._m_sendmessage(params)
            tracker.on_reply(int(params["chat_id"]))
            return message

        async def _record(self, call):
            if call is not None and call.method not in ("sendMessage", "getUpdates"):
                call.params = {}  # keep the load process small: only replies are inspected
            await super()._record(call)

    return Server(TOKEN)


async def user(api, tracker: Tracker, uid: int, messages: int, latencies: list[float],
               deadline: float) -> int:
    """One person asking `messages` questions, one after the other; how many went unanswered."""
    person = {"id": uid, "is_bot": False, "first_name": "U",
              "language_code": "ar" if uid % 2 else "en"}
    chat = {"id": uid, "type": "private"}
    missing = 0
    for i in range(messages):
        future = asyncio.get_running_loop().create_future()
        tracker.waiting[uid] = future
        started = time.perf_counter()
        await api.push("message", api.message(QUESTIONS[(uid + i) % len(QUESTIONS)], person, chat))
        try:
            replied = await asyncio.wait_for(future, max(0.1, deadline - time.perf_counter()))
            latencies.append(replied - started)
        except TimeoutError:
            missing += 1
    return missing


async def phase(api, tracker: Tracker, users: range, messages: int, timeout: float) -> dict:
    latencies: list[float] = []
    before = {u: tracker.replies[u] for u in users}
    started = time.perf_counter()
    deadline = started + timeout
    await asyncio.gather(*(user(api, tracker, u, messages, latencies, deadline) for u in users))
    elapsed = time.perf_counter() - started
    await asyncio.sleep(2.0)  # late duplicates would arrive now
    got = {u: tracker.replies[u] - before[u] for u in users}
    return {
        "messages": len(users) * messages,
        "seconds": elapsed,
        "replies_per_s": sum(min(n, messages) for n in got.values()) / elapsed,
        "p50_ms": 1000 * percentile(latencies, 50),
        "p95_ms": 1000 * percentile(latencies, 95),
        "p99_ms": 1000 * percentile(latencies, 99),
        "lost": sum(max(0, messages - n) for n in got.values()),
        "duplicated": sum(max(0, n - messages) for n in got.values()),
    }


async def start_bot(api, index: Path, state: Path) -> asyncio.subprocess.Process:
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": api.url,
           "COP_INDEX": str(index), "COP_STATE": str(state), "COP_SEND_RATE": "100000",
           "COP_USER_RATE": "10000", "COP_LOG_LEVEL": "ERROR", "COP_API_TIMEOUT": "2",
           "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}
    process = await asyncio.create_subprocess_exec(sys.executable, "-m", "copbot", "run", env=env,
                                                   cwd=ROOT)
    await api.wait(lambda calls: any(c.method == "getUpdates" for c in calls), timeout=60)
    return process


def show(name: str, r: dict) -> None:
    print(f"{name}: {r['messages']} messages in {r['seconds']:.1f} s, "
          f"{r['replies_per_s']:.0f} replies/s, latency p50 {r['p50_ms']:.0f} ms, "
          f"p95 {r['p95_ms']:.0f} ms, p99 {r['p99_ms']:.0f} ms, "
          f"lost {r['lost']}, duplicated {r['duplicated']}", flush=True)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=500)
    parser.add_argument("--messages", type=int, default=20)
    parser.add_argument("--outage", type=float, default=10.0, help="seconds the server is down")
    parser.add_argument("--phase-timeout", type=float, default=300.0)
    parser.add_argument("--index", type=Path, help="an index to use (default: build a small one)")
    args = parser.parse_args()
    os.environ.setdefault("NO_PROXY", "127.0.0.1")
    fake = fake_bot_api_module()
    tracker = Tracker()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        index = args.index or small_index(tmp)
        async with make_server(fake, tracker) as api:
            process = await start_bot(api, index, tmp / "state.sqlite")
            try:
                rss_start = rss_mb(process.pid)
                show("warm-up", await phase(api, tracker, range(1, 101), 2, args.phase_timeout))
                rss_before = rss_mb(process.pid)
                users = range(10_000, 10_000 + args.users)
                first = await phase(api, tracker, users, args.messages, args.phase_timeout)
                show("load 1", first)
                rss_mid = rss_mb(process.pid)
                users = range(20_000, 20_000 + args.users)
                second = await phase(api, tracker, users, args.messages, args.phase_timeout)
                show("load 2", second)
                rss_after = rss_mb(process.pid)
                print(f"bot RSS: {rss_start:.1f} MB at start, {rss_before:.1f} MB after warm-up, "
                      f"{rss_mid:.1f} MB after {first['messages']}, {rss_after:.1f} MB after "
                      f"{first['messages'] + second['messages']} messages "
                      f"({(rss_after / rss_before - 1):+.1%} since warm-up)", flush=True)

                rng = random.Random(11)
                kinds = [lambda: fake.api_error(429), lambda: fake.api_error(500),
                         lambda: fake.Drop(), lambda: fake.Drop(2.5)]
                api.chaos = lambda method: rng.choice(kinds)() if rng.random() < 0.05 else None

                async def outage():
                    await asyncio.sleep(2)
                    print(f"fake server down for {args.outage:.0f} s", flush=True)
                    await api.go_down(args.outage)
                    print("fake server back", flush=True)
                    return time.perf_counter()

                down = asyncio.create_task(outage())
                faults = await phase(api, tracker, range(30_000, 30_100), 5, args.phase_timeout)
                api.chaos = None
                show("faults (outage + 5% failed calls)", faults)
                back = await down
                dropped = sum(1 for c in api.calls if c.fault)
                failed = sum(1 for c in api.calls if c.response and not c.response["ok"])
                print(f"injected: {dropped} dropped connections, {failed} error answers")
                first_after = min((t for t in tracker.times if t > back), default=float("nan"))
                print(f"first reply {first_after - back:.1f} s after the server came back")
                print(f"bot process still running: {process.returncode is None}")
            finally:
                if process.returncode is None:
                    process.terminate()
                status = await asyncio.wait_for(process.wait(), 60)
                print(f"bot exit status after SIGTERM: {status}")
    print(f"({os.cpu_count()} CPUs, loopback only)")


if __name__ == "__main__":
    asyncio.run(main())
