"""Colloquial and everyday words folded onto the words the guidelines use, after stemming.

Parents write "ابني", "ولادي", "عيالي", "جروب الواتس" and "my kid's pics"; the guidelines say
"الأطفال", "مجموعة" and "children's images". Each entry maps a stem (as the stemmers produce it,
on normalised text) to the stem of the guideline word. Applied to passages and questions alike.
"""

from __future__ import annotations

from .normalize import normalize
from .stem import light10, snowball_english

# guideline word -> everyday words (written naturally; stemmed below)
_ARABIC = {
    "الأطفال": "طفل ابني ابنتي بنتي ولدي ولادي اولادي أولادي عيالي عيال العيال ابنائي أبنائي اطفالي "
               "طفلي طفلتي الولد الولاد البنت ابن الابن",
    "الإنترنت": "النت نت اونلاين أونلاين الأونلاين",
    "الهاتف": "الجوال جوال الموبايل موبايل التلفون تلفون الفون",
    "مجموعة": "جروب قروب الجروب القروب",
    "واتساب": "الواتس واتس الواتساب",
    "المال": "فلوس الفلوس مصاري المصاري",
    "مرور": "الباسورد باسورد",
    "إنستغرام": "انستا الانستا انستقرام الانستقرام انستجرام",
}
_ENGLISH = {
    "children": "child kid kids son sons daughter daughters boy boys girl girls",
    "images": "pic pics picture pictures photo photos image",
    "internet": "online net web",
    "bullying": "cyberbullying bully bullied cyberbullied",
    "password": "passwords passcode",
    "instagram": "insta",
}


def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for canonical, variants in _ARABIC.items():
        target = light10(normalize(canonical))
        for v in variants.split():
            table.setdefault(light10(normalize(v)), target)
    for canonical, variants in _ENGLISH.items():
        target = snowball_english(canonical)
        for v in variants.split():
            table.setdefault(snowball_english(v), target)
    # a word never maps onto itself through another word
    return {k: v for k, v in table.items() if k != v}


STEM_SYNONYMS: dict[str, str] = _table()
