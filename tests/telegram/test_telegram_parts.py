"""The adapter's pure parts, one behaviour each: HTML rendering and splitting, deep links,
section outlines, the per-user rate limit, settings, and the state database."""

from __future__ import annotations

import re

import pytest
from fake_bot_api import parse_html, utf16_len
from harness import TOKEN

from copbot.telegram import texts
from copbot.telegram.config import ConfigError, Settings
from copbot.telegram.limits import UserRateLimit
from copbot.telegram.render import FSI, PDI, RLM, bidi, directed, highlighted, split_html
from copbot.telegram.state import State
from copbot.telegram.topics import build_outline, related


@pytest.mark.parametrize("text, spans, expected", [
    ("a <b> & c", [], "a &lt;b&gt; &amp; c"),
    ("bully & tease", [(0, 5)], "<b>bully</b> &amp; tease"),
    ("x<y", [(0, 3)], "<b>x&lt;y</b>"),
    ("it's \"quoted\"", [], "it's \"quoted\""),
])
def test_highlighted_escapes_everything_and_bolds_spans(text, spans, expected):
    assert highlighted(text, spans) == expected


@pytest.mark.parametrize("value, lang, expected", [
    ("ITU and other organisations (marked)", "ar", f"{FSI}ITU and other organisations (marked){PDI}"),
    ("الاتحاد الدولي ITU", "ar", "الاتحاد الدولي ITU"),
    ("ITU <2021>", "en", "ITU &lt;2021&gt;"),
])
def test_bidi_isolates_latin_values_inside_arabic(value, lang, expected):
    assert bidi(value, lang) == expected


def test_directed_marks_every_arabic_line_only():
    assert directed("ITU\n\nالمصدر", "ar") == f"{RLM}ITU\n\n{RLM}المصدر"
    assert directed("ITU\nsource", "en") == "ITU\nsource"


PARAGRAPH = "word " * 300  # 1,500 characters


@pytest.mark.parametrize("message, parts", [
    ("short", ["short"]),
    ("one\n\ntwo", ["one\n\ntwo"]),
    ("\n\n".join([PARAGRAPH.strip()] * 5), None),  # 7,500 characters: paragraphs regrouped
    ("<b>" + "bold " * 1000 + "</b>", None),  # one tag longer than a message
    ("&amp; " * 1500, None),  # entities are never cut
    ("👍" * 3000, None),  # 6,000 UTF-16 units
])
def test_split_html_keeps_parts_valid_and_within_the_limit(message, parts):
    result = split_html(message)
    if parts is not None:
        assert result == parts
    for part in result:
        assert utf16_len(part) <= 4096
        parse_html(part)  # raises on a broken tag or entity
    assert re.sub(r"<[^>]+>|\s", "", "".join(result)) == re.sub(r"<[^>]+>|\s", "", message)


def test_split_html_cuts_between_paragraphs_first():
    paragraphs = [f"{i} " + "x" * 1500 for i in range(5)]
    result = split_html("\n\n".join(paragraphs))
    assert result == ["\n\n".join(paragraphs[0:2]), "\n\n".join(paragraphs[2:4]), paragraphs[4]]


@pytest.mark.parametrize("payload, expected", [
    ("parents_ar", ("parent", "ar")),
    ("policymakers-en", ("policymaker", "en")),
    ("ar", (None, "ar")),
    ("teachers", ("educator", None)),
    ("inline_en", (None, "en")),
    ("", (None, None)),
    ("../../etc", (None, None)),
])
def test_deep_link(payload, expected):
    assert texts.deep_link(payload) == expected


ROWS = [
    (0, "a", "A"), (1, "a", "A"),
    (2, "b", "B"), (3, "b/b1", "B › B1"), (4, "b/b2", "B › B2"), (5, "b/b2", "B › B2"),
    (6, "c/c1", "C › C1"),
    (7, "d", "D"),
]


def test_outline_builds_sections_with_first_passages_and_children():
    outline = build_outline("doc", ROWS)
    assert outline.top == ["a", "b", "c", "d"]
    assert outline.sections["b"].children == ["b/b1", "b/b2"]
    assert outline.sections["b/b2"].passages == [4, 5]
    assert (outline.sections["c"].first, outline.sections["c"].passages) == (6, [])
    assert outline.sections["c/c1"].title == "C1"


@pytest.mark.parametrize("path, expected", [
    ("b", ["c", "a", "d"]),  # nearest siblings first, alternating after/before
    ("a", ["b", "c", "d"]),
    ("b/b1", ["b/b2", "b"]),  # then the parent
    ("c/c1", ["c"]),  # an only child still has somewhere to go
])
def test_related_sections(path, expected):
    outline = build_outline("doc", ROWS)
    assert [s.path for s in related(outline, path)] == expected


