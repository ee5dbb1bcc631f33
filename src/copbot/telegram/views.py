"""Each screen the bot shows: its HTML (from render.py) and its inline buttons.

Buttons carry everything they need in their callback data (at most 64 bytes), so they keep
working after a restart:

    x:<lang>:<i>              example question i           r:<role>       set the role
    q:<lang>                  "ask a question": a prompt to type it
    R:<lang>                  the roles, in place of the welcome   S:<lang>  back to the welcome
    a:<lang>:<role|->         who asks the chat's last question (- : just answer it)
    l:<lang>                  set the language             T:<lang>       list the documents
    d:<doc id>[:<page>]       a document's sections        t:<lang>:<num>:<depth>[:<page>]  a section
    p:<lang>:<num>            a whole passage              m:<lang>:<num>.<num>...  more results
    f:<1|0>:<lang>:<num>      feedback on a passage (helpful or not)
    D:<lang>[:<topic>]        the danger entry: choose what is happening, then its safety card
    C:<lang>                  choose a country         c:<code>       set the country (- clears)
    u:<lang>                  "not urgent": answer the message the safety card replied to

<num> is a passage's number within its language in the current index.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup

from ..answer import Answer
from ..answer.compose import without_marker
from ..quality.gaps import Gap
from ..safety import TOPIC_LABELS, TOPICS, SafetyCard
from ..safety.helplines import Country, Directory
from ..search import Hit
from . import render, texts
from .render import escape
from .services import Searcher
from .state import Stats
from .topics import Outline, Section, related

MAX_CALLBACK_BYTES = 64
RELATED_BUTTONS = 3


@dataclass(frozen=True)
class View:
    html: str
    keyboard: InlineKeyboardMarkup | None = None


def callback(*parts: object) -> str:
    data = ":".join(str(p) for p in parts)
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data longer than {MAX_CALLBACK_BYTES} bytes: {data!r}")
    return data


def _other(lang: str) -> str:
    return "en" if lang == "ar" else "ar"


# --- welcome and settings -----------------------------------------------------------------------


def start_view(lang: str, role: str | None, group: bool = False) -> View:
    """Welcome: the danger entry and "ask a question" first, the examples, then the role as an
    optional step of its own (never in groups, where a tap would show to everyone)."""
    html = texts.text(lang, "welcome")
    if role:
        html += "\n\n" + texts.text(lang, "welcome_role", role=escape(texts.role_label(lang, role)))
    rows = [danger_row(lang),
            [Button(texts.text(lang, "btn_ask"), callback_data=callback("q", lang))]]
    rows += [[Button(q, callback_data=callback("x", lang, i))]
             for i, q in enumerate(texts.EXAMPLES[lang])]
    if not group:
        label = (texts.text(lang, "btn_who_set", role=texts.role_label(lang, role)) if role
                 else texts.text(lang, "btn_who"))
        rows.append([Button(label, callback_data=callback("R", lang))])
    return View(render.directed(html, lang), InlineKeyboardMarkup(rows))


def _role_rows(lang: str, chosen: str | None = None) -> list[list[Button]]:
    """One button per role, the chosen one ticked."""
    buttons = [Button(("✅ " if role == chosen else "") + texts.role_label(lang, role),
                      callback_data=callback("r", role))
               for role in texts.ROLE_AUDIENCE]
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]


def role_view(lang: str, chosen: str | None = None, back: bool = False) -> View:
    """The roles, the chosen one ticked; `back` (from /start) leads back to the welcome."""
    html = (texts.text(lang, "role_set", role=escape(texts.role_label(lang, chosen))) if chosen
            else texts.text(lang, "choose_role"))
    rows = _role_rows(lang, chosen)
    if back:
        rows.append([Button(texts.text(lang, "btn_back_start"), callback_data=callback("S", lang))])
    return View(render.directed(html, lang), InlineKeyboardMarkup(rows))


# who to ask about, per audience of the close answers
ASK_ROLE = {"parents_educators": "parent", "children": "young", "industry": "industry",
            "policymakers": "policymaker"}


def clarify_view(lang: str, audiences: Sequence[str]) -> View:
    """"As a parent, or as a company?": the guidelines for these audiences answer differently."""
    rows = [[Button(texts.text(lang, "btn_ask_as", role=texts.role_label(lang, ASK_ROLE[a])),
                    callback_data=callback("a", lang, ASK_ROLE[a]))]
            for a in audiences if a in ASK_ROLE]
    rows.append([Button(texts.text(lang, "btn_just_answer"), callback_data=callback("a", lang, "-"))])
    return View(render.directed(texts.text(lang, "clarify"), lang), InlineKeyboardMarkup(rows))


def clarified_html(lang: str, role: str) -> str:
    """The clarifying question once answered, ticked in place."""
    if role == "-":
        return render.directed(texts.text(lang, "clarified_none"), lang)
    label = escape(texts.role_label(lang, role))
    return render.directed(texts.text(lang, "clarified", role=label), lang)


def ask_prompt_html(lang: str) -> str:
    return render.directed(texts.text(lang, "ask_prompt"), lang)


def lang_view(lang: str) -> View:
    rows = [[Button(texts.text(lang, "btn_lang_ar"), callback_data=callback("l", "ar")),
             Button(texts.text(lang, "btn_lang_en"), callback_data=callback("l", "en"))]]
    return View(render.directed(texts.text(lang, "choose_lang"), lang), InlineKeyboardMarkup(rows))


def about_view(searcher: Searcher, lang: str) -> View:
    docs = searcher.library.documents_in(lang) or searcher.library.documents
    sources = "\n".join(
        texts.text(lang, "source_line", title=render.bidi(d["title"], lang),
                   publisher=render.bidi(d["publisher"], lang), year=escape(str(d["year"])))
        for d in docs
    )
    counts = searcher.passages
    html = texts.text(
        lang, "about", sources=sources, built_at=escape(str(searcher.index.meta.get("built_at", ""))),
        passages=sum(counts.values()),
        counts=escape(", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))),
    )
    return View(render.directed(html, lang))


# --- safety -----------------------------------------------------------------------------------


def danger_row(lang: str) -> list[Button]:
    return [Button(texts.text(lang, "btn_danger"), callback_data=callback("D", lang))]


def danger_view(lang: str) -> View:
    """The danger entry: the situations a card exists for, one button each."""
    rows = [[Button(TOPIC_LABELS[lang][t], callback_data=callback("D", lang, t))] for t in TOPICS]
    return View(render.directed(texts.text(lang, "danger_title"), lang), InlineKeyboardMarkup(rows))


def card_view(card: SafetyCard, directory: Directory, country_code: str | None,
              question: bool) -> View:
    """The safety card with its buttons: the helpline, the hotline, the country, and (for a
    question) "not urgent". Never feedback buttons."""
    lang = card.lang
    country = directory.get(country_code)
    rows = _help_rows(lang, directory, country)
    rows.append([Button(texts.text(lang, "btn_country"), callback_data=callback("C", lang))])
    if question:
        rows.append([Button(texts.text(lang, "btn_not_urgent"), callback_data=callback("u", lang))])
    html = render.safety_html(card, country, known=country_code is not None)
    return View(html, InlineKeyboardMarkup(rows))


def country_help_view(lang: str, directory: Directory, country_code: str) -> View:
    """A country's child helpline and hotline, as on the card (after the country is chosen)."""
    country = directory.get(country_code)
    html = "\n\n".join(render.country_blocks(lang, country, known=True))
    return View(render.directed(html, lang), InlineKeyboardMarkup(_help_rows(lang, directory, country)))


