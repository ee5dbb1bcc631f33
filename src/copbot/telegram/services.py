"""What the handlers share, created once per process: settings, the opened index (swapped by
/reload), the state database, the per-user limits (limits.py), each chat's last question
(followups.py) and the messages waiting for their continuation (fragments.py). Kept in
`application.bot_data`."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from ..analysis import Analyzer
from ..answer import Answerer
from ..publishing.live import Live
from ..safety import helplines
from ..safety import model as safety_model
from ..search import Index, IndexError_
from .config import Settings
from .followups import RecentQuestions
from .fragments import Fragments
from .limits import ActionBudget, SharedRateLimit, UserRateLimit, Votes
from .state import State
from .topics import Library

log = logging.getLogger(__name__)


@dataclass
class Searcher:
    """One opened index with what is built on it; replaced as a whole by /reload."""

    index: Index
    answerer: Answerer
    library: Library

    @classmethod
    def open(cls, path: Path) -> Searcher:
        index = Index(path, Analyzer())
        return cls(index, Answerer(index), Library(index))

    @property
    def passages(self) -> dict[str, int]:
        return dict(self.index.meta.get("passages", {}))


@dataclass
class Services:
    settings: Settings
    state: State
    limiter: UserRateLimit | SharedRateLimit  # questions (shared by workers on PostgreSQL)
    budget: ActionBudget  # commands, button presses, inline queries
    votes: Votes
    live: Live[Searcher]
    recent: RecentQuestions  # each chat's last question, minutes in memory (followups.py)
    fragments: Fragments  # messages waiting seconds for their continuation (fragments.py)

    @classmethod
    def open(cls, settings: Settings) -> Services:
        # first: a missing index must not create state files
        live = Live(settings.index_path, Searcher.open, lambda s: s.index.close,
                    check_every=settings.index_check)
        state = State(settings.state_path, settings.keep_unanswered_days)
        # read here, on start-up's worker thread: the first message must not wait a second for
        # the recogniser's weights on the event loop
        safety_model.shipped()
        helplines.directory()
        # several workers on one PostgreSQL state share the question limit (limits.py)
        limiter: UserRateLimit | SharedRateLimit = (
            SharedRateLimit(state, settings.user_rate, settings.user_window) if state.shared
            else UserRateLimit(settings.user_rate, settings.user_window))
        return cls(settings, state, limiter,
                   ActionBudget(settings.user_actions, settings.user_window), Votes(), live,
                   RecentQuestions(), Fragments(settings.fragment_seconds))

    @property
    def searcher(self) -> Searcher:
        """The index in use now: a newly published index file is picked up within seconds.

        A question keeps the Searcher it started with; the old index is closed once no
        question holds it any more (bot.live.Live).
        """
        return self.live.current()

    def reload(self) -> tuple[dict[str, int], dict[str, int]]:
        """Open the index file again; passage counts (per language) before and after.

        Raises IndexError_ when the new file is unusable; the previous index keeps serving.
        """
        before = self.searcher.passages
        result = self.live.reload()
        if not result.reloaded:
            raise IndexError_(result.error)
        return before, self.searcher.passages

    def close(self) -> None:
        self.live.close()
        self.state.close()

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.settings.admin_ids
