"""Handlers: each reads the update, calls the core or a view, and sends the result.

Shared objects live in `context.bot_data["services"]` (see services.py).
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
import re
import time
from collections.abc import Awaitable, Callable

from telegram import (
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatAction, ChatType
from telegram.error import BadRequest, TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes, filters

from ..analysis import detect_lang
from ..answer import Answer
from ..answer.intent import small_talk
from ..quality.gaps import gaps
from ..safety import Assessment, assess, card
from ..safety.helplines import directory
from ..search import IndexError_
from . import render, texts, views
from .render import escape
from .scheduling import slot_released
from .services import Services

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
INLINE_RESULTS = 10
STATS_DAYS = 7
MORE_MAX = 10  # passages one "more results" button may ask for
# the danger entry and the country list: never limited, whatever the user did before
UNLIMITED_BUTTONS = re.compile(r"^[DCc]:")
UNLIMITED_COMMANDS = frozenset({"danger", "ask"})  # /ask is a question: the question limit counts it
ROLE_LINK = "role"  # t.me/<bot>?start=role opens the roles (from /role in a group)


def services(context: Context) -> Services:
    return context.bot_data["services"]


def _lang(context: Context, update: Update, sample: str = "") -> str:
    """The user's language: chosen, else Telegram's language_code, else the script of `sample`."""
    user = update.effective_user
    chosen = services(context).state.prefs(user.id).lang if user else None
    if chosen:
        return chosen
    if user and user.language_code:
        return texts.ui_lang(user.language_code)
    return detect_lang(sample) or "en"


async def send(context: Context, chat_id: int, view: views.View, reply_to: Message | None = None):
    """Send a view, split into several messages when long; buttons go under the last one."""
    parts = render.split_html(view.html)
    for i, part in enumerate(parts):
        await context.bot.send_message(
            chat_id,
            part,
            reply_markup=view.keyboard if i == len(parts) - 1 else None,
            reply_parameters=(ReplyParameters(reply_to.message_id, allow_sending_without_reply=True)
                              if reply_to is not None and i == 0 else None),
        )


async def reply(update: Update, context: Context, view: views.View) -> None:
    """Answer in the update's chat; in groups, as a reply to the message that asked."""
    message = update.effective_message
    quote = message if message.chat.type != ChatType.PRIVATE else None
    await send(context, message.chat_id, view, reply_to=quote)


def _html(lang: str, key: str, **values) -> views.View:
    return views.View(render.directed(texts.text(lang, key, **values), lang))


# --- before every handler -----------------------------------------------------------------------


async def gate(update: Update, context: Context) -> None:
    """Runs before the handlers (group -1): refuses button data the bot did not send, and keeps
    each user within a budget of commands, button presses and inline queries (questions have their
    own limit, see answer_question; the danger entry has none). Over the budget the user is told
    (once per window for messages, always for buttons, which cost no message) and the update goes
    no further."""
    svc = services(context)
    user = update.effective_user
    if update.callback_query is not None:
        await _gate_button(update, context, svc)
    elif update.inline_query is not None and user is not None:
        wait = svc.budget.take(user.id, "inline")
        if wait:
            lang = texts.ui_lang(user.language_code)
            text = texts.text(lang, "inline_too_fast", seconds=max(1, round(wait)))
            button = InlineQueryResultsButton(text, start_parameter=f"inline_{lang}")
            await update.inline_query.answer([], button=button, cache_time=0)
            raise ApplicationHandlerStop
    elif update.message is not None and user is not None:
        message = update.message
        command = _command(message, context.bot.username)
        if command is None:
            if message.text or message.caption or message.chat.type != ChatType.PRIVATE:
                return  # a question (answer_question counts it), or not meant for the bot
        elif command in UNLIMITED_COMMANDS or command == "":
            return  # "" : a command for another bot
        await _spend(update, context, user.id)


async def _spend(update: Update, context: Context, user_id: int) -> None:
    """Count one action; over the budget, say so once per window and stop the update."""
    svc = services(context)
    wait = svc.budget.take(user_id)
    if not wait:
        return
    if svc.budget.first_refusal(user_id):
        await reply(update, context, views.danger_hint_view(_lang(context, update), "too_fast",
                                                            seconds=max(1, round(wait))))
    raise ApplicationHandlerStop


