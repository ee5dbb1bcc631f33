"""Webhook mode: a small HTTP server that receives Telegram's update pushes, safe to face the open
internet on its own.

- It listens on 127.0.0.1 unless COP_LISTEN says otherwise (a TLS proxy normally sits in front).
- The secret header is checked before the body is read: a caller without it gets 403 at once,
  and whatever body it goes on sending is dropped as it arrives (never kept in memory), then the
  connection is closed. A body is at most MAX_BODY_BYTES.
- Headers must arrive within HEADER_TIMEOUT seconds and the body within BODY_TIMEOUT; at most
  MAX_CONNECTIONS are open at once (Telegram itself opens up to 40), the others are closed at once.
- When the process runs out of file descriptors, accepting pauses and backs off, and the failure
  is logged once, with a count every minute while it lasts, instead of a traceback per attempt.
- Each update is parsed on its own (`transport.parse_update`, as in polling mode). One that cannot
  be parsed, whatever is wrong with it (not JSON, nested too deeply, a shape python-telegram-bot
  refuses), is logged by its id only and answered 200: Telegram re-sends an update until it gets
  200, so anything else would bring it back forever. python-telegram-bot's own webhook server
  answers such an update 400 and logs it whole, message text included.
"""

from __future__ import annotations

import errno
import hmac
import json
import logging
import re
import socket
import time
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

import tornado.httpserver
import tornado.iostream
import tornado.web
from telegram.ext import Application
from tornado.ioloop import IOLoop

from .ops import Probe, routes
from .transport import parse_update

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY_BYTES = 256 * 1024  # an update is a few kilobytes; refuse anything absurd
MAX_HEADER_BYTES = 16 * 1024
HEADER_TIMEOUT = 10.0  # seconds for the request line and headers (also the keep-alive idle time)
BODY_TIMEOUT = 10.0
MAX_CONNECTIONS = 100
ACCEPT_PAUSE = (0.05, 2.0)  # first and longest pause after a failed accept
_UPDATE_ID_RE = re.compile(rb'"update_id"\s*:\s*(\d{1,15})')


