"""A user in a private chat: /start, questions and answers, every button, browsing, settings."""

from __future__ import annotations

import pytest
from harness import bot_session, visible

from copbot.telegram.render import RLM
from copbot.telegram.state import State

SAFETY_EN = "someone is threatening to share my daughter's photos unless she sends more"
OFF_TOPIC = "what is the best recipe for sourdough bread"


def arabic_lines_start_rtl(html: str) -> bool:
    return all(line.startswith(RLM) for line in html.split("\n") if line)


async def test_start_welcomes_in_the_users_language_with_examples_and_roles(env):
    async with bot_session(env) as s:
        person = s.person("en")
        (en,) = await person.say("/start")
        (ar,) = await s.person("ar").say("/start")
        (prompt,) = await person.press(en, en.button("q:en"))
        (roles,) = await person.press(en, en.button("R:en"), expect="editMessageText")
        (back,) = await person.press(en, roles.button("S:en"), expect="editMessageText")
        (in_group,) = await s.person("en", group=s.group()).say("/start")
    data = [b["callback_data"] for b in en.buttons]
    assert "Welcome" in en.text
    assert data[:2] == ["D:en", "q:en"]  # the danger entry and "ask a question" first
    assert [d for d in data if d.startswith("x:")] == ["x:en:0", "x:en:1", "x:en:2"]
    assert data[-1] == "R:en" and not [d for d in data if d.startswith("r:")]  # the role: a step
    assert prompt.params["reply_markup"]["force_reply"] is True and "WhatsApp" in prompt.text
    assert {b["callback_data"] for b in roles.buttons if b["callback_data"].startswith("r:")} == \
        {"r:parent", "r:educator", "r:industry", "r:policymaker", "r:young"}
    assert back.params["text"] == en.params["text"]
    assert not [b for b in in_group.buttons if b["callback_data"].startswith(("R:", "r:"))]
    assert "أهلًا بكم" in ar.text and arabic_lines_start_rtl(ar.text)
    assert ar.button("x:ar:0")["text"] == "كيف أتحدث مع طفلي عن مخاطر الإنترنت؟"


@pytest.mark.parametrize("payload, lang, role, marker", [
    ("parents_ar", "ar", "parent", "وليّ أمر"),
    ("policymakers_en", "en", "policymaker", "Policy-maker"),
    ("ar", "ar", None, "أهلًا بكم"),
])
async def test_start_deep_link_presets_role_and_language(env, payload, lang, role, marker):
    async with bot_session(env) as s:
        person = s.person("en")
        (reply,) = await person.say(f"/start {payload}")
    assert marker in reply.text
    prefs = State(env["COP_STATE"]).prefs(person.user["id"])
    assert (prefs.lang, prefs.role) == (lang, role)


async def test_english_question_gets_cited_excerpt_with_bold_words_and_all_buttons(env):
    async with bot_session(env) as s:
        person = s.person("en")
        mark = s.api.mark()
        (reply,) = await person.say("What is the COP initiative?")
        typing = [c for c in s.api.calls[mark:] if c.method == "sendChatAction"]
    assert typing and typing[0].params["action"] == "typing"
    assert "<b>initiative</b>" in reply.text
    assert "📖 <i>The ITU Child Online Protection (COP) initiative and its mandate</i>" in reply.text
    assert "ITU, 2021" in reply.text
    assert reply.button(label="Official source")["url"].startswith("https://www.itu.int/")
    assert reply.button("m:en:", "More results")
    assert reply.button("p:ar:", "العربية")
    assert reply.button("p:en:", "↪")  # a related (sibling) section
    assert reply.button("f:1:en:") and reply.button("f:0:en:")


async def test_arabic_question_reads_right_to_left_with_arabic_citation(env):
    async with bot_session(env) as s:
        mark = s.api.mark()
        await s.person("ar").say("أين أبلغ عن صور اعتداء جنسي على طفل؟")
        # the answer, after the safety card when the question brings one; cited as the ITU text
        # (📖) or as general advice kept with a section (💡)
        def cited(c):
            return c.method == "sendMessage" and ("📖 <i>" in c.text or "💡 <i>" in c.text)
        await s.api.wait(lambda calls: any(cited(c) for c in calls), since=mark)
        reply = next(c for c in s.api.calls[mark:] if cited(c))
    assert arabic_lines_start_rtl(reply.text)
    assert "<b>" in reply.text
    assert reply.button(label="المصدر الرسمي")["url"].startswith("http")
    assert reply.button("p:en:", "English")
    assert reply.button("f:1:ar:", "مفيدة")


async def test_a_user_without_language_code_is_answered_in_the_script_they_write(env):
    async with bot_session(env) as s:
        person = s.person(lang=None)
        (reply,) = await person.say("ما هي مبادرة حماية الأطفال على الإنترنت؟")
        (help_,) = await person.say("/help")
    assert arabic_lines_start_rtl(reply.text) and "المصدر الرسمي" in reply.buttons[0]["text"]
    assert "How to use" in help_.text  # commands: Telegram's language, else English


