"""Faults: the Bot API failing in every way the fake server can (429, 5xx, dropped connections,
timeouts, down for a while), malformed updates, a broken index, a locked or unusable state
database, and SIGTERM during a burst. Every question is answered exactly once."""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import signal
import sqlite3
import sys
from collections import Counter
from pathlib import Path

import pytest
from fake_bot_api import Drop, FakeBotApi, api_error
from harness import ADMIN_ID, TOKEN, Session, bot_session

from copbot.telegram.app import run
from copbot.telegram.config import Settings

pytestmark = pytest.mark.slow

PROJECT = Path(__file__).resolve().parents[2]
QUESTIONS = ("What is the COP initiative?", "ما هي مبادرة حماية الأطفال على الإنترنت؟",
             "Where can I report child sexual abuse material?", "what is the best bread recipe")
APOLOGY = "Sorry, something went wrong"
FAST = {"COP_API_TIMEOUT": "0.5", "COP_USER_RATE": "1000", "COP_SEND_RATE": "1000"}


def replies_per_chat(api: FakeBotApi) -> Counter:
    return Counter(int(c.params["chat_id"]) for c in api.calls
                   if c.method == "sendMessage" and c.ok)


async def ask_all(s, people: int, each: int) -> list[int]:
    """`people` users each send `each` questions at once; their chat ids."""
    persons = [s.person("en") for _ in range(people)]
    for i in range(each):
        for j, p in enumerate(persons):
            message = s.api.message(QUESTIONS[(i + j) % len(QUESTIONS)], p.user, p.chat)
            await s.api.push("message", message)
    return [p.chat_id for p in persons]


async def all_answered(api: FakeBotApi, chats: list[int], each: int, timeout: float = 20) -> None:
    await api.wait(lambda calls: all(replies_per_chat(api)[c] >= each for c in chats),
                   timeout=timeout)
    await asyncio.sleep(0.5)  # a duplicate would arrive now


def assert_exactly_once(api: FakeBotApi, chats: list[int], each: int) -> None:
    counts = replies_per_chat(api)
    assert {c: counts[c] for c in chats} == {c: each for c in chats}
    assert not [c for c in api.calls if c.method == "sendMessage" and APOLOGY in c.text]


async def test_errors_drops_and_timeouts_are_retried_and_each_question_answered_once(env):
    async with bot_session({**env, **FAST}) as s:
        api = s.api
        api.fail_next("sendMessage", code=500, times=2)
        api.fail_next("sendMessage", code=502)
        api.drop_next("sendMessage")
        api.drop_next("sendMessage", hold=1.0)  # longer than COP_API_TIMEOUT: a timeout
        api.fail_next("sendMessage", code=429, retry_after=1)
        api.fail_next("sendChatAction", code=500)
        api.drop_next("getUpdates")
        api.fail_next("getUpdates", code=500)
        api.drop_next("getUpdates", hold=0.2)
        chats = await ask_all(s, people=8, each=3)
        await all_answered(api, chats, 3)
        assert_exactly_once(api, chats, 3)
        faults = [c for c in api.calls if c.fault or (c.response and not c.ok)]
    assert len(faults) >= 10


async def test_random_faults_on_a_fifth_of_all_calls(env):
    rng = random.Random(7)
    kinds = [lambda: api_error(500), lambda: api_error(429), lambda: Drop(), lambda: Drop(0.7)]

    def chaos(method: str):
        return rng.choice(kinds)() if rng.random() < 0.2 else None

    async with bot_session({**env, **FAST}) as s:
        s.api.chaos = chaos
        chats = await ask_all(s, people=10, each=3)
        await all_answered(s.api, chats, 3, timeout=25)
        s.api.chaos = None
        assert_exactly_once(s.api, chats, 3)


async def test_server_down_for_a_while_then_back(env):
    seconds = float(os.environ.get("COP_TEST_OUTAGE", "2"))
    async with bot_session({**env, **FAST}) as s:
        first = await ask_all(s, people=4, each=1)
        await all_answered(s.api, first, 1)
        outage = asyncio.create_task(s.api.go_down(seconds))
        await asyncio.sleep(0.1)
        during = await ask_all(s, people=6, each=2)  # queued while the server is away
        await outage
        after = await ask_all(s, people=3, each=1)
        await all_answered(s.api, after, 1, timeout=25)
        await all_answered(s.api, during, 2, timeout=25)
        assert_exactly_once(s.api, first + after, 1)
        assert_exactly_once(s.api, during, 2)
        assert any(c.fault for c in s.api.calls)


