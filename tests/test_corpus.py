"""Corpus parsing and validation: every problem names its file and line."""

import time
import zlib
from pathlib import Path

import pytest

from copbot.corpus import CorpusError, load_corpus, read_corpus
from copbot.corpus.readers.html import parse_html
from copbot.corpus.readers.markdown import parse_document

HEAD = """---
id: t-en
title: Test guideline
lang: en
audience: parents_educators
url: https://www.itu-cop-guidelines.com/parentsandeducators
publisher: ITU
year: 2020
pair:
---
"""
WORDS = " ".join(["word"] * 45)
CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def test_sections_passages_ids_and_sources():
    text = HEAD + f"""Intro for editors, not indexed.

# Cyberbullying {{#bullying}}
<!-- source: https://www.itu.int/x.pdf#page=3 -->

{WORDS} **bold** and [a link](https://x.org).

{WORDS}

## Responding {{#respond}}

{WORDS}
"""
    doc, passages, warnings = parse_document(text, "t.md")
    assert doc.id == "t-en" and doc.audience == "parents_educators"
    assert [p.id for p in passages] == ["t-en/bullying/1", "t-en/bullying/2", "t-en/bullying/respond/1"]
    assert passages[0].url == "https://www.itu.int/x.pdf#page=3"
    assert passages[2].url == "https://www.itu.int/x.pdf#page=3"  # inherited by the subsection
    assert passages[2].section == "Cyberbullying › Responding"
    assert "**" not in passages[0].text and "a link" in passages[0].text and "x.org" not in passages[0].text
    assert passages[0].line == 16
    assert warnings == []


def test_keywords_apply_to_the_section_and_its_subsections():
    text = HEAD + f"""# Cyberbullying {{#bullying}}
<!-- source: https://www.itu.int/x.pdf#page=3 -->
<!-- keywords: mean messages, group chat، **trolls** -->

{WORDS}

## Responding {{#respond}}
<!-- keywords: block, screenshot -->

{WORDS}

# Privacy {{#privacy}}

{WORDS}
"""
    doc, passages, warnings = parse_document(text, "t.md")
    assert [p.id for p in passages] == ["t-en/bullying/1", "t-en/bullying/respond/1", "t-en/privacy/1"]
    assert passages[0].keywords == "mean messages, group chat, trolls"
    assert passages[1].keywords == "mean messages, group chat, trolls, block, screenshot"
    assert passages[2].keywords == ""
    assert all("keywords" not in p.text and "<!--" not in p.text for p in passages)
    assert passages[0].url == "https://www.itu.int/x.pdf#page=3"
    assert warnings == []


def test_keywords_problems_are_named():
    with pytest.raises(CorpusError, match="t.md:11: keywords comment before any heading"):
        parse_document(HEAD + "<!-- keywords: a -->\n\n# A {#a}\n\nx\n", "t.md")
    _, passages, warnings = parse_document(
        HEAD + f"# A {{#a}}\n<!-- keywords: a -->\n<!-- keywords: b -->\n<!-- keywords: -->\n\n{WORDS}\n",
        "t.md")
    assert passages[0].keywords == "a, b"
    assert "t.md:13: second keywords comment for section 'a'" in warnings
    assert "t.md:14: empty keywords comment" in warnings


def test_asked_and_kind_describe_the_paragraph_above():
    text = HEAD + f"""# Cyberbullying {{#bullying}}

{WORDS}
<!-- kind: respond -->
<!-- asked: my son is bullied what do i do | ابني يتنمرون عليه، شو اسوي؟ |  -->

{WORDS}

<!-- asked: what is cyberbullying -->
"""
    _, passages, warnings = parse_document(text, "t.md")
    assert passages[0].kind == "respond"
    assert passages[0].asked == ("my son is bullied what do i do", "ابني يتنمرون عليه، شو اسوي؟")
    assert passages[1].asked == ("what is cyberbullying",) and passages[1].kind == ""
    assert all("asked" not in p.text and "<!--" not in p.text for p in passages)
    assert warnings == []