async def _gate_button(update: Update, context: Context, svc: Services) -> None:
    query = update.callback_query
    data = query.data if isinstance(query.data, str) else ""
    if not data or not _sent_by_bot(query, data):
        await query.answer(texts.text(_lang(context, update), "stale_button"))
        raise ApplicationHandlerStop
    if UNLIMITED_BUTTONS.match(data):
        return
    wait = svc.budget.take(update.effective_user.id)
    if wait:
        lang = _lang(context, update)
        await query.answer(texts.text(lang, "button_too_fast", seconds=max(1, round(wait))),
                           show_alert=True)
        raise ApplicationHandlerStop


def _sent_by_bot(query, data: str) -> bool:
    """Whether the message the button belongs to carries a button with exactly this data.
    Any client can send any callback data; only data the bot put there is obeyed. Messages too
    old for Telegram to include cannot be checked: their buttons work, but for feedback votes."""
    message = query.message
    if message is None:
        return False  # an inline message: its buttons are links, never callbacks
    if not message.is_accessible:
        return not data.startswith("f:")
    markup = message.reply_markup
    rows = markup.inline_keyboard if markup is not None else ()
    return any(button.callback_data == data for row in rows for button in row)


def _command(message: Message, username: str) -> str | None:
    """The command a message starts with ("" when it is addressed to another bot), or None."""
    text = message.text or ""
    if not text.startswith("/"):
        return None
    word = text.split(maxsplit=1)[0][1:]
    name, _, bot = word.partition("@")
    if bot and bot.lower() != (username or "").lower():
        return ""
    return name.lower()


# --- commands -----------------------------------------------------------------------------------


async def start(update: Update, context: Context) -> None:
    """Welcome, example questions and the choice of role; deep links preset role and language."""
    user = update.effective_user
    role, lang = texts.deep_link(context.args[0] if context.args else "")
    state = services(context).state
    prefs = state.set_prefs(user.id, lang=lang, role=role) if role or lang else state.prefs(user.id)
    lang = prefs.lang or _lang(context, update)
    private = update.effective_chat.type == ChatType.PRIVATE
    if private and context.args and context.args[0] == ROLE_LINK:  # from /role in a group
        await reply(update, context, views.role_view(lang, prefs.role, back=True))
        return
    await reply(update, context, views.start_view(lang, prefs.role, group=not private))


async def help_command(update: Update, context: Context) -> None:
    """How to use the bot (also the answer to unknown commands)."""
    lang = _lang(context, update)
    await reply(update, context, _html(lang, "help", bot=context.bot.username))


async def about(update: Update, context: Context) -> None:
    """Sources, edition and the index date."""
    lang = _lang(context, update)
    await reply(update, context, views.about_view(services(context).searcher, lang))


async def lang_command(update: Update, context: Context) -> None:
    """/lang ar|en sets the language directly; /lang alone offers buttons."""
    choice = context.args[0].lower() if context.args else ""
    if choice in texts.LANGS:
        services(context).state.set_prefs(update.effective_user.id, lang=choice)
        await reply(update, context, _html(choice, "lang_set"))
    else:
        await reply(update, context, views.lang_view(_lang(context, update)))


async def role_command(update: Update, context: Context) -> None:
    """/role <role> sets the role directly; /role alone offers buttons."""
    lang = _lang(context, update)
    if update.effective_chat.type != ChatType.PRIVATE:  # a tap in a group shows to everyone
        link = f"https://t.me/{context.bot.username}?start={ROLE_LINK}"
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton(texts.text(lang, "btn_role_private"),
                                                               url=link)]])
        await reply(update, context, views.View(render.directed(texts.text(lang, "role_private"), lang),
                                                keyboard))
        return
    role = texts.ROLE_ALIASES.get(context.args[0].lower()) if context.args else None
    if role:
        services(context).state.set_prefs(update.effective_user.id, role=role)
        label = escape(texts.role_label(lang, role))
        await reply(update, context, _html(lang, "role_set", role=label))
    else:
        chosen = services(context).state.prefs(update.effective_user.id).role
        await reply(update, context, views.role_view(lang, chosen))


async def danger(update: Update, context: Context) -> None:
    """/danger: for someone who does not know what to type, the situations a card exists for."""
    await reply(update, context, views.danger_view(_lang(context, update)))


