"""The webhook server facing the open internet: where it listens, the secret before the body,
timeouts on slow callers, a bound on open connections, file descriptors running out, and updates
that cannot be parsed. Each runs the real server of `cop-bot run` against the fake Bot API."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import resource
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fake_bot_api import FakeBotApi
from harness import TOKEN, bot_session, raw_post

from copbot.telegram import webhook
from copbot.telegram.config import Settings

pytestmark = pytest.mark.slow

PROJECT = Path(__file__).resolve().parents[2]
SECRET = "s3cret-value"
PATH = "/telegram/hook"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def webhook_env(port: int) -> dict[str, str]:
    return {"COP_WEBHOOK_URL": f"http://127.0.0.1:{port}{PATH}", "COP_WEBHOOK_SECRET": SECRET,
            "COP_PORT": str(port)}


def test_the_webhook_listens_on_loopback_unless_told_otherwise(env):
    assert Settings.from_env(env).listen == "127.0.0.1"
    assert Settings.from_env({**env, "COP_LISTEN": "0.0.0.0"}).listen == "0.0.0.0"


async def test_a_wrong_secret_is_refused_before_the_body_is_read(env):
    """403 comes back while the declared megabyte has not been sent at all; and 300 such callers
    sending the largest body anyway leave the bot's memory where it was."""
    port = free_port()
    async with bot_session(env, **webhook_env(port)):
        status, closed = await raw_post(port, PATH, b"", secret="wrong", length=1 << 20)
        assert (status, closed) == (403, True)

        def rss_mb() -> float:
            with open(f"/proc/{os.getpid()}/status") as f:
                line = next(x for x in f if x.startswith("VmRSS"))
            return int(line.split()[1]) / 1024

        before = rss_mb()
        biggest = b"x" * (webhook.MAX_BODY_BYTES - 1)
        statuses = []
        for _ in range(6):  # 300 in all, 50 at a time (within the bound on open connections)
            results = await asyncio.gather(*(raw_post(port, PATH, biggest, secret="wrong")
                                             for _ in range(50)), return_exceptions=True)
            statuses += [r[0] if isinstance(r, tuple) else type(r).__name__ for r in results]
        # refused: 403, or the connection closed under a caller still sending its body
        assert set(statuses) <= {403, "ConnectionResetError", "BrokenPipeError"}, statuses
        assert rss_mb() - before < 40  # 300 bodies kept would be 75 MB


async def test_slow_callers_are_cut_off_and_connections_are_bounded(env, monkeypatch):
    monkeypatch.setattr(webhook, "HEADER_TIMEOUT", 0.5)
    monkeypatch.setattr(webhook, "MAX_CONNECTIONS", 20)
    port = free_port()
    async with bot_session(env, **webhook_env(port)) as s:
        # slowloris: a request line and then nothing; 30 of them, more than may be open
        idle = [await asyncio.open_connection("127.0.0.1", port) for _ in range(30)]
        await asyncio.sleep(0.1)
        for _, writer in idle:
            writer.write(b"POST /telegram/hook HTTP/1.1\r\nHost: x\r\n")
        started = time.monotonic()
        closed = await asyncio.gather(*(asyncio.wait_for(reader.read(), 5) for reader, _ in idle))
        assert all(data == b"" for data in closed)  # every one was closed by the server
        assert time.monotonic() - started < 4
        for _, writer in idle:
            writer.close()
        # the bot still answers Telegram's pushes
        (reply,) = await s.person("en").say("/start")
        assert "Welcome" in reply.text


async def test_updates_that_cannot_be_parsed_are_answered_200_and_logged_by_id(env, caplog):
    port = free_port()
    nested = b'{"update_id": 777, "message": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    async with bot_session(env, **webhook_env(port)) as s:
        with caplog.at_level(logging.WARNING):
            for body in (nested, b"\xff\xfe not even text", b"[]", b'"a string"'):
                status, _ = await raw_post(port, PATH, body, secret=SECRET)
                assert status == 200
        (reply,) = await s.person("en").say("/start")
        assert "Welcome" in reply.text
    assert "skipped update 777" in caplog.text
    assert "Traceback" not in caplog.text and not [r for r in caplog.records
                                                   if r.levelno >= logging.ERROR]


def _limit_open_files(limit: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))
    return apply


async def test_running_out_of_file_descriptors_is_logged_once_and_survived(env, tmp_path):
    """`cop-bot run` with 80 file descriptors, flooded with connections: accepting pauses and
    the failure is logged once (not a traceback per attempt), and once the flood goes away the
    bot answers again."""
    port = free_port()
    log_file = tmp_path / "bot.log"
    async with FakeBotApi(TOKEN) as api:
        child_env = {**os.environ, **env, **webhook_env(port), "TELEGRAM_BASE_URL": api.url,
                     "COP_LOG_LEVEL": "INFO", "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}
        with open(log_file, "wb") as out:
            bot = subprocess.Popen([sys.executable, "-m", "copbot", "run"], cwd=PROJECT,
                                   env=child_env, stdout=out, stderr=subprocess.STDOUT,
                                   preexec_fn=_limit_open_files(80))
        try:
            await api.wait(lambda calls: any(c.method == "setWebhook" for c in calls), timeout=20)
            flood = []
            for _ in range(150):  # more than the bot has descriptors for
                try:
                    flood.append(await asyncio.open_connection("127.0.0.1", port))
                except OSError:
                    break
            await asyncio.sleep(2)
            for _, writer in flood:
                writer.close()
            await asyncio.sleep(webhook.ACCEPT_PAUSE[1] + 0.5)
            person = _person(api)
            (reply,) = await person.say("/start")
            assert "Welcome" in reply.text
        finally:
            bot.terminate()
            bot.wait(15)
    log = log_file.read_text(encoding="utf-8", errors="replace")
    assert log.count("cannot accept connections") == 1, log[-3000:]
    assert "Traceback" not in log, log[-3000:]
    assert len(log) < 20_000


def _person(api: FakeBotApi):
    from harness import Person
    user = {"id": 4321, "is_bot": False, "first_name": "Ann", "language_code": "en"}
    return Person(api, user, {"id": 4321, "type": "private", "first_name": "Ann"})


async def test_a_webhook_push_with_the_right_secret_still_works_end_to_end(env):
    port = free_port()
    async with bot_session(env, **webhook_env(port)) as s:
        update = {"update_id": 31337, "message": s.api.message(
            "/help", {"id": 55, "is_bot": False, "first_name": "Eve"}, {"id": 55, "type": "private"})}
        status, _ = await raw_post(port, PATH, json.dumps(update).encode(), secret=SECRET)
        assert status == 200
        await s.api.wait_calls("sendMessage", since=0, chat_id=55)
