"""Records: the passages an index is built from, whatever their origin (the corpus, or an
evaluation set of passages)."""

from __future__ import annotations

from dataclasses import dataclass

from ..corpus import Corpus, pair_passage_id


@dataclass(frozen=True)
class Record:
    """One passage to index, whatever its origin (the corpus, or an evaluation set)."""

    id: str
    lang: str
    text: str
    title: str = ""  # indexed with the text (section titles, or an evaluation set's title)
    doc_id: str = ""
    audience: str = "general"
    section: str = ""
    section_path: str = ""
    position: int = 0
    url: str = ""
    pair_id: str = ""
    keywords: str = ""  # the section's search keywords: indexed with the text, never shown
    asked: str = ""  # questions this passage answers, one a line: their own field, never shown
    kind: str = ""  # what the passage mainly does (corpus.KINDS), or ""

    def searchable(self) -> str:
        """The text the index analyses for this passage."""
        return "\n".join((self.title, self.keywords, self.text))


def records_from_corpus(corpus: Corpus) -> list[Record]:
    docs = {d.id: d for d in corpus.documents}
    ids = {p.id for p in corpus.passages}
    out = []
    for p in corpus.passages:
        doc = docs[p.doc_id]
        pair = pair_passage_id(p.id, doc.id, doc.pair) if doc.pair else ""
        out.append(Record(
            id=p.id, lang=doc.lang, text=p.text, title=p.section.replace(" › ", " "),
            doc_id=doc.id, audience=doc.audience, section=p.section,
            section_path=p.section_path, position=p.position, url=p.url,
            pair_id=pair if pair in ids else "", keywords=p.keywords,
            asked="\n".join(p.asked), kind=p.kind,
        ))
    return out
