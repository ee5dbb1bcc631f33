"""Admin commands (/reload, /stats) for COP_ADMIN_IDS only, and long messages split."""

from __future__ import annotations

import os
import shutil

from fake_bot_api import parse_html, utf16_len
from harness import ADMIN_ID, bot_session, visible

from copbot.cli.main import build
from copbot.telegram.render import MESSAGE_LIMIT


def serving_copy_and_smaller_corpus(tg_index, fixture_corpus, tmp_path):
    """A copy of the test index to serve, and a corpus of one document pair to rebuild it from."""
    index = tmp_path / "cop.sqlite"
    shutil.copy(tg_index, index)
    smaller = tmp_path / "corpus"
    smaller.mkdir()
    for lang in ("ar", "en"):
        shutil.copy(fixture_corpus / f"initiative-{lang}.md", smaller)
    return index, smaller


async def test_reload_reopens_a_rebuilt_index_and_reports_counts(env, tg_index, fixture_corpus, tmp_path):
    index, smaller = serving_copy_and_smaller_corpus(tg_index, fixture_corpus, tmp_path)
    async with bot_session({**env, "COP_INDEX": str(index)}) as s:
        admin, user = s.person("en", user_id=ADMIN_ID), s.person("en")
        (before,) = await admin.say("What is the policy brief?")
        build(smaller, index)
        (reloaded,) = await admin.say("/reload")
        (refused,) = await user.say("/reload")
        (menu,) = await admin.say("/topics")
        (after,) = await admin.say("/about")
    assert "Index reloaded" in reloaded.text
    assert "Before: 148 (ar: 74, en: 74)" in reloaded.text
    assert "After: " in reloaded.text and "Before: 148" in reloaded.text
    after_count = reloaded.text.split("After: ")[1]
    assert not after_count.startswith("148")
    assert "How to use this bot" in refused.text
    assert [b["callback_data"] for b in menu.buttons if b["callback_data"].startswith("d:")] == \
        ["d:initiative-en"]
    assert f"{after_count.split(' ')[0]} passages" in visible(after.text)
    assert "📖" in before.text


async def test_a_newly_published_index_is_picked_up_without_reload(env, tg_index, fixture_corpus, tmp_path):
    index, smaller = serving_copy_and_smaller_corpus(tg_index, fixture_corpus, tmp_path)
    settings = {**env, "COP_INDEX": str(index), "COP_INDEX_CHECK_SECONDS": "0"}
    async with bot_session(settings) as s:
        user = s.person("en")
        (before,) = await user.say("/topics")
        build(smaller, index)  # an admin publishes; nobody sends /reload
        (after,) = await user.say("/topics")
        broken = tmp_path / "broken.sqlite"
        broken.write_bytes(b"not an index")
        os.replace(broken, index)  # a broken file appears: the last good index keeps serving
        (still,) = await user.say("/topics")
    def docs(m):
        return [b["callback_data"] for b in m.buttons if b["callback_data"].startswith("d:")]

    assert len(docs(before)) == 3
    assert docs(after) == ["d:initiative-en"]
    assert docs(still) == ["d:initiative-en"]


async def test_reload_of_a_broken_index_keeps_the_old_one(env, tg_index, tmp_path):
    index = tmp_path / "cop.sqlite"
    shutil.copy(tg_index, index)
    async with bot_session({**env, "COP_INDEX": str(index)}) as s:
        admin = s.person("en", user_id=ADMIN_ID)
        broken = tmp_path / "broken.sqlite"
        broken.write_bytes(b"not an index")
        os.replace(broken, index)  # as a rebuild replaces the file (a new inode)
        (failed,) = await admin.say("/reload")
        (still,) = await admin.say("What is the COP initiative?")
    assert "could not be reloaded" in failed.text and "not a usable index" in failed.text
    assert "📖" in still.text


async def test_stats_for_admins_only_without_user_data(env):
    async with bot_session(env) as s:
        admin, user = s.person("en", user_id=ADMIN_ID), s.person("en", first_name="Rania")
        (answer,) = await user.say("What is the COP initiative?")
        await user.press(answer, answer.button("f:1:"), expect="editMessageReplyMarkup")
        await user.say("how do I fix my car engine")
        await user.say("how do I fix my car engine")
        await user.say("someone is threatening to share my son's photos unless he pays", replies=2)
        (refused,) = await user.say("/stats")
        (stats,) = await admin.say("/stats")
    assert "How to use this bot" in refused.text
    text = visible(stats.text)
    assert "4 questions, 2 unanswered" in text  # today
    assert "Total: 4 questions, 50% unanswered" in text
    assert "Feedback: 👍 1 · 👎 0" in text
    assert "2× how do I fix my car engine" in text
    assert "threatening" not in text  # questions with a safety card are never kept
    assert "Rania" not in text and str(user.user["id"]) not in text


async def test_long_messages_are_split_at_paragraphs_into_valid_html(env):
    async with bot_session({**env, "COP_USER_RATE": "100"}) as s:
        admin, user = s.person("en", user_id=ADMIN_ID), s.person("en")
        for i in range(12):
            await user.say(f"<b>unmatched & {i} " + "zzyzx qwv " * 45)
        mark = s.api.mark()
        await admin.say("/stats", replies=2)
        parts = [c for c in s.api.calls[mark:] if c.method == "sendMessage"]
    assert len(parts) >= 2 and all(p.ok for p in parts)
    for part in parts:
        assert utf16_len(parse_html(part.text)) <= MESSAGE_LIMIT
    assert "&lt;b&gt;unmatched &amp; 0" in "".join(p.text for p in parts)


async def test_stats_group_unanswered_questions_by_section_and_show_disliked_passages(env):
    async with bot_session(env) as s:
        admin, user = s.person("en", user_id=ADMIN_ID), s.person("en")
        (answer,) = await user.say("What is the COP initiative?")
        await user.press(answer, answer.button("f:0:"), expect="editMessageReplyMarkup")
        await user.say("thanks!")  # small talk: never an unanswered question
        await user.say("how do I fix my car engine")
        (stats,) = await admin.say("/stats")
    text = visible(stats.text)
    assert "Passages rated not helpful" in text and "👎 1 · 👍 0 · initiative-en/" in text
    assert "Unanswered, by nearest section" in text and "1× how do I fix my car engine" in text
    assert "words it lacks:" in text and "car" in text.split("words it lacks:")[1]
    assert "thanks" not in text
