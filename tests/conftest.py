"""Shared fixtures: real corpus documents and real SQLite indexes built in temporary folders, and
a real PostgreSQL server (tests/postgres.py) for the shared state."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from copbot.analysis import Analyzer
from copbot.answer import Answerer
from copbot.cli.main import build
from copbot.search import Index
from postgres import Unavailable, server

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server for the session; the tests that need it skip, saying why, where none
    can be started."""
    try:
        with server() as url:
            yield url
    except Unavailable as exc:
        pytest.skip(f"no PostgreSQL server: {exc}")


@pytest.fixture
def postgres_url(postgres_server, request) -> str:
    """A fresh database on the session's server, for one test."""
    import psycopg

    name = "t_" + "".join(c if c.isalnum() else "_" for c in request.node.name)[:50].lower()
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}"')
        conn.execute(f'create database "{name}"')
    return postgres_server.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(scope="session")
def full_index(tmp_path_factory) -> Path:
    """The shipped corpus, built into a fresh index (never the developer's own index/)."""
    path = tmp_path_factory.mktemp("full") / "cop.sqlite"
    build(CORPUS, path)
    return path


@pytest.fixture(scope="session")
def answerer(full_index) -> Answerer:
    index = Index(full_index, Analyzer())
    yield Answerer(index)
    index.close()


@pytest.fixture
def small_corpus(tmp_path) -> Path:
    """A copy of three committed document pairs, for tests that edit or break a corpus."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("initiative", "policybrief", "help"):
        for lang in ("ar", "en"):
            shutil.copy(CORPUS / f"{name}-{lang}.md", folder)
    return folder


# Property-based tests: a modest number of examples by default so the suite stays fast;
# HYPOTHESIS_PROFILE=thorough for a long run before a release.
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("default", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
