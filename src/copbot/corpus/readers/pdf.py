"""PDF files (the official guideline PDFs): text per page with pypdf (BSD-3-Clause, pure Python).

Each page becomes one section "p. N" whose passages link to `url#page=N`. Lines repeated on most
pages (running headers and footers) and bare page numbers are dropped, hyphenated and broken lines
are joined, and Arabic lines are repaired (see arabic.py).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from pathlib import Path

from ..model import CorpusError, Document
from .blocks import Block
from .pdf_arabic import repair_line
from .sidecar import document_for

log = logging.getLogger(__name__)

# a line on at least this share of the pages, at their top or bottom, is a header or footer
REPEATED_SHARE = 0.6
EDGE_LINES = 3
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200e\u200f\u202a-\u202e]")
_PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:page|p\.|صفحة|الصفحة)?\s*[-–—]?\s*[\d\u0660-\u0669]+\s*(?:/\s*[\d\u0660-\u0669]+)?\s*[-–—]?\s*$",
    re.I,
)
_DIGITS_RE = re.compile(r"[\d\u0660-\u0669]+")


def extract_pages(path: Path, progress=None) -> list[list[str]]:
    """The text lines of every page, cleaned of control characters and repaired for Arabic."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PyPdfError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise CorpusError(f"{path}: the PDF is encrypted; ask for an unprotected copy")
        pages = []
        for number, page in enumerate(reader.pages, 1):
            text = page.extract_text() or ""
            pages.append([repair_line(_CONTROL_RE.sub("", line)).strip() for line in text.splitlines()])
            if progress is not None:
                progress.page(number)
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise CorpusError(f"{path}: not a readable PDF ({exc})") from exc
    return pages


def _shape(line: str) -> str:
    """A line with its digits masked, so that 'Page 3' and 'Page 4' count as the same footer."""
    return _DIGITS_RE.sub("#", " ".join(line.split()))


def repeated_lines(pages: list[list[str]]) -> set[str]:
    """Shapes of lines found at the top or bottom of most pages (headers and footers)."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        content = [line for line in lines if line]
        edges = content[:EDGE_LINES] + content[-EDGE_LINES:]
        counts.update({_shape(line) for line in edges})
    return {shape for shape, n in counts.items() if n >= REPEATED_SHARE * len(pages)}


def join_lines(lines: list[str]) -> list[str]:
    """Lines -> paragraphs: hyphenated words rejoined, broken lines joined with a space.

    Only a blank line ends a paragraph (PDFs rarely keep them); the chunker then cuts long
    paragraphs at sentence ends.
    """
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        if current.endswith("-") and line[:1].islower():
            current = current[:-1] + line
        else:
            current = f"{current} {line}" if current else line
    if current:
        paragraphs.append(current)
    return paragraphs


def page_text(lines: list[str], repeated: set[str]) -> list[str]:
    kept = [
        line for line in lines
        if not (line and (_shape(line) in repeated or _PAGE_NUMBER_RE.match(line)))
    ]
    return join_lines(kept)


def read_pdf(path: Path, progress=None) -> tuple[Document, list[Block], list[str]]:
    doc = document_for(path)
    pages = extract_pages(path, progress)
    if not any(any(lines) for lines in pages):
        raise CorpusError(f"{path}: no text in the PDF (a scan? it needs OCR first)")
    repeated = repeated_lines(pages)
    blocks = [
        Block(titles=(f"p. {n}",), anchors=(f"p-{n}",), page=n, url=f"{doc.url}#page={n}",
              paragraphs=page_text(lines, repeated))
        for n, lines in enumerate(pages, 1)
    ]
    return doc, blocks, []