def _help_rows(lang: str, directory: Directory, country: Country | None) -> list[list[Button]]:
    if country is not None and country.helpline is not None:
        helpline = Button(texts.text(lang, "btn_helpline_source"), url=country.helpline.source)
    else:
        helpline = Button(texts.text(lang, "btn_find_helpline"), url=directory.find_helpline)
    hotline = country.hotline.url if country is not None and country.hotline else directory.find_hotline
    return [[helpline], [Button(texts.text(lang, "btn_report_images"), url=hotline)]]


def country_view(lang: str, directory: Directory) -> View:
    countries = directory.sorted(lang)
    buttons = [Button(c.name(lang), callback_data=callback("c", c.code)) for c in countries]
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    rows.append([Button(texts.text(lang, "country_other"), callback_data=callback("c", "-"))])
    return View(render.directed(texts.text(lang, "country_title"), lang), InlineKeyboardMarkup(rows))


def danger_hint_view(lang: str, key: str, **values: object) -> View:
    """A short message (what to write, when to ask again) with the danger button under it."""
    return View(render.directed(texts.text(lang, key, **values), lang),
                InlineKeyboardMarkup([danger_row(lang)]))


# --- answers and passages -----------------------------------------------------------------------


def answer_view(searcher: Searcher, answer: Answer, continued: str | None = None) -> View:
    """The reply to a question; `continued`: the earlier question a follow-up was read with."""
    lang = answer.lang
    if not answer.answered:
        return View(render.answer_html(answer, continued=continued),
                    _refusal_keyboard(searcher, answer))
    best = answer.results[0]
    spans = searcher.answerer.highlight_words(answer.query, best.excerpt)
    index = searcher.index
    num = index.number(best.hit.id)
    rows = [[Button(texts.text(lang, "btn_source"), url=best.citation.url)]]
    row = []
    more = [n for n in (index.number(r.hit.id) for r in answer.results[1:]) if n is not None]
    if more:
        row.append(Button(texts.text(lang, "btn_more", n=len(more)),
                          callback_data=callback("m", lang, ".".join(map(str, more)))))
    row += _pair_button(searcher, best.pair)
    if row:
        rows.append(row)
    rows += _related_rows(searcher, best.hit)
    rows += _feedback_rows(lang, num)
    return View(render.answer_html(answer, spans, continued), InlineKeyboardMarkup(rows))


