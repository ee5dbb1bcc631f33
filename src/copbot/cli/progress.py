"""Progress of a long build (files, pages, passages) on one line of stderr, only on a terminal."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TextIO


class Progress:
    """Counts what a build has read; redraws at most every `interval` seconds when enabled."""

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None, interval: float = 0.1):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.interval = interval
        self.files = self.pages = self.passage_count = 0
        self.current = ""
        self._drawn = 0.0

    def file(self, path: Path) -> None:
        self.files += 1
        self.current = Path(path).name
        self._draw()

    def page(self, number: int) -> None:
        self.pages += 1
        self._draw()

    def passages(self, n: int) -> None:
        self.passage_count += n
        self._draw()

    def step(self, message: str) -> None:
        self.current = message
        self._draw(force=True)

    def done(self) -> None:
        if self.enabled:
            self.stream.write("\r\033[K")
            self.stream.flush()

    def _draw(self, force: bool = False) -> None:
        now = time.monotonic()
        if not self.enabled or (not force and now - self._drawn < self.interval):
            return
        self._drawn = now
        self.stream.write(f"\r\033[K{self.files} files, {self.pages} pages, "
                          f"{self.passage_count} passages  {self.current}")
        self.stream.flush()
