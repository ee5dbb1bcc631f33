"""Character-level normalisation, applied before tokenisation (Arabic and Latin alike)."""

from __future__ import annotations

import re
import unicodedata

from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
)

# Zero-width characters and bidirectional controls: invisible, yet they split or glue words.
_INVISIBLE_RE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufe00-\ufe0f]"
)
# C0/C1 controls except tab and newline, and lone surrogates (they cannot be encoded).
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_TATWEEL = "\u0640"
# Arabic-Indic (U+0660) and Persian/Urdu (U+06F0) digits to ASCII.
_DIGITS = str.maketrans(
    {**{chr(0x0660 + i): str(i) for i in range(10)}, **{chr(0x06F0 + i): str(i) for i in range(10)}}
)
_DIGIT_RE = re.compile("[\u0660-\u0669\u06f0-\u06f9]")


def strip_invisible(text: str) -> str:
    """Remove zero-width, bidirectional-control and other control characters."""
    return _CONTROL_RE.sub(" ", _INVISIBLE_RE.sub("", text))


def fold_digits(text: str) -> str:
    """Arabic-Indic and Persian digits to ASCII digits."""
    # str.translate looks every character up (50 µs for a passage); most texts have no such digit
    return text.translate(_DIGITS) if _DIGIT_RE.search(text) else text


def normalize_arabic(text: str) -> str:
    """Diacritics and tatweel removed; alef, alef maksura, teh marbuta and hamza carriers folded."""
    text = dediac_ar(text).replace(_TATWEEL, "")
    text = normalize_alef_ar(text)
    text = normalize_alef_maksura_ar(text)
    text = normalize_teh_marbuta_ar(text)
    # Users often type hamza carriers without the hamza; fold them as the alef forms are folded
    # (two replaces: a tenth of the time of str.translate over the text).
    return text.replace("\u0624", "\u0648").replace("\u0626", "\u064a")


def normalize(text: str) -> str:
    """The whole character pipeline: invisible characters, NFKC, digits, Arabic folding, case."""
    text = strip_invisible(text)
    # NFKC turns Arabic presentation forms and full-width Latin into ordinary letters.
    text = unicodedata.normalize("NFKC", text)
    text = fold_digits(text)
    return normalize_arabic(text).lower()


def folded_pattern(*alternatives: str) -> re.Pattern[str]:
    """One regular expression from alternatives written as people type them (hamza, teh
    marbuta and all), folded by `normalize` so that it runs on normalised text."""
    return re.compile("|".join(normalize(a) for a in alternatives))
