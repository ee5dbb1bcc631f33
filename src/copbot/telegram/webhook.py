"""Webhook mode: a small HTTP server that receives Telegram's update pushes.

python-telegram-bot's own webhook server answers 400 to an update it cannot parse, and logs the
whole update, message text included, at CRITICAL. Telegram re-sends an update that was not
answered with 200, so one malformed update would come back again and again. Here each update is
parsed on its own (`transport.parse_update`, as in polling mode); one that cannot be parsed is
logged by its id only and answered 200, so Telegram moves on, and the others are unaffected.
"""

from __future__ import annotations

import hmac
import json
import logging
from http import HTTPStatus

import tornado.httpserver
import tornado.web
from telegram.ext import Application

from .transport import parse_update

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY_BYTES = 1 << 20  # an update is a few kilobytes; refuse anything absurd


class WebhookServer:
    """Listens on `listen:port` at `/path`, registers the webhook with Telegram, and feeds the
    application's update queue."""

    def __init__(self, app: Application, *, listen: str, port: int, path: str, url: str,
                 secret: str, allowed_updates: list[str]):
        self.app = app
        self.listen, self.port, self.path, self.url = listen, port, path, url
        self.secret = secret
        self.allowed_updates = allowed_updates
        self._server: tornado.httpserver.HTTPServer | None = None

    async def start(self) -> None:
        web = tornado.web.Application([(rf"/{self.path}/?", _UpdateHandler, {"server": self})])
        self._server = tornado.httpserver.HTTPServer(web, max_body_size=MAX_BODY_BYTES)
        self._server.listen(self.port, address=self.listen)
        await self.app.bot.set_webhook(self.url, secret_token=self.secret,
                                       allowed_updates=self.allowed_updates)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None

    async def receive(self, secret: str, body: bytes) -> int:
        """Handle one push; the HTTP status to answer."""
        if not hmac.compare_digest(secret.encode(), self.secret.encode()):
            return HTTPStatus.FORBIDDEN
        try:
            raw = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            log.warning("webhook call with a body that is not JSON (%d bytes) refused", len(body))
            return HTTPStatus.BAD_REQUEST
        update = parse_update(raw, self.app.bot)
        if update is not None:
            self.app.bot.insert_callback_data(update)
            await self.app.update_queue.put(update)
        return HTTPStatus.OK


class _UpdateHandler(tornado.web.RequestHandler):
    SUPPORTED_METHODS = ("POST",)

    def initialize(self, server: WebhookServer) -> None:
        self.server = server

    async def post(self) -> None:
        status = await self.server.receive(self.request.headers.get(SECRET_HEADER, ""),
                                           self.request.body)
        self.set_status(status)
