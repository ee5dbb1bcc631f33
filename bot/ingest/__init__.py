"""Ingestion of official files that are not our Markdown: PDF, HTML and plain text.

Each format has its module turning a file into `Block`s (a section's paragraphs, with where they
come from); this package turns blocks into the same Documents and Passages as Markdown, with ids
`<document id>/<section path>/<n>`. Metadata comes from the file where it can and from a sidecar
(`name.pdf.yml`, see sidecar.py).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from ..corpus import MIN_WORDS, CorpusError, Document, Passage
from .chunk import chunk

log = logging.getLogger(__name__)


@dataclass
class Block:
    """The text of one section (or one PDF page): its titles and anchors from the top down."""

    titles: tuple[str, ...]
    anchors: tuple[str, ...]
    paragraphs: list[str] = field(default_factory=list)
    line: int = 0
    page: int = 0
    url: str = ""  # the official link of these passages; "" means the document's url


def passages_from_blocks(
    doc: Document, blocks: list[Block]
) -> tuple[list[Passage], list[str]]:
    """Chunk each block into passages. A block too short for one passage is left out, with a
    warning: an admin cannot edit an official PDF, so a title page must not stop the build."""
    passages: list[Passage] = []
    warnings: list[str] = []
    counts: dict[str, int] = {}
    for block in blocks:
        words = sum(len(p.split()) for p in block.paragraphs)
        where = f"{doc.path} (page {block.page})" if block.page else f"{doc.path}:{block.line}"
        if words == 0:
            continue
        if words < MIN_WORDS:
            warnings.append(f"{where}: only {words} words in {' › '.join(block.titles)!r}; not indexed")
            continue
        section_path = "/".join(block.anchors)
        for text in chunk(block.paragraphs):
            counts[section_path] = counts.get(section_path, 0) + 1
            passages.append(Passage(
                id=f"{doc.id}/{section_path}/{counts[section_path]}",
                doc_id=doc.id,
                section=" › ".join(block.titles),
                section_path=section_path,
                position=counts[section_path],
                url=block.url or doc.url,
                text=text,
                line=block.line,
                page=block.page,
            ))
    if not passages:
        raise CorpusError(f"{doc.path}: no text to index (is it a scanned PDF without text?)")
    return passages, warnings


def read_file(path: Path, progress=None) -> tuple[Document, list[Passage], list[str]]:
    """A PDF, HTML or text file -> its document, passages and warnings."""
    suffix = path.suffix.lower()
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
    passages, more = passages_from_blocks(doc, blocks)
    return doc, passages, warnings + more
