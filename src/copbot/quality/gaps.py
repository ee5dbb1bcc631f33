"""From unanswered questions to corpus fixes: the admin's loop.

The questions the bot could not answer (kept for a few days, personal details taken out) are
grouped by the section whose passage came nearest; for each group, the question words that the
passage lacks (in its text, its section's keywords and its asked-as questions) are what a
`keywords` line or an `<!-- asked: -->` comment there could add, if the section does answer them.
Small talk is left out. A suggestion reaches users only through the corpus, the normal build and
its quality gate: nothing here changes the index.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..answer import Answerer
from ..answer.intent import small_talk

MAX_WORDS = 8  # suggested words per section


@dataclass
class Gap:
    section_id: str  # "<document id>/<section path>"
    section: str  # the section's title path
    passage_id: str  # the nearest passage
    questions: list[tuple[str, int]] = field(default_factory=list)  # (question, times asked)
    missing: dict[str, int] = field(default_factory=dict)  # word -> questions lacking it

    @property
    def asked(self) -> int:
        return sum(n for _, n in self.questions)

    def words(self, limit: int = MAX_WORDS) -> list[str]:
        return [w for w, _ in sorted(self.missing.items(), key=lambda item: (-item[1], item[0]))][:limit]


def gaps(answerer: Answerer, questions: list[tuple[str, int]]) -> list[Gap]:
    """Unanswered questions `(text, times asked)` grouped by nearest section, most asked first.
    Questions with no word the index knows make a group of their own, with no section ("")."""
    found: dict[str, Gap] = {}
    for text, times in questions:
        if small_talk(text) is not None or not text.strip():
            continue
        answer = answerer.answer(text, k=1, with_safety=False)
        if not answer.results:  # no word the index knows: listed under no section
            found.setdefault("", Gap("", "", "")).questions.append((text, times))
            continue
        hit = answer.results[0].hit
        key = f"{hit.doc_id}/{hit.section_path}"
        gap = found.setdefault(key, Gap(key, hit.section, hit.id))
        gap.questions.append((text, times))
        have = answerer.passage_terms(hit)
        seen = set()
        for word in answerer.analyzer.content_words(text):
            stem = answerer.analyzer.stem(word)
            if stem not in have and stem not in seen:
                seen.add(stem)
                gap.missing[word] = gap.missing.get(word, 0) + times
    return sorted(found.values(), key=lambda g: (-g.asked, g.section_id))
