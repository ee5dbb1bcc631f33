"""Plain text files: paragraphs separated by blank lines, in one section named after the
document (metadata from the sidecar)."""

from __future__ import annotations

from pathlib import Path

from ..model import Document, read_utf8
from .blocks import Block
from .sidecar import document_for


def paragraphs_with_lines(text: str) -> list[tuple[int, str]]:
    """(first line number, paragraph text joined into one line) for each paragraph."""
    out: list[tuple[int, str]] = []
    lines: list[str] = []
    start = 0
    for lineno, line in enumerate(text.splitlines() + [""], 1):
        if line.strip():
            if not lines:
                start = lineno
            lines.append(line.strip())
        elif lines:
            out.append((start, " ".join(lines)))
            lines = []
    return out


def read_text(path: Path) -> tuple[Document, list[Block], list[str]]:
    text = read_utf8(path)
    doc = document_for(path)
    paragraphs = paragraphs_with_lines(text)
    block = Block(titles=(doc.title,), anchors=("text",), line=paragraphs[0][0] if paragraphs else 1,
                  paragraphs=[p for _, p in paragraphs])
    return doc, [block], []
