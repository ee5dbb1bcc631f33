"""Running the bot: commands registered, flood control retried, webhook mode with its secret,
`cop-bot run` as a process stopped by SIGINT, and the one-line errors of a bad set-up."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
from pathlib import Path

import aiohttp
import pytest
from fake_bot_api import FakeBotApi
from harness import TOKEN, Person, bot_session, raw_post

from copbot.telegram.app import run

pytestmark = pytest.mark.slow

PROJECT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_commands_are_registered_in_english_and_arabic(env):
    async with bot_session(env) as s:
        commands = s.api.commands
    assert [c["command"] for c in commands[""]][:3] == ["danger", "start", "ask"]
    assert commands["ar"][0] == {"command": "danger", "description": "🚨 طفل في خطر الآن"}
    assert commands["ar"][1] == {"command": "start", "description": "الترحيب وأمثلة الأسئلة واختيار الدور"}
    assert "reload" not in {c["command"] for c in commands[""]}


async def test_flood_control_429_is_waited_out_and_retried(env):
    async with bot_session(env) as s:
        person = s.person("en")
        s.api.fail_next("sendMessage", code=429, retry_after=1)
        refused, delivered = await person.say("What is the COP initiative?", replies=2)
    assert refused.response["error_code"] == 429
    assert delivered.ok and delivered.params["text"] == refused.params["text"]
    assert delivered.at - refused.at >= 1.0


async def test_webhook_mode_receives_pushed_updates_and_rejects_a_wrong_secret(env):
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    extra = {"COP_WEBHOOK_URL": url, "COP_WEBHOOK_SECRET": "s3cret-value", "COP_LISTEN": "127.0.0.1",
             "COP_PORT": str(port)}
    async with bot_session(env, **extra) as s:
        assert s.api.webhook == {"url": url, "secret_token": "s3cret-value"}
        assert not any(c.method == "getUpdates" for c in s.api.calls)
        (reply,) = await s.person("en").say("/start")
        assert "Welcome" in reply.text
        update = {"update_id": 999, "message": s.api.message("/help", {"id": 1, "is_bot": False,
                  "first_name": "Eve"}, {"id": 1, "type": "private"})}
        body = json.dumps(update).encode()
        for secret in ("wrong", None):
            status, _ = await raw_post(port, "/telegram/hook", body, secret=secret)
            assert status == 403
        await asyncio.sleep(0.2)
        assert not [c for c in s.api.calls if c.params.get("chat_id") == 1]
    assert s.api.deliveries == [200]


async def test_webhook_mode_skips_an_update_it_cannot_read_and_keeps_serving(env, caplog):
    """Answered 200 (Telegram would re-send it forever otherwise), logged by id without its
    content, and the next update is served."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    extra = {"COP_WEBHOOK_URL": url, "COP_WEBHOOK_SECRET": "s3cret-value", "COP_LISTEN": "127.0.0.1",
             "COP_PORT": str(port)}
    headers = {"X-Telegram-Bot-Api-Secret-Token": "s3cret-value"}
    broken = {"update_id": 4242, "message": {"message_id": "not a number", "date": "yesterday",
                                             "chat": "private diary text", "text": "private diary text"}}
    async with bot_session(env, **extra) as s:
        async with aiohttp.ClientSession() as http:
            async with http.post(url, json=broken, headers=headers) as response:
                assert response.status == 200
            async with http.post(url, data=b"{not json", headers=headers) as response:
                assert response.status == 200  # not JSON: nothing to gain from a re-send
        (reply,) = await s.person("en").say("/start")
        assert "Welcome" in reply.text
    assert "skipped update 4242" in caplog.text
    assert "private diary text" not in caplog.text


def test_missing_or_malformed_token_exits_2_with_one_line(env, capsys):
    for token in ("", "not-a-token", "123:short"):
        assert run({**env, "TELEGRAM_BOT_TOKEN": token}) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("error: TELEGRAM_BOT_TOKEN")
        assert not token or token not in err


@pytest.mark.parametrize("name, value, message", [
    ("COP_ADMIN_IDS", "12,abc", "COP_ADMIN_IDS: 'abc' is not a numeric Telegram user id"),
    ("COP_PORT", "99999", "COP_PORT '99999' must be between 1 and 65535"),
    ("COP_WEBHOOK_URL", "https://bot.example.org/hook", "COP_WEBHOOK_SECRET must be set"),
    ("COP_LOG_LEVEL", "chatty", "COP_LOG_LEVEL 'CHATTY' is not one of"),
])
def test_bad_settings_exit_2_naming_the_variable(env, capsys, name, value, message):
    assert run({**env, name: value}) == 2
    assert message in capsys.readouterr().err


def test_missing_index_exits_1_before_contacting_telegram(env, tmp_path, capsys):
    missing = tmp_path / "nowhere.sqlite"
    assert run({**env, "COP_INDEX": str(missing), "TELEGRAM_BASE_URL": "http://127.0.0.1:9"}) == 1
    err = capsys.readouterr().err
    assert err == f"error: {missing}: no index here; build it with `cop-bot build`\n"
    assert not (tmp_path / "state.sqlite").exists()


async def test_cop_bot_run_as_a_process_stops_cleanly_on_sigint(env):
    async with FakeBotApi(TOKEN) as api:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "copbot", "run",
            cwd=PROJECT,
            env={**os.environ, **env, "TELEGRAM_BASE_URL": api.url, "COP_LOG_LEVEL": "DEBUG",
                 "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"},
            stderr=asyncio.subprocess.PIPE,
        )
        stderr_read = asyncio.create_task(process.stderr.read())  # drained, so it never blocks
        try:
            await api.wait(lambda calls: any(c.method == "getUpdates" for c in calls), timeout=20)
            person = Person(api, {"id": 42, "is_bot": False, "first_name": "P", "language_code": "en"},
                            {"id": 42, "type": "private"})
            (reply,) = await person.say("/start")
            assert "Welcome" in reply.text
            process.send_signal(signal.SIGINT)
            status = await asyncio.wait_for(process.wait(), 15)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
        stderr = (await stderr_read).decode()
    assert status == 0, stderr
    assert "polling for updates" in stderr and "Application.stop() complete" in stderr
    assert TOKEN not in stderr and TOKEN.split(":")[1] not in stderr
