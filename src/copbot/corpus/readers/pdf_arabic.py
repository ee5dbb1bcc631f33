"""Repairs for Arabic text extracted from PDFs: presentation-form glyphs back to letters, and
lines extracted in visual (right-to-left reversed) order put back in logical order.

Detection uses two signals, both counted per line in each reading direction:
- contextual forms: in logical order a word starts with an initial or isolated form and ends with
  a final or isolated one; a reversed word starts with a final form;
- known words: common function words and the article "ال" at the start of words; reversed, they
  read "يف", "نم", "...لا".
"""

from __future__ import annotations

import re
import unicodedata

_ARABIC_RE = re.compile(r"[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")
_WORD_RE = re.compile(r"[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]+")
_LTR_RUN_RE = re.compile(r"[A-Za-z0-9\u0660-\u0669\u06f0-\u06f9][A-Za-z0-9\u0660-\u0669\u06f0-\u06f9.,:/%-]*[A-Za-z0-9\u0660-\u0669\u06f0-\u06f9]|[A-Za-z0-9\u0660-\u0669\u06f0-\u06f9]")
_PRESENTATION_RE = re.compile(r"[\ufb50-\ufdff\ufe70-\ufeff]")
_MIRROR = str.maketrans("()[]{}<>«»", ")(][}{><»«")

FUNCTION_WORDS = frozenset(
    "في من على إلى عن أن إن التي الذي الذين هذا هذه ذلك تلك مع كما أو ثم قد لا ما هو هي هم "
    "كل بين عند حول بعد قبل حتى أي غير لم لن كان يجب يمكن".split()
)
_FUNCTION_REVERSED = frozenset(w[::-1] for w in FUNCTION_WORDS) - FUNCTION_WORDS


def has_arabic(text: str) -> bool:
    return bool(_ARABIC_RE.search(text))


def normalize_forms(text: str) -> str:
    """Presentation forms (U+FB50-U+FDFF, U+FE70-U+FEFF) -> standard letters (NFKC on them only)."""
    return _PRESENTATION_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def _form(char: str) -> str:
    decomposition = unicodedata.decomposition(char)
    return decomposition[1:decomposition.index(">")] if decomposition.startswith("<") else ""


def form_evidence(line: str) -> tuple[int, int]:
    """(logical, reversed) votes from the contextual forms at the ends of words."""
    logical = reverse = 0
    for word in _WORD_RE.findall(line):
        first, last = _form(word[0]), _form(word[-1])
        logical += (first == "initial") + (last == "final")
        reverse += (first == "final") + (last == "initial")
    return logical, reverse


def word_evidence(line: str) -> tuple[int, int]:
    """(logical, reversed) votes from known words, on standard letters."""
    logical = reverse = 0
    for word in _WORD_RE.findall(normalize_forms(line)):
        logical += word in FUNCTION_WORDS or (len(word) > 3 and word.startswith("ال"))
        reverse += word in _FUNCTION_REVERSED or (len(word) > 3 and word.endswith("لا"))
    return logical, reverse


def looks_reversed(line: str) -> bool:
    """Whether an extracted line reads in visual order (its words and letters reversed)."""
    f_logical, f_reverse = form_evidence(line)
    w_logical, w_reverse = word_evidence(line)
    return f_reverse + w_reverse > f_logical + w_logical


def _clusters(text: str) -> list[str]:
    """Characters with their combining marks (harakat stay on their letter when reversed)."""
    out: list[str] = []
    for char in text:
        if out and unicodedata.combining(char):
            out[-1] += char
        else:
            out.append(char)
    return out


def reverse_line(line: str) -> str:
    """Reverse a visual-order line, keeping numbers and Latin words readable."""
    reversed_ = "".join(reversed(_clusters(line))).translate(_MIRROR)
    return _LTR_RUN_RE.sub(lambda m: m.group()[::-1], reversed_)


def repair_line(line: str) -> str:
    """One extracted line, in logical order and with standard letters."""
    if not has_arabic(line):
        return line
    if looks_reversed(line):
        line = reverse_line(line)
    return normalize_forms(line)
