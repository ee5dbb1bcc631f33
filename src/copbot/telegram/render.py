"""HTML for Telegram messages, and splitting at Telegram's 4,096-character limit.

Every dynamic string goes through `html.escape` here and nowhere else. Arabic messages get a
right-to-left mark at the start of every line, so a line that begins with a Latin name, a digit or
an emoji is still laid out right-to-left; Latin-only values inside Arabic lines (publisher names,
acronyms) are wrapped in a first-strong isolate so their punctuation stays with them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from ..answer import Answer, Citation
from ..safety import SafetyCard
from ..safety.helplines import Country
from ..search import Hit
from . import texts

MESSAGE_LIMIT = 4096
RLM = "\u200f"
FSI, PDI = "\u2068", "\u2069"
PREVIEW_WORDS = 30
BUTTON_CHARS = 40
_MAX_RUN = 200

_ARABIC_RE = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]")
_TAG_RE = re.compile(r"<(/?)([a-z-]+)[^>]*>")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_TOKEN_RE = re.compile(r"<[^>]*>|&[#a-zA-Z0-9]+;|\s+|[^<&\s]+|[<&]")


def escape(value: str) -> str:
    """Escape text for Telegram HTML (element content only: quotes need no escaping).

    Lone surrogates (possible in a JSON update) cannot be sent: they become U+FFFD."""
    return html.escape(_SURROGATE_RE.sub("\ufffd", value), quote=False)


def bidi(value: str, lang: str) -> str:
    """Escape a value; in Arabic text, isolate it when it has no Arabic letters."""
    value = escape(value)
    if lang == "ar" and value and not _ARABIC_RE.search(value):
        return f"{FSI}{value}{PDI}"
    return value


def directed(message: str, lang: str) -> str:
    """Start every line of an Arabic message with a right-to-left mark."""
    if lang != "ar":
        return message
    return "\n".join(RLM + line if line else line for line in message.split("\n"))


def highlighted(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Escape text and bold the given character spans (which must not overlap)."""
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        out.append(escape(text[pos:start]))
        out.append(f"<b>{escape(text[start:end])}</b>")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def short(text: str, limit: int = BUTTON_CHARS) -> str:
    """Cut a label at a word boundary (button labels are plain text: no escaping)."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


def preview(text: str, words: int = PREVIEW_WORDS) -> str:
    parts = text.split()
    return text if len(parts) <= words else " ".join(parts[:words]) + " …"


def citation_html(citation: Citation, lang: str, general: bool = False) -> str:
    """Which guideline and section a passage comes from; `general`: the text shown is general
    advice kept beside that section, not the ITU text, and is labelled so."""
    return texts.text(
        lang,
        "citation_general" if general else "citation",
        document=bidi(citation.document, lang),
        section=bidi(citation.section, lang),
        publisher=bidi(citation.publisher, lang),
        year=escape(citation.year),
    )


def safety_html(card: SafetyCard, country: Country | None = None, known: bool = False) -> str:
    """The safety card: what to do now, then where to call in the user's country.

    `known`: the user has chosen a country (None then means "another country").
    """
    lang = card.lang
    blocks = [texts.text(lang, "safety_title"), escape(card.text), *country_blocks(lang, country, known)]
    blocks.append(f"<i>{texts.text(lang, 'safety_footer')}</i>")
    return directed("\n\n".join(blocks), lang)


def country_blocks(lang: str, country: Country | None, known: bool) -> list[str]:
    """The country's child helpline and reporting hotline, each with its source and date."""
    if country is None:
        return [] if known else [texts.text(lang, "country_unknown")]
    name = bidi(country.name(lang), lang)
    blocks = []
    if country.helpline is not None:
        line = country.helpline
        blocks.append(texts.text(lang, "country_line", country=name, number=bidi(line.number, lang),
                                 name=bidi(line.name, lang))
                      + "\n" + _source(line.source, line.checked, lang))
    else:
        blocks.append(texts.text(lang, "country_unconfirmed", country=name))
    if country.hotline is not None:
        hotline = country.hotline
        blocks.append(texts.text(lang, "country_hotline", country=name, name=bidi(hotline.name, lang))
                      + "\n" + _source(hotline.source, hotline.checked, lang))
    return blocks


def _source(url: str, checked: str, lang: str) -> str:
    host = re.sub(r"^https?://(www\.)?", "", url).split("/")[0]
    link = f'<a href="{html.escape(url, quote=True)}">{escape(host)}</a>'
    return texts.text(lang, "country_source", source=link, checked=escape(checked))


