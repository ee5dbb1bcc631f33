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


def light10(word: str) -> str:
    """Strip a leading waw, a definite article with its proclitic, then suffixes (Light10)."""
    if len(word) >= 4 and word.startswith("و"):
        word = word[1:]
    for article in _DEFINITE_ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 2:
            word = word[len(article):]
            break
    for suffix in _PRONOUNS:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[: -len(suffix)]
    return word


_english = snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def snowball_english(word: str) -> str:
    """Porter2 (Snowball English) stem."""
    return _english.stemWord(word)
