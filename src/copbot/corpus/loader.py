"""Loading a corpus folder: every file through its reader, then the checks between documents
(duplicate ids, pairs that do not point back, passages without their translation)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .model import Corpus, CorpusError, Document, pair_passage_id, source_domains, url_problem
from .readers import SUFFIXES, read_file


def corpus_files(folder: Path) -> list[Path]:
    """The documents in a corpus folder: every file a reader reads, but the folder's README.
    Symbolic links are listed too, so that read_corpus can refuse them by name."""
    return sorted(
        p for p in Path(folder).iterdir()
        if (p.is_file() or p.is_symlink()) and p.suffix.lower() in SUFFIXES
        and p.name.lower() != "readme.md"
    )


def read_corpus(folder: Path, progress: Any = None,
                domains: tuple[str, ...] | None = None) -> tuple[Corpus, list[str]]:
    """Load every document, collecting every problem instead of stopping at the first.

    Returns the corpus (made of the files that could be read) and the list of errors, each
    naming its file and line or page. `progress`, when given, has `file(path)` and `passages(n)`.
    Every link must be https on one of `domains` (default: model.source_domains()). A symbolic
    link is refused (it could bring in any file on the machine), and so is a sidecar that is one.
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
        links = [p for p in (path, path.with_name(path.name + ".yml")) if p.is_symlink()]
        if links:
            errors.append(f"{links[0]}: a symbolic link; copy the file into the corpus folder")
            continue
        try:
            doc, passages, warnings = read_file(path, progress)
        except CorpusError as exc:
            errors.append(str(exc))
            continue
        except Exception as exc:  # a reader's library failing in a way of its own: say where
            errors.append(f"{path}: cannot be read ({type(exc).__name__}: {exc})")
            continue
        corpus.documents.append(doc)
        corpus.passages.extend(passages)
        corpus.warnings.extend(warnings)
        if progress is not None:
            progress.passages(len(passages))
    errors.extend(_check_whole(corpus))
    errors.extend(_link_problems(corpus, source_domains() if domains is None else domains))
    return corpus, errors


def load_corpus(folder: Path, progress: Any = None) -> Corpus:
    """Load every document in a folder and check the corpus as a whole.

    Raises CorpusError listing every problem found (one per line).
    """
    corpus, errors = read_corpus(folder, progress)
    if errors:
        raise CorpusError("\n".join(errors))
    return corpus



def _link_problems(corpus: Corpus, domains: tuple[str, ...]) -> list[str]:
    """Every address a user may be sent to: the documents' and the sections' sources."""
    problems = []
    for doc in corpus.documents:
        reason = url_problem(doc.url, domains)
        if reason:
            problems.append(f"{doc.path}: url {doc.url!r} {reason}")
    docs = {d.id: d for d in corpus.documents}
    reported: set[str] = set()
    for p in corpus.passages:
        if p.url in reported or p.url == docs[p.doc_id].url:
            continue
        reason = url_problem(p.url, domains)
        if reason:
            reported.add(p.url)
            problems.append(f"{p.where(docs[p.doc_id].path)}: source {p.url!r} {reason}")
    return problems


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


