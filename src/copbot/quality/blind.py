"""Blind sets: questions written by people who never saw the corpus, judged blind, and the
figures a user would see on them (format and method: corpus/blind/README.md).

A set is a JSONL file of messages (`id`, `text`, `lang`, `type`: question, offtopic, urgent or
smalltalk, and `need`: what a good answer must contain); its judgments are the `judgments.jsonl`
beside it: per question, each judged passage's grade (2 answers the main point, 1 right topic
only, 0 off the point) and whether the corpus holds a grade-2 passage at all (`answerable`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..answer import Answerer
from ..answer.intent import small_talk

TYPES = ("question", "offtopic", "urgent", "smalltalk")
REQUIRED = ("id", "text", "lang", "type", "need")


class BlindSetError(Exception):
    """A blind set or its judgments cannot be used: which file, which line, what is wrong."""


def _lines(path: Path) -> list[tuple[int, dict[str, Any]]]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BlindSetError(f"{path}: cannot be read ({exc})") from exc
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise BlindSetError(f"{path}:{n}: not JSON ({exc.msg})") from exc
            if not isinstance(row, dict):
                raise BlindSetError(f"{path}:{n}: not a JSON object")
            rows.append((n, row))
    return rows


@dataclass
class BlindSet:
    questions: list[dict[str, Any]]
    judged: dict[str, dict[str, int]] = field(default_factory=dict)  # question id -> grades
    can_answer: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path, judgments: Path | None = None) -> BlindSet:
        path = Path(path)
        questions = []
        for n, row in _lines(path):
            missing = [f for f in REQUIRED if f not in row]
            if missing:
                raise BlindSetError(f"{path}:{n}: missing field(s) {', '.join(missing)}")
            if row["type"] not in TYPES:
                raise BlindSetError(f"{path}:{n}: type {row['type']!r} is not one of {', '.join(TYPES)}")
            questions.append(row)
        judgments = Path(judgments) if judgments else path.with_name("judgments.jsonl")
        out = cls(questions)
        if judgments.is_file():
            for n, row in _lines(judgments):
                if "id" not in row or not isinstance(row.get("grades"), dict):
                    raise BlindSetError(f"{judgments}:{n}: needs an id and grades")
                bad = [g for g in row["grades"].values() if g not in (0, 1, 2)]
                if bad:
                    raise BlindSetError(f"{judgments}:{n}: grades are 0, 1 or 2, not {bad[0]!r}")
                out.judged.setdefault(row["id"], {}).update(row["grades"])
                if "answerable" in row:
                    out.can_answer[row["id"]] = bool(row["answerable"])
        return out

    def grades(self, question_id: str, passage_ids: list[str]) -> list[int | None]:
        judged = self.judged.get(question_id, {})
        return [judged.get(pid) for pid in passage_ids]

    def answerable(self, question_id: str) -> bool:
        """Does the corpus hold an answer: the assessor said so, or a passage was graded 2."""
        return self.can_answer.get(question_id, False) or 2 in self.judged.get(question_id, {}).values()


@dataclass(frozen=True)
class Outcome:
    id: str
    type: str
    lang: str
    answered: bool
    safety: bool
    chat: bool  # answered as small talk
    top: tuple[str, ...]  # the top 3 passage ids
    grades: tuple[int | None, ...]
    answerable: bool


def run(answerer: Answerer, blind: BlindSet) -> list[Outcome]:
    out = []
    for q in blind.questions:
        chat = small_talk(q["text"]) is not None
        ans = answerer.answer(q["text"], k=10)
        top = tuple(r.hit.id for r in ans.results[:3])
        out.append(Outcome(q["id"], q["type"], q["lang"], ans.answered and not chat,
                           ans.safety is not None, chat, top, tuple(blind.grades(q["id"], list(top))),
                           blind.answerable(q["id"])))
    return out


def metrics(outcomes: list[Outcome]) -> dict[str, Any]:
    """Per language, what users see on the questions: the first passage a 2 (the answer shown),
    a 2 in the top 3, the same among questions the corpus can answer, wrong refusals; then
    off-topic refused, urgent with the card, small talk answered in kind. `unjudged` counts top-3
    passages without a grade: judge them before reporting."""
    result: dict[str, Any] = {"by_lang": {}}
    for lang in sorted({o.lang for o in outcomes}):
        mine = [o for o in outcomes if o.lang == lang]
        questions = [o for o in mine if o.type == "question"]
        can = [o for o in questions if o.answerable]
        row: dict[str, Any] = {"questions": len(questions), "answerable": len(can)}
        if questions:
            row["first_2"] = _share(questions, lambda o: o.answered and o.grades[:1] == (2,))
            row["top3_2"] = _share(questions, lambda o: o.answered and 2 in o.grades)
            row["top3_2_answerable"] = _share(can, lambda o: o.answered and 2 in o.grades)
            row["ranked_first_2"] = _share(questions, lambda o: o.grades[:1] == (2,))
            row["ranked_top3_2"] = _share(questions, lambda o: 2 in o.grades)
            row["wrong_refusals"] = _share(questions, lambda o: not o.answered and 2 in o.grades)
            row["unjudged"] = sum(g is None for o in questions for g in o.grades)
        for kind, key, good in (("offtopic", "offtopic_refused", lambda o: not o.answered),
                                ("urgent", "urgent_card", lambda o: o.safety),
                                ("smalltalk", "smalltalk_in_kind", lambda o: o.chat)):
            group = [o for o in mine if o.type == kind]
            if group:
                row[key] = _share(group, good)
        row["calm_cards"] = sum(o.safety for o in mine if o.type in ("question", "offtopic"))
        result["by_lang"][lang] = row
    return result


def _share(group: list[Outcome], test) -> dict[str, Any]:
    hits = sum(1 for o in group if test(o))
    return {"n": len(group), "k": hits, "rate": round(hits / len(group), 3) if group else 0.0}
