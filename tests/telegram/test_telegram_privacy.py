"""Privacy and access: the state database holds what PRIVACY.md says and nothing more, and admin
commands give nothing to anyone else, in private chats or in groups."""

from __future__ import annotations

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
    with state.db.conn:
        state.db.conn.execute("update unanswered set last_day = '2000-01-01' "
                              "where question = 'an old question'")
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
