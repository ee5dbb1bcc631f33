"""Browsing: documents -> sections -> passages, and the sections related to a cited one.

A section is addressed by any passage under it plus its depth (0 for a top-level heading), so a
button can name it in a few bytes and nothing has to be remembered between messages.
Nothing here imports telegram.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..search import Hit, Index


@dataclass
class Section:
    path: str  # anchors joined with "/"
    title: str  # this section's own heading
    depth: int
    first: int  # number of the first passage under the section (its own or a subsection's)
    passages: list[int] = field(default_factory=list)  # its own passages, in order
    children: list[str] = field(default_factory=list)  # paths of its subsections, in order

    @property
    def parent(self) -> str:
        return self.path.rpartition("/")[0]


@dataclass
class Outline:
    doc_id: str
    sections: dict[str, Section]  # by path, in document order
    top: list[str]  # paths of the top-level sections

    def siblings(self, path: str) -> list[Section]:
        parent = self.sections[path].parent
        paths = self.sections[parent].children if parent else self.top
        return [self.sections[p] for p in paths]


def build_outline(doc_id: str, rows: list[tuple[int, str, str]]) -> Outline:
    """The section tree of one document from its passages' (number, path, titles) rows."""
    sections: dict[str, Section] = {}
    top: list[str] = []
    for num, path, titles in rows:
        anchors, names = path.split("/"), titles.split(" › ")
        for depth in range(len(anchors)):
            sub = "/".join(anchors[: depth + 1])
            if sub not in sections:
                title = names[depth] if depth < len(names) else anchors[depth]
                sections[sub] = Section(sub, title, depth, num)
                if depth == 0:
                    top.append(sub)
                else:
                    sections["/".join(anchors[:depth])].children.append(sub)
        sections[path].passages.append(num)
    return Outline(doc_id, sections, top)


def related(outline: Outline, path: str, limit: int = 3) -> list[Section]:
    """Sections to offer after a passage from `path`: its siblings nearest first, then its
    subsections, then its parent, so that there is always somewhere to go next."""
    siblings = outline.siblings(path)
    here = next(i for i, s in enumerate(siblings) if s.path == path)
    after, before = siblings[here + 1 :], siblings[:here][::-1]
    near = [s for pair in zip(after, before, strict=False) for s in pair]
    near += after[len(before):] + before[len(after):]
    section = outline.sections[path]
    near += [outline.sections[c] for c in section.children]
    if section.parent:
        near.append(outline.sections[section.parent])
    return near[:limit]


class Library:
    """Documents and outlines of one index, cached (an index never changes once opened)."""

    def __init__(self, index: Index):
        self.index = index
        self.documents = index.documents()
        self._outlines: dict[str, Outline] = {}

    def documents_in(self, lang: str) -> list[dict]:
        return [d for d in self.documents if d["lang"] == lang]

    def document(self, doc_id: str) -> dict | None:
        return next((d for d in self.documents if d["id"] == doc_id), None)

    def outline(self, doc_id: str) -> Outline:
        if doc_id not in self._outlines:
            self._outlines[doc_id] = build_outline(doc_id, self.index.outline(doc_id))
        return self._outlines[doc_id]

    def passage(self, lang: str, num: int) -> Hit | None:
        if lang not in self.index.stats or not 0 <= num < self.index.stats[lang][0]:
            return None
        return self.index.passage(lang, num)

    def section_at(self, lang: str, num: int, depth: int) -> tuple[Outline, Section] | None:
        """The section at `depth` above passage `num`, or None when the address is stale."""
        hit = self.passage(lang, num)
        if hit is None:
            return None
        anchors = hit.section_path.split("/")
        if not 0 <= depth < len(anchors):
            return None
        outline = self.outline(hit.doc_id)
        return outline, outline.sections["/".join(anchors[: depth + 1])]

    def section_of(self, hit: Hit) -> tuple[Outline, Section]:
        outline = self.outline(hit.doc_id)
        return outline, outline.sections[hit.section_path]
