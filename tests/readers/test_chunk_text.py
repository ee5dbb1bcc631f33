"""Chunking into passages, and plain text files."""

from __future__ import annotations

import pytest

from copbot.corpus import MAX_WORDS, MIN_WORDS, CorpusError, load_corpus
from copbot.corpus.readers.chunk import chunk

SENTENCE = "Children should know where to ask for help when something online worries them. "  # 13 words


@pytest.mark.parametrize("paragraphs", [
    [SENTENCE * 2] * 10,  # short paragraphs are grouped
    [SENTENCE * 40],  # one huge paragraph is cut at sentence ends
    [SENTENCE * 5, SENTENCE * 1],  # a short tail joins the previous passage
])
def test_chunks_stay_within_the_word_range(paragraphs):
    passages = chunk(paragraphs)
    assert all(MIN_WORDS <= len(p.split()) <= MAX_WORDS for p in passages), [len(p.split()) for p in passages]
    assert " ".join(passages).split() == " ".join(paragraphs).split()
    assert all(p.endswith(".") for p in passages)


def test_text_file_with_sidecar(tmp_path):
    (tmp_path / "note-en.txt").write_text(f"{SENTENCE * 4}\n\n{SENTENCE * 4}\n", encoding="utf-8")
    (tmp_path / "note-en.txt.yml").write_text(
        "title: A note\nlang: en\naudience: general\nurl: https://www.itu.int/cop\n"
        "publisher: ITU\nyear: 2021\npair:\n", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert [p.id for p in corpus.passages] == ["note-en/text/1", "note-en/text/2"]


def test_empty_text_file_is_an_error(tmp_path):
    (tmp_path / "empty-en.txt").write_text("  \n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"empty-en\.txt: empty file"):
        load_corpus(tmp_path)
