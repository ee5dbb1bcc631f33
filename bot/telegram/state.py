"""The bot's own SQLite database: user preferences, feedback and aggregate counters.

Privacy by construction: `users` is the only table with a user id, and it holds only the language
and role the user chose (`forget` deletes the row). Counters are per day with no user reference.
Unanswered questions are kept as text alone, with a count, so admins can see what the corpus
lacks; questions that raised a safety card are never kept.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

log = logging.getLogger(__name__)

MAX_KEPT_QUESTION = 500  # characters of an unanswered question worth showing an admin


@dataclass(frozen=True)
class Prefs:
    lang: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class Stats:
    days: list[dict]  # {"day", "questions", "unanswered"}, newest first
    helpful: int
    not_helpful: int
    top_unanswered: list[tuple[str, int]]

    @property
    def questions(self) -> int:
        return sum(d["questions"] for d in self.days)

    @property
    def unanswered(self) -> int:
        return sum(d["unanswered"] for d in self.days)


def _today() -> str:
    return dt.date.today().isoformat()


class State:
    """Opened once per process and used from the event loop's thread."""

    def __init__(self, path: Path):
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite_utils.Database(sqlite3.connect(path, check_same_thread=False))
        self.db.conn.execute("PRAGMA journal_mode=WAL")
        self.db.conn.execute("PRAGMA synchronous=NORMAL")
        self.db["users"].create(
            {"id": int, "lang": str, "role": str, "updated": str}, pk="id", if_not_exists=True
        )
        self.db["daily"].create(
            {"day": str, "questions": int, "unanswered": int, "inline": int,
             "helpful": int, "not_helpful": int},
            pk="day", if_not_exists=True, defaults={"questions": 0, "unanswered": 0, "inline": 0,
                                                    "helpful": 0, "not_helpful": 0},
        )
        self.db["feedback"].create(
            {"passage_id": str, "helpful": int, "not_helpful": int}, pk="passage_id",
            if_not_exists=True, defaults={"helpful": 0, "not_helpful": 0},
        )
        self.db["unanswered"].create(
            {"question": str, "count": int, "last_day": str}, pk="question", if_not_exists=True
        )

    def close(self) -> None:
        self.db.conn.close()

    # --- preferences ------------------------------------------------------------------------

    def prefs(self, user_id: int) -> Prefs:
        row = next(self.db["users"].rows_where("id = ?", [user_id], limit=1), None)
        return Prefs(row["lang"], row["role"]) if row else Prefs()

    def set_prefs(self, user_id: int, *, lang: str | None = None, role: str | None = None) -> Prefs:
        """Update the given fields, keeping the others."""
        old = self.prefs(user_id)
        new = Prefs(lang or old.lang, role or old.role)
        self.db["users"].upsert(
            {"id": user_id, "lang": new.lang, "role": new.role, "updated": _today()}, pk="id"
        )
        return new

    def forget(self, user_id: int) -> bool:
        """Delete the user's preferences; True when there were any."""
        with self.db.conn:
            cur = self.db.conn.execute("delete from users where id = ?", (user_id,))
        return cur.rowcount > 0

    # --- counters -------------------------------------------------------------------------------

    def _count(self, column: str, day: str | None = None) -> None:
        with self.db.conn:
            self.db.conn.execute(
                f"insert into daily (day, {column}) values (?, 1) "
                f"on conflict(day) do update set {column} = {column} + 1",
                (day or _today(),),
            )

    def count_question(self, answered: bool, day: str | None = None) -> None:
        self._count("questions", day)
        if not answered:
            self._count("unanswered", day)

    def count_inline(self) -> None:
        self._count("inline")

    def count_feedback(self, passage_id: str, helpful: bool) -> None:
        column = "helpful" if helpful else "not_helpful"
        self._count(column)
        with self.db.conn:
            self.db.conn.execute(
                f"insert into feedback (passage_id, {column}) values (?, 1) "
                f"on conflict(passage_id) do update set {column} = {column} + 1",
                (passage_id,),
            )

    def keep_unanswered(self, question: str) -> None:
        text = " ".join(question.split())[:MAX_KEPT_QUESTION]
        if not text:
            return
        with self.db.conn:
            self.db.conn.execute(
                "insert into unanswered (question, count, last_day) values (?, 1, ?) "
                "on conflict(question) do update set count = count + 1, last_day = excluded.last_day",
                (text, _today()),
            )

    def stats(self, days: int = 7, top: int = 10) -> Stats:
        since = (dt.date.today() - dt.timedelta(days=days - 1)).isoformat()
        rows = list(self.db["daily"].rows_where("day >= ?", [since], order_by="day desc"))
        helpful, not_helpful = self.db.execute(
            "select coalesce(sum(helpful), 0), coalesce(sum(not_helpful), 0) from feedback"
        ).fetchone()
        questions = self.db.execute(
            "select question, count from unanswered order by count desc, last_day desc limit ?",
            (top,),
        ).fetchall()
        return Stats(
            days=[{"day": r["day"], "questions": r["questions"], "unanswered": r["unanswered"]}
                  for r in rows if r["questions"]],
            helpful=helpful,
            not_helpful=not_helpful,
            top_unanswered=[(q, n) for q, n in questions],
        )
