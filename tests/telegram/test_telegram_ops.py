"""Operating the bot: /healthz (ready only once the index is open) and /metrics in Prometheus
format, on the polling mode's side port and on the webhook server; JSON log lines."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import socket

import pytest
from harness import TOKEN, bot_session

from copbot.search import read_meta
from copbot.telegram.app import configure_logging
from copbot.telegram.config import ConfigError, Settings
from copbot.telegram.ops import Metrics, OpsServer, Probe


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def get(port: int, path: str) -> tuple[int, str, str]:
    """GET over a bare socket: status, Content-Type, body."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
    await writer.drain()
    raw = (await asyncio.wait_for(reader.read(), 5)).decode()
    writer.close()
    head, _, body = raw.partition("\r\n\r\n")
    status = int(head.split()[1])
    kind = next((line.split(":", 1)[1].strip() for line in head.split("\r\n")
                 if line.lower().startswith("content-type:")), "")
    return status, kind, body


def value(page: str, name: str) -> float:
    found = re.search(rf"^{re.escape(name)} (\S+)$", page, re.M)
    assert found, f"{name} not in /metrics"
    return float(found.group(1))


async def test_polling_mode_serves_health_and_metrics_on_a_side_port(env, tg_index):
    port = free_port()
    async with bot_session(env, COP_METRICS_PORT=str(port)) as s:
        status, _, body = await get(port, "/healthz")
        assert (status, body) == (200, "ok\n")
        before = (await get(port, "/metrics"))[2]
        person = s.person("en")
        await person.say("what is the Child Online Protection initiative?")
        await person.say("what is the fee for a passport?")  # refused
        status, kind, page = await get(port, "/metrics")
    assert value(before, "copbot_questions_total") == 0
    assert status == 200 and kind.startswith("text/plain; version=0.0.4")
    assert value(page, "copbot_questions_total") == 2
    assert value(page, "copbot_answered_total") == 1
    assert value(page, "copbot_safety_cards_total") == 0
    assert value(page, "copbot_answer_seconds_count") == 2
    assert value(page, 'copbot_answer_seconds_bucket{le="+Inf"}') == 2
    build = read_meta(tg_index)["build_id"]
    assert f'copbot_index_info{{build_id="{build}"}} 1' in page
    assert "# TYPE copbot_answer_seconds histogram" in page


async def test_health_says_starting_until_the_bot_is_ready():
    ready = [False]
    port = free_port()
    server = OpsServer(Probe(Metrics(), lambda: ready[0], lambda: None), "127.0.0.1", port)
    server.start()
    try:
        starting = await get(port, "/healthz")
        ready[0] = True
        serving = await get(port, "/healthz")
        missing = await get(port, "/metrics.php")
    finally:
        await server.stop()
    assert starting[0] == 503 and serving[0] == 200 and missing[0] == 404


@pytest.mark.slow
async def test_the_webhook_server_answers_health_and_metrics_beside_the_webhook(env):
    port = free_port()
    extra = {"COP_WEBHOOK_URL": f"http://127.0.0.1:{port}/hook", "COP_WEBHOOK_SECRET": "s3cret",
             "COP_PORT": str(port)}
    async with bot_session(env, **extra):
        health = await get(port, "/healthz")
        metrics = await get(port, "/metrics")
    assert health[0] == 200 and metrics[0] == 200 and "copbot_questions_total 0" in metrics[2]


def test_the_histogram_buckets_are_cumulative():
    metrics = Metrics()
    for seconds in (0.005, 0.2, 0.2, 30.0):
        metrics.question(True, False, seconds)
    page = metrics.render("b1")
    assert 'copbot_answer_seconds_bucket{le="0.01"} 1' in page
    assert 'copbot_answer_seconds_bucket{le="0.25"} 3' in page
    assert 'copbot_answer_seconds_bucket{le="10.0"} 3' in page
    assert 'copbot_answer_seconds_bucket{le="+Inf"} 4' in page


def test_json_log_lines_with_secrets_taken_out(env, capfd):
    settings = Settings.from_env({**env, "COP_LOG_FORMAT": "json"})
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        configure_logging(settings)
        logging.getLogger("copbot.test").warning("calling https://x/bot%s/getMe", TOKEN)
        try:
            raise ValueError("boom")
        except ValueError:
            logging.getLogger("copbot.test").exception("it failed")
        for handler in root.handlers:
            handler.flush()
    finally:
        root.handlers[:], _ = saved[0], root.setLevel(saved[1])
    lines = [json.loads(line) for line in capfd.readouterr().err.splitlines() if line.startswith("{")]
    assert lines[0]["level"] == "WARNING" and lines[0]["logger"] == "copbot.test"
    assert TOKEN not in lines[0]["message"] and "<redacted>" in lines[0]["message"]
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", lines[0]["time"])
    assert "ValueError: boom" in lines[1]["exc"]
    with pytest.raises(ConfigError, match="COP_LOG_FORMAT"):
        Settings.from_env({**env, "COP_LOG_FORMAT": "xml"})
