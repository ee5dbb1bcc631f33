"""The question set (corpus/questions/*.jsonl) run through the real index built from corpus/.

The set's floors are enforced: recall@3 at least 0.90 in each language, off-topic refusals at
least 0.90, safety cards on every urgent message, on few calm ones and on few of the ordinary
questions. The settings were tuned on this set, so these are regression guards, not a measure of
quality (docs/retrieval.md; for the safety card, blind sets: docs/safety.md).
"""

from collections import defaultdict
from pathlib import Path

import pytest

from copbot.quality.metrics import first_relevant_rank, recall_at
from copbot.quality.questions import read_questions
from copbot.safety import assess

DATA = Path(__file__).resolve().parent.parent / "corpus" / "questions"
QUESTIONS = read_questions(DATA)
RECALL3_FLOOR = {"ar": 0.90, "en": 0.90}
REFUSAL_FLOOR = 0.90
CALM_CARDS_CEILING = 0.10  # of the calm messages on the same frightening topics
OFFTOPIC_CARDS_CEILING = 0.05
# Some answerable questions describe a danger going on ("someone is threatening to post my son's
# pics unless he pays, should we just pay"): a card on them is right, so their ceiling is higher.
ANSWER_CARDS_CEILING = 0.15


def by_kind(kind):
    return [q for q in QUESTIONS if q["kind"] == kind]


def test_question_set_shape():
    answer = by_kind("answer")
    assert sum(q["lang"] == "ar" for q in answer) >= 100
    assert sum(q["lang"] == "en" for q in answer) >= 100
    assert len(by_kind("offtopic")) >= 30
    assert len(by_kind("urgent")) >= 20 and len(by_kind("calm")) >= 20
    assert len({q["id"] for q in QUESTIONS}) == len(QUESTIONS)


def test_relevant_ids_exist_in_the_questions_language(answerer):
    for q in by_kind("answer"):
        for pid in q["relevant"]:
            hit = answerer.index.by_id(pid)
            assert hit is not None, (q["id"], pid)
            assert hit.lang == q["lang"], (q["id"], pid)
        judged_out = set(q.get("not_relevant", ()))
        assert not judged_out & set(q["relevant"]), q["id"]
        assert all(answerer.index.by_id(pid) for pid in judged_out), q["id"]


def recall_at_3(answerer):
    ranks = defaultdict(list)
    for q in by_kind("answer"):
        ids = [r.hit.id for r in answerer.answer(q["text"], k=3).results]
        ranks[q["lang"]].append(first_relevant_rank(ids, q["relevant"]))
    return {lang: recall_at(r, 3) for lang, r in ranks.items()}


def test_recall_at_3_per_language(answerer):
    recall = recall_at_3(answerer)
    for lang, floor in RECALL3_FLOOR.items():
        assert recall[lang] >= floor, recall


def test_off_topic_questions_are_refused(answerer):
    offtopic = by_kind("offtopic")
    refused = [not answerer.answer(q["text"]).answered for q in offtopic]
    assert sum(refused) / len(refused) >= REFUSAL_FLOOR


@pytest.mark.parametrize("q", by_kind("urgent"), ids=lambda q: q["id"])
def test_urgent_messages_bring_the_safety_card(q, answerer):
    answer = answerer.answer(q["text"])
    assert answer.safety is not None
    assert answer.safety.text and answer.safety.topic == assess(q["text"]).topic
    assert answer.answered or answer.what_to_do is not None  # never a refusal after the card


def test_few_calm_questions_bring_it():
    calm = by_kind("calm")
    carded = [q["text"] for q in calm if assess(q["text"]).urgent]
    assert len(carded) <= CALM_CARDS_CEILING * len(calm), carded


@pytest.mark.parametrize("kind, ceiling", [("offtopic", OFFTOPIC_CARDS_CEILING),
                                           ("answer", ANSWER_CARDS_CEILING)])
def test_few_ordinary_questions_bring_it(kind, ceiling):
    questions = by_kind(kind)
    carded = [q["text"] for q in questions if assess(q["text"]).urgent]
    assert len(carded) <= ceiling * len(questions), carded


def test_safety_card_is_in_the_questions_language(answerer):
    ar = answerer.answer("واحد يهدد بنتي ينشر صورها اذا ما دفعت")
    en = answerer.answer("someone is threatening to post my daughter's photos unless she pays")
    assert ar.safety.topic == en.safety.topic == "sextortion"
    assert "لا تدفعوا" in ar.safety.text and "do not pay" in en.safety.text


@pytest.mark.parametrize(
    "question, answered",
    [
        ("my son is bullied in a WhatsApp group, what do I do?", True),
        ("ابني بيتعرض للتنمر في جروب واتساب اعمل ايه؟", True),
        ("what do the guidelines say to industry about CSAM?", True),
        ("what is the capital of Australia?", False),
        ("ما هي عاصمة استراليا", False),
        ("how do I fix my car engine", False),
    ],
)
def test_the_briefs_examples(answerer, question, answered):
    assert answerer.answer(question).answered is answered


def test_answer_rate_on_answerable_questions(answerer):
    """Refusing real questions is a failure too: most answerable questions must be answered."""
    rates = defaultdict(list)
    for q in by_kind("answer"):
        rates[q["lang"]].append(answerer.answer(q["text"]).answered)
    assert sum(rates["ar"]) / len(rates["ar"]) >= 0.85
    assert sum(rates["en"]) / len(rates["en"]) >= 0.90
