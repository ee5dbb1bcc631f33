"""The bot's own database: user preferences, feedback and aggregate counters, in SQLite (a file,
the default) or in PostgreSQL (`COP_STATE=postgresql://…`, shared by several workers).

Privacy by construction: `users` is the only table with a user id kept beyond a minute, and it
holds only the language, role and country the user chose (`forget` deletes the row); with
PostgreSQL, `question_slots` holds a user id and the times of their questions for the per-user
limit's window only, so that several workers share that limit. Counters are per day with no user reference.
Unanswered questions are kept as text alone, with personal details taken out (redact.py) and a
count, so admins can see what the corpus lacks, for `keep_days` days after they were last asked;
questions that raised a safety card, or came close to it, are never kept (the caller decides:
answer.Answer.sensitive). PRIVACY.md describes all of it for users and deployers.

Deleted means gone: in SQLite, rows are deleted with secure_delete (their bytes overwritten) and
the write-ahead log is checkpointed and truncated at once, so no copy stays in `state.sqlite-wal`.
In PostgreSQL the table is vacuumed after a delete; PostgreSQL's own write-ahead log and backups
are the deployer's to manage (PRIVACY.md).
Retention is applied on every read and by a timer (app.py), not only when something is written.
The files are readable by their owner only (0600).

Failing soft: answers must flow when this database cannot be written (locked by another process,
a read-only disk, PostgreSQL restarting). Every method logs the error and returns a neutral value
(a broken PostgreSQL connection is opened again on the next call); a database that cannot be
opened at all is replaced by one in memory until the next start.

The SQL is written once, with `?` for parameters; each backend (`_Sqlite`, `_Postgres`) runs it.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import wraps
from pathlib import Path

import psycopg
import sqlite_utils

from ..paths import is_database_url
from .limits import next_slot
from .redact import redact

log = logging.getLogger(__name__)

SLOTS_KEPT = 3_600.0  # seconds: the longest COP_USER_RATE_WINDOW
UPDATES_KEPT = 86_400.0  # seconds an update id is remembered (Telegram re-sends within hours)
MAX_KEPT_QUESTION = 500  # characters of an unanswered question worth showing an admin
# Writes run on the event loop's thread: wait this long for a lock, not SQLite's default 5 s.
BUSY_TIMEOUT = 0.1


@dataclass(frozen=True)
class Prefs:
    lang: str | None = None
    role: str | None = None
    country: str | None = None  # ISO 3166 code, for the helpline numbers on the safety card


@dataclass(frozen=True)
class Stats:
    days: list[dict]  # {"day", "questions", "unanswered"}, newest first
    helpful: int
    not_helpful: int
    top_unanswered: list[tuple[str, int]]
    # passages rated not helpful: (passage id, helpful, not helpful), most 👎 first
    disliked: list[tuple[str, int, int]] = field(default_factory=list)

    @property
    def questions(self) -> int:
        return sum(d["questions"] for d in self.days)

    @property
    def unanswered(self) -> int:
        return sum(d["unanswered"] for d in self.days)


def _today() -> str:
    return dt.date.today().isoformat()


def _soft(default):
    """Log a database error and return `default` instead of raising it."""
    def decorate(method):
        @wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except (sqlite3.Error, psycopg.Error) as exc:
                log.warning("state database: %s failed (%s); carrying on without it",
                            method.__name__, exc)
                return default() if callable(default) else default
        return wrapper
    return decorate


class _Sqlite:
    """A SQLite file (or ":memory:"), owner-only, in write-ahead-log mode."""

    def __init__(self, path: Path | str):
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            _owner_only(Path(path))
        self.conn = sqlite3.connect(path, check_same_thread=False, timeout=BUSY_TIMEOUT)
        try:
            self._create()
        except sqlite3.Error:
            self.conn.close()
            raise

    def _create(self) -> None:
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA secure_delete=ON")  # /forget leaves no bytes behind
        db = sqlite_utils.Database(self.conn)
        users = db.table("users")
        users.create({"id": int, "lang": str, "role": str, "country": str, "updated": str},
                     pk="id", if_not_exists=True)
        if "country" not in users.columns_dict:  # a database from before countries were kept
            users.add_column("country", str)
        db.table("daily").create(
            {"day": str, "questions": int, "unanswered": int, "inline": int,
             "helpful": int, "not_helpful": int},
            pk="day", if_not_exists=True, defaults={"questions": 0, "unanswered": 0, "inline": 0,
                                                    "helpful": 0, "not_helpful": 0},
        )
        db.table("feedback").create(
            {"passage_id": str, "helpful": int, "not_helpful": int}, pk="passage_id",
            if_not_exists=True, defaults={"helpful": 0, "not_helpful": 0},
        )
        db.table("unanswered").create(
            {"question": str, "count": int, "last_day": str}, pk="question", if_not_exists=True
        )
        for statement in _SHARED_TABLES:
            self.conn.execute(statement.replace("bigint", "integer").replace(
                "double precision", "real"))

    @contextmanager
    def atomic(self, key: int) -> Iterator[Callable[[str, tuple], list[tuple]]]:
        """Statements in one transaction (one process: SQLite's own lock is enough)."""
        def query(sql: str, params: tuple = ()) -> list[tuple]:
            return self.conn.execute(sql, params).fetchall()

        with self.conn:
            yield query

    def run(self, sql: str, params: tuple = ()) -> int:
        """One statement in a transaction of its own; the number of rows it changed."""
        with self.conn:
            return self.conn.execute(sql, params).rowcount

    def rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        return self.conn.execute(sql, params).fetchall()

    def erase(self, table: str) -> None:
        """After a delete: copy the WAL into the database and empty it, so the deleted rows
        survive nowhere (secure_delete has overwritten them in the database's pages)."""
        reason = "another connection is reading"
        try:
            busy, _, _ = self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.Error as exc:
            busy, reason = 1, str(exc)
        if busy:  # the next checkpoint (SQLite's own, or the next delete) will finish it
            log.warning("state database: the write-ahead log could not be emptied now (%s)", reason)

    def close(self) -> None:
        self.conn.close()


_POSTGRES_TABLES = (
    "create table if not exists users (id bigint primary key, lang text, role text, "
    "country text, updated text)",
    "create table if not exists daily (day text primary key, questions integer not null default 0, "
    "unanswered integer not null default 0, inline integer not null default 0, "
    "helpful integer not null default 0, not_helpful integer not null default 0)",
    "create table if not exists feedback (passage_id text primary key, "
    "helpful integer not null default 0, not_helpful integer not null default 0)",
    "create table if not exists unanswered (question text primary key, count integer not null, "
    "last_day text not null)",
)
# What several workers must share beyond the user's own choices: the question slots of the
# per-user limit (user id and time, for the limit's window only) and the updates already taken
# (update id and time, a day), so that an update delivered to two workers is answered once.
_SHARED_TABLES = (
    "create table if not exists question_slots (user_id bigint not null, "
    "slot double precision not null)",
    "create index if not exists question_slots_user on question_slots (user_id)",
    "create table if not exists updates_seen (update_id bigint primary key, "
    "seen double precision not null)",
)
CONNECT_TIMEOUT = 5  # seconds to reach PostgreSQL


class _Postgres:
    """A PostgreSQL database shared by the workers; autocommit, one statement at a time, and a
    broken connection opened again on the next call."""

    def __init__(self, url: str):
        self.url = url
        self.conn = self._connect()
        for statement in _POSTGRES_TABLES + _SHARED_TABLES:
            self.conn.execute(statement)

    def _connect(self) -> psycopg.Connection:
        return psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT)

    def _ready(self) -> psycopg.Connection:
        if self.conn.closed or self.conn.broken:
            self.conn = self._connect()
        return self.conn

    def run(self, sql: str, params: tuple = ()) -> int:
        return self._ready().execute(sql.replace("?", "%s"), params).rowcount

    def rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        return self._ready().execute(sql.replace("?", "%s"), params).fetchall()

    @contextmanager
    def atomic(self, key: int) -> Iterator[Callable[[str, tuple], list[tuple]]]:
        """Statements in one transaction, holding an advisory lock on `key` (a user id) so that
        two workers never interleave their reads and writes for the same user."""
        conn = self._ready()

        def query(sql: str, params: tuple = ()) -> list[tuple]:
            cur = conn.execute(sql.replace("?", "%s"), params)
            return cur.fetchall() if cur.description else []

        with conn.transaction():
            conn.execute("select pg_advisory_xact_lock(%s)", (key,))
            yield query

    def erase(self, table: str) -> None:
        """After a delete: vacuum the table so the deleted rows' space is reclaimed."""
        self._ready().execute(f"vacuum {table}")

    def close(self) -> None:
        self.conn.close()


