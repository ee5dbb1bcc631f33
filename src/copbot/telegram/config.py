"""Settings: read once from the environment into a frozen dataclass and passed down.

Nothing else in the bot reads the environment. `.env.example` at the project root lists every
variable with its default.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..paths import Paths

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.telegram.org"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")

# BotFather tokens: the bot's numeric id, a colon, then 35 characters of base64url.
_TOKEN_RE = re.compile(r"^[0-9]{3,20}:[A-Za-z0-9_-]{30,100}$")
# What Telegram accepts as a webhook secret_token.
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class ConfigError(Exception):
    """The environment does not describe a usable bot; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    token: str = field(repr=False)
    index_path: Path  # where they are: paths.Paths, from the same environment
    state_path: Path | str  # a SQLite file or a postgresql:// URL
    base_url: str = DEFAULT_BASE_URL
    admin_ids: frozenset[int] = frozenset()
    log_level: str = "INFO"
    webhook_url: str = ""
    webhook_secret: str = field(default="", repr=False)
    listen: str = "127.0.0.1"  # behind a TLS proxy on the same machine; set COP_LISTEN to open it
    port: int = 8443
    user_rate: int = 10  # questions per user per `user_window` seconds; more are answered later
    user_window: float = 60.0
    user_actions: int = 30  # commands, button presses and inline queries per user per window
    send_rate: float = 30.0  # outgoing messages per second, all chats together
    index_check: float = 2.0  # seconds between looks at the index file for a new build
    api_timeout: float = 5.0  # seconds to connect to, send to and hear from the Bot API
    keep_unanswered_days: int = 30  # unanswered questions' texts are deleted after this (0: never kept)
    fragment_seconds: float = 2.0  # an unfinished-looking message waits this long for its rest
    metrics_port: int = 0  # polling mode: /healthz and /metrics on this port (0: none)
    log_format: str = "text"  # or "json": one JSON object a line

    @property
    def api_url(self) -> str:
        """What python-telegram-bot calls base_url: the token is appended to it."""
        return f"{self.base_url}/bot"

    @property
    def file_url(self) -> str:
        return f"{self.base_url}/file/bot"

    @property
    def webhook_path(self) -> str:
        return urlsplit(self.webhook_url).path.strip("/")

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        """Validate and collect the variables; ConfigError names the first bad one."""
        token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
        if not token:
            raise ConfigError("TELEGRAM_BOT_TOKEN is not set (get a token from @BotFather)")
        if not _TOKEN_RE.match(token):
            # Never echo the value: a token pasted with a typo is still mostly a secret.
            raise ConfigError("TELEGRAM_BOT_TOKEN is malformed (expected <digits>:<35 characters>)")
        base_url = (env.get("TELEGRAM_BASE_URL") or DEFAULT_BASE_URL).strip().rstrip("/")
        base_url = base_url.removesuffix("/bot")
        if urlsplit(base_url).scheme not in ("http", "https"):
            raise ConfigError(f"TELEGRAM_BASE_URL {base_url!r} is not an http(s) address")
        webhook_url = env.get("COP_WEBHOOK_URL", "").strip()
        webhook_secret = env.get("COP_WEBHOOK_SECRET", "").strip()
        if webhook_url:
            if urlsplit(webhook_url).scheme not in ("http", "https"):
                raise ConfigError(f"COP_WEBHOOK_URL {webhook_url!r} is not an http(s) address")
            if not _SECRET_RE.match(webhook_secret):
                raise ConfigError(
                    "COP_WEBHOOK_SECRET must be set in webhook mode "
                    "(1 to 256 characters: letters, digits, '_' and '-')"
                )
        log_level = env.get("COP_LOG_LEVEL", "INFO").strip().upper() or "INFO"
        if log_level not in LOG_LEVELS:
            raise ConfigError(f"COP_LOG_LEVEL {log_level!r} is not one of {', '.join(LOG_LEVELS)}")
        log_format = env.get("COP_LOG_FORMAT", "text").strip().lower() or "text"
        if log_format not in ("text", "json"):
            raise ConfigError(f"COP_LOG_FORMAT {log_format!r} is not 'text' or 'json'")
        paths = Paths.from_env(env)
        return cls(
            token=token,
            base_url=base_url,
            admin_ids=_ids(env.get("COP_ADMIN_IDS", "")),
            index_path=paths.index,
            state_path=paths.state,
            log_level=log_level,
            webhook_url=webhook_url,
            webhook_secret=webhook_secret,
            listen=env.get("COP_LISTEN", "").strip() or "127.0.0.1",
            port=_number(env, "COP_PORT", 8443, int, 1, 65535),
            user_rate=_number(env, "COP_USER_RATE", 10, int, 1, 10_000),
            user_window=_number(env, "COP_USER_RATE_WINDOW", 60.0, float, 1, 3600),
            user_actions=_number(env, "COP_USER_ACTIONS", 30, int, 1, 10_000),
            send_rate=_number(env, "COP_SEND_RATE", 30.0, float, 0.1, 100_000),
            index_check=_number(env, "COP_INDEX_CHECK_SECONDS", 2.0, float, 0, 3600),
            api_timeout=_number(env, "COP_API_TIMEOUT", 5.0, float, 0.1, 300),
            keep_unanswered_days=_number(env, "COP_KEEP_UNANSWERED_DAYS", 30, int, 0, 3650),
            fragment_seconds=_number(env, "COP_FRAGMENT_SECONDS", 2.0, float, 0, 10),
            metrics_port=_number(env, "COP_METRICS_PORT", 0, int, 0, 65535),
            log_format=log_format,
        )


def _ids(raw: str) -> frozenset[int]:
    ids = set()
    for part in raw.replace(" ", "").split(","):
        if not part:
            continue
        if not part.lstrip("-").isdigit():
            raise ConfigError(f"COP_ADMIN_IDS: {part!r} is not a numeric Telegram user id")
        ids.add(int(part))
    return frozenset(ids)


def _number(env: Mapping[str, str], name: str, default, kind, low, high):
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ConfigError(f"{name} {raw!r} is not a number") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} {raw!r} must be between {low} and {high}")
    return value
