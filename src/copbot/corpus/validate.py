"""Validation before a build: every problem of the corpus, each with its file and line or page.

The loader already refuses what it cannot parse (bad front matter or sidecar, unknown language or
audience, duplicate ids, a pair pointing nowhere, unreadable or empty files). On top of that a build
is strict: a passage too long or too short and text that looks like mojibake are errors too.
"""

from __future__ import annotations

import re
from pathlib import Path

from .loader import read_corpus
from .model import Corpus, CorpusError, length_problems

# UTF-8 bytes decoded as cp1252/latin-1 ("Ã©", "â€™", "Ø§") or as cp1256 ("ط§ظ„")
_MOJIBAKE_RE = re.compile(
    "[ÂÃÅÆÐØÙÚÛâ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
    "|(?:[طظ][\u0080-\u00bf\u0152\u0153\u0192\u02c6\u2013-\u2026\u2030\u2039\u203a\u20ac\u2122"
    "\u067e\u0679\u0688\u0691\u06ba\u06be\u06a9\u06af\u0686\u0698]){2,}"
)


class ValidationFailed(CorpusError):
    """The corpus has problems; `problems` lists them all."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the corpus:\n" + "\n".join(problems))


def mojibake_problems(corpus: Corpus) -> list[str]:
    docs = {d.id: d for d in corpus.documents}
    problems = []
    for p in corpus.passages:
        match = _MOJIBAKE_RE.search(p.text)
        if match:
            problems.append(
                f"{p.where(docs[p.doc_id].path)}: passage {p.id} looks mis-decoded "
                f"({match.group()!r}): save the file as UTF-8"
            )
    for d in corpus.documents:
        if _MOJIBAKE_RE.search(d.title):
            problems.append(f"{d.path}: title {d.title!r} looks mis-decoded: save it as UTF-8")
    return problems


def check_corpus(folder: Path, progress=None) -> tuple[Corpus, list[str]]:
    """The corpus and every problem that must stop a build (empty when it may go ahead)."""
    corpus, problems = read_corpus(folder, progress)
    by_doc: dict[str, list] = {d.id: [] for d in corpus.documents}
    for p in corpus.passages:
        by_doc[p.doc_id].append(p)
    for doc in corpus.documents:
        problems.extend(length_problems(by_doc[doc.id], doc.path))
    problems.extend(mojibake_problems(corpus))
    return corpus, problems


def validated_corpus(folder: Path, progress=None) -> Corpus:
    """The corpus, or ValidationFailed listing every problem."""
    corpus, problems = check_corpus(folder, progress)
    if problems:
        raise ValidationFailed(problems)
    return corpus
