"""Blocks: what an official-file reader (PDF, HTML, plain text) makes of a file, and how blocks
become passages.

A reader turns its file into `Block`s, a section's paragraphs with where they come from; this
module chunks them into the same Passages as the Markdown reader makes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import MIN_WORDS, CorpusError, Document, Passage, passage_id
from .chunk import chunk


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
                id=passage_id(doc.id, section_path, counts[section_path]),
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