async def country_command(update: Update, context: Context) -> None:
    """/country Jordan (or JO, الأردن) sets the country directly; /country alone offers buttons."""
    lang = _lang(context, update)
    words = " ".join(context.args or [])
    found = directory().find(words) if words else None
    if found is None:
        await reply(update, context, views.country_view(lang, directory()))
        return
    services(context).state.set_prefs(update.effective_user.id, country=found.code)
    await reply(update, context, _html(lang, "country_set", country=escape(found.name(lang))))


async def forget(update: Update, context: Context) -> None:
    """Delete the user's stored preferences."""
    lang = _lang(context, update)
    user_id = update.effective_user.id
    svc = services(context)
    for memory in (svc.limiter, svc.budget, svc.votes):
        memory.forget(user_id)
    svc.recent.forget(update.effective_chat.id)
    svc.fragments.forget(update.effective_chat.id)
    deleted = svc.state.forget(user_id)
    kept = (texts.text(lang, "kept_unanswered", days=svc.settings.keep_unanswered_days)
            if svc.settings.keep_unanswered_days else texts.text(lang, "kept_no_unanswered"))
    done = texts.text(lang, "forgotten" if deleted else "nothing_to_forget")
    await reply(update, context, views.View(render.directed(f"{done}\n\n{kept}", lang)))


async def topics(update: Update, context: Context) -> None:
    """Browse the guidelines: the documents in the user's language."""
    lang = _lang(context, update)
    role = services(context).state.prefs(update.effective_user.id).role
    await reply(update, context, views.topics_view(services(context).searcher, lang, role))


async def ask(update: Update, context: Context) -> None:
    """/ask <question>: the way to ask in groups (works in private chats too)."""
    message = update.effective_message
    command = next(iter(message.parse_entities([MessageEntity.BOT_COMMAND])), None)
    question = message.text[command.offset + command.length:] if command else ""
    if not question.strip():
        await reply(update, context, _html(_lang(context, update), "ask_usage"))
        return
    await answer_question(update, context, question)


def admin_only(handler: Callable[[Update, Context], Awaitable[None]]):
    """An admin command is obeyed only from COP_ADMIN_IDS, checked on every call, and only in a
    private chat: in a group its output (unanswered questions) would reach everyone there.
    Anyone else gets the help, as for an unknown command."""

    @functools.wraps(handler)
    async def guarded(update: Update, context: Context) -> None:
        user, chat = update.effective_user, update.effective_chat
        if (user is not None and chat is not None and chat.type == ChatType.PRIVATE
                and services(context).is_admin(user.id)):
            await handler(update, context)
        else:
            await help_command(update, context)

    return guarded


@admin_only
async def reload_index(update: Update, context: Context) -> None:
    """Admins: reopen the index after a rebuild."""
    svc = services(context)
    lang = _lang(context, update)
    try:
        before, after = await asyncio.to_thread(svc.reload)
    except IndexError_ as exc:
        log.warning("reload failed: %s", exc)
        await reply(update, context, _html(lang, "reload_failed", error=escape(str(exc))))
        return
    log.info("index reloaded: %s -> %s", before, after)
    await reply(update, context, _html(lang, "reloaded", before=_counts(before), after=_counts(after)))


def _counts(counts: dict[str, int]) -> str:
    return f"{sum(counts.values())} ({', '.join(f'{k}: {v}' for k, v in sorted(counts.items()))})"


@admin_only
async def stats(update: Update, context: Context) -> None:
    """Admins: questions per day, share unanswered, 👎 per passage, and the unanswered questions
    grouped by nearest section with what that section lacks (quality/gaps.py)."""
    svc = services(context)
    lang = _lang(context, update)
    searcher = svc.searcher
    found = await asyncio.to_thread(lambda: gaps(searcher.answerer, svc.state.unanswered()))
    await reply(update, context, views.stats_view(svc.state.stats(STATS_DAYS), lang, STATS_DAYS,
                                                  found))


# --- questions ----------------------------------------------------------------------------------


async def question(update: Update, context: Context) -> None:
    """A plain message in a private chat is a question; so is a photo's or a video's caption."""
    message = update.effective_message
    await gather(update, context, message.text or message.caption or "")