# --- malformed updates ------------------------------------------------------------------------


async def test_malformed_and_unexpected_updates_never_stop_the_bot(env):
    async with bot_session(env) as s:
        api = s.api
        person = s.person("en")
        user, chat = person.user, person.chat
        base = {"date": 0, "chat": chat, "from": user}
        media = {
            "photo": [{"file_id": "p", "file_unique_id": "p1", "width": 1, "height": 1}],
            "voice": {"file_id": "v", "file_unique_id": "v1", "duration": 1},
            "document": {"file_id": "d", "file_unique_id": "d1", "file_name": "x.pdf"},
            "sticker": {"file_id": "s", "file_unique_id": "s1", "width": 1, "height": 1,
                        "is_animated": False, "is_video": False, "type": "regular"},
        }
        raw = [
            {"message": {"message_id": 1, "chat": chat, "text": "no date"}},  # unparsable
            {"message": {"date": 0, "chat": chat, "text": "no id"}},  # unparsable
            {"message": {"message_id": 2, "date": 0, "chat": {"id": 5}, "text": "no type"}},
            {"message": [1, 2]},
            {"future_update_kind": {"x": 1}},  # an update type this version does not know
            {},  # nothing at all
            {"edited_message": {**base, "message_id": 3, "text": "edited", "edit_date": 1}},
            {"channel_post": {"message_id": 4, "date": 0, "text": "post",
                              "chat": {"id": -1001, "type": "channel"}}},
            {"callback_query": {"id": "9", "from": user, "chat_instance": "1"}},  # no data
            {"message": {"message_id": 5, "date": 0, "chat": chat, "text": "What is the COP "
                         "initiative?"}},  # no sender
            *({"message": {**base, "message_id": 10 + i, kind: value}}
              for i, (kind, value) in enumerate(media.items())),
        ]
        mark = api.mark()
        async with api._changed:
            for update in raw:
                update["update_id"] = next(api._update_ids)
                api.updates.append(update)
            api._changed.notify_all()
        await api.push("message", api.message("Where can I report child sexual abuse material?",
                                              user, chat))
        await api.wait_calls("sendMessage", 6, since=mark)
        await asyncio.sleep(0.3)
        sent = [c for c in api.calls[mark:] if c.method == "sendMessage" and c.ok]
    texts = [c.text for c in sent]
    after = sent[-1]
    # photo, voice, document, sticker: what the bot can read, and the danger button
    assert sum("I can read text only" in t for t in texts) == 4
    assert sum("📖" in t for t in texts) == 2  # the question without a sender, and the last one
    assert "📖" in after.text
    assert not [t for t in texts if APOLOGY in t]
    assert len(sent) == 6  # nothing for the rest


# --- the index --------------------------------------------------------------------------------


