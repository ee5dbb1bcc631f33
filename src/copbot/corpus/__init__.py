"""The corpus: the documents the bot answers from, read from a folder and checked.

`model` (documents, passages, the shared rules), `readers/` (one per file format), `loader`
(a whole folder) and `validate` (the stricter checks a build applies).
"""

from .loader import corpus_files, load_corpus, read_corpus
from .model import (
    AUDIENCES,
    LANGS,
    MAX_WORDS,
    MIN_WORDS,
    Corpus,
    CorpusError,
    Document,
    Passage,
    pair_passage_id,
)

__all__ = [
    "AUDIENCES", "LANGS", "MAX_WORDS", "MIN_WORDS", "Corpus", "CorpusError", "Document", "Passage",
    "corpus_files", "load_corpus", "pair_passage_id", "read_corpus",
]