async def gather(update: Update, context: Context, text: str) -> None:
    """A question, unless it looks unfinished: then it waits a moment for the rest, and the
    parts are answered once, together (fragments.py). A few words wait even when they could
    read as danger ("my daughter"): the card comes seconds later, read with what followed. A
    longer part that reads as a child in danger is answered at once."""
    fragments = services(context).fragments
    user = update.effective_user
    chat_id = update.effective_chat.id
    key = (chat_id, user.id if user else chat_id)
    if not fragments.enabled or not text.strip():
        await answer_question(update, context, text)
        return
    so_far = fragments.add(key, text)
    if fragments.must_answer(key, text) or (not fragments.short(so_far) and assess(so_far).urgent):
        await answer_question(update, context, fragments.take(key))
        return
    fragments.wait_then(
        key, lambda joined: answer_question(update, context, joined),
        lambda later: context.application.create_task(later, update=update,
                                                      name=f"fragments {update.update_id}"))


async def group_question(update: Update, context: Context) -> None:
    """A group message that mentions the bot or replies to it: the question is the rest."""
    message = update.effective_message
    text = message.text or message.caption or ""
    entities = (message.parse_entities([MessageEntity.MENTION]) if message.text
                else message.parse_caption_entities([MessageEntity.MENTION]))
    for entity, value in sorted(entities.items(), key=lambda item: -item[0].offset):
        if value.lower() == f"@{context.bot.username}".lower():
            text = text[: entity.offset] + text[entity.offset + entity.length:]
    await gather(update, context, text)


async def added_to_group(update: Update, context: Context) -> None:
    """Added to a group: say once how to ask here, in the language of whoever added the bot."""
    message = update.effective_message
    if not any(member.id == context.bot.id for member in message.new_chat_members or ()):
        return  # someone else joined
    lang = _lang(context, update)
    await reply(update, context, _html(lang, "group_hello", bot=escape(context.bot.username or "")))


async def not_text(update: Update, context: Context) -> None:
    """Voice notes, videos, photos and stickers without text: what the bot can read, and the
    danger entry for someone who cannot type it."""
    await reply(update, context, views.danger_hint_view(_lang(context, update), "not_text"))


async def answer_question(update: Update, context: Context, text: str,
                          lang: str | None = None, *, counted: bool = True,
                          with_safety: bool = True, may_ask: bool | None = None) -> None:
    """Answer a question. Small talk is answered in kind; a possible emergency at once, before the
    rate limit; a question over the limit later, in turn, never dropped.

    `counted=False` for example buttons (taps do not count against the limit);
    `with_safety=False` when the user said the message is not urgent;
    `may_ask`: whether a clarifying question may come instead of the answer (by default for
    typed questions in private chats, never after the user answered one).
    """
    svc = services(context)
    user = update.effective_user
    user_id = user.id if user else update.effective_chat.id  # no sender: count it to the chat
    if not text.strip():
        await reply(update, context, views.danger_hint_view(lang or _lang(context, update),
                                                            "empty_question"))
        return
    chat = small_talk(text)  # a greeting or thanks alone: answered in kind, counted as an action
    if chat is not None and not assess(text).urgent:  # "thanks. he is being blackmailed now"
        await _spend(update, context, user_id)
        await reply(update, context, _html(lang or detect_lang(text) or _lang(context, update), chat))
        return
    # a follow-up ("and on snapchat?") is searched with the chat's previous question; the danger
    # recogniser reads the message itself
    # (an example button's question stands alone; "not urgent" asks the same question again)
    chat_id = update.effective_chat.id
    private = update.effective_chat.type == ChatType.PRIVATE
    ask_back = (counted and with_safety and private) if may_ask is None else may_ask
    if counted and with_safety:
        asked = Asked(text, *svc.recent.in_context(chat_id, text), may_ask=ask_back)
    else:
        asked = Asked(text, text, may_ask=ask_back)
        if counted or with_safety:
            svc.recent.remember(chat_id, text)
    danger = assess(text) if with_safety else None  # read once, passed on to the answer
    if danger is not None and danger.urgent:  # before the rate limit: never delayed or refused
        await _answer(update, context, asked, lang, with_safety, danger)
        return
    wait = svc.limiter.acquire(user_id) if counted else 0.0
    if wait is None:  # the queue is full: say when to send it again (once, not once per message)
        if svc.budget.first_refusal(user_id, "questions"):
            seconds = max(1, round(svc.limiter.retry_after(user_id)))
            await reply(update, context, views.danger_hint_view(_lang(context, update, text),
                                                                "too_many", seconds=seconds))
        return
    if wait > 0:
        if svc.limiter.queued(user_id) == 1:  # the first of a burst: say what will happen
            await reply(update, context, _html(_lang(context, update, text), "queued",
                                               seconds=max(1, round(wait))))
        context.application.create_task(
            _answer_later(wait, update, context, asked, lang, with_safety, danger),
            update=update, name=f"queued question {update.update_id}")
        return
    await _answer(update, context, asked, lang, with_safety, danger)