@pytest.mark.parametrize("body, message", [
    ("# A {#a}\n<!-- asked: x -->\n", "t.md:12: asked comment must come right after its paragraph"),
    (f"# A {{#a}}\n\n{WORDS}\n<!-- kind: scary -->\n", "t.md:14: unknown kind 'scary'"),
    (f"# A {{#a}}\n\n{WORDS}\n<!-- asked: x -->\n<!-- asked: y -->\n",
     "t.md:15: second asked comment for passage t-en/a/1"),
    (f"# A {{#a}}\n\n{WORDS}\n<!-- asked: | -->\n", "t.md:14: empty asked comment"),
    (f"# A {{#a}}\n\n{WORDS}\n\n# B {{#b}}\n<!-- kind: what -->\n",
     "t.md:16: kind comment must come right after its paragraph"),
])
def test_asked_and_kind_problems_are_named(body, message):
    with pytest.raises(CorpusError, match=message):
        parse_document(HEAD + body, "t.md")


def test_short_passage_and_missing_anchor_warn():
    _, _, warnings = parse_document(HEAD + "# No anchor\n\nToo short.\n", "t.md")
    assert any("no {#anchor}" in w for w in warnings)
    assert any("t.md:13: passage t-en/no-anchor/1 has 2 words" in w for w in warnings)


@pytest.mark.parametrize(
    "text, message",
    [
        ("no front matter", "t.md:1: missing front matter"),
        (HEAD.replace("audience: parents_educators", "audience: teachers") + "# A {#a}\n\nx\n",
         "audience 'teachers' is not one of"),
        (HEAD.replace("lang: en", "lang: fr") + "# A {#a}\n\nx\n", "lang 'fr' is not one of"),
        (HEAD.replace("title: Test guideline\n", "") + "# A {#a}\n\nx\n", "lacks required field(s): title"),
        (HEAD.replace("url: https", "url: ftp") + "# A {#a}\n\nx\n", "is not an https address"),
        (HEAD + "# A {#Bad_Anchor}\n\nx\n", "t.md:11: anchor 'Bad_Anchor'"),
        (HEAD + "# A {#a}\n\nx\n\n# B {#a}\n\ny\n", "t.md:15: section path 'a' appears twice"),
        (HEAD + "# A {#a}\n\nbroken \ufffd text\n", "t.md:13: replacement character"),
        (HEAD, "no passages"),
    ],
)
def test_bad_documents(text, message):
    with pytest.raises(CorpusError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_document(text, "t.md")


def _write(folder, name, text):
    (folder / name).write_text(text, encoding="utf-8")


def test_duplicate_ids_and_dangling_pairs(tmp_path):
    body = f"# A {{#a}}\n\n{WORDS}\n"
    _write(tmp_path, "a.md", HEAD + body)
    _write(tmp_path, "b.md", HEAD + body)
    with pytest.raises(CorpusError, match="document id 't-en' is also used by"):
        load_corpus(tmp_path)
    _write(tmp_path, "b.md", HEAD.replace("pair:", "pair: t-ar").replace("id: t-en", "id: t2-en") + body)
    with pytest.raises(CorpusError, match="pair 't-ar' is not a document in the corpus"):
        load_corpus(tmp_path)


def test_not_utf8(tmp_path):
    (tmp_path / "a.md").write_bytes(HEAD.encode() + "# A {#a}\n\nحماية\n".encode("cp1256"))
    with pytest.raises(CorpusError, match="not valid UTF-8"):
        load_corpus(tmp_path)


@pytest.mark.parametrize("source, reason", [
    ("javascript:alert(1)", "is not an https address"),
    ("http://www.itu.int/cop", "is not an https address"),
    ("https://itu.int.evil.example/cop", "is not on an official domain"),
    ("https://www.itu.int@evil.example/cop", "is not a plain https address"),
    ("https://example.org/cop", "is not on an official domain"),
])
def test_a_section_source_must_be_https_on_an_official_domain(tmp_path, source, reason):
    _write(tmp_path, "a.md", HEAD + f"# A {{#a}}\n<!-- source: {source} -->\n\n{WORDS}\n")
    corpus, problems = read_corpus(tmp_path)
    assert len(problems) == 1 and reason in problems[0] and "a.md:" in problems[0], problems


def test_the_official_domains_can_be_set(tmp_path, monkeypatch):
    _write(tmp_path, "a.md", HEAD.replace("www.itu-cop-guidelines.com", "www.unicef.org") +
           f"# A {{#a}}\n\n{WORDS}\n")
    assert "not on an official domain" in read_corpus(tmp_path)[1][0]
    assert read_corpus(tmp_path, domains=("unicef.org",))[1] == []
    monkeypatch.setenv("COP_SOURCE_DOMAINS", "itu.int, unicef.org")
    assert read_corpus(tmp_path)[1] == []


def test_symbolic_links_are_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    _write(outside, "secret.md", HEAD + f"# A {{#a}}\n\n{WORDS}\n")
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    (corpus_dir / "linked.md").symlink_to(outside / "secret.md")
    _write(corpus_dir, "real.md", HEAD.replace("id: t-en", "id: r-en") + f"# A {{#a}}\n\n{WORDS}\n")
    corpus, problems = read_corpus(corpus_dir)
    assert [d.id for d in corpus.documents] == ["r-en"]
    assert len(problems) == 1 and "linked.md: a symbolic link" in problems[0]


def _bomb_pdf(path: Path, size: int = 80_000_000) -> None:
    """A 78 KB PDF whose one page decompresses to more than pypdf agrees to inflate."""
    data = zlib.compress(b"BT /F1 12 Tf 10 10 Td (x) Tj ET\n" + b" " * size, 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))


