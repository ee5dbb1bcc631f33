"""Follow-ups in context: a message that reads as a continuation is searched with the chat's
previous question, says so, and is kept (when unanswered) as sent, never with that question."""

from __future__ import annotations

import pytest
from harness import bot_session, visible

from copbot.telegram.followups import RecentQuestions, reads_as_follow_up

FIRST = {"en": "how do I report an account that is harassing my daughter?",
         "ar": "كيف ابلغ عن حساب بيضايق بنتي؟"}
THEN = {"en": "and what if it's on snapchat?", "ar": "طيب ولو على الانستغرام؟"}


@pytest.mark.parametrize("lang", ["en", "ar"])
async def test_a_follow_up_is_answered_with_the_previous_question(env, lang):
    async with bot_session(env) as s:
        person = s.person(lang)
        (first,) = await person.say(FIRST[lang])
        (then,) = await person.say(THEN[lang])
        (alone,) = await s.person(lang, user_id=4242).say(THEN[lang])  # another chat: no context
    assert "↪️" not in first.text
    assert "↪️" in then.text and FIRST[lang].split()[0] in then.text
    assert "📖" in then.text or "💡" in then.text  # answered
    assert "↪️" not in alone.text and visible(alone.text) != visible(then.text)  # read alone


async def test_a_new_question_stands_alone_and_forget_drops_the_context(env):
    async with bot_session(env) as s:
        person = s.person("en")
        await person.say(FIRST["en"])
        (new,) = await person.say("what is the Child Online Protection initiative?")
        await person.say(FIRST["en"])
        await person.say("/forget")
        (after,) = await person.say(THEN["en"])
    assert "↪️" not in new.text
    assert "↪️" not in after.text


@pytest.mark.parametrize("message, follows", [
    ("and what if it's on snapchat?", True), ("what about instagram", True), ("and for teachers?", True),
    ("is it legal?", True), ("طب ولو هو اللي بيتنمر؟", True), ("وإذا كان عمره ١٢؟", True),
    ("طيب والبنات؟", True), ("ولو على التيك توك", True),
    ("how do I set up parental controls on an iphone", False), ("ما هو الاستدراج؟", False),
    ("واتساب ابني فيه رسائل غريبة من شخص ما يعرفه", False),
])
def test_reads_as_follow_up(message, follows):
    assert reads_as_follow_up(message) is follows


def test_the_previous_question_is_held_for_minutes_only():
    now = [0.0]
    recent = RecentQuestions(seconds=300, max_chats=2, clock=lambda: now[0])
    assert recent.in_context(1, "what is grooming") == ("what is grooming", None)
    assert recent.in_context(1, "and on tiktok?") == ("what is grooming and on tiktok?", "what is grooming")
    now[0] = 301
    assert recent.in_context(1, "and on snapchat?") == ("and on snapchat?", None)
    recent.remember(2, "a")
    recent.remember(3, "b")
    assert recent.previous(1) is None and recent.previous(3) == "b"  # the oldest chat dropped
