"""`python3 -m copbot.corpus [folder]`: list the passages with their word counts and report
every problem (for corpus authors; the standard library alone)."""

from __future__ import annotations

import sys
from pathlib import Path

from .loader import load_corpus
from .model import LANGS, CorpusError


def main(argv: list[str]) -> int:
    """List passages with word counts and report problems (for corpus authors)."""
    folder = Path(argv[0]) if argv else Path("corpus")
    try:
        corpus = load_corpus(folder)
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for p in corpus.passages:
        print(f"{p.words:4d}  {p.id}")
    for w in corpus.warnings:
        print(f"warning: {w}", file=sys.stderr)
    present = corpus.passages_per_lang()
    per_lang = {lang: present.get(lang, 0) for lang in LANGS}
    print(
        f"{len(corpus.documents)} documents, {len(corpus.passages)} passages "
        f"({', '.join(f'{k}: {v}' for k, v in per_lang.items())}), {len(corpus.warnings)} warnings",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