@dataclasses.dataclass(frozen=True)
class Asked:
    """A message as sent, the text searched for it (with the previous question when it is a
    follow-up: followups.py), and that previous question."""

    text: str
    searched: str
    continued: str | None = None
    may_ask: bool = False  # "as a parent, or as a company?" may come instead of the answer


async def _answer_later(wait: float, update: Update, context: Context, asked: Asked,
                        lang: str | None, with_safety: bool, danger: Assessment | None) -> None:
    await asyncio.sleep(wait)
    await _answer(update, context, asked, lang, with_safety, danger)


async def _answer(update: Update, context: Context, asked: Asked, lang: str | None,
                  with_safety: bool, danger: Assessment | None = None) -> None:
    """Search and reply: the safety card first, as a message of its own, then the answer. Only
    the message as sent is kept when unanswered, never the question it continued."""
    text = asked.text
    began = time.monotonic()
    svc = services(context)
    user = update.effective_user
    chat_id = update.effective_chat.id
    user_id = user.id if user else chat_id
    # "typing…" shows while the search runs, not before it starts
    typing = asyncio.create_task(context.bot.send_chat_action(chat_id, ChatAction.TYPING))
    prefs = svc.state.prefs(user_id)
    lang = lang or detect_lang(text) or _lang(context, update)
    searcher = svc.searcher  # the one in use when the question came, even if /reload swaps it
    # search and the reply's HTML in one trip to a worker thread: the event loop stays free
    answer, view = await asyncio.to_thread(
        _compose, searcher, asked.searched, lang, texts.ROLE_AUDIENCE.get(prefs.role or ""),
        with_safety, danger, asked.continued)
    try:
        async with slot_released():  # in a group it may wait for the group's send limit
            await typing
    except TelegramError as exc:  # "typing…" is a courtesy: answer anyway
        log.debug("chat action failed: %s", exc)
    if asked.may_ask and answer.audiences and not prefs.role:
        # close answers for different audiences: ask who is asking (counted once answered)
        await reply(update, context, views.clarify_view(answer.lang, answer.audiences))
        return
    svc.state.count_question(answer.answered)
    if not answer.answered and not answer.sensitive:
        svc.state.keep_unanswered(text)
    if answer.safety is not None:
        card_view = views.card_view(answer.safety, directory(), prefs.country, question=True)
        # a reply to the message, so that "not urgent" can find the question again
        await send(context, chat_id, card_view, reply_to=update.effective_message)
        if not answer.answered and answer.what_to_do is None:
            _count(context, answer, began)
            return  # nothing from the guidelines to add, and never a refusal after the card
    await reply(update, context, view)
    _count(context, answer, began)


def _count(context: Context, answer: Answer, began: float) -> None:
    context.bot_data["metrics"].question(answer.answered, answer.safety is not None,
                                         time.monotonic() - began)


def _compose(searcher, text: str, lang: str, boost: str | None, with_safety: bool = True,
             danger: Assessment | None = None,
             continued: str | None = None) -> tuple[Answer, views.View]:
    answer = searcher.answerer.answer(text, lang=lang, boost_audience=boost,
                                      with_safety=with_safety, danger=danger)
    if answer.what_to_do is not None:  # after a card, never a refusal: what to do instead
        shown = dataclasses.replace(answer, answered=True, results=[answer.what_to_do])
        return answer, views.answer_view(searcher, shown, continued)
    return answer, views.answer_view(searcher, answer, continued)


class AddressedToBot(filters.MessageFilter):
    """Group messages meant for the bot: a mention of it, or a reply to one of its messages."""

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        replied = message.reply_to_message
        if replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
            return True
        kinds = [MessageEntity.MENTION, MessageEntity.TEXT_MENTION]
        mentions = (message.parse_entities(kinds) if message.text
                    else message.parse_caption_entities(kinds))
        for entity, value in mentions.items():
            if entity.type == MessageEntity.TEXT_MENTION and entity.user.id == bot.id:
                return True
            if value.lower() == f"@{bot.username}".lower():
                return True
        return False


