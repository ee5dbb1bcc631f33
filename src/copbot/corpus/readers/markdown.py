"""The Markdown reader: our own corpus documents, front matter and headed sections -> passages.

The format (front matter, `{#anchor}` headings, `<!-- source: -->` and `<!-- keywords: -->`
comments, one paragraph a passage, followed by its `<!-- kind: -->` and `<!-- asked: -->`
comments) is described in corpus/README.md.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..model import (
    ID_RE,
    KINDS,
    CorpusError,
    Document,
    Passage,
    document_from_meta,
    length_problems,
    passage_id,
    read_utf8,
    slugify,
)

_HEADING_RE = re.compile(r"^(#{1,4})\s+(.*?)\s*(?:\{#([^}\s]*)\})?\s*$")
_SOURCE_RE = re.compile(r"^<!--\s*source:\s*(\S+)\s*-->$")
_KEYWORDS_RE = re.compile(r"^<!--\s*keywords:(.*?)-->$")
_KEYWORD_SPLIT_RE = re.compile(r"\s*[,،]\s*")
_ASKED_RE = re.compile(r"^<!--\s*asked:(.*?)-->$")
_KIND_RE = re.compile(r"^<!--\s*kind:(.*?)-->$")
_COMMENT_RE = re.compile(r"^<!--.*-->$", re.S)
_MARKUP_RE = re.compile(r"(\*\*|__|\*|`)")
_LINK_RE = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")


def clean_text(text: str) -> str:
    """Strip Markdown markup that should not be shown in plain excerpts or indexed."""
    text = _LINK_RE.sub(r"\1", text)
    text = _MARKUP_RE.sub("", text)
    return " ".join(text.split())


def _parse_front_matter(lines: list[str], path: str) -> tuple[dict[str, str], int]:
    if not lines or lines[0].strip() != "---":
        raise CorpusError(f"{path}:1: missing front matter (the file must start with '---')")
    meta: dict[str, str] = {}
    for i, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            return meta, i
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise CorpusError(f"{path}:{i}: front matter line is not 'key: value': {line.strip()!r}")
        key = key.strip()
        if key in meta:
            raise CorpusError(f"{path}:{i}: front matter field {key!r} given twice")
        meta[key] = value.strip()
    raise CorpusError(f"{path}: front matter is not closed with '---'")


def parse_document(text: str, path: str = "<text>") -> tuple[Document, list[Passage], list[str]]:
    """Parse one Markdown document; return it, its passages and warnings."""
    if "\ufffd" in text:
        at = text[: text.index("\ufffd")].count("\n") + 1
        raise CorpusError(f"{path}:{at}: replacement character (U+FFFD): broken encoding")
    lines = text.splitlines()
    meta, body_start = _parse_front_matter(lines, path)
    doc = document_from_meta(meta, path)
    warnings: list[str] = []
    passages: list[Passage] = []
    stack: list[tuple[int, str, str, str, str]] = []  # (level, title, anchor, source url, keywords)
    counts: dict[str, int] = {}
    seen_paths: set[str] = set()
    para: list[str] = []
    para_line = 0
    # The passage an `asked` or `kind` comment may still describe: the one just written, until a
    # heading, a source or keywords line or another paragraph comes.
    last: int | None = None

    def flush() -> None:
        nonlocal para, last
        if not para:
            return
        raw = "\n".join(para)
        para = []
        if _COMMENT_RE.match(raw.strip()):
            return
        if not stack:
            return  # text before the first heading is an introduction for editors
        text_clean = clean_text(raw)
        if not text_clean:
            return
        section_path = "/".join(s[2] for s in stack)
        counts[section_path] = counts.get(section_path, 0) + 1
        url = next((s[3] for s in reversed(stack) if s[3]), doc.url)
        keywords = ", ".join(s[4] for s in stack if s[4])
        p = Passage(
            id=passage_id(doc.id, section_path, counts[section_path]),
            doc_id=doc.id,
            section=" › ".join(s[1] for s in stack),
            section_path=section_path,
            position=counts[section_path],
            url=url,
            text=text_clean,
            line=para_line,
            keywords=keywords,
        )
        warnings.extend(length_problems([p], path))
        passages.append(p)
        last = len(passages) - 1

    def describe(lineno: int, what: str, **change: Any) -> None:
        """Attach an `asked` or `kind` comment to the passage just above it."""
        flush()
        if last is None:
            raise CorpusError(f"{path}:{lineno}: {what} comment must come right after its paragraph")
        before = passages[last]
        if getattr(before, what):
            raise CorpusError(f"{path}:{lineno}: second {what} comment for passage {before.id}")
        passages[last] = replace(before, **change)

    for lineno, line in enumerate(lines[body_start:], start=body_start + 1):
        stripped = line.strip()
        heading = _HEADING_RE.match(stripped)
        source = _SOURCE_RE.match(stripped)
        keywords = _KEYWORDS_RE.match(stripped)
        asked = _ASKED_RE.match(stripped)
        kind = _KIND_RE.match(stripped)
        if asked:
            questions = tuple(q for q in (clean_text(q) for q in asked.group(1).split("|")) if q)
            if not questions:
                raise CorpusError(f"{path}:{lineno}: empty asked comment")
            describe(lineno, "asked", asked=questions)
        elif kind:
            value = kind.group(1).strip()
            if value not in KINDS:
                raise CorpusError(
                    f"{path}:{lineno}: unknown kind {value!r}; choose from {', '.join(KINDS)}")
            describe(lineno, "kind", kind=value)
        elif heading:
            flush()
            last = None
            level = len(heading.group(1))
            title = clean_text(heading.group(2))
            anchor = heading.group(3)
            if anchor is None:
                anchor = slugify(title)
                warnings.append(f"{path}:{lineno}: heading {title!r} has no {{#anchor}}")
            elif not ID_RE.match(anchor):
                raise CorpusError(
                    f"{path}:{lineno}: anchor {anchor!r} must be lowercase ASCII letters, digits, '-'"
                )
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, title, anchor, "", ""))
            full = "/".join(s[2] for s in stack)
            if full in seen_paths:
                raise CorpusError(f"{path}:{lineno}: section path {full!r} appears twice")
            seen_paths.add(full)
        elif source:
            flush()
            last = None
            if not stack:
                raise CorpusError(f"{path}:{lineno}: source comment before any heading")
            level, title, anchor, _, section_keywords = stack[-1]
            stack[-1] = (level, title, anchor, source.group(1), section_keywords)
        elif keywords:
            flush()
            last = None
            if not stack:
                raise CorpusError(f"{path}:{lineno}: keywords comment before any heading")
            words = [w for w in _KEYWORD_SPLIT_RE.split(clean_text(keywords.group(1))) if w]
            if not words:
                warnings.append(f"{path}:{lineno}: empty keywords comment")
            level, title, anchor, url, earlier = stack[-1]
            if earlier:
                warnings.append(f"{path}:{lineno}: second keywords comment for section {anchor!r}")
            stack[-1] = (level, title, anchor, url, ", ".join(filter(None, [earlier, *words])))
        elif not stripped:
            flush()
        else:
            if not para:
                para_line = lineno
                last = None
            para.append(stripped)
    flush()
    if not passages:
        raise CorpusError(f"{path}: no passages (write paragraphs under headings)")
    return doc, passages, warnings



def read_markdown(path: Path) -> tuple[Document, list[Passage], list[str]]:
    """One Markdown corpus file -> its document, passages and warnings."""
    return parse_document(read_utf8(path), str(path))
