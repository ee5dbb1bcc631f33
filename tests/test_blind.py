"""Blind sets and the learned answer/refuse decision: reading, judging, figures, fitting."""

import json
import re

import pytest

from copbot.answer.decision import FEATURES, Decision
from copbot.quality import decision_fit
from copbot.quality.blind import BlindSet, BlindSetError, metrics, run


def write_lines(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def test_figures_count_what_users_see(answerer, tmp_path):
    messages = [
        {"id": "q1", "text": "what is sextortion", "lang": "en", "type": "question", "need": "a definition"},
        {"id": "q2", "text": "how do I report grooming", "lang": "en", "type": "question", "need": "where"},
        {"id": "o1", "text": "my toddler has a fever of 39", "lang": "en", "type": "offtopic",
         "need": "a doctor"},
        {"id": "s1", "text": "thanks!", "lang": "en", "type": "smalltalk", "need": "a friendly reply"},
    ]
    write_lines(tmp_path / "dev.jsonl", messages)
    first = answerer.answer("what is sextortion").results[0].hit.id
    second = answerer.answer("how do I report grooming").results[0].hit.id
    write_lines(tmp_path / "judgments.jsonl", [
        {"id": "q1", "grades": {first: 2}, "answerable": True},
        {"id": "q2", "grades": {second: 0}, "answerable": False},
    ])
    blind = BlindSet.read(tmp_path / "dev.jsonl")
    assert blind.answerable("q1") and not blind.answerable("q2")
    row = metrics(run(answerer, blind))["by_lang"]["en"]
    assert row["questions"] == 2 and row["answerable"] == 1
    assert row["first_2"]["k"] == 1 and row["top3_2_answerable"]["rate"] == 1.0
    assert row["offtopic_refused"]["rate"] == 1.0 and row["smalltalk_in_kind"]["rate"] == 1.0
    assert row["unjudged"] > 0  # q1 and q2 have top-3 passages nobody graded


@pytest.mark.parametrize("line, message", [
    ({"id": "x", "text": "t", "lang": "en", "type": "question"}, "missing field(s) need"),
    ({"id": "x", "text": "t", "lang": "en", "type": "urgentish", "need": "n"}, "type 'urgentish'"),
])
def test_a_bad_line_is_named(tmp_path, line, message):
    write_lines(tmp_path / "b.jsonl", [line])
    with pytest.raises(BlindSetError, match=re.escape(f"b.jsonl:1: {message}")):
        BlindSet.read(tmp_path / "b.jsonl")


def test_a_bad_grade_is_named(tmp_path):
    line = {"id": "x", "text": "t", "lang": "en", "type": "question", "need": "n"}
    write_lines(tmp_path / "b.jsonl", [line])
    write_lines(tmp_path / "judgments.jsonl", [{"id": "x", "grades": {"p": 3}}])
    with pytest.raises(BlindSetError, match="judgments.jsonl:1: grades are 0, 1 or 2, not 3"):
        BlindSet.read(tmp_path / "b.jsonl")


def test_the_fitted_decision_separates_what_it_was_shown():
    rest = [0.5] * (len(FEATURES) - 1)  # coverage is the first feature; the others say nothing
    found = [decision_fit.Example(tuple([0.8 + 0.01 * i, *rest]), True, f"a{i}") for i in range(30)]
    found += [decision_fit.Example(tuple([0.1 + 0.01 * i, *rest]), False, f"r{i}") for i in range(30)]
    model = decision_fit.fit(found)
    decision = Decision(tuple(model["mean"]), tuple(model["scale"]), tuple(model["weights"]),
                        model["bias"], model["threshold"], model["meta"])
    values = dict.fromkeys(FEATURES, 0.5)
    assert decision.answers({**values, "coverage": 0.9})
    assert not decision.answers({**values, "coverage": 0.05})
    assert model["meta"]["cv_answered"] == 1.0 and model["meta"]["cv_refused"] >= decision_fit.REFUSE_TARGET


def test_the_packaged_decision_reads_the_features_it_was_fitted_on():
    decision = Decision.load()
    assert len(decision.weights) == len(FEATURES) and 0 < decision.threshold < 1
    with pytest.raises(ValueError):
        decision_fit.fit([decision_fit.Example((0.0,) * len(FEATURES), True, "a")])
