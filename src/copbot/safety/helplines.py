"""Where to get help, per country: the child helpline and the reporting hotline for child sexual
abuse material, each with the public page that states it and the date it was checked.

Read from helplines.toml beside this file. A country whose number could not be confirmed on a
public page has no number here: the card then says so and points to the international
directories instead of guessing. Helplines and hotlines are national services, not ITU's.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..analysis.normalize import normalize

DATA_PATH = Path(__file__).with_name("helplines.toml")


@dataclass(frozen=True)
class Service:
    name: str
    source: str  # the public page that states the number or the reporting address
    checked: str  # ISO date the source was read
    number: str = ""  # helplines
    url: str = ""  # hotlines: where to report


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    names: dict[str, str]  # {"en": ..., "ar": ...}
    helpline: Service | None
    hotline: Service | None
    note: str = ""

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names["en"]


@dataclass(frozen=True)
class Directory:
    countries: dict[str, Country]
    find_helpline: str  # international directory of child helplines
    find_hotline: str  # international directory of reporting hotlines

    def get(self, code: str | None) -> Country | None:
        return self.countries.get(code.upper()) if code else None

    def find(self, words: str) -> Country | None:
        """A country by its code or its name in either language ("jo", "Jordan", "الأردن")."""
        key = _fold(words)
        key = _ALIASES.get(key, key)
        for country in self.countries.values():
            if key == country.code.lower() or key in (_fold(n) for n in country.names.values()):
                return country
        return None

    def sorted(self, lang: str) -> list[Country]:
        return sorted(self.countries.values(), key=lambda c: c.name(lang))


_ALIASES = {"uk": "gb", "britain": "gb", "england": "gb", "usa": "us", "america": "us",
            "uae": "ae", "emirates": "ae", "ksa": "sa", "امارات": "ae", "سعوديه": "sa"}


def _fold(text: str) -> str:
    """Case, hamza and spacing folded; an Arabic article dropped ("الاردن" and "اردن" match)."""
    folded = " ".join(normalize(text).split())
    return folded[2:] if folded.startswith("ال") else folded


def _service(data: dict | None) -> Service | None:
    if not data:
        return None
    return Service(name=data["name"], source=data["source"], checked=data["checked"],
                   number=data.get("number", ""), url=data.get("url", ""))


def read_directory(path: Path = DATA_PATH) -> Directory:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    countries = {}
    for row in data["country"]:
        code = row["code"].upper()
        countries[code] = Country(code, {"en": row["en"], "ar": row["ar"]},
                                  _service(row.get("helpline")), _service(row.get("hotline")),
                                  row.get("note", ""))
    general = data["general"]
    return Directory(countries, general["find_helpline"], general["find_hotline"])


@lru_cache(maxsize=1)
def directory() -> Directory:
    return read_directory()
