"""The danger recogniser, its training files and the helpline directory.

The dev half of the blind sets is a regression guard here; the quality figures are measured on
the test half (docs/safety.md).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from copbot.quality.safety import card_figures
from copbot.safety import TOPICS, assess, card
from copbot.safety.cards import STEPS, TOPIC_LABELS
from copbot.safety.features import features
from copbot.safety.helplines import directory
from copbot.safety.model import Model, shipped
from copbot.safety.train import ExamplesError, _digest, example_files, read_examples, train

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ROOT / "corpus" / "safety" / "train"
BLIND = ROOT / "corpus" / "safety" / "blind"
ARAB_LEAGUE = set("DZ BH KM DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SY TN AE YE".split())
ENGLISH_SPEAKING = set("US GB CA AU NZ IE ZA NG IN KE".split())


def test_the_shipped_model_was_trained_on_the_training_files_as_they_are():
    examples = read_examples(example_files(TRAIN))
    assert shipped().meta["sha256"] == _digest(examples), "run `cop-bot safety train`"
    assert shipped().meta["examples"] == len(examples)
    assert 0 < shipped().near <= shipped().threshold < 1


@pytest.mark.slow
def test_training_is_reproducible():
    model = train(read_examples(example_files(TRAIN)))
    assert model.threshold == pytest.approx(shipped().threshold, abs=0.01)
    assert model.near == pytest.approx(shipped().near, abs=0.01)
    assert set(model.weights) == set(shipped().weights)


def test_blind_dev_half_regression_guard():
    figures, _ = card_figures(shipped(), read_examples([BLIND / "dev.jsonl"]))
    for lang in ("ar", "en"):
        assert figures[lang].recall >= 0.95, lang
        assert figures[lang].false_cards <= 0.10, lang


def test_blind_halves_never_overlap_the_training_files():
    trained = {e.text for e in read_examples(example_files(TRAIN))}
    blind = read_examples([BLIND / "dev.jsonl", BLIND / "test.jsonl"])
    assert not trained & {e.text for e in blind}
    assert {e.lang for e in blind} == {"ar", "en"}


@pytest.mark.parametrize("text", ["", "   ", "😭😭", "ــَ", "?!", "\x00"])
def test_nothing_to_read_is_never_a_card(text):
    assert not assess(text).urgent


def test_a_model_decides_by_its_thresholds_on_what_it_can_read():
    known = {f: [0.0, 40.0] + [0.0] * 7 for f in features("help now")}
    model = Model(("calm", *TOPICS), [3.0] + [0.0] * 8, known, 0.6, 0.3)
    assert model.assess("help now").urgent and model.assess("help now").topic == "sextortion"
    assert not model.assess("hello there").near  # nothing known: unreadable, never a card
    with pytest.raises(ValueError):
        Model(("sextortion", "calm"), [0.0, 0.0], {}, 0.5, 0.5)


def test_gibberish_is_not_read_as_danger():
    assert not assess("zzyzx qwv " * 20).urgent and not assess("asdfgh jkl").near


def test_every_topic_has_a_card_and_a_label_in_both_languages():
    for lang in ("ar", "en"):
        assert set(STEPS[lang]) == set(TOPIC_LABELS[lang]) == set(TOPICS)
        for topic in TOPICS:
            assert card(topic, lang).text == STEPS[lang][topic] and card(topic, lang).lang == lang
    assert card("grooming", "fr").lang == "en"


def test_bad_training_lines_name_file_line_and_problem(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "label": "urgent", "topic": "sextortion", "lang": "ar"}\n'
                   "not json\n", encoding="utf-8")
    with pytest.raises(ExamplesError, match=r"bad.jsonl:2: not JSON"):
        read_examples([bad])
    bad.write_text('{"text": "x", "label": "maybe", "topic": "sextortion", "lang": "ar"}\n',
                   encoding="utf-8")
    with pytest.raises(ExamplesError, match=r"bad.jsonl:1: label must be one of"):
        read_examples([bad])
    with pytest.raises(ExamplesError, match="both urgent and calm"):
        train(read_examples([]))


def test_safety_eval_command_prints_figures_and_rejects_bad_files(tmp_path):
    good = tmp_path / "set.jsonl"
    rows = [{"text": "someone is threatening to post my son's photos tonight unless he pays",
             "label": "urgent", "topic": "sextortion", "lang": "en"},
            {"text": "what do the guidelines say about screen time for toddlers",
             "label": "calm", "topic": "challenge", "lang": "en"}]
    good.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    run = [sys.executable, "-m", "copbot", "safety", "eval"]
    ok = subprocess.run([*run, str(good)], capture_output=True, text=True, cwd=tmp_path)
    assert ok.returncode == 0 and re.search(r"en\s+1/1\s+100.0%\s+0/1\s+0.0%", ok.stdout), ok.stdout
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{", encoding="utf-8")
    failed = subprocess.run([*run, str(bad)], capture_output=True, text=True, cwd=tmp_path)
    assert failed.returncode == 2 and "bad.jsonl:1: not JSON" in failed.stderr
    assert "Traceback" not in failed.stderr


# --- helplines ----------------------------------------------------------------------------------


def test_the_directory_covers_the_arab_league_and_larger_english_speaking_countries():
    assert set(directory().countries) == ARAB_LEAGUE | ENGLISH_SPEAKING
    for code in ARAB_LEAGUE | ENGLISH_SPEAKING:
        country = directory().get(code)
        assert country.name("en") and re.search("[\u0600-\u06ff]", country.name("ar"))


def test_every_number_and_hotline_has_its_public_source_and_date():
    for country in directory().countries.values():
        for service in (country.helpline, country.hotline):
            if service is None:
                continue
            assert re.match(r"https?://[^/\s]+\.[a-z]{2,}", service.source), country.code
            assert date.fromisoformat(service.checked) <= date.today()
            assert service.name
        if country.helpline is not None:
            assert re.fullmatch(r"[0-9 +-]{3,20}", country.helpline.number), country.code
        if country.hotline is not None:
            assert country.hotline.url.startswith("https://"), country.code
        if country.helpline is None:
            assert country.note, f"{country.code}: say what was searched"
    assert directory().find_helpline.startswith("https://")
    assert directory().find_hotline.startswith("https://")


def test_a_number_no_public_page_confirms_is_not_shown():
    # Iraq: the only number found serves the Kurdistan Region alone; New Zealand: its line's
    # funding ended. Neither is shown as the country's helpline.
    assert directory().get("IQ").helpline is None and directory().get("NZ").helpline is None


@pytest.mark.parametrize("words, code", [("jordan", "JO"), ("الأردن", "JO"), ("الاردن", "JO"),
                                         ("UK", "GB"), ("eg", "EG"), ("Saudi Arabia", "SA")])
def test_countries_are_found_by_name_or_code(words, code):
    assert directory().find(words).code == code