# --- buttons ------------------------------------------------------------------------------------


async def _show(update: Update, context: Context, view: views.View | None, edit: bool) -> None:
    """Show a view for a button: in place for menus (`edit`), else as a new message."""
    query = update.callback_query
    if view is None:
        await query.answer(texts.text(_lang(context, update), "stale_button"), show_alert=True)
        return
    await query.answer()
    message = query.message
    if message is None or not message.is_accessible:
        return  # an inline message or one too old: nowhere to write
    if edit and len(render.split_html(view.html)) == 1:
        try:
            await query.edit_message_text(view.html, reply_markup=view.keyboard)
            return
        except BadRequest as exc:  # "message is not modified" (the same page), or too old
            if "not modified" in str(exc).lower():
                return
            log.debug("cannot edit, sending instead: %s", exc)
    await send(context, message.chat.id, view)


async def example_button(update: Update, context: Context) -> None:
    """An example question from /start."""
    lang, i = context.match.group(1), int(context.match.group(2))
    await update.callback_query.answer()
    examples = texts.EXAMPLES[lang]
    if i < len(examples):
        await answer_question(update, context, examples[i], lang=lang, counted=False)


async def role_button(update: Update, context: Context) -> None:
    """The role chosen from /start or /role: ticked in place."""
    role = context.match.group(1)
    services(context).state.set_prefs(update.effective_user.id, role=role)
    lang = _lang(context, update)
    message = update.callback_query.message
    markup = message.reply_markup if message is not None and message.is_accessible else None
    back = markup is not None and any(str(b.callback_data or "").startswith("S:")
                                      for row in markup.inline_keyboard for b in row)
    await _show(update, context, views.role_view(lang, role, back=back), edit=True)


async def role_menu_button(update: Update, context: Context) -> None:
    """👤 on /start: the roles, in place of the welcome."""
    lang = context.match.group(1)
    prefs = services(context).state.prefs(update.effective_user.id)
    await _show(update, context, views.role_view(lang, prefs.role, back=True), edit=True)


async def start_button(update: Update, context: Context) -> None:
    """Back from the roles to the welcome, in place."""
    lang = context.match.group(1)
    prefs = services(context).state.prefs(update.effective_user.id)
    await _show(update, context, views.start_view(lang, prefs.role), edit=True)


async def ask_button(update: Update, context: Context) -> None:
    """✍️ on /start: a prompt that opens the reply field; the reply is the question."""
    lang = context.match.group(1)
    query = update.callback_query
    await query.answer()
    await context.bot.send_message(
        update.effective_chat.id, views.ask_prompt_html(lang),
        reply_markup=ForceReply(input_field_placeholder=texts.text(lang, "ask_placeholder")))


async def clarify_button(update: Update, context: Context) -> None:
    """The answer to "as a parent, or as a company?": the role is kept (unless "just answer"),
    the choice ticks in place, and the chat's question is answered for that audience."""
    lang, role = context.match.group(1), context.match.group(2)
    svc = services(context)
    query = update.callback_query
    question_text = svc.recent.previous(update.effective_chat.id)
    if not question_text:
        await query.answer(texts.text(lang, "stale_button"), show_alert=True)
        return
    await query.answer()
    if role != "-":
        svc.state.set_prefs(update.effective_user.id, role=role)
    try:
        await query.edit_message_text(views.clarified_html(lang, role), reply_markup=None)
    except BadRequest as exc:
        log.debug("cannot tick the choice: %s", exc)
    await answer_question(update, context, question_text, lang=lang, counted=False,
                          may_ask=False)


async def lang_button(update: Update, context: Context) -> None:
    """The language chosen from /lang."""
    lang = context.match.group(1)
    await update.callback_query.answer()
    services(context).state.set_prefs(update.effective_user.id, lang=lang)
    await reply(update, context, _html(lang, "lang_set"))


async def passage_button(update: Update, context: Context) -> None:
    """A whole passage: next/previous, the other language, a related section, a search result."""
    lang, num = context.match.group(1), int(context.match.group(2))
    searcher = services(context).searcher
    hit = searcher.library.passage(lang, num)
    await _show(update, context, views.passage_view(searcher, hit, num) if hit else None, edit=False)


