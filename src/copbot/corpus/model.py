"""The corpus model: documents and passages, the rules every reader shares, and CorpusError.

What a document's metadata must hold, how a passage id is made, how a corpus file is read as
UTF-8: written once here and used by the Markdown reader and the official-file readers alike. The
standard library alone, so that corpus authors can run `python3 -m copbot.corpus corpus/` without
installing anything. The format is described in corpus/README.md.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

LANGS = ("ar", "en")
AUDIENCES = ("children", "parents_educators", "industry", "policymakers", "general")
REQUIRED_FIELDS = ("id", "title", "lang", "audience", "url", "publisher", "year", "pair")
MIN_WORDS, MAX_WORDS = 40, 180

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")  # ids and anchors


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


# What a passage mainly does, for matching the kind of question asked (corpus/README.md, "Asked as").
KINDS = {
    "about": "about the guidelines, ITU, a resource, where to find it",
    "what": "what something is, why it matters, how it harms",
    "signs": "warning signs",
    "respond": "what to do when it happens",
    "report": "how and where to report or get help",
    "prevent": "how to prevent it, protect, set up tools and rules, teach",
    "duty": "what a school, company or government should do",
    "facts": "figures, research, background, history",
}


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
    # Questions users would ask that this passage answers ("asked as"): their own field in the
    # index, never shown. And what the passage mainly does (one of KINDS), or "".
    asked: tuple[str, ...] = ()
    kind: str = ""

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

    def passages_per_lang(self) -> dict[str, int]:
        """How many passages each language present has, by language code."""
        lang = {d.id: d.lang for d in self.documents}
        counts: dict[str, int] = {}
        for p in self.passages:
            counts[lang[p.doc_id]] = counts.get(lang[p.doc_id], 0) + 1
        return dict(sorted(counts.items()))

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


def passage_id(doc_id: str, section_path: str, position: int) -> str:
    """`<document id>/<section path>/<n>`: the id of a passage, whatever its file's format."""
    return f"{doc_id}/{section_path}/{position}"


def pair_passage_id(id_: str, doc_id: str, pair_doc_id: str) -> str:
    """The id of the same passage in the paired document."""
    return pair_doc_id + id_[len(doc_id):]


def missing_fields(meta: dict[str, str]) -> list[str]:
    """The required fields `meta` lacks or leaves empty (`pair` may be empty: no translation)."""
    return [f for f in REQUIRED_FIELDS if f not in meta or (not meta[f] and f != "pair")]


def read_utf8(path: Path) -> str:
    """A corpus file's text (a UTF-8 byte-order mark dropped), or CorpusError saying why not."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not valid UTF-8 ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise CorpusError(f"{path}: cannot be read ({exc.strerror})") from exc
    if not text.strip():
        raise CorpusError(f"{path}: empty file")
    return text


def document_from_meta(meta: dict[str, str], path: str) -> Document:
    """Check document metadata (front matter or a sidecar) and make the Document."""
    missing = missing_fields(meta)
    if missing:
        raise CorpusError(f"{path}: front matter lacks required field(s): {', '.join(missing)}")
    unknown = sorted(set(meta) - set(REQUIRED_FIELDS))
    if unknown:
        raise CorpusError(f"{path}: unknown front matter field(s): {', '.join(unknown)}")
    if not ID_RE.match(meta["id"]):
        raise CorpusError(f"{path}: id {meta['id']!r} must be lowercase letters, digits and '-'")
    if meta["lang"] not in LANGS:
        raise CorpusError(f"{path}: lang {meta['lang']!r} is not one of {', '.join(LANGS)}")
    if meta["audience"] not in AUDIENCES:
        raise CorpusError(
            f"{path}: audience {meta['audience']!r} is not one of {', '.join(AUDIENCES)}"
        )
    reason = url_problem(meta["url"])  # its domain is checked with the whole corpus (loader)
    if reason:
        raise CorpusError(f"{path}: url {meta['url']!r} {reason}")
    return Document(**{f: meta[f] for f in REQUIRED_FIELDS}, path=path)


# The official sources a passage may link to (each with its subdomains). COP_SOURCE_DOMAINS,
# comma-separated, replaces the list for a corpus that cites other official material.
OFFICIAL_DOMAINS = ("itu.int", "itu-cop-guidelines.com", "itu-ilibrary.org")


def source_domains(env: Mapping[str, str] | None = None) -> tuple[str, ...]:
    raw = (os.environ if env is None else env).get("COP_SOURCE_DOMAINS", "")
    given = tuple(d.strip().lower().strip(".") for d in raw.split(",") if d.strip())
    return given or OFFICIAL_DOMAINS


def url_problem(url: str, domains: tuple[str, ...] | None = None) -> str | None:
    """Why `url` may not be a citation's link (None when it may): https, on an official domain
    (unless `domains` is None), with nothing that could hide another destination (user info,
    spaces, odd characters)."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return "is not a valid address"
    if parts.scheme != "https":
        return "is not an https address"
    if parts.username is not None or parts.password is not None or not host:
        return "is not a plain https address"
    if any(ch.isspace() or ord(ch) < 32 for ch in url) or "\\" in url:
        return "contains spaces or control characters"
    if domains is not None and not any(host == d or host.endswith("." + d) for d in domains):
        return f"is not on an official domain ({', '.join(domains)}; see COP_SOURCE_DOMAINS)"
    return None


def length_problems(passages: list[Passage], path: str) -> list[str]:
    """Passages outside MIN_WORDS..MAX_WORDS (warnings here; errors in a strict build)."""
    return [
        f"{p.where(path)}: passage {p.id} has {p.words} words (keep {MIN_WORDS} to {MAX_WORDS})"
        for p in passages
        if not MIN_WORDS <= p.words <= MAX_WORDS
    ]
