"""What the bot benchmarks share: the tests' fake Bot API server and a small real index."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

from copbot.cli.main import build

ROOT = Path(__file__).resolve().parent.parent


def fake_bot_api_module():
    """tests/telegram/fake_bot_api.py, loaded by path (the tests folder is not a package)."""
    path = ROOT / "tests" / "telegram" / "fake_bot_api.py"
    spec = importlib.util.spec_from_file_location("fake_bot_api", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def small_index(folder: Path) -> Path:
    """An index of three committed document pairs (Arabic and English), built in `folder`."""
    corpus = folder / "corpus"
    corpus.mkdir()
    for name in ("initiative", "help", "policybrief"):
        for lang in ("ar", "en"):
            shutil.copy(ROOT / "corpus" / f"{name}-{lang}.md", corpus)
    index = folder / "cop.sqlite"
    build(corpus, index)
    return index