async def test_safety_card_comes_first(env):
    async with bot_session(env) as s:
        card, answer = await s.person("en").say(SAFETY_EN, replies=2)
    assert card.text.startswith("⚠️ <b>If a child is in danger now</b>")
    assert "do not pay" in card.text.lower()
    assert "📖" in answer.text and "⚠️" not in answer.text  # the card is a message of its own


async def test_off_topic_question_is_refused_honestly_with_nearest_topics(env):
    async with bot_session(env) as s:
        person = s.person("en")
        (reply,) = await person.say(OFF_TOPIC)
        assert "don't cover this" in reply.text and "Try other" in reply.text
        assert "📖" not in reply.text
        nearest = [b for b in reply.buttons if b["callback_data"].startswith("t:en:")]
        assert 1 <= len(nearest) <= 3
        (section,) = await person.press(reply, nearest[0], expect="editMessageText")
        assert section.buttons  # a section view: passages to open, a way back
        view = section
        for _ in range(4):  # Back, up to the list of documents
            (view,) = await person.press(view, view.button(label="Back"), expect="editMessageText")
            if "Browse the guidelines" in view.text:
                break
        assert "Browse the guidelines" in view.text
    stats = State(env["COP_STATE"]).stats()
    assert stats.unanswered == 1 and stats.top_unanswered == [(OFF_TOPIC, 1)]


async def test_answer_buttons_more_results_other_language_related_and_feedback(env):
    async with bot_session(env) as s:
        person = s.person("en")
        (reply,) = await person.say("What is the COP initiative?")

        (more,) = await person.press(reply, reply.button("m:en:"))
        assert "More results" in more.text
        opened = [b for b in more.buttons if b["callback_data"].startswith("p:en:")]
        assert len(opened) == len(reply.button("m:en:")["callback_data"].split(":")[2].split("."))
        (passage,) = await person.press(more, opened[0])
        assert "📖" in passage.text and passage.button(label="Official source")

        (arabic,) = await person.press(reply, reply.button("p:ar:"))
        assert arabic_lines_start_rtl(arabic.text) and "📖" in arabic.text
        assert arabic.button("p:en:", "English")  # and back

        (related,) = await person.press(reply, reply.button("p:en:", "↪"))
        assert "📖" in related.text
        assert related.button("p:en:", "▶") or related.button("p:en:", "◀")

        (edit,) = await person.press(reply, reply.button("f:1:en:"), expect="editMessageReplyMarkup")
        answered = [c for c in s.api.calls if c.method == "answerCallbackQuery" and c.params.get("text")]
        assert answered[-1].params["text"] == "Thank you for your feedback!"
        remaining = [b.get("callback_data", "") for row in edit.params["reply_markup"]["inline_keyboard"]
                     for b in row]
        assert not any(d.startswith("f:") for d in remaining) and any(d.startswith("m:") for d in remaining)
        (edit,) = await person.press(passage, passage.button("f:0:en:"), expect="editMessageReplyMarkup")
    stats = State(env["COP_STATE"]).stats()
    assert (stats.helpful, stats.not_helpful) == (1, 1)


async def test_example_role_and_language_buttons_from_start(env):
    async with bot_session(env) as s:
        person = s.person("en")
        (start,) = await person.say("/start")
        (answer,) = await person.press(start, start.button("x:en:2"))
        assert "📖" in answer.text and "report" in answer.text.lower()
        (roles,) = await person.press(start, start.button("R:en"), expect="editMessageText")
        (role,) = await person.press(start, roles.button("r:educator"), expect="editMessageText")
        assert "Your role: <b>Educator</b>" in role.text  # ticked in place, no new message
        assert role.button("r:educator")["text"] == "✅ Educator" and role.button("S:en")
        (back,) = await person.press(start, role.button("S:en"), expect="editMessageText")
        assert back.button("R:en")["text"] == "👤 Your role: Educator"
        (lang_menu,) = await person.say("/lang")
        (lang,) = await person.press(lang_menu, lang_menu.button("l:ar"))
        assert "سأكتب لكم بالعربية" in lang.text
        (help_,) = await person.say("/help")
        assert "طريقة استخدام البوت" in help_.text
    prefs = State(env["COP_STATE"]).prefs(person.user["id"])
    assert (prefs.lang, prefs.role) == ("ar", "educator")


async def test_role_and_lang_commands_with_arguments(env):
    async with bot_session(env) as s:
        person = s.person("en")
        (role,) = await person.say("/role policymakers")
        (lang,) = await person.say("/lang ar")
        (menu,) = await person.say("/role")
        (in_group,) = await s.person("en", group=s.group()).say("/role")
        (private,) = await s.person("en").say("/start role")
    assert "Policy-maker" in role.text and "بالعربية" in lang.text
    assert menu.button("r:young", "طفل أو شاب")
    assert menu.button("r:policymaker")["text"].startswith("✅")
    assert not [b for b in in_group.buttons if b.get("callback_data")]  # no role buttons there
    assert in_group.buttons[0]["url"].endswith("?start=role")
    assert private.button("r:parent") and private.button("S:en")


