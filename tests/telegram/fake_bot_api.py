"""A fake Telegram Bot API server on 127.0.0.1 (aiohttp), strict where Telegram is strict.

It speaks the wire format python-telegram-bot uses: form-encoded fields, strings raw and every
other value JSON-encoded. It checks what Telegram checks and we could get wrong (HTML that
Telegram's parser rejects, texts over 4,096 characters, callback data over 64 bytes, empty
texts), records every call, serves updates by long polling or pushes them to a webhook
(retrying, because python-telegram-bot calls setWebhook before its server listens), and can
misbehave on purpose: an error answer (429 with retry_after, 5xx), a dropped connection, a
request held until the client times out, or the whole server down for a while. Injected faults
happen before a call is carried out, as when Telegram's front end fails: nothing is sent.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import aiohttp
from aiohttp import web

# Fields that python-telegram-bot sends as raw strings; everything else is JSON.
STRING_FIELDS = {
    "text", "parse_mode", "callback_query_id", "inline_query_id", "url", "secret_token",
    "language_code", "action", "next_offset", "caption", "description", "short_description",
    "name", "switch_pm_text", "switch_pm_parameter", "ip_address",
}
ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
                "tg-spoiler", "span", "blockquote", "tg-emoji"}
MESSAGE_LIMIT = 4096
_TAG_RE = re.compile(r"</?[a-z-]+(?:\s[^<>]*)?>")
_ENTITY_RE = re.compile(r"&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);")


class ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: dict | None = None):
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters


class Drop(Exception):
    """Close the connection without answering, after holding the request `hold` seconds."""

    def __init__(self, hold: float = 0.0):
        super().__init__("connection dropped")
        self.hold = hold


def api_error(code: int, retry_after: int = 1) -> ApiError:
    if code == 429:
        return ApiError(429, f"Too Many Requests: retry after {retry_after}",
                        {"retry_after": retry_after})
    if code >= 500:
        return ApiError(code, "Internal Server Error")
    return ApiError(code, "Bad Request: injected")


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    response: dict | None = None  # the JSON body answered, once there is one
    fault: str = ""  # "dropped" when the connection was closed instead of answered
    at: float = field(default_factory=time.monotonic)

    @property
    def ok(self) -> bool:
        return bool(self.response and self.response["ok"])

    @property
    def result(self) -> Any:
        return self.response["result"] if self.ok else None

    @property
    def text(self) -> str:
        return self.params.get("text", "")

    @property
    def buttons(self) -> list[dict]:
        """The inline buttons sent with this call, rows flattened."""
        markup = self.params.get("reply_markup") or {}
        return [b for row in markup.get("inline_keyboard", []) for b in row]

    def button(self, prefix: str = "", label: str = "") -> dict:
        """The first button whose callback data starts with `prefix` and label contains `label`."""
        for b in self.buttons:
            data = b.get("callback_data")
            if (data is not None and data.startswith(prefix) or not prefix) and label in b["text"]:
                return b
        raise AssertionError(f"no button {prefix!r}/{label!r} in {[b['text'] for b in self.buttons]}")


class _EntityParser(HTMLParser):
    """Telegram's HTML rules: known tags only, properly nested, visible text measured."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.error = ""

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.error = self.error or f"Unsupported start tag \"{tag}\""
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.error = self.error or f"Unmatched end tag \"{tag}\""
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse_html(text: str) -> str:
    """The visible text of an HTML message, or ApiError as Telegram would answer."""
    bare = _ENTITY_RE.sub("", _TAG_RE.sub("", text))
    if "<" in bare or "&" in bare:
        raise ApiError(400, "Bad Request: can't parse entities: unescaped '<' or '&'")
    parser = _EntityParser()
    parser.feed(text)
    parser.close()
    if parser.error or parser.stack:
        reason = parser.error or f"Can't find end tag corresponding to start tag \"{parser.stack[-1]}\""
        raise ApiError(400, f"Bad Request: can't parse entities: {reason}")
    return "".join(parser.text)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _decode(params: dict[str, str]) -> dict[str, Any]:
    out = {}
    for key, value in params.items():
        if key in STRING_FIELDS:
            out[key] = value
        else:
            try:
                out[key] = json.loads(value)
            except ValueError:
                out[key] = value
    return out


