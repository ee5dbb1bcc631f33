"""One chat or user cannot take the bot from the others: floods from a group, commands, buttons,
inline queries and votes over a per-user budget, button data the bot never sent, and limits
whose memory is bounded. End to end against the fake Bot API."""

from __future__ import annotations

import asyncio
import itertools
import logging
import time

from harness import Person, bot_session

from copbot.telegram.limits import ActionBudget, UserRateLimit, Votes
from copbot.telegram.state import State

QUESTION = "What is the COP initiative?"
_ids = itertools.count(500_000)


def member(s, group: dict) -> Person:
    return s.person("en", group=group)


async def time_a_question_behind(s, groups: list[int], each: int, settle: float) -> float:
    """One member of each group sends `each` × /help; after `settle` seconds another user asks
    a question in private. Seconds until its answer (checked to be one)."""
    for chat_id in groups:
        group = s.group(chat_id)
        spammer = member(s, group)
        for _ in range(each):
            await s.api.push("message", s.api.message("/help", spammer.user, group))
    await asyncio.sleep(settle)
    started = time.monotonic()
    (answer,) = await s.person("en").say(QUESTION)
    assert "📖" in answer.text
    return time.monotonic() - started


async def test_a_flooding_group_member_does_not_hold_up_another_users_question(env):
    """60 × /help from one member of one supergroup: a private question is answered at once,
    while the group's replies wait for Telegram's limit of 20 messages a minute per group."""
    async with bot_session(env, COP_USER_ACTIONS="20") as s:  # 21 replies: the bot stops soon
        waited = await time_a_question_behind(s, [-100_777], each=60, settle=0.5)
    assert waited < 2, f"a private question waited {waited:.1f} s behind one group"


async def test_many_groups_at_their_send_limit_leave_slots_for_everyone_else(env):
    """Ten groups each over Telegram's per-group send limit (more groups than the bot has slots):
    waiting for that limit holds no slot, so a private question goes straight through."""
    async with bot_session(env, COP_USER_ACTIONS="100") as s:
        # 22 each: 20 go out at once, the rest wait three seconds each
        waited = await time_a_question_behind(s, [-100_000 - n for n in range(10)], each=22,
                                              settle=1.0)
    assert waited < 2, f"a private question waited {waited:.1f} s behind ten groups"


async def test_commands_over_the_budget_get_one_notice_and_the_danger_entry_still_works(env):
    async with bot_session(env, COP_USER_ACTIONS="5") as s:
        person = s.person("en")
        mark = s.api.mark()
        for _ in range(12):
            await s.api.push("message", s.api.message("/help", person.user, person.chat))
        replies = await s.api.wait_calls("sendMessage", 6, since=mark, chat_id=person.chat_id)
        await person.silence(s.api.mark(), seconds=0.6)
        sent = [c for c in s.api.calls[mark:] if c.method == "sendMessage"]
        assert len(sent) == 6  # 5 answered, then one notice, then nothing
        assert "please wait about" in sent[-1].text.lower()
        assert sent[-1].button("D:en")  # the notice carries the danger entry
        assert sum("please wait" in c.text.lower() for c in replies) == 1
        # the danger entry is never limited
        (situations,) = await person.say("/danger")
        (card,) = await person.press(situations, situations.buttons[0])
        assert "⚠️" in card.text
        # greetings count too: no reply to a flood of "hi" beyond the notice already given
        await person.say("hi", replies=0)


async def test_button_presses_over_the_budget_are_refused_with_an_alert(env):
    async with bot_session(env, COP_USER_ACTIONS="3") as s:
        person = s.person("en")
        (answer,) = await person.say(QUESTION)  # a question: counted by the question limit
        button = answer.button("p:")
        for _ in range(3):
            await person.press(answer, button)
        mark = s.api.mark()
        (alert,) = await person.press(answer, button, expect="answerCallbackQuery")
        assert alert.params.get("show_alert") in (True, "true")
        assert "too many taps" in alert.params["text"].lower()
        await person.silence(mark)


