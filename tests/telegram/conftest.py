"""Fixtures for the Telegram tests: a small real index, the bot's environment, and a runner for
coroutine tests (each in a fresh event loop via asyncio.run, with a timeout so that a hang fails
instead of blocking). The conversation helpers are in harness.py, the fake server in
fake_bot_api.py.
"""

from __future__ import annotations

import asyncio
import inspect
import shutil
from pathlib import Path

import pytest
from harness import ADMIN_ID, TOKEN

from copbot.cli.main import build

ROOT = Path(__file__).resolve().parents[2]
TEST_TIMEOUT = 30.0
FIXTURE_DOCS = ("initiative", "help", "policybrief")


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        names = pyfuncitem._fixtureinfo.argnames
        kwargs = {name: pyfuncitem.funcargs[name] for name in names}
        asyncio.run(asyncio.wait_for(pyfuncitem.obj(**kwargs), TEST_TIMEOUT))
        return True
    return None


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """Requests to the fake server must never go through a proxy from the environment."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture(scope="session")
def fixture_corpus(tmp_path_factory) -> Path:
    """Three committed document pairs (real Arabic and English text)."""
    folder = tmp_path_factory.mktemp("tg-corpus")
    for name in FIXTURE_DOCS:
        for lang in ("ar", "en"):
            shutil.copy(ROOT / "corpus" / f"{name}-{lang}.md", folder)
    return folder


@pytest.fixture(scope="session")
def tg_index(fixture_corpus, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tg-index") / "cop.sqlite"
    build(fixture_corpus, path)
    return path


@pytest.fixture
def env(tg_index, tmp_path) -> dict[str, str]:
    """The environment `cop-bot run` would get; TELEGRAM_BASE_URL is added per session."""
    return {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "COP_ADMIN_IDS": str(ADMIN_ID),
        "COP_INDEX": str(tg_index),
        "COP_STATE": str(tmp_path / "state.sqlite"),
        "COP_LOG_LEVEL": "WARNING",
        # every message answered on its own, at once; test_telegram_fragments.py sets a wait
        "COP_FRAGMENT_SECONDS": "0",
    }
