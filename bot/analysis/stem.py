"""Stemmers: Light10-style Arabic light stemming and Snowball English."""

from __future__ import annotations

from functools import lru_cache

import snowballstemmer

# Light10 (Larkey, Ballesteros and Connell, 2002/2007), applied to normalised text, where teh
# marbuta is already heh and alef maksura is yeh, so "ة" and "ية" appear as "ه" and "يه".
_DEFINITE_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")
# Possessive and object pronouns of the second person and plurals, which Light10 leaves on
# ("طفلك", "أطفالكم", "أبناؤهم"): parents' guidance is written to "you", questions say "my".
_PRONOUNS = ("كما", "كم", "كن", "هم", "هن", "نا", "ك")
# Light10's suffixes that are pronouns (her, his, my) rather than endings of the word itself.
_PRONOUN_SUFFIXES = ("ها", "ه", "ي")


def light10(word: str) -> str:
    """Strip a leading waw, a definite article with its proclitic, then suffixes (Light10)."""
    if len(word) >= 4 and word.startswith("و"):
        word = word[1:]
    for article in _DEFINITE_ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 2:
            word = word[len(article):]
            break
    pronoun = False
    for suffix in _PRONOUNS:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            pronoun = True
            break
    stripped = _strip_suffixes(word)
    pronoun = pronoun or any(word.endswith(p) for p in _PRONOUN_SUFFIXES)
    if pronoun and len(stripped) >= 4 and stripped.endswith("ت"):
        # Teh marbuta is written teh before a pronoun: "سياستها", "حمايتهم", "صاحبتها" stem as
        # "سياسه", "حمايه", "صاحبه" do, and "منتجاته" as "منتجات". Stems of three letters keep
        # their teh ("بنتي", "بيتي").
        stripped = stripped[:-2] if stripped.endswith("ات") else _strip_suffixes(stripped[:-1] + "ه")
    return stripped


def _strip_suffixes(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[: -len(suffix)]
    return word


_english = snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def snowball_english(word: str) -> str:
    """Porter2 (Snowball English) stem."""
    return _english.stemWord(word)
