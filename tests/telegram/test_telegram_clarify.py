"""When close answers come from guidelines for different readers (a parent's and a company's)
and the asker has not said who they are, the bot asks once, with buttons, instead of guessing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from harness import bot_session

from copbot.analysis import Analyzer
from copbot.answer import Answerer
from copbot.cli.main import build
from copbot.search import Index

ROOT = Path(__file__).resolve().parents[2]
QUESTION = {"en": "what parental control apps do you recomend", "ar": "الالعاب الاونلاين"}


@pytest.fixture(scope="module")
def families_and_companies(tmp_path_factory) -> Path:
    """An index of the guidelines for parents and educators and for industry."""
    folder = tmp_path_factory.mktemp("clarify-corpus")
    for name in ("parents", "industry"):
        for lang in ("ar", "en"):
            shutil.copy(ROOT / "corpus" / f"{name}-{lang}.md", folder)
    path = tmp_path_factory.mktemp("clarify-index") / "cop.sqlite"
    build(folder, path)
    return path


@pytest.fixture
def clarify_env(env, families_and_companies):
    return {**env, "COP_INDEX": str(families_and_companies)}


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_question_has_close_answers_for_families_and_companies(families_and_companies, lang):
    index = Index(families_and_companies, Analyzer())
    answer = Answerer(index).answer(QUESTION[lang])
    index.close()
    assert answer.answered and set(answer.audiences) == {"parents_educators", "industry"}


@pytest.mark.parametrize("lang", ["en", "ar"])
async def test_the_bot_asks_who_is_asking_then_answers_for_them(clarify_env, lang):
    async with bot_session(clarify_env) as s:
        person = s.person(lang)
        (ask,) = await person.say(QUESTION[lang])
        data = [b.get("callback_data") for b in ask.buttons]
        (answer,) = await person.press(ask, ask.button(f"a:{lang}:industry"))
        edited = [c for c in s.api.calls if c.method == "editMessageText"]
        (again,) = await person.say(QUESTION[lang])  # the role is kept: no second question
    assert "📖" not in ask.text and "💡" not in ask.text  # a question, not an answer
    assert data == [f"a:{lang}:parent", f"a:{lang}:industry", f"a:{lang}:-"] or \
        data == [f"a:{lang}:industry", f"a:{lang}:parent", f"a:{lang}:-"]
    assert "✅" in edited[-1].text  # ticked in place, the buttons gone
    assert not edited[-1].params.get("reply_markup")
    assert answer.button(label="").get("url", "").endswith("/industry")  # the company's answer
    assert "📖" in again.text or "💡" in again.text


async def test_just_answer_keeps_no_role_and_a_group_is_never_asked(clarify_env):
    async with bot_session(clarify_env) as s:
        person = s.person("en")
        (ask,) = await person.say(QUESTION["en"])
        (answer,) = await person.press(ask, ask.button("a:en:-"))
        (again,) = await person.say(QUESTION["en"])  # no role was kept: asked again
        group = s.group()
        member = s.person("en", group=group)
        (in_group,) = await member.say(f"/ask {QUESTION['en']}")
    assert "📖" in answer.text or "💡" in answer.text
    assert "📖" not in again.text and again.button("a:en:-")
    assert "📖" in in_group.text or "💡" in in_group.text