async def more_button(update: Update, context: Context) -> None:
    """The other results of an answer."""
    lang = context.match.group(1)
    nums = [int(n) for n in context.match.group(2).split(".")][:MORE_MAX]
    view = views.more_view(services(context).searcher, lang, nums)
    await _show(update, context, view, edit=False)


async def topics_button(update: Update, context: Context) -> None:
    """Back to the list of documents (in a language)."""
    role = services(context).state.prefs(update.effective_user.id).role
    view = views.topics_view(services(context).searcher, context.match.group(1), role)
    await _show(update, context, view, edit=True)


async def document_button(update: Update, context: Context) -> None:
    """A document's top-level sections (a page of them)."""
    page = int(context.match.group(2) or 0)
    view = views.document_view(services(context).searcher, context.match.group(1), page)
    await _show(update, context, view, edit=True)


async def section_button(update: Update, context: Context) -> None:
    """A section's passages and subsections (a page of them)."""
    lang, num, depth = context.match.group(1), int(context.match.group(2)), int(context.match.group(3))
    page = int(context.match.group(4) or 0)
    view = views.section_view(services(context).searcher, lang, num, depth, page)
    await _show(update, context, view, edit=True)


async def feedback_button(update: Update, context: Context) -> None:
    """Helpful / not helpful: counted per passage, then the buttons go away."""
    helpful, lang, num = context.match.group(1) == "1", context.match.group(2), int(context.match.group(3))
    svc = services(context)
    query = update.callback_query
    hit = svc.searcher.library.passage(lang, num)
    if hit is None:
        await query.answer(texts.text(lang, "stale_button"))
        return
    message = query.message
    if message is None or not svc.votes.first(update.effective_user.id, message.chat.id,
                                              message.message_id):
        await query.answer(texts.text(lang, "already_voted"))
        return
    svc.state.count_feedback(hit.id, helpful)
    await query.answer(texts.text(lang, "feedback_thanks"))
    if query.message is not None and query.message.is_accessible:
        try:
            await query.edit_message_reply_markup(views.without_feedback(query.message.reply_markup))
        except BadRequest as exc:
            log.debug("cannot remove the feedback buttons: %s", exc)


async def danger_button(update: Update, context: Context) -> None:
    """🚨 on /start, under "write your question" and on the rate-limit reply: choose the situation."""
    await _show(update, context, views.danger_view(context.match.group(1)), edit=False)


async def topic_card_button(update: Update, context: Context) -> None:
    """A situation chosen from the danger entry: its safety card, then what the guidelines say."""
    lang, topic = context.match.group(1), context.match.group(2)
    query = update.callback_query
    await query.answer()
    prefs = services(context).state.prefs(update.effective_user.id)
    view = views.card_view(card(topic, lang), directory(), prefs.country, question=False)
    await send(context, update.effective_chat.id, view)


async def country_button(update: Update, context: Context) -> None:
    """🌍 on the safety card: the list of countries."""
    await _show(update, context, views.country_view(context.match.group(1), directory()), edit=False)


async def set_country_button(update: Update, context: Context) -> None:
    """A country chosen from the list ("-": another country, none kept)."""
    code = context.match.group(1)
    query = update.callback_query
    state = services(context).state
    user_id = update.effective_user.id
    lang = _lang(context, update)
    found = directory().get(code) if code != "-" else None
    await query.answer()
    if found is None:
        state.forget_country(user_id)
        await reply(update, context, _html(lang, "country_cleared"))
        return
    state.set_prefs(user_id, country=found.code)
    html = texts.text(lang, "country_set", country=escape(found.name(lang)))
    # the user's help at once: the country's lines, as the card shows them
    help_view = views.country_help_view(lang, directory(), found.code)
    await reply(update, context, views.View(render.directed(html, lang) + "\n\n" + help_view.html,
                                            help_view.keyboard))


async def not_urgent_button(update: Update, context: Context) -> None:
    """✋ under a safety card: answer the message the card replied to, without the card."""
    lang = context.match.group(1)
    query = update.callback_query
    message = query.message
    asked = message.reply_to_message if message is not None and message.is_accessible else None
    question_text = (asked.text or asked.caption or "") if asked is not None else ""
    if not question_text.strip():
        await query.answer(texts.text(lang, "stale_button"), show_alert=True)
        return
    await query.answer()
    await answer_question(update, context, question_text, lang=lang, counted=False,
                          with_safety=False)


