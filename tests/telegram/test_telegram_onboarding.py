"""What a user sees before and when starting the bot: the descriptions Telegram shows."""

from __future__ import annotations

from harness import bot_session


async def test_descriptions_are_set_in_both_languages_at_start(env):
    async with bot_session(env) as s:
        await s.person("en").say("/start")
        descriptions, short = dict(s.api.descriptions), dict(s.api.short_descriptions)
    assert set(descriptions) == set(short) == {"", "ar"}
    assert "ITU" in descriptions[""] and "/danger" in descriptions[""]
    assert "الاتحاد الدولي للاتصالات" in descriptions["ar"] and "/danger" in descriptions["ar"]
    assert all(0 < len(text) <= 120 for text in short.values())


async def test_a_refused_description_does_not_stop_the_bot(env):
    def refuse(api):
        api.fail_next("setMyDescription", code=400, times=2)
    async with bot_session(env, prepare=refuse) as s:
        (reply,) = await s.person("en").say("/start")
        refused = [c for c in s.api.calls if c.method == "setMyDescription"]
    assert "Welcome" in reply.text
    assert len(refused) == 2 and not any(c.ok for c in refused)


async def test_added_to_a_group_the_bot_says_how_to_ask_there_once(env):
    async with bot_session(env) as s:
        group = s.group()
        admin = s.person("ar", group=group)
        mark = s.api.mark()
        added = s.api.message("", admin.user, group)
        added.pop("text", None)
        await s.api.push("message", {**added, "new_chat_members": [s.api.bot]})
        (hello,) = await s.api.wait_calls("sendMessage", 1, since=mark, chat_id=group["id"])
        someone = s.api.message("", admin.user, group)
        someone.pop("text", None)
        mark = s.api.mark()
        await s.api.push("message", {**someone, "new_chat_members": [
            {"id": 77, "is_bot": False, "first_name": "A parent"}]})
        await admin.silence(mark)
    assert "/ask" in hello.text and "@cop_test_bot" in hello.text and "أهلًا بالجميع" in hello.text


async def test_ask_privately_from_inline_mode_keeps_the_language_of_the_query(env):
    async with bot_session(env) as s:
        person = s.person("en")
        call = await person.inline("ما هي مبادرة حماية الأطفال على الإنترنت")
        payload = call.params["button"]["start_parameter"]
        (welcome,) = await person.say(f"/start {payload}")
    assert payload == "inline_ar" and "أهلًا بكم" in welcome.text
