"""The HTML reader: main content only, headings as sections."""

from __future__ import annotations

import pytest

from copbot.corpus import CorpusError, load_corpus
from copbot.corpus.readers.html import parse_html

PARA = ("Parents should talk with their children about what they do online, agree on family rules "
        "together, and keep talking as the children grow older. Rules work best when children "
        "understand why they exist and help to write them, and when parents follow them too. ")

PAGE = f"""<!doctype html>
<html lang="en"><head><title>Guidelines for parents</title>
<link rel="canonical" href="https://www.itu-cop-guidelines.com/parentsandeducators">
<script>var tracking = "Cookie tracking script text";</script><style>p {{ color: red }}</style></head>
<body class="menu-open">
<div id="cookie-banner">We use cookies to improve your experience. Accept all cookies</div>
<header><a href="/">Home</a></header>
<nav><ul><li><a href="/children">Children menu link</a></li></ul></nav>
<main>
  <h1 id="family-rules">Family rules</h1>
  <p>{PARA}</p><p>{PARA}</p>
  <h2>Screen time</h2>
  <p>Screen time limits should fit the child's age. {PARA}</p>
  <aside class="share-buttons">Share on social media</aside>
  <h1 id="reporting">Reporting abuse</h1>
  <ul><li>Keep evidence such as screenshots.</li><li>{PARA}</li></ul>
</main>
<footer>Copyright ITU footer text</footer>
<script>console.log("late script")</script>
</body></html>"""


def test_boilerplate_is_left_out():
    meta, items = parse_html(PAGE)
    text = " ".join(t for _, t, _, _ in items)
    for junk in ("cookies", "Home", "menu link", "tracking", "color", "Share on", "footer text",
                 "late script"):
        assert junk not in text
    assert meta == {"title": "Guidelines for parents", "lang": "en",
                    "url": "https://www.itu-cop-guidelines.com/parentsandeducators"}


def test_headings_become_sections(tmp_path):
    (tmp_path / "parents-web-en.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "parents-web-en.html.yml").write_text(
        "audience: parents_educators\npublisher: ITU\nyear: 2020\npair:\n", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    doc = corpus.documents[0]
    assert (doc.id, doc.title, doc.lang) == ("parents-web-en", "Guidelines for parents", "en")
    ids = [p.id for p in corpus.passages]
    assert ids == ["parents-web-en/family-rules/1", "parents-web-en/family-rules/2",
                   "parents-web-en/family-rules/screen-time/1", "parents-web-en/reporting/1"]
    screen = corpus.passages[2]
    assert screen.section == "Family rules › Screen time"
    assert screen.text.startswith("Screen time limits should fit the child's age.")
    assert screen.line > 1


def test_html_sidecar_must_give_what_the_page_lacks(tmp_path):
    (tmp_path / "p-en.html").write_text(PAGE.replace('lang="en"', ""), encoding="utf-8")
    (tmp_path / "p-en.html.yml").write_text("audience: parents_educators\npublisher: ITU\nyear: 2020\n")
    with pytest.raises(CorpusError, match=r"p-en\.html\.yml: missing required field\(s\) lang, pair"):
        load_corpus(tmp_path)
