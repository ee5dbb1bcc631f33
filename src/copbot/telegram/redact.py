"""Personal details taken out of a question before it is kept for admins: phone numbers, e-mail
addresses, @names, links, and the name after "my son is called…" / «ابني اسمه…».

What is left is the question an admin needs to see what the guidelines lack, with a mark such as
[phone] where a detail was. PRIVACY.md and the /forget reply say exactly this.
"""

from __future__ import annotations

import re

_LINK_RE = re.compile(r"(?:https?://|www\.|t\.me/|wa\.me/)\S+", re.I)
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HANDLE_RE = re.compile(r"(?<![\w@])@\w{2,}")
# seven digits or more, with spaces, dots, dashes, brackets or a leading + between them
# (Arabic-Indic and Persian digits too)
_PHONE_RE = re.compile(r"\+?[(\d٠-٩۰-۹][\d٠-٩۰-۹ ().-]{5,}[\d٠-٩۰-۹]")
_CHILD_EN = r"(?:son|daughter|child|kid|boy|girl|nephew|niece|brother|sister|student|pupil)"
_NAMED_EN_RE = re.compile(
    rf"\b((?:my|our) {_CHILD_EN}(?:'s name is| is called| is named| named| called)\s+)"
    r"([A-Za-z][\w'-]*)", re.I)
# "my son Adam is…": a capitalised word right after "my son" is taken for a name
_BARE_EN_RE = re.compile(rf"\b((?:[Mm]y|[Oo]ur) {_CHILD_EN}\s+)([A-Z][a-z'-]+)\b")
_NOT_NAMES = frozenset({"Is", "Was", "Has", "Had", "And", "But", "Who", "Keeps", "Gets", "Got",
                        "Can", "Will", "Does", "Did", "In", "At", "On", "The", "A", "An"})
_CHILD_AR = r"(?:ابني|ابنتي|بنتي|ولدي|طفلي|طفلتي|ابنى|ابنتى|بنتى|ولدى|طفلى|اخي|أخي|اختي|أختي|تلميذي|طالبي)"
_NAMED_AR_RE = re.compile(
    rf"({_CHILD_AR}\s+(?:(?:اللي|الي|الذي|التي)\s+)?(?:اسمه|اسمها|إسمه|إسمها|يدعى|تدعى|يسمى|تسمى)\s+)"
    r"([\u0621-\u064A]+)")


def redact(text: str) -> str:
    """`text` with personal details replaced by a mark in brackets."""
    text = _LINK_RE.sub("[link]", text)
    text = _EMAIL_RE.sub("[email]", text)
    text = _HANDLE_RE.sub("[@name]", text)
    text = _PHONE_RE.sub(_phone, text)
    text = _NAMED_EN_RE.sub(r"\1[name]", text)
    text = _BARE_EN_RE.sub(lambda m: m.group(0) if m.group(2) in _NOT_NAMES
                           else f"{m.group(1)}[name]", text)
    return _NAMED_AR_RE.sub(r"\1[اسم]", text)


def _phone(match: re.Match[str]) -> str:
    digits = sum(ch.isdigit() for ch in match.group())
    return "[phone]" if digits >= 7 else match.group()