async def test_topics_browse_documents_sections_and_passages(env):
    async with bot_session(env) as s:
        person = s.person("en")
        (menu,) = await person.say("/topics")
        docs = [b for b in menu.buttons if b["callback_data"].startswith("d:")]
        assert {b["callback_data"] for b in docs} == {"d:help-en", "d:initiative-en", "d:policybrief-en"}
        (doc,) = await person.press(menu, menu.button("d:initiative-en"), expect="editMessageText")
        assert "<b>The ITU Child Online Protection (COP) initiative and its mandate</b>" in doc.text
        sections = [b for b in doc.buttons if b["callback_data"].startswith("t:en:")]
        assert sections and sections[0]["text"] == "📂 What the COP initiative is"
        (section,) = await person.press(menu, sections[0], expect="editMessageText")
        assert "What the COP initiative is" in section.text
        (passage,) = await person.press(menu, section.button("p:en:", "📄 1."))
        assert "Child Online Protection (COP) is an initiative" in visible(passage.text)
        (back,) = await person.press(menu, section.button(label="Back"), expect="editMessageText")
        assert back.params["text"] == doc.params["text"]
        (topics,) = await person.press(menu, back.button(label="Back"), expect="editMessageText")
        (arabic,) = await person.press(menu, topics.button("T:ar"), expect="editMessageText")
        assert {b["callback_data"] for b in arabic.buttons if b["callback_data"].startswith("d:")} == \
            {"d:help-ar", "d:initiative-ar", "d:policybrief-ar"}


async def test_about_names_sources_edition_and_index_date(env):
    async with bot_session(env) as s:
        (about,) = await s.person("en").say("/about")
    text = visible(about.text)
    assert "The ITU Child Online Protection (COP) initiative and its mandate (ITU, 2021)" in text
    assert "Index built 20" in text and "148 passages (ar: 74, en: 74)" in text


async def test_forget_deletes_preferences(env):
    async with bot_session(env) as s:
        person = s.person("en")
        await person.say("/start parents_ar")
        (done,) = await person.say("/forget")
        (again,) = await person.say("/forget")
    assert "حُذفت" in done.text  # said in the language being forgotten
    assert "No language, role or country was stored" in again.text
    assert "kept for 30 days" in again.text  # what is kept, said exactly
    state = State(env["COP_STATE"])
    assert state.prefs(person.user["id"]).lang is None
    assert state.db.rows("select count(*) from users") == [(0,)]


async def test_non_text_messages_and_unknown_commands_are_never_a_dead_end(env):
    async with bot_session(env) as s:
        person = s.person("en")
        (unknown,) = await person.say("/frobnicate")
        mark = s.api.mark()
        message = s.api.message("", person.user, person.chat)
        del message["text"]
        message["sticker"] = {"file_id": "x", "file_unique_id": "y", "width": 1, "height": 1,
                              "is_animated": False, "is_video": False, "type": "regular"}
        await s.api.push("message", message)
        (hint,) = await s.api.wait_calls("sendMessage", since=mark)
    assert "How to use this bot" in unknown.text
    assert "type your question" in hint.text and hint.button("D:en")


async def test_a_failing_reply_is_logged_and_the_user_gets_an_apology(env):
    async with bot_session(env) as s:
        person = s.person("en")
        s.api.fail_next("sendMessage", code=400)
        failed, apology = await person.say("What is the COP initiative?", replies=2)
    assert not failed.ok
    assert apology.text == "Sorry, something went wrong on my side. Please try again in a moment."


async def test_browsing_scans_short_labels_role_first_pages_and_back(env):
    async with bot_session(env) as s:
        person = s.person("ar")
        await person.say("/role policymakers")
        (menu,) = await person.say("/topics")
        labels = [b["text"] for b in menu.buttons if b["callback_data"].startswith("d:")]
        (doc,) = await person.press(menu, menu.button("d:help-ar"), expect="editMessageText")
        pager = [b for b in doc.buttons if b["callback_data"].startswith("d:help-ar:")]
        (page2,) = await person.press(menu, doc.button(label="التالي"), expect="editMessageText")
        (first,) = await person.press(menu, page2.button(label="السابق"), expect="editMessageText")
        sections = [b for b in first.buttons if b["callback_data"].startswith("t:ar:")]
        (section,) = await person.press(menu, sections[0], expect="editMessageText")
        (passage,) = await person.press(menu, section.button("p:ar:", "📄 1."))
        (up,) = await person.press(passage, passage.button("t:ar:", "⬆"), expect="editMessageText")
    assert labels[0] == "📄 موجز السياسات (2021)"  # the policy-maker's document first
    assert "🆘 طلب المساعدة والإبلاغ" in labels and all(len(label) <= 40 for label in labels)
    assert [b["text"] for b in pager] == ["التالي", "1/2"]  # words, "next" on the left
    assert len(doc.buttons) <= 8 + 3
    assert page2.button(label="السابق") and "2/2" in [b["text"] for b in page2.buttons]
    assert "التالي" not in [b["text"] for b in page2.buttons]
    assert not any("نصيحة عامة" in b["text"] for b in section.buttons)  # named by subject
    assert up.params["text"] == section.params["text"]  # back to the passage's section
