"""Corpus loading: Markdown documents with front matter -> documents and passages.

The format is described in corpus/README.md. This module only parses and validates; it knows
nothing about analysis or the index. It uses the standard library alone, so that corpus authors
can run `python3 -m bot.corpus corpus/` without installing anything.
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

LANGS = ("ar", "en")
AUDIENCES = ("children", "parents_educators", "industry", "policymakers", "general")
REQUIRED_FIELDS = ("id", "title", "lang", "audience", "url", "publisher", "year", "pair")
MIN_WORDS, MAX_WORDS = 40, 180

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_HEADING_RE = re.compile(r"^(#{1,4})\s+(.*?)\s*(?:\{#([^}\s]*)\})?\s*$")
_SOURCE_RE = re.compile(r"^<!--\s*source:\s*(\S+)\s*-->$")
_COMMENT_RE = re.compile(r"^<!--.*-->$", re.S)
_MARKUP_RE = re.compile(r"(\*\*|__|\*|`)")
_LINK_RE = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")


class CorpusError(Exception):
    """A corpus file cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    lang: str
    audience: str
    url: str
    publisher: str
    year: str
    pair: str
    path: str


@dataclass(frozen=True)
class Passage:
    id: str
    doc_id: str
    section: str  # section titles from the top heading down, joined with " › "
    section_path: str  # anchors joined with "/"
    position: int
    url: str
    text: str
    line: int  # first line of the paragraph in its file

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass
class Corpus:
    documents: list[Document] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def checksum(self) -> str:
        """A digest of everything the index is built from, to tell when it is stale."""
        h = hashlib.sha256()
        for d in self.documents:
            h.update(repr(d).encode())
        for p in self.passages:
            h.update(repr(p).encode())
        return h.hexdigest()