def _refusal_keyboard(searcher: Searcher, answer: Answer) -> InlineKeyboardMarkup:
    lang = answer.lang
    rows: list[list[Button]] = []
    seen: set[str] = set()
    for result in answer.results:
        hit = result.hit
        if hit.section_path in seen or len(rows) >= 3:
            continue
        seen.add(hit.section_path)
        num = searcher.index.number(hit.id)
        depth = hit.section_path.count("/")
        title = hit.section.split(" › ")[-1]
        rows.append([Button(texts.text(lang, "btn_related", title=render.short(title)),
                            callback_data=callback("t", lang, num, depth))])
    rows.append([Button(texts.text(lang, "btn_topics"), callback_data=callback("T", lang))])
    return InlineKeyboardMarkup(rows)


def _pair_button(searcher: Searcher, pair: Hit | None) -> list[Button]:
    if pair is None:
        return []
    num = searcher.index.number(pair.id)
    if num is None:
        return []
    label = texts.text(_other(pair.lang), "btn_other_lang")
    return [Button(label, callback_data=callback("p", pair.lang, num))]


def _related_rows(searcher: Searcher, hit: Hit) -> list[list[Button]]:
    outline, section = searcher.library.section_of(hit)
    return [[_section_button(hit.lang, s, "btn_related")]
            for s in related(outline, section.path, RELATED_BUTTONS)]


def _section_button(lang: str, section: Section, label: str) -> Button:
    """A section's own first passage when it has one (so the tap shows text), else its list."""
    title = texts.text(lang, label, title=render.short(section.title))
    if section.passages:
        return Button(title, callback_data=callback("p", lang, section.passages[0]))
    return Button(title, callback_data=callback("t", lang, section.first, section.depth))


def _feedback_rows(lang: str, num: int | None) -> list[list[Button]]:
    if num is None:
        return []
    return [[Button(texts.text(lang, "btn_helpful"), callback_data=callback("f", 1, lang, num)),
             Button(texts.text(lang, "btn_not_helpful"), callback_data=callback("f", 0, lang, num))]]


def without_feedback(markup: InlineKeyboardMarkup | None) -> InlineKeyboardMarkup | None:
    """The same buttons minus the feedback row, once feedback is given."""
    if markup is None:
        return None
    rows = [row for row in markup.inline_keyboard
            if not any(str(b.callback_data or "").startswith("f:") for b in row)]
    return InlineKeyboardMarkup(rows)