class FakeBotApi:
    def __init__(self, token: str, bot_id: int = 7_000_000, username: str = "cop_test_bot"):
        self.token = token
        self.bot = {"id": bot_id, "is_bot": True, "first_name": "COP guidelines",
                    "username": username, "can_join_groups": True,
                    "can_read_all_group_messages": False, "supports_inline_queries": True}
        self.calls: list[Call] = []
        self.updates: list[dict] = []
        self.messages: dict[tuple[int, int], dict] = {}  # (chat id, message id) -> message
        self.chats: dict[int, dict] = {}
        self.commands: dict[str, list[dict]] = {}
        self.descriptions: dict[str, str] = {}  # language code ("" for all) -> text
        self.short_descriptions: dict[str, str] = {}
        self.webhook: dict | None = None
        self.deliveries: list[int] = []  # HTTP statuses of webhook pushes
        self._failures: dict[str, list[ApiError | Drop]] = {}
        self.chaos: Callable[[str], ApiError | Drop | None] | None = None  # a fault for any call
        self.down = False
        self.port = 0
        self._changed = asyncio.Condition()
        self._ids = itertools.count(1)
        self._update_ids = itertools.count(1)
        self._delivery_tasks: set[asyncio.Task] = set()
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self.url = ""
        self._closing = False

    # --- server ---------------------------------------------------------------------------------

    async def start(self) -> str:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        self._site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        await self._site.start()
        self.port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._session = aiohttp.ClientSession()
        return self.url

    async def go_down(self, seconds: float) -> None:
        """Stop listening and drop every request for `seconds`, then come back on the same port
        (the bot sees refused and dropped connections, and long polls cut short)."""
        async with self._changed:
            self.down = True
            self._changed.notify_all()
        await self._site.stop()
        await asyncio.sleep(seconds)
        self._site = web.TCPSite(self._runner, "127.0.0.1", self.port, reuse_address=True)
        await self._site.start()
        self.down = False

    async def close(self) -> None:
        async with self._changed:
            self._closing = True  # ends pending long polls now, not when their timeout runs out
            self._changed.notify_all()
        for task in list(self._delivery_tasks):
            task.cancel()
        await asyncio.gather(*self._delivery_tasks, return_exceptions=True)
        if self._session:
            await self._session.close()
        if self._runner:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeBotApi:
        await self.start()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            body = {"ok": False, "error_code": 401, "description": "Unauthorized"}
            return web.json_response(body, status=401)
        method = request.match_info["method"]
        if request.content_type == "application/json":
            params = await request.json() if request.can_read_body else {}
        else:
            params = _decode(dict(await request.post()))
        call = Call(method, params)
        await self._record(call)
        failures = self._failures.get(method)
        fault = failures.pop(0) if failures else self.chaos(method) if self.chaos else None
        if self.down:
            fault = Drop()
        handler = getattr(self, f"_m_{method.lower()}", None)
        try:
            if isinstance(fault, Drop):
                return await self._drop(request, call, fault.hold)
            if fault is not None:
                raise fault
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            body = {"ok": True, "result": await handler(params)}
            status = 200
        except Drop:
            return await self._drop(request, call, 0)
        except ApiError as exc:
            body = {"ok": False, "error_code": exc.code, "description": exc.description}
            if exc.parameters:
                body["parameters"] = exc.parameters
            status = exc.code
        call.response = body
        await self._record(None)
        return web.json_response(body, status=status)

    async def _drop(self, request: web.Request, call: Call, hold: float) -> web.Response:
        if hold:
            await asyncio.sleep(hold)
        call.fault = "dropped"
        if request.transport is not None:  # None: the client gave up (timed out) first
            request.transport.abort()
        await self._record(None)
        return web.Response(status=500)  # never reaches the client: the connection is gone

    async def _record(self, call: Call | None) -> None:
        async with self._changed:
            if call is not None:
                self.calls.append(call)
            self._changed.notify_all()

    def fail_next(self, method: str, code: int = 429, retry_after: int = 1, times: int = 1) -> None:
        """Answer the next call(s) of `method` with an error (a 429 carries retry_after)."""
        self._failures.setdefault(method, []).extend(api_error(code, retry_after)
                                                     for _ in range(times))

    def drop_next(self, method: str, hold: float = 0.0, times: int = 1) -> None:
        """Close the connection of the next call(s) of `method` unanswered, after `hold` seconds
        (longer than the client's read timeout: the client times out)."""
        self._failures.setdefault(method, []).extend(Drop(hold) for _ in range(times))

    # --- waiting for the bot ----------------------------------------------------------------------

    def mark(self) -> int:
        return len(self.calls)

    async def wait(self, until: Callable[[list[Call]], Any], since: int = 0,
                   timeout: float = 10.0) -> Any:
        """Wait until `until(calls since the mark)` is truthy; return its value."""
        async def check():
            async with self._changed:
                while not (value := until(self.calls[since:])):
                    await self._changed.wait()
                return value
        try:
            return await asyncio.wait_for(check(), timeout)
        except TimeoutError:
            seen = [f"{c.method} {c.params.get('text', '')[:60]!r}" for c in self.calls[since:]]
            raise AssertionError(f"the bot did not do what was expected; calls: {seen}") from None

    async def wait_calls(self, method: str, count: int = 1, since: int = 0,
                         timeout: float = 10.0, **match: Any) -> list[Call]:
        """The first `count` answered calls of `method` (with these params) since the mark."""
        def enough(calls):
            found = [c for c in calls if c.method == method and c.response is not None
                     and all(_same(c.params.get(k), v) for k, v in match.items())]
            return found[:count] if len(found) >= count else None
        return await self.wait(enough, since, timeout)

    # --- pushing updates --------------------------------------------------------------------------

    async def push(self, kind: str, payload: dict) -> dict:
        update = {"update_id": next(self._update_ids), kind: payload}
        if self.webhook:
            task = asyncio.create_task(self._deliver(update))
            self._delivery_tasks.add(task)
            task.add_done_callback(self._delivery_tasks.discard)
        else:
            async with self._changed:
                self.updates.append(update)
                self._changed.notify_all()
        return update

    async def _deliver(self, update: dict, timeout: float = 10.0) -> None:
        webhook = self.webhook
        headers = {"X-Telegram-Bot-Api-Secret-Token": webhook["secret_token"]} \
            if webhook.get("secret_token") else {}
        deadline = time.monotonic() + timeout
        while True:
            try:
                async with self._session.post(webhook["url"], json=update, headers=headers) as r:
                    self.deliveries.append(r.status)
                    return
            except aiohttp.ClientConnectionError:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.05)  # the bot's webhook server is not listening yet

    def message(self, text: str, user: dict, chat: dict, reply_to: dict | None = None) -> dict:
        self.chats[chat["id"]] = chat
        message = {"message_id": next(self._ids), "date": int(time.time()), "chat": chat,
                   "from": user, "text": text}
        entities = _entities(text)
        if entities:
            message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        self.messages[(chat["id"], message["message_id"])] = message
        return message

    # --- Bot API methods --------------------------------------------------------------------------

    async def _m_getme(self, params):
        return self.bot

    async def _m_getupdates(self, params):
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        limit = int(params.get("limit") or 100)
        if self.webhook:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active")

        def pending() -> list[dict]:
            return [u for u in self.updates if u["update_id"] >= offset][:limit]

        async with self._changed:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
            if timeout:
                try:
                    await asyncio.wait_for(self._changed.wait_for(
                        lambda: pending() or self._closing or self.down), timeout)
                except TimeoutError:
                    pass
            if self.down:
                raise Drop()
            return [] if self._closing else pending()

    async def _m_setwebhook(self, params):
        self.webhook = {"url": params["url"], "secret_token": params.get("secret_token", "")}
        return True

    async def _m_deletewebhook(self, params):
        self.webhook = None
        return True

    async def _m_getwebhookinfo(self, params):
        return {"url": (self.webhook or {}).get("url", ""), "has_custom_certificate": False,
                "pending_update_count": 0}

    async def _m_setmycommands(self, params):
        self.commands[params.get("language_code", "")] = params["commands"]
        return True

    async def _m_setmydescription(self, params):
        if len(params.get("description", "")) > 512:
            raise ApiError(400, "Bad Request: BOT_DESCRIPTION_INVALID")
        self.descriptions[params.get("language_code", "")] = params.get("description", "")
        return True

    async def _m_setmyshortdescription(self, params):
        if len(params.get("short_description", "")) > 120:
            raise ApiError(400, "Bad Request: BOT_SHORT_DESCRIPTION_INVALID")
        self.short_descriptions[params.get("language_code", "")] = params.get("short_description", "")
        return True

    async def _m_getmycommands(self, params):
        return self.commands.get(params.get("language_code", ""), [])

    async def _m_sendchataction(self, params):
        return True

    async def _m_answercallbackquery(self, params):
        if len(params.get("text", "")) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        return True

    async def _m_answerinlinequery(self, params):
        results = params.get("results", [])
        if len(results) > 50:
            raise ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        for r in results:
            content = r.get("input_message_content", {})
            if content.get("parse_mode") == "HTML":
                _check_text(content["message_text"])
            _check_markup(r.get("reply_markup"))
        return True

    async def _m_sendmessage(self, params):
        chat_id = int(params["chat_id"])
        _check_text(params.get("text", ""), params.get("parse_mode"))
        _check_markup(params.get("reply_markup"))
        chat = self.chats.get(chat_id, {"id": chat_id, "type": "private"})
        message = {"message_id": next(self._ids), "date": int(time.time()), "chat": chat,
                   "from": self.bot, "text": params["text"]}
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        reply = params.get("reply_parameters")
        if isinstance(reply, str):
            reply = json.loads(reply)
        if reply and (chat_id, int(reply["message_id"])) in self.messages:
            # as Telegram does: the replied-to message comes along, one level deep
            replied = dict(self.messages[(chat_id, int(reply["message_id"]))])
            replied.pop("reply_to_message", None)
            message["reply_to_message"] = replied
        self.messages[(chat_id, message["message_id"])] = message
        return message

    async def _m_editmessagetext(self, params):
        message = self._find(params)
        _check_text(params.get("text", ""), params.get("parse_mode"))
        _check_markup(params.get("reply_markup"))
        if message["text"] == params["text"] and message.get("reply_markup") == params.get("reply_markup"):
            raise ApiError(400, "Bad Request: message is not modified")
        message["text"] = params["text"]
        message["reply_markup"] = params.get("reply_markup")
        return {k: v for k, v in message.items() if v is not None}

    async def _m_editmessagereplymarkup(self, params):
        message = self._find(params)
        _check_markup(params.get("reply_markup"))
        message["reply_markup"] = params.get("reply_markup")
        return {k: v for k, v in message.items() if v is not None}

    async def _m_close(self, params):
        return True

    async def _m_logout(self, params):
        return True

    def _find(self, params) -> dict:
        key = (int(params["chat_id"]), int(params["message_id"]))
        if key not in self.messages:
            raise ApiError(400, "Bad Request: message to edit not found")
        return self.messages[key]