def slugify(title: str) -> str:
    """Derive an anchor from a heading: ASCII letters and digits, or a short hash for other scripts."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug or "s-" + hashlib.sha1(title.encode()).hexdigest()[:8]


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


def _document(meta: dict[str, str], path: str) -> Document:
    missing = [f for f in REQUIRED_FIELDS if f not in meta or (not meta[f] and f != "pair")]
    if missing:
        raise CorpusError(f"{path}: front matter lacks required field(s): {', '.join(missing)}")
    unknown = sorted(set(meta) - set(REQUIRED_FIELDS))
    if unknown:
        raise CorpusError(f"{path}: unknown front matter field(s): {', '.join(unknown)}")
    if not _ID_RE.match(meta["id"]):
        raise CorpusError(f"{path}: id {meta['id']!r} must be lowercase letters, digits and '-'")
    if meta["lang"] not in LANGS:
        raise CorpusError(f"{path}: lang {meta['lang']!r} is not one of {', '.join(LANGS)}")
    if meta["audience"] not in AUDIENCES:
        raise CorpusError(
            f"{path}: audience {meta['audience']!r} is not one of {', '.join(AUDIENCES)}"
        )
    if not meta["url"].startswith(("https://", "http://")):
        raise CorpusError(f"{path}: url {meta['url']!r} is not an http(s) address")
    return Document(**{f: meta[f] for f in REQUIRED_FIELDS}, path=path)


def parse_document(text: str, path: str = "<text>") -> tuple[Document, list[Passage], list[str]]:
    """Parse one Markdown document; return it, its passages and warnings."""
    if "\ufffd" in text:
        line = text[: text.index("\ufffd")].count("\n") + 1
        raise CorpusError(f"{path}:{line}: replacement character (U+FFFD): broken encoding")
    lines = text.splitlines()
    meta, body_start = _parse_front_matter(lines, path)
    doc = _document(meta, path)
    warnings: list[str] = []
    passages: list[Passage] = []
    stack: list[tuple[int, str, str, str]] = []  # (level, title, anchor, source url)
    counts: dict[str, int] = {}
    seen_paths: set[str] = set()
    para: list[str] = []
    para_line = 0

    def flush() -> None:
        nonlocal para
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
        p = Passage(
            id=f"{doc.id}/{section_path}/{counts[section_path]}",
            doc_id=doc.id,
            section=" › ".join(s[1] for s in stack),
            section_path=section_path,
            position=counts[section_path],
            url=url,
            text=text_clean,
            line=para_line,
        )
        if not MIN_WORDS <= p.words <= MAX_WORDS:
            warnings.append(
                f"{path}:{para_line}: passage {p.id} has {p.words} words "
                f"(keep {MIN_WORDS} to {MAX_WORDS})"
            )
        passages.append(p)

    for lineno, line in enumerate(lines[body_start:], start=body_start + 1):
        stripped = line.strip()
        heading = _HEADING_RE.match(stripped)
        source = _SOURCE_RE.match(stripped)
        if heading:
            flush()
            level = len(heading.group(1))
            title = clean_text(heading.group(2))
            anchor = heading.group(3)
            if anchor is None:
                anchor = slugify(title)
                warnings.append(f"{path}:{lineno}: heading {title!r} has no {{#anchor}}")
            elif not _ID_RE.match(anchor):
                raise CorpusError(
                    f"{path}:{lineno}: anchor {anchor!r} must be lowercase ASCII letters, digits, '-'"
                )
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, title, anchor, ""))
            full = "/".join(s[2] for s in stack)
            if full in seen_paths:
                raise CorpusError(f"{path}:{lineno}: section path {full!r} appears twice")
            seen_paths.add(full)
        elif source:
            flush()
            if not stack:
                raise CorpusError(f"{path}:{lineno}: source comment before any heading")
            level, title, anchor, _ = stack[-1]
            stack[-1] = (level, title, anchor, source.group(1))
        elif not stripped:
            flush()
        else:
            if not para:
                para_line = lineno
            para.append(stripped)
    flush()
    if not passages:
        raise CorpusError(f"{path}: no passages (write paragraphs under headings)")
    return doc, passages, warnings


def load_corpus(folder: Path) -> Corpus:
    """Load every document in a folder and check the corpus as a whole."""
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusError(f"{folder}: corpus folder not found")
    corpus = Corpus()
    files = sorted(p for p in folder.glob("*.md") if p.name.lower() != "readme.md")
    if not files:
        raise CorpusError(f"{folder}: no corpus documents (*.md)")
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise CorpusError(f"{path}: not valid UTF-8 ({exc.reason} at byte {exc.start})") from exc
        except OSError as exc:
            raise CorpusError(f"{path}: cannot be read ({exc.strerror})") from exc
        doc, passages, warnings = parse_document(text, str(path))
        corpus.documents.append(doc)
        corpus.passages.extend(passages)
        corpus.warnings.extend(warnings)
    _check_whole(corpus)
    return corpus


def _check_whole(corpus: Corpus) -> None:
    by_id: dict[str, Document] = {}
    for doc in corpus.documents:
        if doc.id in by_id:
            raise CorpusError(f"{doc.path}: document id {doc.id!r} is also used by {by_id[doc.id].path}")
        by_id[doc.id] = doc
    for doc in corpus.documents:
        if not doc.pair:
            corpus.warnings.append(f"{doc.path}: no pair (translation missing)")
            continue
        other = by_id.get(doc.pair)
        if other is None:
            raise CorpusError(f"{doc.path}: pair {doc.pair!r} is not a document in the corpus")
        if other.pair != doc.id or other.lang == doc.lang:
            raise CorpusError(
                f"{doc.path}: pair {doc.pair!r} must point back to {doc.id!r} in the other language"
            )
    ids = {p.id for p in corpus.passages}
    for p in corpus.passages:
        doc = by_id[p.doc_id]
        if doc.pair and pair_passage_id(p.id, doc.id, doc.pair) not in ids:
            corpus.warnings.append(f"{doc.path}:{p.line}: passage {p.id} has no paired passage")


def pair_passage_id(passage_id: str, doc_id: str, pair_doc_id: str) -> str:
    """The id of the same passage in the paired document."""
    return pair_doc_id + passage_id[len(doc_id):]


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
    per_lang = {lang: 0 for lang in LANGS}
    docs = {d.id: d for d in corpus.documents}
    for p in corpus.passages:
        per_lang[docs[p.doc_id].lang] += 1
    print(
        f"{len(corpus.documents)} documents, {len(corpus.passages)} passages "
        f"({', '.join(f'{k}: {v}' for k, v in per_lang.items())}), {len(corpus.warnings)} warnings",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
