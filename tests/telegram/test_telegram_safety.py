"""The safety card end to end: its own message first, its buttons, the danger entry, countries
with their helpline numbers and sources, captions and voice notes, and a rate limit that never
drops a message or holds back an emergency."""

from __future__ import annotations

import asyncio
import time

from harness import bot_session, visible

from copbot.safety.helplines import directory
from copbot.telegram.state import State

URGENT_EN = "someone is threatening to share my daughter's photos unless she sends more"
# The guidelines have no section on a missing child: the card's what-to-do passage must follow.
MISSING_EN = "my 13 year old left home this morning to meet a guy from roblox and her phone is off"
URGENT_CAPTION = "يهددها ينشر صورها"


def is_card(call) -> bool:
    return visible(call.text).lstrip().startswith(("⚠️ If a child is in danger now",
                                                    "⚠️ إذا كان طفل في خطر الآن"))


async def test_the_card_is_its_own_message_first_then_what_the_guidelines_say(env):
    async with bot_session(env) as s:
        person = s.person("en")
        card, answer = await person.say(URGENT_EN, replies=2)
    assert is_card(card) and "do not pay" in card.text.lower()
    assert not is_card(answer) and "📖" in answer.text
    assert not any(b.get("callback_data", "").startswith("f:") for b in card.buttons)  # no 👍/👎
    urls = [b["url"] for b in card.buttons if "url" in b]
    assert directory().find_helpline in urls and directory().find_hotline in urls
    assert card.button("C:en", "My country") and card.button("u:en", "Not urgent")
    assert card.params["reply_parameters"]["message_id"]  # it replies to the message it is about
    assert "Tell me your country" in card.text


async def test_no_refusal_ever_follows_the_card(env):
    async with bot_session(env) as s:
        card, after = await s.person("en").say(MISSING_EN, replies=2)
    assert is_card(card) and "police" in card.text
    assert "don't cover" not in after.text and "📖" in after.text


async def test_not_urgent_answers_the_question_without_the_card(env):
    async with bot_session(env) as s:
        person = s.person("en")
        card, _ = await person.say(URGENT_EN, replies=2)
        (plain,) = await person.press(card, card.button("u:en"))
    assert not is_card(plain)
    assert "📖" in plain.text or "don't cover" in plain.text


async def test_the_danger_entry_is_on_start_and_in_the_menu(env):
    async with bot_session(env) as s:
        person = s.person("ar")
        (start,) = await person.say("/start")
        assert start.buttons[0]["callback_data"] == "D:ar"
        (menu,) = await person.press(start, start.buttons[0])
        topics = [b["callback_data"] for b in menu.buttons]
        assert len(topics) == 8 and "D:ar:selfharm" in topics
        (card,) = await person.press(menu, menu.button("D:ar:selfharm"))
        (typed,) = await s.person("en").say("/danger")
        commands = [c for c in s.api.calls if c.method == "setMyCommands"]
    assert is_card(card) and "رقم الطوارئ" in card.text
    assert not any(b.get("callback_data", "").startswith("u:") for b in card.buttons)
    assert "What is happening?" in typed.text
    for call in commands:
        first = call.params["commands"][0]
        assert first["command"] == "danger" and "🚨" in first["description"]


async def test_a_chosen_country_puts_its_helpline_and_source_on_the_card(env):
    jordan = directory().get("JO")
    async with bot_session(env) as s:
        person = s.person("en")
        (chosen,) = await person.say("/country jordan")
        card, _ = await person.say(URGENT_EN, replies=2)
        (listing,) = await person.press(card, card.button("C:en"))
        (syria,) = await person.press(listing, listing.button("c:SY"))
        card_sy, _ = await person.say(URGENT_EN, replies=2)
        prefs = State(env["COP_STATE"]).prefs(person.user["id"])
        await person.say("/forget")
        after = State(env["COP_STATE"]).prefs(person.user["id"])
    assert "Your country: <b>Jordan</b>" in chosen.text
    assert f"<b>{jordan.helpline.number}</b>" in card.text
    assert jordan.helpline.source in card.text and f"checked {jordan.helpline.checked}" in card.text
    assert card.button(label="where the number is stated")["url"] == jordan.helpline.source
    assert len([b for b in listing.buttons if b["callback_data"].startswith("c:")]) == 33
    assert directory().get("SY").helpline is None
    assert "could not confirm" in syria.text and "could not confirm" in card_sy.text
    assert prefs.country == "SY" and after.country is None


async def test_captions_are_read_and_voice_notes_get_a_way_forward(env):
    async with bot_session(env) as s:
        person = s.person("ar")
        mark = s.api.mark()
        photo = s.api.message("", person.user, person.chat)
        del photo["text"]
        photo["photo"] = [{"file_id": "p", "file_unique_id": "p1", "width": 9, "height": 9}]
        photo["caption"] = URGENT_CAPTION
        await s.api.push("message", photo)
        card, _ = await s.api.wait_calls("sendMessage", 2, since=mark, chat_id=person.chat_id)
        mark = s.api.mark()
        voice = s.api.message("", person.user, person.chat)
        del voice["text"]
        voice["voice"] = {"file_id": "v", "file_unique_id": "v1", "duration": 4}
        await s.api.push("message", voice)
        (hint,) = await s.api.wait_calls("sendMessage", since=mark, chat_id=person.chat_id)
    assert is_card(card) and "لا تدفعوا" in card.text
    assert "الرسائل الصوتية" in hint.text and hint.button("D:ar")


async def test_the_rate_limit_answers_everything_and_never_holds_back_an_emergency(env):
    env = {**env, "COP_USER_RATE": "2", "COP_USER_RATE_WINDOW": "2"}
    questions = ["What is the COP initiative?", "How did the initiative start?",
                 "What is the policy brief?", "What do the guidelines say about gaming?"]
    async with bot_session(env) as s:
        person = s.person("en")
        mark = s.api.mark()
        for q in questions:
            await s.api.push("message", s.api.message(q, person.user, person.chat))
        await s.api.push("message", s.api.message(URGENT_EN, person.user, person.chat))
        await s.api.push("message", s.api.message("thanks!", person.user, person.chat))
        started = time.monotonic()
        # 2 answers now, the note, the card and its passage, thanks, then 2 answers later
        calls = await s.api.wait_calls("sendMessage", 8, since=mark, chat_id=person.chat_id,
                                       timeout=15)
        await asyncio.sleep(0.3)
        extra = [c for c in s.api.calls[mark:] if c.method == "sendMessage"][8:]
    texts = [visible(c.text) for c in calls]
    assert not extra, [t[:60] for t in texts] + [visible(c.text)[:60] for c in extra]
    assert sum("📖" in t for t in texts) == 5  # 4 questions and the card's passage
    assert any("answer each of them in turn" in t for t in texts)
    card_at = next(i for i, c in enumerate(calls) if is_card(c))
    late = [i for i, t in enumerate(texts) if "policy brief" in t.lower() or "gaming" in t.lower()]
    assert card_at < min(late)  # the emergency did not wait for the queue
    assert any("You're welcome" in t for t in texts)
    assert time.monotonic() - started < 10


async def test_a_message_that_raised_the_card_is_never_stored(env):
    async with bot_session(env) as s:
        await s.person("en").say(MISSING_EN, replies=2)
    assert State(env["COP_STATE"]).stats().top_unanswered == []
