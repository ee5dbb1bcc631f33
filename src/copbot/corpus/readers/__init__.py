"""Corpus file readers, one per format and each a peer of the others: Markdown (our own
documents) and the official files ITU publishes (PDF, HTML, plain text).

`read_file` picks the reader by the file's suffix. The official-file readers take their
metadata from the file where it can and from a sidecar (`name.pdf.yml`, see sidecar.py); they
are imported only when such a file is present, so Markdown needs nothing beyond the standard
library (PDF needs pypdf).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..model import CorpusError, Document, Passage
from .markdown import read_markdown

SUFFIXES = (".md", ".pdf", ".html", ".htm", ".txt")


def read_file(path: Path, progress: Any = None) -> tuple[Document, list[Passage], list[str]]:
    """One corpus file of any supported format -> its document, passages and warnings.

    `progress`, when given, has `page(n)` (called for each PDF page read).
    """
    suffix = path.suffix.lower()
    if suffix == ".md":
        return read_markdown(path)
    if suffix == ".pdf":
        from .pdf import read_pdf

        doc, blocks, warnings = read_pdf(path, progress)
    elif suffix in (".html", ".htm"):
        from .html import read_html

        doc, blocks, warnings = read_html(path)
    elif suffix == ".txt":
        from .text import read_text

        doc, blocks, warnings = read_text(path)
    else:
        raise CorpusError(f"{path}: unsupported file type {suffix!r}")
    from .blocks import passages_from_blocks

    passages, more = passages_from_blocks(doc, blocks)
    return doc, passages, warnings + more
