"""The state behind one interface, on both backends: SQLite (a file) and PostgreSQL (a real
server, tests/postgres.py). Preferences, counters, unanswered questions, feedback and retention
behave the same; a PostgreSQL state survives a restart and is seen by a second process."""

from __future__ import annotations

import pytest
from harness import bot_session

from copbot.telegram.state import State


@pytest.fixture(params=["sqlite", "postgresql"])
def where(request, tmp_path):
    if request.param == "sqlite":
        return tmp_path / "state.sqlite"
    return request.getfixturevalue("postgres_url")


def test_the_same_state_on_both_backends(where):
    state = State(where, keep_days=30)
    assert state.shared is (not hasattr(where, "suffix"))
    assert state.set_prefs(7, lang="ar").role is None
    assert state.set_prefs(7, role="parent", country="JO") == state.prefs(7)
    state.count_question(answered=True)
    state.count_question(answered=False)
    state.count_inline()
    state.keep_unanswered("my son is called Adam, how do I fix my car")
    state.keep_unanswered("my son is called Adam,  how do I fix my car")
    state.keep_unanswered("an old question")
    state.db.run("update unanswered set last_day = '2000-01-01' where question = 'an old question'")
    for helpful in (True, False, False):
        state.count_feedback("parents-en/cyberbullying/1", helpful)
    state.close()

    again = State(where, keep_days=30)  # survives a restart
    assert again.prefs(7).lang == "ar" and again.prefs(7).role == "parent"
    assert again.prefs(7).country == "JO"
    stats = again.stats()
    assert (stats.questions, stats.unanswered, stats.helpful, stats.not_helpful) == (2, 1, 1, 2)
    assert stats.top_unanswered == [("my son is called [name], how do I fix my car", 2)]  # no Adam
    assert stats.disliked == [("parents-en/cyberbullying/1", 1, 2)]
    assert again.unanswered() == [("my son is called [name], how do I fix my car", 2)]
    again.forget_country(7)
    assert again.prefs(7).country is None and again.prefs(7).lang == "ar"
    assert again.forget(7) and not again.forget(7) and again.prefs(7).lang is None
    again.close()


def test_an_unreachable_postgresql_leaves_the_bot_answering_from_memory(caplog):
    state = State("postgresql://cop:secret-pw@127.0.0.1:1/none", keep_days=30)
    assert not state.shared  # in memory until the next start
    assert state.set_prefs(1, lang="en").lang == "en" and state.prefs(1).lang == "en"
    assert "secret-pw" not in caplog.text and "***" in caplog.text
    state.close()


async def test_a_language_chosen_through_one_worker_holds_on_the_next(env, postgres_url):
    """Two bot processes in turn on one PostgreSQL state: what the first stored, the second
    reads (as two workers behind one address would)."""
    shared = {**env, "COP_STATE": postgres_url}
    async with bot_session(shared) as s:
        person = s.person("en", user_id=5151)
        (chosen,) = await person.say("/lang ar")
        await person.say("what is the fee for a passport?")  # refused: counted and kept
    async with bot_session(shared) as s:
        (start,) = await s.person("en", user_id=5151).say("/start")
    assert "بالعربية" in chosen.text
    assert "أهلًا بكم" in start.text  # Arabic, though Telegram says English
    state = State(postgres_url)
    assert state.prefs(5151).lang == "ar" and state.stats().questions == 1
    state.close()


def test_shared_question_slots_and_update_claims(where):
    state = State(where)
    assert [state.reserve_slot(9, 2, 60.0, 120.0, now=1000.0) for _ in range(3)] == [0.0, 0.0, 60.0]
    assert state.reserve_slot(9, 2, 60.0, 30.0, now=1000.0) is None  # too far ahead: not reserved
    assert state.slots(9, since=900.0) == [1000.0, 1000.0, 1060.0]
    assert state.reserve_slot(9, 2, 60.0, 120.0, now=1200.0) == 0.0  # the old ones left the window
    assert state.slots(9, since=0.0) == [1200.0]
    state.forget_slots(9)
    assert state.slots(9, since=0.0) == []
    assert state.claim_update(55, now=1000.0) and not state.claim_update(55, now=1001.0)
    assert state.claim_update(55, now=1000.0 + 86_401)  # remembered a day
    state.close()
