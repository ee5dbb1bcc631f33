"""Groups (only /ask, mentions and replies to the bot) and inline mode (@bot question)."""

from __future__ import annotations

from harness import bot_session, visible


async def test_group_ignores_plain_messages_and_answers_ask_mentions_and_replies(env):
    async with bot_session(env) as s:
        group = s.group()
        member = s.person("en", group=group)
        await member.say("What is the COP initiative?", replies=0)
        await member.say("@someone_else what is the COP initiative?", replies=0)

        question = "/ask@cop_test_bot What is the COP initiative?"
        (asked,) = await member.say(question)
        assert "📖" in asked.text

        (mentioned,) = await member.say("@cop_test_bot how did the COP initiative start?")
        assert "📖" in mentioned.text and "<b>initiative</b>" in mentioned.text

        bot_message = s.api.messages[(group["id"], mentioned.result["message_id"])]
        (replied,) = await member.say("and what is the policy brief?", reply_to=bot_message)
        assert "📖" in replied.text

        other = {**bot_message, "from": {"id": 5, "is_bot": False, "first_name": "Not the bot"}}
        await member.say("and what is the policy brief?", reply_to=other, replies=0)

        (usage,) = await member.say("/ask")
        assert "/ask what is grooming?" in visible(usage.text)


async def test_group_replies_quote_the_question(env):
    async with bot_session(env) as s:
        member = s.person("en", group=s.group())
        mark = s.api.mark()
        (asked,) = await member.say("/ask What is the COP initiative?")
        question = next(c for c in s.api.calls[mark:] if c.method == "getUpdates" and c.result)
        message_id = question.result[0]["message"]["message_id"]
    assert asked.params["reply_parameters"]["message_id"] == message_id


async def test_inline_query_offers_cited_passages_to_share(env):
    async with bot_session(env) as s:
        person = s.person("en")
        call = await person.inline("what is the COP initiative")
        empty = await person.inline("")
        off_topic = await person.inline("sourdough bread recipe")
        urgent = await person.inline("a man is threatening to leak my son's photos")
    results = call.params["results"]
    assert 1 <= len(results) <= 10
    first = results[0]
    content = first["input_message_content"]
    assert content["parse_mode"] == "HTML" and "📖 <i>" in content["message_text"]
    source, ask = first["reply_markup"]["inline_keyboard"][0]
    assert source["url"].startswith("https://")
    assert ask["url"] == "https://t.me/cop_test_bot?start=inline_en" and "@cop_test_bot" in ask["text"]
    assert len({r["id"] for r in results}) == len(results)
    assert len({r["title"] for r in results}) == len(results)  # distinct titles
    # an empty query: the example questions, each with its answer to share
    suggested = empty.params["results"]
    assert suggested and all(r["title"].endswith("?") for r in suggested)
    assert all("📖" in r["input_message_content"]["message_text"]
               or "💡" in r["input_message_content"]["message_text"] for r in suggested)
    assert empty.params["button"]["start_parameter"] == "inline_en"
    assert off_topic.params["results"] == []
    assert urgent.params["results"][0]["title"].startswith("⚠️")


async def test_inline_query_in_arabic(env):
    async with bot_session(env) as s:
        call = await s.person("en").inline("ما هي مبادرة حماية الأطفال على الإنترنت")
    results = call.params["results"]
    assert results and results[0]["input_message_content"]["message_text"].startswith("\u200f")
    assert call.params["button"]["start_parameter"] == "inline_ar"