async def test_inline_queries_over_the_budget_get_a_wait_button_not_a_search(env):
    async with bot_session(env, COP_USER_ACTIONS="2") as s:
        person = s.person("en")
        first = await person.inline("bullying")
        await person.inline("bullying at")
        third = await person.inline("bullying at school")
    assert first.params["results"]
    assert third.params["results"] == [] and "wait" in third.params["button"]["text"].lower()


async def test_button_data_the_bot_did_not_send_is_refused(env, caplog):
    """Any client can send any callback data: a "more results" button for passages never shown,
    and an empty one, are refused without a message and without an error."""
    async with bot_session(env) as s:
        person = s.person("en")
        (answer,) = await person.say(QUESTION)
        stored = s.api.messages[(person.chat_id, answer.result["message_id"])]
        forged = ".".join(str(n) for n in range(1, 60))
        for data in (f"m:en:{forged}", "", "x:en:0", "f:1:en:3"):
            mark = s.api.mark()
            query = {"id": str(next(_ids)), "from": person.user, "chat_instance": "1",
                     "message": stored}
            if data:
                query["data"] = data
            with caplog.at_level(logging.ERROR):
                await s.api.push("callback_query", query)
                (refused,) = await s.api.wait_calls("answerCallbackQuery", since=mark,
                                                    callback_query_id=query["id"])
            assert "out of date" in refused.params["text"]
            await person.silence(mark, seconds=0.2)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert State(env["COP_STATE"]).stats().helpful == 0


async def test_one_vote_per_user_per_answer(env):
    """Even when the buttons could not be taken away (the edit failed), a second vote on the
    same answer is not counted; another user's vote is."""
    async with bot_session(env) as s:
        person, other = s.person("en"), s.person("en")
        (answer,) = await person.say(QUESTION)
        s.api.fail_next("editMessageReplyMarkup", code=400, times=5)
        up = answer.button("f:1:")
        for _ in range(3):
            await person.press(answer, up, expect="answerCallbackQuery")
        stored = s.api.messages[(person.chat_id, answer.result["message_id"])]
        other_chat = Person(s.api, other.user, person.chat)  # the same answer, seen by someone else
        await other_chat.press(answer, up, expect="answerCallbackQuery")
        assert stored["reply_markup"]  # the edit failed: the buttons are still there
    stats = State(env["COP_STATE"]).stats()
    assert stats.helpful == 2 and stats.not_helpful == 0


def test_question_limit_forgets_idle_users_and_stays_bounded():
    now = [0.0]
    limit = UserRateLimit(10, window=60, clock=lambda: now[0], max_users=1000)
    for user in range(200_000):
        limit.acquire(user)
    assert limit.users <= 1000  # never more than the bound, however many users at once
    now[0] += 61
    limit.acquire(1)
    assert limit.users == 1  # the idle ones are gone after a window
    now[0] += 1
    assert all(limit.acquire(1) == 0 for _ in range(9))  # the one kept still counts right
    assert limit.acquire(1) > 0


def test_action_budget_and_votes_forget_too():
    now = [0.0]
    budget = ActionBudget(2, window=60, clock=lambda: now[0], max_users=100)
    assert budget.take(1) == 0 and budget.take(1) == 0 and budget.take(1) > 0
    assert budget.first_refusal(1) and not budget.first_refusal(1)
    for user in range(5000):
        budget.take(user)
    assert budget.users <= 100
    now[0] += 61
    budget.take(1)
    assert budget.users == 1 and budget.first_refusal(1)
    votes = Votes(keep=3600, clock=lambda: now[0], max_votes=100)
    assert votes.first(1, 1, 1) and not votes.first(1, 1, 1) and votes.first(2, 1, 1)
    for message in range(1000):
        votes.first(3, 1, message)
    assert len(votes) <= 100
