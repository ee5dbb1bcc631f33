"""Corpus loading: Markdown documents with front matter -> documents and passages.

The format is described in corpus/README.md. This module only parses and validates; it knows
nothing about analysis or the index. It uses the standard library alone, so that corpus authors
can run `python3 -m bot.corpus corpus/` without installing anything. Official PDF, HTML and plain
text files are read by `bot.ingest` (imported only when such a file is present).
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
_KEYWORDS_RE = re.compile(r"^<!--\s*keywords:(.*?)-->$")
_KEYWORD_SPLIT_RE = re.compile(r"\s*[,،]\s*")
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
    line: int  # first line of the paragraph in its file (0 for a PDF)
    page: int = 0  # the PDF page the passage comes from (0 for other formats)
    # Words users type for what this section says; searched with the passage, never shown.
    keywords: str = ""

    @property
    def words(self) -> int:
        return len(self.text.split())

    def where(self, path: str) -> str:
        """`path:line` or `path (page N)`: where an editor finds this passage."""
        return f"{path} (page {self.page})" if self.page else f"{path}:{self.line}"


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


def document_from_meta(meta: dict[str, str], path: str) -> Document:
    """Check document metadata (front matter or a sidecar) and make the Document."""
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


def length_problems(passages: list[Passage], path: str) -> list[str]:
    """Passages outside MIN_WORDS..MAX_WORDS (warnings here; errors in a strict build)."""
    return [
        f"{p.where(path)}: passage {p.id} has {p.words} words (keep {MIN_WORDS} to {MAX_WORDS})"
        for p in passages
        if not MIN_WORDS <= p.words <= MAX_WORDS
    ]


def parse_document(text: str, path: str = "<text>") -> tuple[Document, list[Passage], list[str]]:
    """Parse one Markdown document; return it, its passages and warnings."""
    if "\ufffd" in text:
        line = text[: text.index("\ufffd")].count("\n") + 1
        raise CorpusError(f"{path}:{line}: replacement character (U+FFFD): broken encoding")
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
        keywords = ", ".join(s[4] for s in stack if s[4])
        p = Passage(
            id=f"{doc.id}/{section_path}/{counts[section_path]}",
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

    for lineno, line in enumerate(lines[body_start:], start=body_start + 1):
        stripped = line.strip()
        heading = _HEADING_RE.match(stripped)
        source = _SOURCE_RE.match(stripped)
        keywords = _KEYWORDS_RE.match(stripped)
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
            stack.append((level, title, anchor, "", ""))
            full = "/".join(s[2] for s in stack)
            if full in seen_paths:
                raise CorpusError(f"{path}:{lineno}: section path {full!r} appears twice")
            seen_paths.add(full)
        elif source:
            flush()
            if not stack:
                raise CorpusError(f"{path}:{lineno}: source comment before any heading")
            level, title, anchor, _, words = stack[-1]
            stack[-1] = (level, title, anchor, source.group(1), words)
        elif keywords:
            flush()
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
            para.append(stripped)
    flush()
    if not passages:
        raise CorpusError(f"{path}: no passages (write paragraphs under headings)")
    return doc, passages, warnings


MARKDOWN_SUFFIXES = (".md",)


def corpus_files(folder: Path) -> list[Path]:
    """The documents in a corpus folder: Markdown, and the formats bot.ingest reads."""
    from_ingest = (".pdf", ".html", ".htm", ".txt")  # kept here so listing needs no import
    suffixes = MARKDOWN_SUFFIXES + from_ingest
    return sorted(
        p for p in Path(folder).iterdir()
        if p.is_file() and p.suffix.lower() in suffixes and p.name.lower() != "readme.md"
    )


def read_markdown(path: Path) -> tuple[Document, list[Passage], list[str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not valid UTF-8 ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise CorpusError(f"{path}: cannot be read ({exc.strerror})") from exc
    return parse_document(text, str(path))


def read_file(path: Path, progress=None) -> tuple[Document, list[Passage], list[str]]:
    """One corpus file of any supported format -> its document, passages and warnings."""
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        return read_markdown(path)
    from .ingest import read_file as ingest_file  # needs pypdf for PDFs; Markdown does not

    return ingest_file(path, progress)


def read_corpus(folder: Path, progress=None) -> tuple[Corpus, list[str]]:
    """Load every document, collecting every problem instead of stopping at the first.

    Returns the corpus (made of the files that could be read) and the list of errors, each
    naming its file and line or page. `progress`, when given, has `file(path)` and `passages(n)`.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusError(f"{folder}: corpus folder not found")
    files = corpus_files(folder)
    if not files:
        raise CorpusError(f"{folder}: no corpus documents (*.md, *.pdf, *.html, *.txt)")
    corpus, errors = Corpus(), []
    for path in files:
        if progress is not None:
            progress.file(path)
        try:
            doc, passages, warnings = read_file(path, progress)
        except CorpusError as exc:
            errors.append(str(exc))
            continue
        corpus.documents.append(doc)
        corpus.passages.extend(passages)
        corpus.warnings.extend(warnings)
        if progress is not None:
            progress.passages(len(passages))
    errors.extend(_check_whole(corpus))
    return corpus, errors


def load_corpus(folder: Path, progress=None) -> Corpus:
    """Load every document in a folder and check the corpus as a whole.

    Raises CorpusError listing every problem found (one per line).
    """
    corpus, errors = read_corpus(folder, progress)
    if errors:
        raise CorpusError("\n".join(errors))
    return corpus


def _check_whole(corpus: Corpus) -> list[str]:
    """Problems between documents (duplicate ids, broken pairs); adds warnings to the corpus."""
    errors: list[str] = []
    by_id: dict[str, Document] = {}
    for doc in list(corpus.documents):
        if doc.id in by_id:
            errors.append(f"{doc.path}: document id {doc.id!r} is also used by {by_id[doc.id].path}")
            continue
        by_id[doc.id] = doc
    for doc in corpus.documents:
        if not doc.pair:
            corpus.warnings.append(f"{doc.path}: no pair (translation missing)")
            continue
        other = by_id.get(doc.pair)
        if other is None:
            errors.append(f"{doc.path}: pair {doc.pair!r} is not a document in the corpus")
        elif other.pair != doc.id or other.lang == doc.lang:
            errors.append(
                f"{doc.path}: pair {doc.pair!r} must point back to {doc.id!r} in the other language"
            )
    if errors:
        return errors
    ids = {p.id for p in corpus.passages}
    for p in corpus.passages:
        doc = by_id[p.doc_id]
        if doc.pair and pair_passage_id(p.id, doc.id, doc.pair) not in ids:
            corpus.warnings.append(f"{p.where(doc.path)}: passage {p.id} has no paired passage")
    return errors


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
