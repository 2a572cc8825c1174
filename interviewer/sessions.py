"""Sessions on disk: one SQLite file (stdlib `sqlite3`, WAL mode), one row per session.

Each row holds the whole `Session` as JSON plus a few columns kept beside it (created/updated
times, finished, questions answered, average grade) so listing sessions never parses the JSON.
`save` is an upsert in one transaction, meant to be called after every answer, from any thread.

It does not grade, render or decide anything about the interview, and it never changes the session
it is given (the caller sets `updated_at`). It keeps no connection open between calls.
"""

from __future__ import annotations

import logging
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ValidationError

from .errors import InterviewerError
from .models import Session, Turn

log = logging.getLogger(__name__)

LIST_HINT = "run `interviewer sessions` to list the saved sessions"
"""How a user sees the session ids; quoted in errors."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    finished INTEGER NOT NULL,
    n_planned INTEGER NOT NULL,
    n_answered INTEGER NOT NULL,
    average REAL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_created_at ON sessions (created_at);
"""

_UPSERT = """
INSERT INTO sessions (id, created_at, updated_at, finished, n_planned, n_answered, average, data)
VALUES (:id, :created_at, :updated_at, :finished, :n_planned, :n_answered, :average, :data)
ON CONFLICT (id) DO UPDATE SET
    created_at = excluded.created_at, updated_at = excluded.updated_at, finished = excluded.finished,
    n_planned = excluded.n_planned, n_answered = excluded.n_answered, average = excluded.average,
    data = excluded.data
"""

_BUSY_TIMEOUT_S = 30.0


class SessionStoreError(InterviewerError, RuntimeError):
    """The sessions database cannot be created, written or read."""


class SessionSummary(BaseModel):
    """What `SessionStore.list` shows about a session without loading it."""

    id: str
    created_at: datetime
    updated_at: datetime
    finished: bool
    n_planned: int
    n_answered: int
    average: float | None
    """Mean overall grade of the answered main questions (follow-ups excluded); None before any grade."""


def answered_turns(session: Session) -> list[Turn]:
    """The main-question turns the candidate answered (follow-ups and skips excluded)."""
    return [t for t in session.turns if t.role == "question" and t.answer is not None and not t.skipped]


def average_grade(turns: list[Turn]) -> float | None:
    """Mean overall grade of the graded turns, rounded to 2 places; None when none is graded."""
    grades = [t.grade.overall for t in turns if t.grade is not None]
    return round(sum(grades) / len(grades), 2) if grades else None


def summarize(session: Session) -> SessionSummary:
    answered = answered_turns(session)
    return SessionSummary(
        id=session.id,
        created_at=session.created_at,
        updated_at=session.updated_at,
        finished=session.finished,
        n_planned=len(session.plan),
        n_answered=len(answered),
        average=average_grade(answered),
    )


def new_session_id(now: datetime | None = None) -> str:
    """A short id that sorts by creation time (UTC, to the minute), e.g. "20261125-2144-ab12cd".

    Six random hex digits make two sessions started in the same minute collide once in 16 million.
    """
    now = (now or datetime.now(UTC)).astimezone(UTC)
    return f"{now:%Y%m%d-%H%M}-{secrets.token_hex(3)}"


def _iso(dt: datetime) -> str:
    """UTC ISO text, so that the columns sort as text in time order."""
    return dt.astimezone(UTC).isoformat()


class SessionStore:
    """Saves and loads `Session`s in the SQLite file at `path` (created, with its folder, if missing)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as con:
                con.execute("PRAGMA journal_mode=WAL")
                con.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as e:
            raise SessionStoreError(
                f"cannot create or write the sessions database {self.path}: {e}. "
                "Make that folder writable, or set INTERVIEWER_HOME to a folder you can write to."
            ) from e

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A fresh connection per call (safe across threads); commits on success, rolls back on error."""
        with closing(sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT_S)) as con, con:
            yield con

    def save(self, session: Session) -> None:
        """Insert or replace the whole session in one transaction."""
        summary = summarize(session)
        row = summary.model_dump(exclude={"created_at", "updated_at"})
        row |= {
            "created_at": _iso(session.created_at),
            "updated_at": _iso(session.updated_at),
            "data": session.model_dump_json(),
        }
        try:
            with self._lock, self._connect() as con:
                con.execute(_UPSERT, row)
        except sqlite3.Error as e:
            raise SessionStoreError(
                f"could not save session {session.id} to {self.path}: {e}. "
                "Check that the folder is writable and the disk not full, or set INTERVIEWER_HOME."
            ) from e

    def load(self, session_id: str) -> Session:
        """The session with this id, or with the one id that starts with `session_id`.

        Raises KeyError when nothing or several sessions match, SessionStoreError when the row is corrupt.
        """
        sid, data = self._find(session_id)
        try:
            return Session.model_validate_json(data)
        except ValidationError as e:
            raise SessionStoreError(
                f"session {sid} in {self.path} is corrupt and cannot be read ({e.error_count()} errors: "
                f"{e.errors()[0]['msg']}). Start a new session; the others are unaffected."
            ) from e

    def _find(self, session_id: str) -> tuple[str, str]:
        prefix = session_id.strip()
        with self._connect() as con:
            rows = con.execute(
                "SELECT id, data FROM sessions WHERE id = ? OR (? != '' AND substr(id, 1, ?) = ?)"
                " ORDER BY id = ? DESC, id LIMIT 11",
                (prefix, prefix, len(prefix), prefix, prefix),
            ).fetchall()
        if rows and rows[0][0] == prefix:
            return rows[0]
        if len(rows) == 1:
            return rows[0]
        if rows:
            ids = ", ".join(r[0] for r in rows[:10])
            raise KeyError(f"session id {session_id!r} is ambiguous: it starts {ids}. Give more of the id.")
        raise KeyError(f"no session {session_id!r} in {self.path}; {LIST_HINT}.")

    def load_all(self) -> list[Session]:
        """Every readable session, oldest first; corrupt rows are skipped with a warning."""
        with self._connect() as con:
            rows = con.execute("SELECT id, data FROM sessions ORDER BY created_at, id").fetchall()
        sessions = []
        for sid, data in rows:
            try:
                sessions.append(Session.model_validate_json(data))
            except ValidationError as e:
                log.warning("skipping corrupt session %s in %s: %s", sid, self.path, e.errors()[0]["msg"])
        return sessions

    def list(self) -> list[SessionSummary]:
        """Summaries of every session, newest first; corrupt rows are skipped with a warning."""
        with self._connect() as con:
            con.row_factory = sqlite3.Row
            rows = con.execute(
                "SELECT id, created_at, updated_at, finished, n_planned, n_answered, average"
                " FROM sessions ORDER BY created_at DESC, id DESC"
            ).fetchall()
        summaries = []
        for row in rows:
            try:
                summaries.append(SessionSummary.model_validate(dict(row)))
            except ValidationError as e:
                log.warning(
                    "skipping corrupt session %s in %s: %s", row["id"], self.path, e.errors()[0]["msg"]
                )
        return summaries