def test_a_pdf_past_the_readers_limits_is_reported_by_file(tmp_path):
    _bomb_pdf(tmp_path / "bomb.pdf")
    (tmp_path / "bomb.pdf.yml").write_text(
        "id: b-en\ntitle: B\nlang: en\naudience: general\nurl: https://www.itu.int/b.pdf\n"
        "publisher: ITU\nyear: 2020\npair:\n", encoding="utf-8")
    _write(tmp_path, "real.md", HEAD + f"# A {{#a}}\n\n{WORDS}\n")
    corpus, problems = read_corpus(tmp_path)
    assert [d.id for d in corpus.documents] == ["t-en"]  # the other files are still read
    assert len(problems) == 1 and "bomb.pdf: not a readable PDF" in problems[0], problems
    assert "Limit reached" in problems[0]


def test_html_parsing_stays_linear_on_unclosed_tags():
    """100,000 unclosed tags: twice the input takes about twice the time (the end-tag search
    used to scan every open tag: quadratic, 65 s). Measured against itself, so a slow machine
    does not matter; the best of three runs each."""
    def best(n: int) -> float:
        page = "<html><body>" + "<div><span>x" * n + "</p>" * n + "</body></html>"
        times = []
        for _ in range(3):
            started = time.perf_counter()
            parse_html(page)
            times.append(time.perf_counter() - started)
        return min(times)

    small, large = best(25_000), best(100_000)
    assert large / small < 8, (small, large)  # linear: 4; quadratic: 16


def test_shipped_corpus_is_clean_and_paired():
    corpus = load_corpus(CORPUS)
    assert corpus.warnings == []
    langs = {d.id: d.lang for d in corpus.documents}
    per_lang = {"ar": 0, "en": 0}
    for p in corpus.passages:
        per_lang[langs[p.doc_id]] += 1
    assert per_lang["ar"] == per_lang["en"] >= 250
