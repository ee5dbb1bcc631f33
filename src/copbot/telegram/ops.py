"""Operating the bot: `/healthz` and `/metrics` (Prometheus text format), on the webhook server
and, in polling mode, on a small side port (COP_METRICS_PORT).

- `/healthz` answers 200 "ok" once the index is open and the bot serves, 503 before (and after a
  shutdown began): a load balancer or systemd watchdog sends traffic only to a ready worker.
- `/metrics`: questions, answered questions, safety cards, answer latency (a histogram), Telegram
  errors, and the build id of the index in use.

Counters live in memory, per process, from its start (Prometheus handles restarts). Nothing
here holds a question's text or a user's id.
"""

from __future__ import annotations

import bisect
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus

import tornado.httpserver
import tornado.web

log = logging.getLogger(__name__)

# seconds from a question's arrival to its reply (search, composing, sending)
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


@dataclass
class Metrics:
    """What `/metrics` reports, counted by the handlers."""

    questions: int = 0
    answered: int = 0
    safety_cards: int = 0
    telegram_errors: int = 0
    buckets: list[int] = field(default_factory=lambda: [0] * (len(LATENCY_BUCKETS) + 1))
    latency_sum: float = 0.0

    def question(self, answered: bool, card: bool, seconds: float) -> None:
        self.questions += 1
        self.answered += answered
        self.safety_cards += card
        self.buckets[bisect.bisect_left(LATENCY_BUCKETS, seconds)] += 1
        self.latency_sum += seconds

    def telegram_error(self) -> None:
        self.telegram_errors += 1

    def render(self, build_id: str | None) -> str:
        """The Prometheus text exposition of the counters."""
        lines = []

        def metric(name: str, kind: str, help_: str, value: float | int) -> None:
            lines.extend([f"# HELP {name} {help_}", f"# TYPE {name} {kind}", f"{name} {value}"])

        metric("copbot_questions_total", "counter", "Questions answered or refused.", self.questions)
        metric("copbot_answered_total", "counter", "Questions answered from the guidelines.",
               self.answered)
        metric("copbot_safety_cards_total", "counter", "Safety cards sent for a question.",
               self.safety_cards)
        metric("copbot_telegram_errors_total", "counter",
               "Failed Bot API calls and errors while handling an update.", self.telegram_errors)
        name = "copbot_answer_seconds"
        lines += [f"# HELP {name} Seconds from a question to its reply.",
                  f"# TYPE {name} histogram"]
        running = 0
        for bound, count in zip(LATENCY_BUCKETS, self.buckets, strict=False):
            running += count
            lines.append(f'{name}_bucket{{le="{bound}"}} {running}')
        running += self.buckets[-1]
        lines += [f'{name}_bucket{{le="+Inf"}} {running}', f"{name}_sum {self.latency_sum:.6f}",
                  f"{name}_count {running}"]
        lines += ["# HELP copbot_index_info The index in use (its build id).",
                  "# TYPE copbot_index_info gauge"]
        if build_id is not None:
            lines.append(f'copbot_index_info{{build_id="{_label(build_id)}"}} 1')
        return "\n".join(lines) + "\n"


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


@dataclass(frozen=True)
class Probe:
    """What the two pages read: the counters, whether the bot is ready, the index's build id."""

    metrics: Metrics
    ready: Callable[[], bool]
    build_id: Callable[[], str | None]


class HealthHandler(tornado.web.RequestHandler):
    SUPPORTED_METHODS = ("GET", "HEAD")

    def initialize(self, probe: Probe) -> None:
        self.probe = probe

    def get(self) -> None:
        ready = self.probe.ready()
        self.set_status(HTTPStatus.OK if ready else HTTPStatus.SERVICE_UNAVAILABLE)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish("ok\n" if ready else "starting\n")

    head = get


class MetricsHandler(tornado.web.RequestHandler):
    SUPPORTED_METHODS = ("GET",)

    def initialize(self, probe: Probe) -> None:
        self.probe = probe

    def get(self) -> None:
        self.set_header("Content-Type", CONTENT_TYPE)
        self.set_header("Cache-Control", "no-store")
        self.finish(self.probe.metrics.render(self.probe.build_id()))


def routes(probe: Probe) -> list[tuple[str, type, dict]]:
    return [(r"/healthz", HealthHandler, {"probe": probe}),
            (r"/metrics", MetricsHandler, {"probe": probe})]


class OpsServer:
    """The side port of polling mode: `/healthz` and `/metrics` only."""

    def __init__(self, probe: Probe, listen: str, port: int):
        self.probe, self.listen, self.port = probe, listen, port
        self._server: tornado.httpserver.HTTPServer | None = None

    def start(self) -> None:
        self._server = tornado.httpserver.HTTPServer(tornado.web.Application(routes(self.probe)))
        self._server.listen(self.port, address=self.listen)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None


class JsonFormatter(logging.Formatter):
    """One JSON object a line (COP_LOG_FORMAT=json): time, level, logger, message, and the
    traceback when there is one. Secrets are taken out before (app.RedactSecrets)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": _utc(record.created), "level": record.levelname, "logger": record.name,
                 "message": record.getMessage()}
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exc"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


def _utc(created: float) -> str:
    moment = datetime.fromtimestamp(created, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
