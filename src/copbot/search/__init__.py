"""Search: BM25 over the analysed corpus, stored as an index file.

`bm25` (the scoring), `records` (what is indexed), `writer` (building an index file), `format`
(what an index file holds, and its errors), `postings_file` (the memory-mapped copy of the
postings that searches read) and `reader` (an opened index: search, passages, documents).
"""

from .bm25 import BM25Params
from .format import IndexCorrupt, IndexError_, IndexMismatch, IndexMissing, read_meta
from .reader import Hit, Index
from .records import Record, records_from_corpus
from .writer import build_index, remove_index, replace_index

__all__ = [
    "BM25Params", "Hit", "Index", "IndexCorrupt", "IndexError_", "IndexMismatch", "IndexMissing",
    "Record", "build_index", "read_meta", "records_from_corpus", "remove_index", "replace_index",
]