def _break(path: Path, how: str, good: Path) -> None:
    if how == "missing":
        path.unlink(missing_ok=True)
    elif how == "truncated":
        shutil.copy(good, path)
        os.truncate(path, path.stat().st_size // 2)
    else:
        path.write_bytes(b"SQLite format 3\x00" + os.urandom(4096))


@pytest.mark.parametrize("how", ["missing", "truncated", "corrupt"])
def test_a_broken_index_at_start_is_an_explicit_error(env, tg_index, tmp_path, capsys, how):
    index = tmp_path / "cop.sqlite"
    _break(index, how, tg_index)
    assert run({**env, "COP_INDEX": str(index), "TELEGRAM_BASE_URL": "http://127.0.0.1:9"}) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {index}: ") and err.count("\n") == 1
    assert ("no index here" if how == "missing" else "not a usable index") in err


@pytest.mark.parametrize("how", ["missing", "truncated", "corrupt"])
async def test_a_broken_index_at_reload_leaves_the_old_one_serving(env, tg_index, tmp_path,
                                                                   caplog, how):
    index = tmp_path / "cop.sqlite"
    shutil.copy(tg_index, index)
    async with bot_session({**env, "COP_INDEX": str(index), "COP_INDEX_CHECK_SECONDS": "3600"}) as s:
        admin = s.person("en", user_id=ADMIN_ID)
        broken = tmp_path / "new.sqlite"
        _break(broken, how, tg_index)
        if how == "missing":
            index.unlink()
        else:
            os.replace(broken, index)
        (failed,) = await admin.say("/reload")
        (still,) = await admin.say("What is the COP initiative?")
    assert "could not be reloaded" in failed.text
    assert "📖" in still.text
    assert any(r.levelname in ("WARNING", "ERROR") and str(index) in r.getMessage()
               for r in caplog.records)


# --- the state database -------------------------------------------------------------------------


async def test_a_locked_state_database_does_not_stop_answers(env, caplog):
    async with bot_session(env) as s:
        person = s.person("en")
        await person.say("/start")
        lock = sqlite3.connect(env["COP_STATE"], isolation_level=None)
        lock.execute("begin exclusive")  # another process holds the write lock
        try:
            (lang,) = await person.say("/lang ar")
            (answer,) = await person.say("ما هي مبادرة حماية الأطفال على الإنترنت؟")
            (other,) = await person.say("what is the best bread recipe")
        finally:
            lock.execute("rollback")
            lock.close()
        (later,) = await person.say("What is the COP initiative?")
    assert "سأكتب لكم بالعربية" in lang.text
    assert "📖" in answer.text and "📖" in later.text and "🤷" in other.text
    assert any("state database" in r.getMessage() and "locked" in r.getMessage()
               for r in caplog.records)


async def test_an_unusable_state_database_keeps_preferences_in_memory(env, tmp_path, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the state folder should be")
    async with bot_session({**env, "COP_STATE": str(blocker / "state.sqlite")}) as s:
        person = s.person("en")
        await person.say("/lang ar")
        (answer,) = await person.say("What is the COP initiative?")
        (help_,) = await person.say("/help")
    assert "📖" in answer.text
    assert "‏" in help_.text  # Arabic: the preference held for this run
    assert any("unusable" in r.getMessage() for r in caplog.records)


# --- SIGTERM during a burst, and the token in logs -------------------------------------------


_stderr: dict[int, asyncio.Task] = {}  # pid -> the task draining its stderr


async def _start_process(api: FakeBotApi, env: dict) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "copbot", "run", cwd=PROJECT,
        env={**os.environ, **env, "TELEGRAM_BASE_URL": api.url, "COP_LOG_LEVEL": "DEBUG",
             "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"},
        stderr=asyncio.subprocess.PIPE)
    # drained from the start: a full pipe would block the bot's logging, and with it the bot
    _stderr[process.pid] = asyncio.create_task(process.stderr.read())
    return process


async def _stop(process, sig) -> tuple[int, str]:
    reader = _stderr.pop(process.pid)
    try:
        process.send_signal(sig)
        status = await asyncio.wait_for(process.wait(), 20)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    return status, (await reader).decode()


async def test_sigterm_during_a_burst_finishes_in_flight_answers_then_exits_cleanly(env):
    env = {**env, **FAST, "COP_API_TIMEOUT": "2"}
    async with FakeBotApi(TOKEN) as api:
        process = await _start_process(api, env)
        try:
            await api.wait(lambda calls: any(c.method == "getUpdates" for c in calls), timeout=20)
        except BaseException:
            process.kill()
            raise
        s = Session(api, Settings.from_env({**env, "TELEGRAM_BASE_URL": api.url}))
        api.fail_next("sendMessage", code=500)  # faults in the logs too: the token must not leak
        api.drop_next("sendMessage")
        chats = await ask_all(s, people=50, each=3)  # more than one getUpdates batch (100)
        await api.wait(lambda calls: sum(c.method == "sendMessage" and c.ok for c in calls) >= 3)
        status, stderr = await _stop(process, signal.SIGTERM)
        answered = replies_per_chat(api)
        pending = Counter(u["message"]["chat"]["id"] for u in api.updates)
        # every question was answered once, or is still unconfirmed at Telegram (asked again later)
        assert all(answered[c] + pending[c] == 3 for c in chats)
        mark = api.mark()
        process = await _start_process(api, env)  # the next start answers the rest
        await api.wait(lambda calls: any(c.method == "getUpdates" for c in calls), since=mark,
                       timeout=20)
        await all_answered(api, chats, 3, timeout=20)
        status2, stderr2 = await _stop(process, signal.SIGTERM)
        texts = [c.text for c in api.calls if c.method == "sendMessage"]
    assert status == 0 and status2 == 0, stderr
    assert "Application.stop() complete" in stderr
    assert_exactly_once(api, chats, 3)
    for out in (stderr, stderr2, *texts):
        assert TOKEN not in out and TOKEN.split(":")[1] not in out
    assert "sendMessage failed" in stderr