def answer_html(answer: Answer, spans: Sequence[tuple[int, int]] = (),
                continued: str | None = None) -> str:
    """The reply to a question: the best excerpt and its citation, or a refusal.

    The safety card, when there is one, is a message of its own sent before this one.
    `spans` are the words of the best excerpt to bold; `continued` is the earlier question a
    follow-up was read with, named first.
    """
    lang = answer.lang
    blocks = []
    if continued:
        blocks.append(f"↪️ <i>{texts.text(lang, 'continued', question=bidi(short(continued, 80), lang))}</i>")
    if answer.answered:
        best = answer.results[0]
        blocks.append(highlighted(best.excerpt, spans))
        blocks.append(citation_html(best.citation, lang, general=best.general))
    else:
        blocks.append(f"🤷 {texts.text(lang, 'refusal')}")
        if answer.pointer:
            blocks.append(f"👉 {escape(answer.pointer)}")
        hint = "refusal_hint" if answer.results else "refusal_no_topics"
        blocks.append(texts.text(lang, hint))
    return directed("\n\n".join(blocks), lang)


def passage_html(hit: Hit, citation: Citation) -> str:
    """A whole passage reached by a button (browsing, other language, related section)."""
    body = f"{escape(hit.text)}\n\n{citation_html(citation, hit.lang)}"
    return directed(body, hit.lang)


def results_html(lang: str, items: Sequence[tuple[Hit, Citation]]) -> str:
    """Further results: each section with the start of its passage."""
    blocks = [texts.text(lang, "more_title")]
    for i, (hit, citation) in enumerate(items, start=1):
        blocks.append(
            f"{i}. <b>{bidi(citation.section, lang)}</b>\n{escape(preview(hit.text))}\n"
            f"<i>{bidi(citation.document, lang)}</i>"
        )
    return directed("\n\n".join(blocks), lang)


def split_html(message: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split a message into parts of at most `limit` UTF-16 units, at paragraph boundaries.

    Telegram counts UTF-16 code units. A paragraph longer than the limit is cut at a line break,
    else at a space, never inside a tag or an entity; tags open at the cut are closed at the end
    of one part and reopened at the start of the next, so every part is valid HTML on its own.
    """
    parts: list[str] = []
    current = ""
    for para in message.split("\n\n"):
        candidate = f"{current}\n\n{para}" if current else para
        if _units(candidate) <= limit:
            current = candidate
            continue
        if current:
            parts.append(current)
        if _units(para) <= limit:
            current = para
        else:
            pieces = _split_paragraph(para, limit)
            parts.extend(pieces[:-1])
            current = pieces[-1]
    if current or not parts:
        parts.append(current)
    return parts


def _units(s: str) -> int:
    return len(s.encode("utf-16-le", "surrogatepass")) // 2


def _split_paragraph(para: str, limit: int) -> list[str]:
    run = max(1, min(_MAX_RUN, limit // 4))
    tokens = []
    for token in _TOKEN_RE.findall(para):
        if token[0] in "<&" or len(token) <= run:
            tokens.append(token)
        else:  # a "word" longer than any sensible cut (a URL, junk): make it cuttable
            tokens.extend(token[i : i + run] for i in range(0, len(token), run))
    # The tags open after each token, so each part can close them and the next reopen them.
    stacks: list[tuple[tuple[str, str], ...]] = []
    open_tags: list[tuple[str, str]] = []
    for token in tokens:
        tag = _TAG_RE.fullmatch(token)
        if tag and tag.group(1):
            if open_tags and open_tags[-1][0] == tag.group(2):
                open_tags.pop()
        elif tag:
            open_tags.append((tag.group(2), token))
        stacks.append(tuple(open_tags))

    def opened_before(i: int) -> tuple[tuple[str, str], ...]:
        return stacks[i - 1] if i > 0 else ()

    def closing(tags) -> str:
        return "".join(f"</{name}>" for name, _ in reversed(tags))

    parts = []
    start = 0
    while start < len(tokens):
        prefix = "".join(tag for _, tag in opened_before(start))
        size = _units(prefix)
        end = start
        at_space = at_newline = None
        while end < len(tokens):
            grown = size + _units(tokens[end])
            if grown + _units(closing(stacks[end])) > limit:
                break
            size = grown
            end += 1
            if tokens[end - 1].isspace():
                if "\n" in tokens[end - 1]:
                    at_newline = end
                else:
                    at_space = end
        if end < len(tokens):
            # Prefer a line break unless it would leave this part less than half full.
            if at_newline and (not at_space or at_newline - start >= (at_space - start) // 2):
                end = at_newline
            else:
                end = at_space or max(end, start + 1)
        parts.append((prefix + "".join(tokens[start:end])).rstrip() + closing(stacks[end - 1]))
        start = end
        while start < len(tokens) and tokens[start].isspace():
            start += 1
    return [p for p in parts if p.strip()]
