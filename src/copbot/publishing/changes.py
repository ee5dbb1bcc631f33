"""The change report of a build: which documents and passages the new corpus adds, removes and
changes compared with the index now serving."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from ..corpus import Corpus


@dataclass
class ChangeReport:
    documents_added: list[str] = field(default_factory=list)
    documents_removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    baseline: str = ""  # why there is nothing to compare with, when there is not

    def lines(self, limit: int = 20) -> list[str]:
        if self.baseline:
            return [f"changes: {self.baseline}; every passage is new ({len(self.added)})"]
        out = [f"changes since the serving index: {len(self.added)} passages added, "
               f"{len(self.removed)} removed, {len(self.changed)} changed, {self.unchanged} unchanged"]
        for label, ids in (("document added", self.documents_added),
                           ("document removed", self.documents_removed),
                           ("added", self.added), ("removed", self.removed),
                           ("changed", self.changed)):
            out.extend(f"  {label}: {i}" for i in ids[:limit])
            if len(ids) > limit:
                out.append(f"  … and {len(ids) - limit} more {label}")
        return out


def _serving_passages(index_path: Path) -> tuple[dict[str, tuple], set[str]]:
    conn = sqlite3.connect(f"file:{index_path}?mode=ro", uri=True)
    try:
        columns = {row[1] for row in conn.execute("pragma table_info(passages)")}
        # an index of an older format has no asked-as questions and kinds: read as empty
        described = ", asked, kind" if {"asked", "kind"} <= columns else ", '', ''"
        passages = {row[0]: tuple(row[1:]) for row in conn.execute(
            f"select id, text, section, url, keywords{described} from passages")}
        documents = {row[0] for row in conn.execute("select id from documents")}
    finally:
        conn.close()
    return passages, documents


def change_report(corpus: Corpus, index_path: Path) -> ChangeReport:
    """What the corpus adds, removes and changes compared with the index file now serving."""
    new = {p.id: (p.text, p.section, p.url, p.keywords, "\n".join(p.asked), p.kind)
           for p in corpus.passages}
    new_docs = {d.id for d in corpus.documents}
    if not Path(index_path).is_file():
        return ChangeReport(added=sorted(new), documents_added=sorted(new_docs),
                            baseline="no serving index yet")
    try:
        old, old_docs = _serving_passages(Path(index_path))
    except sqlite3.DatabaseError as exc:
        return ChangeReport(added=sorted(new), documents_added=sorted(new_docs),
                            baseline=f"the serving index cannot be read ({exc})")
    return ChangeReport(
        documents_added=sorted(new_docs - old_docs),
        documents_removed=sorted(old_docs - new_docs),
        added=sorted(new.keys() - old.keys()),
        removed=sorted(old.keys() - new.keys()),
        changed=sorted(i for i in new.keys() & old.keys() if new[i] != old[i]),
        unchanged=sum(1 for i in new.keys() & old.keys() if new[i] == old[i]),
    )