def _check_text(text: str, parse_mode: str | None = "HTML") -> None:
    visible = parse_html(text) if parse_mode == "HTML" else text
    if not visible.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if utf16_len(visible) > MESSAGE_LIMIT:
        raise ApiError(400, "Bad Request: message is too long")


def _check_markup(markup: dict | None) -> None:
    for row in (markup or {}).get("inline_keyboard", []):
        if not row:
            raise ApiError(400, "Bad Request: keyboard row is empty")
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= 64:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
            if not button.get("text"):
                raise ApiError(400, "Bad Request: button text is empty")


def _entities(text: str) -> list[dict]:
    """bot_command at the start, and @mentions, with UTF-16 offsets as Telegram counts them."""
    entities = []
    if text.startswith("/"):
        command = text.split()[0]
        entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(command)})
    for i, ch in enumerate(text):
        if ch == "@" and (i == 0 or not text[i - 1].isalnum()):
            end = i + 1
            while end < len(text) and (text[end].isalnum() or text[end] == "_"):
                end += 1
            if end - i > 1:
                entities.append({"type": "mention", "offset": utf16_len(text[:i]),
                                 "length": utf16_len(text[i:end])})
    return entities


def _same(value: Any, wanted: Any) -> bool:
    # chat ids arrive as JSON numbers, but a test may name them either way
    return value == wanted or str(value) == str(wanted)