def passage_view(searcher: Searcher, hit: Hit, num: int) -> View:
    lang = hit.lang
    citation = searcher.answerer.citation(hit)
    rows = [[Button(texts.text(lang, "btn_source"), url=citation.url)]]
    pair = searcher.index.by_id(hit.pair_id) if hit.pair_id else None
    nav = []
    for step, label in ((-1, "btn_prev"), (1, "btn_next")):
        other = searcher.library.passage(lang, num + step)
        if other is not None and other.doc_id == hit.doc_id:
            nav.append(Button(texts.text(lang, label), callback_data=callback("p", lang, num + step)))
    if lang == "ar":
        nav.reverse()  # right-to-left readers expect "next" on the left
    nav[1:1] = _pair_button(searcher, pair)
    if nav:
        rows.append(nav)
    rows += _related_rows(searcher, hit)
    outline, section = searcher.library.section_of(hit)
    rows.append([Button(texts.text(lang, "btn_up_to", title=render.short(section.title)),
                        callback_data=callback("t", lang, section.first, section.depth))])
    rows += _feedback_rows(lang, num)
    return View(render.passage_html(hit, citation), InlineKeyboardMarkup(rows))


def more_view(searcher: Searcher, lang: str, nums: list[int]) -> View | None:
    hits = [(n, h) for n in nums if (h := searcher.library.passage(lang, n)) is not None]
    if not hits:
        return None
    items = [(h, searcher.answerer.citation(h)) for _, h in hits]
    rows = [[Button(f"{i}. {render.short(h.section.split(' › ')[-1])}",
                    callback_data=callback("p", lang, n))]
            for i, (n, h) in enumerate(hits, start=1)]
    return View(render.results_html(lang, items), InlineKeyboardMarkup(rows))


# --- browsing -----------------------------------------------------------------------------------


PAGE_ROWS = 8  # sections or passages per page of a list


def topics_view(searcher: Searcher, lang: str, role: str | None = None) -> View:
    """The documents in a language by short label, those written for the user's role first."""
    docs = searcher.library.documents_in(lang)
    mine = texts.ROLE_AUDIENCE.get(role or "")
    docs = sorted(docs, key=lambda d: d["audience"] != mine) if mine else docs
    rows = [[Button(texts.doc_label(lang, d["id"]) or render.short(d["title"], 40),
                    callback_data=callback("d", d["id"]))]
            for d in docs]
    other = _other(lang)
    if searcher.library.documents_in(other):
        rows.append([Button(texts.text(lang, "btn_other_lang"), callback_data=callback("T", other))])
    return View(render.directed(texts.text(lang, "topics_title"), lang), InlineKeyboardMarkup(rows))


