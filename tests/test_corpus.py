"""Corpus parsing and validation: every problem names its file and line."""

from pathlib import Path

import pytest

from copbot.corpus import CorpusError, load_corpus
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
        (HEAD.replace("url: https", "url: ftp") + "# A {#a}\n\nx\n", "is not an http(s) address"),
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


def test_shipped_corpus_is_clean_and_paired():
    corpus = load_corpus(CORPUS)
    assert corpus.warnings == []
    langs = {d.id: d.lang for d in corpus.documents}
    per_lang = {"ar": 0, "en": 0}
    for p in corpus.passages:
        per_lang[langs[p.doc_id]] += 1
    assert per_lang["ar"] == per_lang["en"] >= 250