class State:
    """Opened once per process and used from the event loop's thread. `where`: a SQLite file,
    or a postgresql:// URL."""

    def __init__(self, where: Path | str, keep_days: int = 30):
        self.where = where
        self.keep_days = keep_days
        self._purged_on = ""
        self.db: _Sqlite | _Postgres
        try:
            self.db = _Postgres(str(where)) if is_database_url(where) else _Sqlite(where)
        except (sqlite3.Error, psycopg.Error, OSError) as exc:
            shown = _without_password(str(where))
            log.error("state database %s is unusable (%s): preferences and counters are kept "
                      "in memory until the next start", shown, exc)
            self.db = _Sqlite(":memory:")
        self.purge()

    @property
    def shared(self) -> bool:
        """Whether several workers can share this state (PostgreSQL)."""
        return isinstance(self.db, _Postgres)

    def close(self) -> None:
        self.db.close()

    @_soft(0)
    def purge(self) -> int:
        """Delete unanswered questions last asked more than `keep_days` days ago; how many."""
        cutoff = (dt.date.today() - dt.timedelta(days=self.keep_days)).isoformat()
        deleted = self.db.run(
            "delete from unanswered where last_day <= ?" if self.keep_days
            else "delete from unanswered", (cutoff,) if self.keep_days else ())
        self._purged_on = _today()
        # slots of users who never came back; a window is an hour at most (config.py)
        self.db.run("delete from question_slots where slot <= ?", (time.time() - SLOTS_KEPT,))
        if deleted:
            self.db.erase("unanswered")
            log.info("deleted %d unanswered questions older than %d days", deleted, self.keep_days)
        return deleted

    # --- what several workers share ---------------------------------------------------------

    @_soft(True)
    def claim_update(self, update_id: int, now: float | None = None) -> bool:
        """True for the first worker to take this update, False for any other (a load balancer
        that delivered it twice). When the database fails, True: answered twice beats lost."""
        now = time.time() if now is None else now
        self.db.run("delete from updates_seen where seen < ?", (now - UPDATES_KEPT,))
        return self.db.run("insert into updates_seen (update_id, seen) values (?, ?) "
                           "on conflict (update_id) do nothing", (update_id, now)) == 1

    @_soft(lambda: 0.0)
    def reserve_slot(self, user_id: int, per_window: int, window: float, max_wait: float,
                     now: float) -> float | None:
        """The per-user question limit on shared slots (see limits.UserRateLimit): seconds
        until this question may be answered, or None beyond `max_wait` (nothing reserved). When
        the database fails, 0: the question is answered now."""
        with self.db.atomic(user_id) as query:
            query("delete from question_slots where slot <= ?", (now - window,))  # anyone's
            slots = [t for (t,) in query("select slot from question_slots where user_id = ? "
                                         "order by slot", (user_id,))]
            slot = next_slot(slots, now, per_window, window, max_wait)
            if slot is None:
                return None
            query("insert into question_slots (user_id, slot) values (?, ?)", (user_id, slot))
        return slot - now

    @_soft(list)
    def slots(self, user_id: int, since: float) -> list[float]:
        return [t for (t,) in self.db.rows("select slot from question_slots where user_id = ? "
                                           "and slot > ? order by slot", (user_id, since))]

    @_soft(None)
    def forget_slots(self, user_id: int) -> None:
        self.db.run("delete from question_slots where user_id = ?", (user_id,))

    @_soft(0)
    def slot_users(self, since: float) -> int:
        return self.db.rows("select count(distinct user_id) from question_slots where slot > ?",
                            (since,))[0][0]

    # --- preferences ------------------------------------------------------------------------

    @_soft(Prefs)
    def prefs(self, user_id: int) -> Prefs:
        rows = self.db.rows("select lang, role, country from users where id = ?", (user_id,))
        return Prefs(*rows[0]) if rows else Prefs()

    def set_prefs(self, user_id: int, *, lang: str | None = None, role: str | None = None,
                  country: str | None = None) -> Prefs:
        """Update the given fields, keeping the others; returns the new preferences even when
        they could not be stored (the reply still honours them)."""
        old = self.prefs(user_id)
        new = Prefs(lang or old.lang, role or old.role, country or old.country)
        self._store_prefs(user_id, new)
        return new

    @_soft(None)
    def _store_prefs(self, user_id: int, prefs: Prefs) -> None:
        self.db.run(
            "insert into users (id, lang, role, country, updated) values (?, ?, ?, ?, ?) "
            "on conflict(id) do update set lang = excluded.lang, role = excluded.role, "
            "country = excluded.country, updated = excluded.updated",
            (user_id, prefs.lang, prefs.role, prefs.country, _today()),
        )

    @_soft(None)
    def forget_country(self, user_id: int) -> None:
        self.db.run("update users set country = null where id = ?", (user_id,))
        self.db.erase("users")

    @_soft(False)
    def forget(self, user_id: int) -> bool:
        """Delete the user's preferences; True when there were any."""
        deleted = self.db.run("delete from users where id = ?", (user_id,))
        self.db.erase("users")
        return deleted > 0

    # --- counters -------------------------------------------------------------------------------

    @_soft(None)
    def _count(self, column: str, day: str | None = None) -> None:
        self.db.run(
            f"insert into daily (day, {column}) values (?, 1) "
            f"on conflict(day) do update set {column} = daily.{column} + 1",
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
        self._count_passage(passage_id, column)

    @_soft(None)
    def _count_passage(self, passage_id: str, column: str) -> None:
        self.db.run(
            f"insert into feedback (passage_id, {column}) values (?, 1) "
            f"on conflict(passage_id) do update set {column} = feedback.{column} + 1",
            (passage_id,),
        )

    @_soft(None)
    def keep_unanswered(self, question: str) -> None:
        text = redact(" ".join(question.split()))[:MAX_KEPT_QUESTION]
        text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates cannot be stored
        if not text or not self.keep_days:
            return
        if self._purged_on != _today():
            self.purge()
        self.db.run(
            "insert into unanswered (question, count, last_day) values (?, 1, ?) "
            "on conflict(question) do update set count = unanswered.count + 1, "
            "last_day = excluded.last_day",
            (text, _today()),
        )

    @_soft(list)
    def unanswered(self, limit: int = 500) -> list[tuple[str, int]]:
        """The kept unanswered questions (personal details taken out), most asked first."""
        self.purge()
        rows = self.db.rows(
            "select question, count from unanswered order by count desc, last_day desc limit ?",
            (limit,))
        return [(redact(q), n) for q, n in rows]

    @_soft(lambda: Stats([], 0, 0, []))
    def stats(self, days: int = 7, top: int = 10) -> Stats:
        self.purge()  # never show a question past its retention
        since = (dt.date.today() - dt.timedelta(days=days - 1)).isoformat()
        rows = self.db.rows("select day, questions, unanswered from daily where day >= ? "
                            "order by day desc", (since,))
        ((helpful, not_helpful),) = self.db.rows(
            "select coalesce(sum(helpful), 0), coalesce(sum(not_helpful), 0) from feedback")
        questions = self.db.rows(
            "select question, count from unanswered order by count desc, last_day desc limit ?",
            (top,))
        return Stats(
            days=[{"day": day, "questions": n, "unanswered": u} for day, n, u in rows if n],
            helpful=int(helpful),
            not_helpful=int(not_helpful),
            top_unanswered=[(redact(q), n) for q, n in questions],  # rows kept before redaction
            disliked=[(pid, good, bad) for pid, good, bad in self.db.rows(
                "select passage_id, helpful, not_helpful from feedback where not_helpful > 0 "
                "order by not_helpful desc, helpful, passage_id limit ?", (top,))],
        )


def _owner_only(path: Path) -> None:
    """Create the database file readable by its owner only, or make an existing one so (with
    its -wal and -shm files, which SQLite creates with the database's permissions)."""
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if file.exists() and file.stat().st_mode & 0o077:
            file.chmod(0o600)


def _without_password(where: str) -> str:
    """A database URL as it may be logged: without its password."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", where)
