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
