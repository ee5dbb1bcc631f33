"""HTML pages (saved pages of the guidelines microsite): main content only, headings as sections.

Uses the standard library's html.parser. Navigation, headers, footers, asides, forms, scripts and
styles are skipped, and so is any element whose id, class or role names a cookie banner, a menu or
the like. When the page has <main> (or else <article>), only its content is read.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from ..model import Document, read_utf8, slugify
from .blocks import Block
from .sidecar import document_for

SKIP_TAGS = frozenset({"head", "nav", "header", "footer", "aside", "script", "style", "noscript", "form",
                       "template", "svg", "button", "iframe", "select", "dialog"})
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                       "source", "track", "wbr"})
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4}
BLOCK_TAGS = frozenset({"p", "li", "blockquote", "dd", "dt", "td", "th", "pre", "div", "section",
                        "article", "main", "ul", "ol", "table", "tr", "figcaption", "br"})
_BOILERPLATE_RE = re.compile(
    r"cookie|consent|gdpr|banner|nav|menu|breadcrumb|footer|header|sidebar|share|social|skip|modal|popup",
    re.I,
)
_ANCHOR_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _is_boilerplate(tag: str, attrs: dict[str, str | None]) -> bool:
    if tag in SKIP_TAGS or "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    if tag in ("html", "body", "main", "article"):
        return False  # their classes describe the page ("menu-open"), not boilerplate
    names = " ".join(attrs.get(a) or "" for a in ("id", "class", "role"))
    return bool(_BOILERPLATE_RE.search(names))


class _Reader(HTMLParser):
    """Collects (kind, text, line, anchor) items: kind is a heading level or 0 for a paragraph."""

    def __init__(self, root: str | None):
        super().__init__(convert_charrefs=True)
        self.root = root  # "main", "article" or None: read only inside it
        self.depth_in_root = 0
        self.skip_depth = 0
        self.stack: list[str] = []
        self.open_count: dict[str, int] = {}  # tags on the stack: "is it open?" in constant time
        self.items: list[tuple[int, str, int, str]] = []
        self.text: list[str] = []
        self.text_line = 0
        self.heading: tuple[int, str] | None = None  # (level, id) while inside a heading
        self.meta = {"title": "", "lang": "", "url": ""}
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs_ = dict(attrs)
        self._read_meta(tag, attrs_)
        if tag in VOID_TAGS:
            if tag == "br":
                self._flush()
            return
        self.stack.append(tag)
        self.open_count[tag] = self.open_count.get(tag, 0) + 1
        if self.skip_depth or _is_boilerplate(tag, attrs_):
            self.skip_depth += 1
            return
        if tag == self.root:
            self.depth_in_root += 1
        if tag in HEADINGS or tag in BLOCK_TAGS:
            self._flush()
        if tag in HEADINGS:
            self.heading = (HEADINGS[tag], attrs_.get("id") or "")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag in VOID_TAGS or not self.open_count.get(tag):
            return
        while self.stack:  # close elements left open, as browsers do
            open_tag = self.stack.pop()
            self.open_count[open_tag] -= 1
            if self.skip_depth:
                self.skip_depth -= 1
            else:
                self._close(open_tag)
            if open_tag == tag:
                break

    def _close(self, tag):
        if tag in HEADINGS or tag in BLOCK_TAGS:
            self._flush()
        if tag in HEADINGS:
            self.heading = None
        if tag == self.root:
            self.depth_in_root -= 1

    def handle_data(self, data):
        if self._in_title:
            self.meta["title"] += data
        if self.skip_depth or (self.root and not self.depth_in_root) or not data.strip():
            return
        if not self.text:
            self.text_line = self.getpos()[0]
        self.text.append(data)

    def _read_meta(self, tag, attrs):
        if tag == "html":
            self.meta["lang"] = (attrs.get("lang") or "").split("-")[0].lower()
        elif tag == "title":
            self._in_title = True
        elif tag == "link" and (attrs.get("rel") or "").lower() == "canonical":
            self.meta["url"] = attrs.get("href") or ""

    def _flush(self):
        text = " ".join("".join(self.text).split())
        self.text = []
        if not text:
            return
        level, anchor = self.heading if self.heading else (0, "")
        self.items.append((level, text, self.text_line, anchor))


def _root(html: str) -> str | None:
    for tag in ("main", "article"):
        if re.search(rf"<{tag}[\s>]", html, re.I):
            return tag
    return None


def parse_html(html: str) -> tuple[dict[str, str], list[tuple[int, str, int, str]]]:
    reader = _Reader(_root(html))
    reader.feed(html)
    reader.close()
    reader._flush()
    meta = {k: " ".join(v.split()) for k, v in reader.meta.items()}
    return meta, reader.items


def blocks_from_items(items: list[tuple[int, str, int, str]], doc_title: str) -> list[Block]:
    """Headings open sections (nested by level, like Markdown); paragraphs fill them."""
    stack: list[tuple[int, str, str]] = []
    seen: set[str] = set()
    blocks: list[Block] = [Block(titles=(doc_title,), anchors=("intro",), line=1)]
    for level, text, line, anchor in items:
        if level == 0:
            if not blocks[-1].paragraphs:
                blocks[-1].line = line
            blocks[-1].paragraphs.append(text)
            continue
        while stack and stack[-1][0] >= level:
            stack.pop()
        anchor = anchor.lower() if _ANCHOR_RE.match(anchor.lower()) else slugify(text)
        path = "/".join([s[2] for s in stack] + [anchor])
        n = 2
        while path in seen:  # the same heading twice: keep passage ids unique
            path = "/".join([s[2] for s in stack] + [f"{anchor}-{n}"])
            n += 1
        seen.add(path)
        stack.append((level, text, path.rsplit("/", 1)[-1]))
        blocks.append(Block(titles=tuple(s[1] for s in stack),
                            anchors=tuple(s[2] for s in stack), line=line))
    return blocks


def read_html(path: Path) -> tuple[Document, list[Block], list[str]]:
    meta, items = parse_html(read_utf8(path))
    doc = document_for(path, meta)
    return doc, blocks_from_items(items, doc.title), []