class WebhookServer:
    """Listens on `listen:port` at `/path`, registers the webhook with Telegram, and feeds the
    application's update queue."""

    def __init__(self, app: Application, *, listen: str, port: int, path: str, url: str,
                 secret: str, allowed_updates: list[str], probe: Probe | None = None):
        self.app = app
        self.probe = probe  # /healthz and /metrics beside the webhook path (ops.py)
        self.listen, self.port, self.path, self.url = listen, port, path, url
        self.secret = secret
        self.allowed_updates = allowed_updates
        self._server: _Server | None = None

    async def start(self) -> None:
        handlers: list = [(rf"/{self.path}/?", _UpdateHandler, {"server": self})]
        if self.probe is not None:
            handlers += routes(self.probe)
        web = tornado.web.Application(handlers)
        self._server = _Server(web, max_body_size=MAX_BODY_BYTES, max_header_size=MAX_HEADER_BYTES,
                               idle_connection_timeout=HEADER_TIMEOUT, body_timeout=BODY_TIMEOUT)
        self._server.listen(self.port, address=self.listen)
        await self.app.bot.set_webhook(self.url, secret_token=self.secret,
                                       allowed_updates=self.allowed_updates,
                                       max_connections=min(MAX_CONNECTIONS // 2, 100))

    async def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None

    @property
    def connections(self) -> int:
        return len(self._server._connections) if self._server is not None else 0

    def authorised(self, secret: str) -> bool:
        return hmac.compare_digest(secret.encode(), self.secret.encode())

    async def receive(self, body: bytes) -> int:
        """Handle one authorised push; the HTTP status to answer (200 unless the server fails)."""
        try:
            raw = json.loads(body)
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            found = _UPDATE_ID_RE.search(body[:4096])
            log.warning("skipped update %s that could not be read: %s (%d bytes)",
                        found.group(1).decode() if found else "without an id",
                        type(exc).__name__, len(body))
            return HTTPStatus.OK
        update = parse_update(raw, self.app.bot)
        services = self.app.bot_data.get("services")
        if (update is not None and services is not None and services.state.shared
                and not services.state.claim_update(update.update_id)):
            log.info("update %s was taken by another worker", update.update_id)
            return HTTPStatus.OK
        if update is not None:
            self.app.bot.insert_callback_data(update)
            await self.app.update_queue.put(update)
        return HTTPStatus.OK


@tornado.web.stream_request_body
class _UpdateHandler(tornado.web.RequestHandler):
    SUPPORTED_METHODS = ("POST",)

    def initialize(self, server: WebhookServer) -> None:
        self.server = server
        self.body = bytearray()
        self.refused = False

    def prepare(self) -> None:
        """Headers are in, the body is not: refuse a wrong secret before reading a byte of it."""
        if not self.server.authorised(self.request.headers.get(SECRET_HEADER, "")):
            self.refused = True
            self.set_status(HTTPStatus.FORBIDDEN)
            self.finish()  # tornado then drops the rest of the body and closes the connection

    def data_received(self, chunk: bytes) -> None:
        if not self.refused:
            self.body += chunk

    async def post(self) -> None:
        self.set_status(await self.server.receive(bytes(self.body)))

    def log_exception(self, typ, value, tb) -> None:
        if isinstance(value, tornado.iostream.StreamClosedError):
            return  # the caller went away
        super().log_exception(typ, value, tb)


class _Server(tornado.httpserver.HTTPServer):
    """HTTPServer with a bound on open connections and an accept loop that survives running out
    of file descriptors."""

    def handle_stream(self, stream: tornado.iostream.IOStream, address: tuple) -> None:
        if len(self._connections) >= MAX_CONNECTIONS:
            _throttled_warning("webhook: %d connections open, closing new ones", MAX_CONNECTIONS)
            stream.close()
            return
        super().handle_stream(stream, address)

    def add_sockets(self, sockets: Iterable[socket.socket]) -> None:
        for sock in sockets:
            self._sockets[sock.fileno()] = sock
            self._handlers[sock.fileno()] = _accept_with_backoff(sock, self._handle_connection)


def _accept_with_backoff(sock: socket.socket,
                         callback: Callable[[socket.socket, Any], None]) -> Callable[[], None]:
    """tornado.netutil.add_accept_handler, but an accept that fails for want of resources
    (EMFILE, ENFILE, ENOBUFS, ENOMEM) pauses accepting instead of raising on every loop turn."""
    io_loop = IOLoop.current()
    state = {"removed": False, "paused": False, "pause": ACCEPT_PAUSE[0]}

    def accept(fd: Any, events: int) -> None:
        for _ in range(128):
            if state["removed"]:
                return
            try:
                connection, address = sock.accept()
            except BlockingIOError:
                return
            except ConnectionAbortedError:
                continue
            except OSError as exc:
                if exc.errno not in (errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM):
                    raise
                _throttled_warning("webhook: cannot accept connections (%s); pausing",
                                   exc.strerror or exc)
                io_loop.remove_handler(sock)
                state["paused"] = True
                io_loop.call_later(state["pause"], resume)
                state["pause"] = min(state["pause"] * 2, ACCEPT_PAUSE[1])
                return
            state["pause"] = ACCEPT_PAUSE[0]
            callback(connection, address)

    def resume() -> None:
        if not state["removed"]:
            state["paused"] = False
            io_loop.add_handler(sock, accept, IOLoop.READ)

    def remove() -> None:
        if not state["paused"] and not state["removed"]:
            io_loop.remove_handler(sock)
        state["removed"] = True

    io_loop.add_handler(sock, accept, IOLoop.READ)
    return remove


_warned: dict[str, list[float]] = {}  # message -> [last logged, repeats since]
WARN_EVERY = 60.0


def _throttled_warning(message: str, *args: object) -> None:
    """Log `message` once, then at most once a minute with how often it happened meanwhile."""
    now = time.monotonic()
    seen = _warned.get(message)
    if seen is None:
        _warned[message] = [now, 0]
        log.warning(message, *args)
    elif now - seen[0] >= WARN_EVERY:
        log.warning(message + " (%d more times in the last %.0f s)", *args, seen[1], now - seen[0])
        _warned[message] = [now, 0]
    else:
        seen[1] += 1