def _page(items: list, page: int) -> tuple[list, int, int]:
    """The items of one page, the page (kept in range) and the number of pages."""
    pages = max(1, -(-len(items) // PAGE_ROWS))
    page = min(max(page, 0), pages - 1)
    return items[page * PAGE_ROWS : (page + 1) * PAGE_ROWS], page, pages


def _pager(lang: str, page: int, pages: int, *address: object) -> list[list[Button]]:
    """Previous / page n of m / next, in words; `address`: the list's callback data before the
    page number."""
    if pages <= 1:
        return []
    row = []
    if page > 0:
        row.append(Button(texts.text(lang, "btn_prev"), callback_data=callback(*address, page - 1)))
    row.append(Button(texts.text(lang, "page", page=page + 1, pages=pages),
                      callback_data=callback(*address, page)))
    if page < pages - 1:
        row.append(Button(texts.text(lang, "btn_next"), callback_data=callback(*address, page + 1)))
    if lang == "ar":
        row.reverse()  # right-to-left readers expect "next" on the left
    return [row]


def document_view(searcher: Searcher, doc_id: str, page: int = 0) -> View | None:
    doc = searcher.library.document(doc_id)
    if doc is None:
        return None
    lang = doc["lang"]
    outline = searcher.library.outline(doc_id)
    shown, page, pages = _page(outline.top, page)
    rows = [[_browse_button(lang, outline.sections[p])] for p in shown]
    rows += _pager(lang, page, pages, "d", doc_id)
    rows.append([Button(texts.text(lang, "btn_up"), callback_data=callback("T", lang))])
    html = texts.text(lang, "document_title", title=render.bidi(doc["title"], lang))
    return View(render.directed(html, lang), InlineKeyboardMarkup(rows))


def _browse_button(lang: str, section: Section) -> Button:
    return Button(f"📂 {render.short(section.title)}",
                  callback_data=callback("t", lang, section.first, section.depth))


def subject(text: str, limit: int = 36) -> str:
    """A passage's button label: its opening words, without a general-advice marker."""
    return render.short(without_marker(text), limit)


def section_view(searcher: Searcher, lang: str, num: int, depth: int, page: int = 0) -> View | None:
    found = searcher.library.section_at(lang, num, depth)
    if found is None:
        return None
    outline, section = found
    doc = searcher.library.document(outline.doc_id) or {"title": outline.doc_id}
    trail = _trail(outline, section)
    blocks = [f"<i>{render.bidi(doc['title'], lang)}</i>\n<b>{render.bidi(trail, lang)}</b>"]
    items: list[tuple[str, int | str]] = [("p", n) for n in section.passages]
    items += [("s", c) for c in section.children]
    shown, page, pages = _page(items, page)
    if section.passages:
        blocks.append(texts.text(lang, "section_passages",
                                 count=texts.counted(lang, "passage", len(section.passages))))
    rows = []
    for kind, item in shown:
        if kind == "s":
            rows.append([_browse_button(lang, outline.sections[str(item)])])
            continue
        n = int(item)
        hit = searcher.library.passage(lang, n)
        if hit is None:
            continue
        i = section.passages.index(n) + 1
        blocks.append(f"{i}. {escape(render.preview(without_marker(hit.text), 20))}")
        rows.append([Button(f"📄 {i}. {subject(hit.text)}", callback_data=callback("p", lang, n))])
    rows += _pager(lang, page, pages, "t", lang, num, depth)
    if section.parent:
        parent = outline.sections[section.parent]
        up = callback("t", lang, parent.first, parent.depth)
    else:
        up = callback("d", outline.doc_id)
    rows.append([Button(texts.text(lang, "btn_up"), callback_data=up)])
    return View(render.directed("\n\n".join(blocks), lang), InlineKeyboardMarkup(rows))


def _trail(outline: Outline, section: Section) -> str:
    titles, path = [], section.path
    while path:
        titles.append(outline.sections[path].title)
        path = outline.sections[path].parent
    return " › ".join(reversed(titles))


# --- admin --------------------------------------------------------------------------------------


GAPS_SHOWN = 5  # sections with unanswered questions in /stats (cop-bot gaps lists them all)
QUESTIONS_SHOWN = 10  # of each section's, most asked first


def stats_view(stats: Stats, lang: str, days: int, found: Sequence[Gap] = ()) -> View:
    """Questions per day, share unanswered, feedback (👎 per passage), and the unanswered
    questions grouped by nearest section with the words a keywords or asked-as line could add."""
    blocks = [texts.text(lang, "stats_title", days=days)]
    if not stats.questions:
        blocks.append(texts.text(lang, "stats_none"))
    else:
        blocks.append("\n".join(texts.text(lang, "stats_day", **d) for d in stats.days))
        share = f"{stats.unanswered / stats.questions:.0%}"
        blocks.append(texts.text(lang, "stats_total", questions=stats.questions, share=share))
    blocks.append(texts.text(lang, "stats_feedback", helpful=stats.helpful,
                             not_helpful=stats.not_helpful))
    if stats.disliked:
        lines = [f"👎 {bad} · 👍 {good} · <code>{escape(pid)}</code>" for pid, good, bad in stats.disliked]
        blocks.append(texts.text(lang, "stats_disliked") + "\n" + "\n".join(lines))
    if found:
        lines = []
        for gap in found[:GAPS_SHOWN]:
            asked = "\n".join(f"  {n}× {escape(q)}" for q, n in gap.questions[:QUESTIONS_SHOWN])
            words = ", ".join(escape(w) for w in gap.words())
            lacks = f"\n  {texts.text(lang, 'stats_words', words=words)}" if words else ""
            where = (f"<b>{render.bidi(gap.section, lang)}</b> (<code>{escape(gap.section_id)}</code>)"
                     if gap.section_id else texts.text(lang, "stats_no_section"))
            lines.append(f"• {where}\n{asked}{lacks}")
        blocks.append(texts.text(lang, "stats_gaps") + "\n" + "\n\n".join(lines))
    return View(render.directed("\n\n".join(blocks), lang))
