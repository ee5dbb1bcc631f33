"""One question sent as several messages is answered once: a burst of fragments, a long story
Telegram split in two. A finished question and a child in danger never wait."""

from __future__ import annotations

import pytest
from harness import bot_session

from copbot.telegram.fragments import MAX_PARTS, MAX_WAIT_SECONDS, Fragments, looks_unfinished

WAIT = "1.0"  # seconds an unfinished-looking message waits for the rest
LONG_WAIT = "9"  # so long that an answer within the harness's few seconds did not wait

BURST = {"en": ["hi", "i am a teacher", "where can i find", "the ITU guidelines for parents in arabic?"],
         "ar": ["مرحبا", "انا معلمة", "وين بلاقي", "ارشادات الاتحاد الدولي للاهل بالعربي؟"]}


@pytest.mark.parametrize("lang", ["en", "ar"])
async def test_a_burst_of_fragments_is_answered_once_as_one_question(env, lang):
    async with bot_session(env, COP_FRAGMENT_SECONDS=WAIT) as s:
        person = s.person(lang)
        mark = s.api.mark()
        for part in BURST[lang]:
            await person.send(part)
        (answer,) = await s.api.wait_calls("sendMessage", since=mark, chat_id=person.chat_id)
        await person.silence(mark + 1 + s.api.calls[mark:].index(answer), seconds=float(WAIT) + 0.5)
    assert "📖" in answer.text or "💡" in answer.text  # the joined question, answered
    sent = [c for c in s.api.calls[mark:] if c.method == "sendMessage"]
    assert len(sent) == 1  # no greeting, no answer per fragment


async def test_a_message_telegram_split_in_two_gets_one_answer(env):
    story = ("I teach at a primary school and our staff are preparing an evening for parents about "
             "how their children use the internet at home and at school. ") * 30
    first, rest = story[:4096], story[4096:] + "Where can I find the ITU guidelines for parents?"
    assert looks_unfinished(first) and not looks_unfinished(rest)
    async with bot_session(env, COP_FRAGMENT_SECONDS=WAIT) as s:
        person = s.person("en")
        mark = s.api.mark()
        await person.send(first)
        await person.send(rest)
        (answer,) = await s.api.wait_calls("sendMessage", since=mark, chat_id=person.chat_id)
        await person.silence(len(s.api.calls), seconds=float(WAIT) + 0.5)
    sent = [c for c in s.api.calls[mark:] if c.method == "sendMessage"]
    assert sent == [answer]


async def test_a_finished_question_and_a_message_about_a_child_in_danger_never_wait(env):
    async with bot_session(env, COP_FRAGMENT_SECONDS=LONG_WAIT) as s:
        person = s.person("en")
        (answer,) = await person.say("how do I report an account that harasses my daughter?")
        other = s.person("ar")
        await other.send("مرحبا")
        # unpunctuated, after a greeting that waits: a child in danger, answered at once
        replies = await other.say("في واحد بيهدد بنتي انه ينشر صورها لو ما بعتتلو فلوس", replies=2)
    assert "📖" in answer.text or "💡" in answer.text
    assert "⚠️" in replies[0].text[:3]  # the card first
    assert not any("مرحب" in r.text and len(r.text) < 80 for r in replies)  # no separate greeting


async def test_forget_drops_what_waits(env):
    async with bot_session(env, COP_FRAGMENT_SECONDS=WAIT) as s:
        person = s.person("en")
        await person.send("my daughter")
        (done,) = await person.say("/forget")
        mark = s.api.mark()
        await person.silence(mark, seconds=float(WAIT) + 0.5)
    assert "🤷" not in done.text


@pytest.mark.parametrize("text, unfinished", [
    ("hi", True), ("my son", True), ("التنمر", True), ("بنتي في مشكلة", True),
    ("التنمر؟", False), ("what is grooming?", False), ("thanks!", False),
    ("how can I set up parental controls on my son's new phone and tablet", False),
    ("x" * 4000, True),
])
def test_looks_unfinished(text, unfinished):
    assert looks_unfinished(text) is unfinished


def test_the_wait_ends_with_a_finished_message_or_at_its_limits():
    now = [0.0]
    fragments = Fragments(2.0, clock=lambda: now[0])
    key = (1, 1)
    assert fragments.add(key, "my son") == "my son" and not fragments.must_answer(key, "my son")
    assert fragments.add(key, " is bullied ") == "my son is bullied"
    fragments.add(key, "what do I do?")
    assert fragments.must_answer(key, "what do I do?")
    assert fragments.take(key) == "my son is bullied what do I do?" and fragments.take(key) == ""
    for _ in range(MAX_PARTS):
        fragments.add(key, "a")
    assert fragments.must_answer(key, "a")  # too many parts
    fragments.take(key)
    fragments.add(key, "a")
    now[0] = MAX_WAIT_SECONDS
    assert fragments.must_answer(key, "b")  # waited long enough
    assert not Fragments(0).enabled
