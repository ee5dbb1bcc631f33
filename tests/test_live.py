"""LiveAnswerer: a republished index is picked up, in-flight callers keep theirs, a broken file
is refused."""

from __future__ import annotations

import os
import shutil

import pytest

from copbot.cli.main import build
from copbot.publishing.live import LiveAnswerer
from copbot.search import IndexMissing


@pytest.fixture
def two_indexes(small_corpus, tmp_path):
    """The small corpus' index, and one built without the help documents."""
    full = tmp_path / "full.sqlite"
    build(small_corpus, full)
    for lang in ("ar", "en"):
        (small_corpus / f"help-{lang}.md").unlink()
    smaller = tmp_path / "smaller.sqlite"
    build(small_corpus, smaller)
    return full, smaller


def publish_copy(src, dst):
    tmp = dst.with_name(dst.name + ".tmp")
    shutil.copy(src, tmp)
    os.replace(tmp, dst)


def test_a_new_file_is_picked_up_and_callers_keep_theirs(two_indexes, tmp_path):
    full, smaller = two_indexes
    serving = tmp_path / "cop.sqlite"
    publish_copy(full, serving)
    live = LiveAnswerer(serving, check_every=0)
    in_flight = live.current()
    assert in_flight.index.document("help-en") is not None
    publish_copy(smaller, serving)
    assert live.current().index.document("help-en") is None
    assert in_flight.index.document("help-en") is not None  # the old one still answers
    assert in_flight.answer("what is INHOPE?").results


def test_explicit_reload_and_a_broken_file(two_indexes, tmp_path):
    full, smaller = two_indexes
    serving = tmp_path / "cop.sqlite"
    publish_copy(full, serving)
    live = LiveAnswerer(serving, check_every=3600)
    (tmp_path / "broken").write_bytes(b"not sqlite at all" * 100)
    os.replace(tmp_path / "broken", serving)
    result = live.reload()
    assert not result.reloaded and "not a usable index" in result.error
    assert live.current().index.document("help-en") is not None
    assert live.answer("what is INHOPE?").results
    publish_copy(smaller, serving)
    assert live.reload().reloaded
    assert live.current().index.document("help-en") is None


def test_no_index_at_start_is_an_error(tmp_path):
    with pytest.raises(IndexMissing):
        LiveAnswerer(tmp_path / "none.sqlite")