def test_rate_limit_gives_later_slots_instead_of_dropping_then_recovers():
    now = [0.0]
    limit = UserRateLimit(2, window=60, max_wait=120, clock=lambda: now[0])
    # two now, then the next free slots: 60 s (the first slot's window ends), 60, 120, 120
    assert [limit.acquire(1) for _ in range(6)] == [0.0, 0.0, 60.0, 60.0, 120.0, 120.0]
    assert limit.queued(1) == 4
    assert limit.acquire(1) is None  # 180 s ahead is beyond max_wait: nothing reserved
    assert limit.retry_after(1) == 60.0
    assert limit.acquire(2) == 0.0  # per user
    now[0] = 181
    assert limit.acquire(1) == 0.0 and limit.queued(1) == 0
    limit.forget(1)
    assert limit.acquire(1) == 0.0 and limit.acquire(1) == 0.0


def test_settings_from_env_defaults_and_secrets_out_of_repr(tmp_path):
    settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN, "COP_ADMIN_IDS": "1, 2,",
                                  "TELEGRAM_BASE_URL": "http://127.0.0.1:8081/bot",
                                  "COP_STATE": str(tmp_path / "s.sqlite")})
    assert settings.admin_ids == frozenset({1, 2})
    assert settings.api_url == "http://127.0.0.1:8081/bot"
    assert settings.webhook_url == "" and settings.port == 8443
    assert TOKEN not in repr(settings)


@pytest.mark.parametrize("env, message", [
    ({}, "TELEGRAM_BOT_TOKEN is not set"),
    ({"TELEGRAM_BOT_TOKEN": "abc"}, "TELEGRAM_BOT_TOKEN is malformed"),
    ({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": "ftp://x"}, "not an http(s) address"),
    ({"TELEGRAM_BOT_TOKEN": TOKEN, "COP_WEBHOOK_URL": "https://x/y", "COP_WEBHOOK_SECRET": "a b"},
     "COP_WEBHOOK_SECRET must be set"),
    ({"TELEGRAM_BOT_TOKEN": TOKEN, "COP_USER_RATE": "many"}, "COP_USER_RATE 'many' is not a number"),
])
def test_settings_errors_name_the_variable(env, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        Settings.from_env(env)


def test_state_keeps_preferences_counters_and_unanswered_text_only(tmp_path):
    path = tmp_path / "state.sqlite"
    state = State(path)
    assert state.set_prefs(7, lang="ar").role is None
    assert state.set_prefs(7, role="parent").lang == "ar"  # other fields kept
    state.count_question(answered=True)
    state.count_question(answered=False)
    state.keep_unanswered("  how   do I fix\nmy car ")
    state.keep_unanswered("how do I fix my car")
    state.count_feedback("initiative-en/about/1", helpful=True)
    state.close()

    state = State(path)  # survives a restart
    assert state.prefs(7).role == "parent"
    stats = state.stats()
    assert (stats.questions, stats.unanswered, stats.helpful) == (2, 1, 1)
    assert stats.top_unanswered == [("how do I fix my car", 2)]
    assert state.forget(7) and not state.forget(7)
    tables = [t for (t,) in state.db.rows("select name from sqlite_master where type = 'table'")]
    with_id = [t for t in tables
               if "id" in {row[1] for row in state.db.rows(f"pragma table_info({t})")}]
    assert with_id == ["users"]


@pytest.mark.parametrize("text, kept, gone", [
    ("my son is called Adam and he is bullied", "my son is called [name] and he is bullied", "Adam"),
    ("My daughter Lina gets messages at night", "My daughter [name] gets messages", "Lina"),
    ("ابني اسمه أحمد يتعرض للتنمر", "ابني اسمه [اسم] يتعرض للتنمر", "أحمد"),
    ("بنتي اللي اسمها سارة عمرها ١٢", "بنتي اللي اسمها [اسم] عمرها ١٢", "سارة"),
    ("call 0791234567 or +44 20 7946 0958", "call [phone] or [phone]", "7946"),
    ("رقمي ٠٧٩١٢٣٤٥٦٧", "رقمي [phone]", "٠٧٩١"),
    ("mail me at rania.k@example.com", "mail me at [email]", "rania"),
    ("he is @bad_guy_99 on tiktok", "he is [@name] on tiktok", "bad_guy"),
    ("see https://evil.example/x?id=3 and www.site.org", "see [link] and [link]", "evil"),
])
def test_personal_details_are_taken_out_of_kept_questions(text, kept, gone):
    from copbot.telegram.redact import redact
    result = redact(text)
    assert kept in result and gone not in result, result


@pytest.mark.parametrize("text", [
    "my son is 12 and plays roblox all night",
    "my son Is bullied at school",
    "the 2020 guidelines for children aged 9-12",
    "ما هي أدوات الرقابة الأبوية لعام 2020",
])
def test_ordinary_questions_are_kept_as_they_are(text):
    from copbot.telegram.redact import redact
    assert redact(text) == text


@pytest.mark.parametrize("lang, n, shown", [
    ("en", 1, "1 passage"), ("en", 3, "3 passages"), ("ar", 1, "فقرة واحدة"), ("ar", 2, "فقرتان"),
    ("ar", 3, "3 فقرات"), ("ar", 10, "10 فقرات"), ("ar", 11, "11 فقرة"), ("ar", 103, "103 فقرات"),
])
def test_counts_take_the_form_their_number_needs(lang, n, shown):
    assert texts.counted(lang, "passage", n) == shown
