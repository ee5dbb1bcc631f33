"""Privacy and access: the state database holds what PRIVACY.md says and nothing more, and admin
commands give nothing to anyone else, in private chats or in groups."""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from harness import ADMIN_ID, bot_session

# PRIVACY.md, "What is stored": every table and column of the state database.
DOCUMENTED = {
    "users": ["id", "lang", "role", "country", "updated"],
    "daily": ["day", "questions", "unanswered", "inline", "helpful", "not_helpful"],
    "feedback": ["passage_id", "helpful", "not_helpful"],
    "unanswered": ["question", "count", "last_day"],
    # PostgreSQL only (several workers); the SQLite file has them empty
    "question_slots": ["user_id", "slot"],
    "updates_seen": ["update_id", "seen"],
}
ANSWERED = "What is the COP initiative?"
UNANSWERED = "best recipe for sourdough bread zqxv"
SAFETY = "someone is threatening to share my son's photos unless he pays"


def dump(path: str) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type='table'")]
        return {t: conn.execute(f"select * from {t}").fetchall() for t in tables}
    finally:
        conn.close()


async def test_state_database_holds_only_what_privacy_md_describes(env):
    async with bot_session(env) as s:
        person = s.person("en", first_name="Rania")
        await person.say("/start")
        await person.say("/role parent")
        (answer,) = await person.say(ANSWERED)
        await person.press(answer, answer.button("f:1:"), expect="editMessageReplyMarkup")
        await person.say(UNANSWERED)
        await person.say(SAFETY)
        await person.inline("grooming")
        conn = sqlite3.connect(env["COP_STATE"])
        columns = {t: [c[1] for c in conn.execute(f"pragma table_info({t})")] for t in DOCUMENTED}
        conn.close()
        rows = dump(env["COP_STATE"])
        await person.say("/forget")
        after = dump(env["COP_STATE"])
    assert columns == DOCUMENTED and set(rows) == set(DOCUMENTED)
    uid = person.user["id"]
    assert rows["users"] == [(uid, None, "parent", None, rows["users"][0][4])]
    assert rows["unanswered"] == [(UNANSWERED, 1, rows["unanswered"][0][2])]
    assert [r[1:] for r in rows["daily"]] == [(3, 1, 1, 1, 0)]
    assert [r[1:] for r in rows["feedback"]] == [(1, 0)]
    assert rows["question_slots"] == [] and rows["updates_seen"] == []
    stored = repr(rows)
    for secret in (ANSWERED, SAFETY, "grooming", "Rania", str(person.chat_id) + ","):
        assert secret not in stored.replace(f"({uid},", "")
    assert after["users"] == []
    raw = b"".join(p.read_bytes() for p in Path(env["COP_STATE"]).parent.glob("state.sqlite*"))
    for secret in (ANSWERED, SAFETY, "Rania"):
        assert secret.encode() not in raw


def test_unanswered_questions_are_deleted_after_the_retention_period(tmp_path):
    from copbot.telegram.state import State
    state = State(tmp_path / "state.sqlite", keep_days=30)
    state.keep_unanswered("an old question")
    state.keep_unanswered("a recent question")
    state.db.run("update unanswered set last_day = '2000-01-01' where question = 'an old question'")
    assert state.purge() == 1
    assert [q for q, _ in state.stats().top_unanswered] == ["a recent question"]
    state.close()
    none_kept = State(tmp_path / "state.sqlite", keep_days=0)
    none_kept.keep_unanswered("never kept")
    assert none_kept.stats().top_unanswered == []
    none_kept.close()


@pytest.mark.parametrize("command", ["/stats", "/reload", "/stats@cop_test_bot",
                                     "/reload@cop_test_bot"])
async def test_admin_commands_give_nothing_to_others_nor_in_groups(env, command):
    async with bot_session(env) as s:
        stranger = s.person("en")
        await stranger.say("how do I fix the brakes of my car zqxv")
        (private,) = await stranger.say(command)
        group = s.group()
        member = s.person("en", group=group)
        admin_in_group = s.person("en", user_id=ADMIN_ID, group=group)
        (in_group,) = await member.say(command)
        (admin_group,) = await admin_in_group.say(command)
        (admin_private,) = await s.person("en", user_id=ADMIN_ID).say(command)
    for reply in (private, in_group, admin_group):
        assert "How to use this bot" in reply.text
        assert "zqxv" not in reply.text and "Index reloaded" not in reply.text
        assert "Statistics" not in reply.text
    assert "How to use this bot" not in admin_private.text


def _files(path: str) -> bytes:
    """Every byte SQLite keeps for the state database: the file, its WAL and shared memory."""
    data = b""
    for suffix in ("", "-wal", "-shm"):
        file = Path(path + suffix)
        if file.exists():
            data += file.read_bytes()
    return data


async def test_forget_leaves_no_copy_in_the_database_or_its_wal_while_the_bot_runs(env):
    async with bot_session(env) as s:
        person = s.person("en")
        await person.say("/role teacher")
        await person.say("/country Jordan")
        await person.say("/lang ar")
        record = b"areducatorJO"  # the user's row: lang, role, country, side by side
        assert record in _files(env["COP_STATE"])  # it is there before…
        await person.say("/forget")
        assert record not in _files(env["COP_STATE"])  # …and nowhere after, not even in the WAL


async def test_retention_is_applied_on_every_read_and_on_a_timer(env, monkeypatch):
    from copbot.telegram import app as bot_app
    monkeypatch.setattr(bot_app, "PURGE_EVERY", 0.3)
    old = (dt.date.today() - dt.timedelta(days=31)).isoformat()
    async with bot_session(env) as s:
        admin = s.person("en", user_id=ADMIN_ID)
        await admin.say("/help")  # the database exists
        conn = sqlite3.connect(env["COP_STATE"])
        with conn:
            conn.execute("insert into unanswered values ('past its retention zqxv', 9, ?)", (old,))
        (stats,) = await admin.say("/stats")
        assert "past its retention" not in stats.text  # the read applied the retention
        with conn:
            conn.execute("insert into unanswered values ('idle bot zqxv', 9, ?)", (old,))
        await asyncio.sleep(1.0)
        left = conn.execute("select count(*) from unanswered").fetchone()[0]
        conn.close()
        assert left == 0  # the timer did, with nobody asking anything
        assert b"idle bot zqxv" not in _files(env["COP_STATE"])


async def test_state_files_are_readable_by_their_owner_only(env):
    async with bot_session(env) as s:
        await s.person("en").say("/role parent")
        for suffix in ("", "-wal", "-shm"):
            file = Path(env["COP_STATE"] + suffix)
            if file.exists():
                assert file.stat().st_mode & 0o777 == 0o600, (file, oct(file.stat().st_mode))


async def test_stats_and_the_kept_text_have_personal_details_taken_out(env):
    # (an off-topic question the danger recogniser reads as calm: "near" ones are never stored)
    question = ("my son is called Karim, ring +962 79 123 4567 or mail rania@example.com, "
                "recipe from @bad_guy_99 on https://example.com/x — what about sourdough zqxv?")
    async with bot_session(env) as s:
        await s.person("en").say(question)
        (stats,) = await s.person("en", user_id=ADMIN_ID).say("/stats")
    kept = dump(env["COP_STATE"])["unanswered"]
    for text in (stats.text, str(kept)):
        for detail in ("Karim", "962", "rania@", "bad_guy", "example.com"):
            assert detail not in text, (detail, text)
    assert "[phone]" in kept[0][0] and "[name]" in kept[0][0]