async def stale_button(update: Update, context: Context) -> None:
    """Any other callback data: from an older version of the bot."""
    await update.callback_query.answer(texts.text(_lang(context, update), "stale_button"))


# --- inline mode --------------------------------------------------------------------------------


async def inline_query(update: Update, context: Context) -> None:
    """`@bot question` in any chat: up to 10 cited passages to share, each with distinct titles
    and buttons to the source and to the bot; an empty query offers the example questions'
    answers."""
    query = update.inline_query
    text = query.query.strip()
    lang = detect_lang(text) or texts.ui_lang(query.from_user.language_code)
    button = InlineQueryResultsButton(texts.text(lang, "inline_ask"), start_parameter=f"inline_{lang}")
    searcher = services(context).searcher
    bot = context.bot.username or ""
    if not text:
        results = await asyncio.to_thread(_inline_examples, searcher, lang, bot)
        await query.answer(results, button=button, cache_time=300)
        return
    answer = await asyncio.to_thread(searcher.answerer.answer, text, lang=lang, k=INLINE_RESULTS)
    services(context).state.count_inline()
    results = []
    if answer.safety:
        results.append(InlineQueryResultArticle(
            id=f"safety-{answer.safety.topic}",
            title=texts.text(lang, "inline_safety_title"),
            description=texts.text(lang, "inline_safety_description"),
            input_message_content=InputTextMessageContent(
                render.safety_html(answer.safety)),
        ))
    titles: set[str] = set()
    for result in answer.results if answer.answered else []:
        if not result.covers or len(results) >= INLINE_RESULTS:  # as the core decides
            continue
        title = _distinct_title(searcher, result, titles)
        results.append(_inline_article(searcher, lang, text, result, title, bot))
    await query.answer(results, button=button, cache_time=60)


def _inline_examples(searcher, lang: str, bot: str) -> list[InlineQueryResultArticle]:
    """For an empty inline query: the example questions, each with its answer to share."""
    out = []
    for question in texts.EXAMPLES[lang]:
        answer = searcher.answerer.answer(question, lang=lang, k=1, with_safety=False)
        if answer.answered:
            out.append(_inline_article(searcher, lang, question, answer.results[0], question, bot))
    return out


def _distinct_title(searcher, result, seen: set[str]) -> str:
    """The section's own title; when another result has it, with its document's audience, then
    a number."""
    lang = result.hit.lang
    title = render.short(result.hit.section.split(" › ")[-1], 60)
    if title in seen:
        title = f"{title} · {texts.audience_label(lang, result.hit.audience)}"
    base, n = title, 2
    while title in seen:
        title, n = f"{base} ({n})", n + 1
    seen.add(title)
    return title


def _inline_article(searcher, lang: str, question: str, result, title: str,
                    bot: str) -> InlineQueryResultArticle:
    hit = result.hit
    spans = searcher.answerer.highlight_words(question, result.excerpt)
    cited = render.citation_html(result.citation, lang, general=result.general)
    body = f"{render.highlighted(result.excerpt, spans)}\n\n{cited}"
    row = [InlineKeyboardButton(texts.text(lang, "btn_source"), url=result.citation.url)]
    if bot:
        row.append(InlineKeyboardButton(texts.text(lang, "btn_ask_bot", bot=bot),
                                        url=f"https://t.me/{bot}?start=inline_{lang}"))
    return InlineQueryResultArticle(
        id=re.sub(r"[^A-Za-z0-9_-]", "-", f"{lang}-{searcher.index.number(hit.id)}"),
        title=title,
        description=render.preview(result.excerpt, 20),
        input_message_content=InputTextMessageContent(render.directed(body, lang)),
        reply_markup=InlineKeyboardMarkup([row]),
    )


# --- errors -------------------------------------------------------------------------------------


async def on_error(update: object, context: Context) -> None:
    """Log the traceback first, then apologise to the user when there is one to tell."""
    log.error("error while handling an update", exc_info=context.error)
    if "metrics" in context.bot_data:
        context.bot_data["metrics"].telegram_error()
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        lang = _lang(context, update)
        await context.bot.send_message(update.effective_chat.id, texts.text(lang, "error"))
    except (TelegramError, KeyError) as exc:
        log.warning("could not tell the user about the error: %s", exc)
