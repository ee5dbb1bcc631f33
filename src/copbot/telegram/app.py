"""Wiring: the Application, its handlers, start-up and shutdown, and `run()` for `cop-bot run`.

`serve()` runs the bot until an event is set (polling, or webhook when COP_WEBHOOK_URL is set);
`run()` reads the environment, configures logging, and stops `serve()` on SIGINT or SIGTERM.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from collections.abc import Mapping

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import HTTPXRequest

from ..safety import TOPICS
from ..search import IndexError_, read_meta
from . import handlers, texts
from .config import ConfigError, Settings
from .ops import JsonFormatter, Metrics, OpsServer, Probe
from .scheduling import FairUpdateProcessor
from .services import Services
from .transport import RetryingRateLimiter, TolerantBot
from .webhook import WebhookServer

log = logging.getLogger(__name__)

ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
MAX_CONCURRENT_UPDATES = 8  # slots (scheduling.py): enough to hide Telegram's round trips
PURGE_EVERY = 3600.0  # seconds between applications of the unanswered questions' retention
SEND_RETRIES = 3  # after a 429 (flood control), the rate limiter waits retry_after and retries


def build_application(settings: Settings) -> Application:
    """The Application with every handler; nothing is opened or contacted yet."""
    timeout = settings.api_timeout
    bot = TolerantBot(
        settings.token,
        base_url=settings.api_url,
        base_file_url=settings.file_url,
        defaults=Defaults(parse_mode=ParseMode.HTML,
                          link_preview_options=LinkPreviewOptions(is_disabled=True)),
        rate_limiter=RetryingRateLimiter(overall_max_rate=settings.send_rate,
                                         max_retries=SEND_RETRIES),
        request=HTTPXRequest(connection_pool_size=256, read_timeout=timeout,
                             write_timeout=timeout, connect_timeout=timeout),
        get_updates_request=HTTPXRequest(connection_pool_size=1, read_timeout=timeout,
                                         write_timeout=timeout, connect_timeout=timeout),
    )
    app = (
        ApplicationBuilder()
        .bot(bot)
        .concurrent_updates(FairUpdateProcessor(MAX_CONCURRENT_UPDATES))
        .build()
    )
    app.bot_data["settings"] = settings
    app.bot_data["metrics"] = Metrics()
    # before every handler: button data the bot did not send, and the per-user budget
    app.add_handler(TypeHandler(Update, handlers.gate), group=-1)
    private = filters.ChatType.PRIVATE
    new_message = filters.UpdateType.MESSAGE
    commands = {
        "start": handlers.start,
        "help": handlers.help_command,
        "about": handlers.about,
        "lang": handlers.lang_command,
        "role": handlers.role_command,
        "forget": handlers.forget,
        "danger": handlers.danger,
        "country": handlers.country_command,
        "topics": handlers.topics,
        "ask": handlers.ask,
        "reload": handlers.reload_index,
        "stats": handlers.stats,
    }
    for name, callback in commands.items():
        app.add_handler(CommandHandler(name, callback, filters=new_message))
    written = (filters.TEXT & ~filters.COMMAND) | filters.CAPTION  # a caption is a message too
    app.add_handler(MessageHandler(new_message & private & written, handlers.question))
    app.add_handler(MessageHandler(
        new_message & filters.ChatType.GROUPS & written & handlers.AddressedToBot(),
        handlers.group_question))
    app.add_handler(MessageHandler(new_message & private & filters.COMMAND, handlers.help_command))
    app.add_handler(MessageHandler(new_message & filters.ChatType.GROUPS
                                   & filters.StatusUpdate.NEW_CHAT_MEMBERS, handlers.added_to_group))
    app.add_handler(MessageHandler(new_message & private & ~filters.TEXT, handlers.not_text))
    buttons = {
        r"^x:(ar|en):(\d+)$": handlers.example_button,
        rf"^r:({'|'.join(texts.ROLE_AUDIENCE)})$": handlers.role_button,
        r"^l:(ar|en)$": handlers.lang_button,
        r"^R:(ar|en)$": handlers.role_menu_button,
        r"^S:(ar|en)$": handlers.start_button,
        r"^q:(ar|en)$": handlers.ask_button,
        rf"^a:(ar|en):({'|'.join(texts.ROLE_AUDIENCE)}|-)$": handlers.clarify_button,
        r"^p:(ar|en):(\d+)$": handlers.passage_button,
        r"^m:(ar|en):(\d+(?:\.\d+)*)$": handlers.more_button,
        r"^T:(ar|en)$": handlers.topics_button,
        r"^d:([a-z0-9][a-z0-9-]*)(?::(\d+))?$": handlers.document_button,
        r"^t:(ar|en):(\d+):(\d+)(?::(\d+))?$": handlers.section_button,
        r"^f:([01]):(ar|en):(\d+)$": handlers.feedback_button,
        r"^D:(ar|en)$": handlers.danger_button,
        rf"^D:(ar|en):({'|'.join(TOPICS)})$": handlers.topic_card_button,
        r"^C:(ar|en)$": handlers.country_button,
        r"^c:([A-Z]{2}|-)$": handlers.set_country_button,
        r"^u:(ar|en)$": handlers.not_urgent_button,
    }
    for pattern, callback in buttons.items():
        app.add_handler(CallbackQueryHandler(callback, pattern=pattern))
    app.add_handler(CallbackQueryHandler(handlers.stale_button))
    app.add_handler(InlineQueryHandler(handlers.inline_query))
    app.add_error_handler(handlers.on_error)
    return app


async def _describe(app: Application, lang: str, language_code: str | None) -> None:
    """What Telegram shows before a user starts the bot ("What can this bot do?") and on its
    profile. A failure is logged, never fatal: the bot answers without a description."""
    try:
        await app.bot.set_my_description(texts.text(lang, "bot_description"),
                                         language_code=language_code)
        await app.bot.set_my_short_description(texts.text(lang, "bot_short_description"),
                                               language_code=language_code)
    except TelegramError as exc:
        log.warning("could not set the bot's %s description: %s", lang, exc)


async def on_startup(app: Application) -> None:
    """Open the index and the state database; register the command menus (called by serve)."""
    services = await asyncio.to_thread(Services.open, app.bot_data["settings"])
    app.bot_data["services"] = services
    app.bot_data["purge"] = asyncio.create_task(_purge_regularly(services),
                                                name="retention of unanswered questions")
    for lang, language_code in (("en", None), ("ar", "ar")):
        commands = [BotCommand(name, description) for name, description in texts.COMMANDS[lang]]
        await app.bot.set_my_commands(commands, language_code=language_code)
        await _describe(app, lang, language_code)
    log.info("bot @%s ready: index %s (%s)", app.bot.username, services.settings.index_path,
             services.searcher.passages)


async def _purge_regularly(services: Services) -> None:
    """Retention on a timer: a question past its days is deleted even if the bot is idle."""
    while True:
        await asyncio.sleep(PURGE_EVERY)
        services.state.purge()


async def on_shutdown(app: Application) -> None:
    """Close what on_startup opened (called by serve, whatever happened)."""
    purge = app.bot_data.pop("purge", None)
    if purge is not None:
        purge.cancel()
    services = app.bot_data.pop("services", None)
    if services is not None:
        services.close()


async def serve(settings: Settings, stop: asyncio.Event) -> None:
    """Run the bot until `stop` is set; always stops the updater and the application."""
    app = build_application(settings)
    updater = app.updater
    if updater is None:  # ApplicationBuilder makes one unless told not to
        raise RuntimeError("build_application must give the Application an updater")
    webhook: WebhookServer | None = None
    serving = {"ready": False}
    metrics: Metrics = app.bot_data["metrics"]
    probe = Probe(metrics, lambda: serving["ready"], lambda: _build_id(app))
    side = OpsServer(probe, settings.listen, settings.metrics_port) if settings.metrics_port else None
    await app.initialize()
    try:
        if side is not None:  # before the index opens: /healthz says "starting" meanwhile
            side.start()
            log.info("health and metrics on %s:%s", settings.listen, settings.metrics_port)
        await on_startup(app)
        if settings.webhook_url:
            webhook = WebhookServer(
                app,
                listen=settings.listen,
                port=settings.port,
                path=settings.webhook_path,
                url=settings.webhook_url,
                secret=settings.webhook_secret,
                allowed_updates=ALLOWED_UPDATES,
                probe=probe,
            )
            await webhook.start()
            log.info("listening for webhook calls on %s:%s", settings.listen, settings.port)
        else:
            def polling_failed(exc: TelegramError) -> None:
                metrics.telegram_error()
                _polling_failed(exc)

            await updater.start_polling(allowed_updates=ALLOWED_UPDATES,
                                        error_callback=polling_failed)
            log.info("polling for updates")
        await app.start()
        serving["ready"] = True
        await stop.wait()
    finally:
        serving["ready"] = False
        if side is not None:
            await side.stop()
        if webhook is not None:
            await webhook.stop()
        if updater.running:
            await updater.stop()
        if app.running:
            await app.stop()
        await on_shutdown(app)
        await app.shutdown()


def _build_id(app: Application) -> str | None:
    services = app.bot_data.get("services")
    if services is None:
        return None
    return str(services.searcher.index.meta.get("build_id", "")) or None


def _polling_failed(exc: TelegramError) -> None:
    """One line per failed poll (python-telegram-bot retries with growing pauses, up to 30 s)."""
    log.warning("fetching updates failed, retrying: %s", exc)


class RedactSecrets(logging.Filter):
    """Replace secrets (the token is part of every Bot API URL) in messages and tracebacks."""

    def __init__(self, *secrets: str):
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def _clean(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "<redacted>")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = self._clean(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._clean(record.exc_text)
        return True


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        force=True,
    )
    redact = RedactSecrets(settings.token, settings.webhook_secret)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redact)
        if settings.log_format == "json":
            handler.setFormatter(JsonFormatter())
    # httpx logs every request URL, token included, at INFO.
    logging.getLogger("httpx").setLevel(max(logging.WARNING, logging.getLogger().level))


def run(environ: Mapping[str, str] | None = None) -> int:
    """`cop-bot run`: 0 after a clean stop, 1 when the bot cannot start, 2 for bad settings."""
    try:
        settings = Settings.from_env(os.environ if environ is None else environ)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings)
    try:
        read_meta(settings.index_path)  # fail fast, before contacting Telegram
        asyncio.run(_main(settings))
    except IndexError_ as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except InvalidToken:
        print("error: Telegram rejected TELEGRAM_BOT_TOKEN (check it with @BotFather)",
              file=sys.stderr)
        return 1
    except TelegramError as exc:
        reason = str(exc).replace(settings.token, "<redacted>")
        print(f"error: cannot reach the Bot API at {settings.base_url}: {reason}", file=sys.stderr)
        return 1
    return 0


async def _main(settings: Settings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await serve(settings, stop)
