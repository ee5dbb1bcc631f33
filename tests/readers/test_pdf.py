"""The PDF reader on real PDFs written with fpdf2 and an embedded Arabic font."""

from __future__ import annotations

import re

import pytest
from pdf_samples import ARABIC_PAGES, ENGLISH_PAGES, sidecar_fields, sidecar_text

from copbot.analysis import Analyzer
from copbot.answer import Answerer
from copbot.cli.main import build
from copbot.corpus import CorpusError, load_corpus
from copbot.corpus.readers.pdf import extract_pages, join_lines
from copbot.search import Index

ARABIC_WORD_RE = re.compile(r"[\u0600-\u06ff]+")


def words_recovered(expected: str, got: str) -> float:
    want = ARABIC_WORD_RE.findall(expected)
    have = set(ARABIC_WORD_RE.findall(got))
    return sum(w in have for w in want) / len(want)


def test_english_pdf_passages_carry_page_and_link(pdf_corpus):
    corpus = load_corpus(pdf_corpus)
    en = [p for p in corpus.passages if p.doc_id == "guide-en"]
    assert [p.page for p in en] == [1, 2, 3]
    assert [p.id for p in en] == ["guide-en/p-1/1", "guide-en/p-2/1", "guide-en/p-3/1"]
    assert en[1].url == "https://www.itu.int/test/guide-en.pdf#page=2"
    assert en[1].section == "p. 2"
    assert "Grooming is the process by which an adult builds a relationship" in en[1].text


def test_running_header_and_page_numbers_are_dropped(pdf_corpus):
    corpus = load_corpus(pdf_corpus)
    for p in corpus.passages:
        assert "ITU Guidelines for parents" not in p.text
        assert "إرشادات الاتحاد" not in p.text
        assert not re.search(r"Page \d", p.text)


@pytest.mark.parametrize("order", ["visual", "logical"])
def test_arabic_pdf_words_come_out_right(tmp_path, make_pdf, order):
    path = make_pdf(tmp_path / "ar.pdf", ARABIC_PAGES, "ar", order=order)
    pages = extract_pages(path)
    for expected, lines in zip(ARABIC_PAGES, pages, strict=True):
        got = " ".join(lines)
        assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", got)  # no presentation forms left
        assert words_recovered(expected[0], got) >= 0.95, got
    assert "الاستدراج" in " ".join(pages[1])
    assert "الرقابة الأبوية" in " ".join(pages[2])


def test_an_arabic_question_finds_the_right_page(pdf_corpus, tmp_path):
    index_path = tmp_path / "cop.sqlite"
    build(pdf_corpus, index_path)
    index = Index(index_path, Analyzer())
    try:
        answerer = Answerer(index)
        ar = answerer.answer("ما هو الاستدراج وما علامات التحذير؟", k=3).results[0].hit
        en = answerer.answer("what are the warning signs of grooming?", k=3).results[0].hit
        assert ar.id == "guide-ar/p-2/1" and ar.url.endswith("#page=2")
        assert en.id == "guide-en/p-2/1"
        assert ar.pair_id == "guide-en/p-2/1"
    finally:
        index.close()


def test_hyphenated_and_broken_lines_are_joined():
    assert join_lines(["Parents should moni-", "tor screen time and", "talk with children."]) == [
        "Parents should monitor screen time and talk with children."
    ]
    assert join_lines(["First paragraph.", "", "Second one."]) == ["First paragraph.", "Second one."]


def test_a_corrupt_pdf_is_an_error_naming_the_file(pdf_corpus):
    (pdf_corpus / "guide-en.pdf").write_bytes(b"%PDF-1.7\nthis is not really a PDF\n%%EOF")
    with pytest.raises(CorpusError, match=r"guide-en\.pdf: (not a readable PDF|no text)"):
        load_corpus(pdf_corpus)


def test_a_missing_sidecar_field_is_named(pdf_corpus):
    fields = sidecar_fields("guide-en", "en", "guide-ar")
    del fields["audience"]
    (pdf_corpus / "guide-en.pdf.yml").write_text(sidecar_text(**fields))
    with pytest.raises(CorpusError, match=r"guide-en\.pdf\.yml: missing required field\(s\) audience"):
        load_corpus(pdf_corpus)


def test_a_pdf_without_sidecar_is_an_error(pdf_corpus):
    (pdf_corpus / "guide-ar.pdf.yml").unlink()
    with pytest.raises(CorpusError, match=r"guide-ar\.pdf: no sidecar guide-ar\.pdf\.yml"):
        load_corpus(pdf_corpus)


def test_short_pages_are_left_out_with_a_warning(tmp_path, make_pdf):
    folder = tmp_path / "c"
    folder.mkdir()
    make_pdf(folder / "g-en.pdf", [["Title page of the guide"], *ENGLISH_PAGES], "en")
    (folder / "g-en.pdf.yml").write_text(sidecar_text(**sidecar_fields("g-en", "en")))
    corpus = load_corpus(folder)
    assert [p.page for p in corpus.passages] == [2, 3, 4]
    assert any("(page 1): only" in w for w in corpus.warnings)
