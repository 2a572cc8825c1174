"""SessionStore: roundtrip, listing, id prefixes, errors a user can act on, concurrent saves, corrupt rows."""

from __future__ import annotations

import logging
import os
import re
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from interviewer.models import STAR_PARTS, Grade, KeyPoints, Session, StarPart, Turn
from interviewer.sessions import SessionStore, SessionStoreError, new_session_id, summarize

T0 = datetime(2026, 11, 25, 21, 44, tzinfo=UTC)


def grade(qid: str, overall: int) -> Grade:
    return Grade(
        question_id=qid,
        overall=overall,
        star={p: StarPart(present=True, evidence=[f"{p} 🚀"]) for p in STAR_PARTS},
        key_points=KeyPoints(covered=["idempotency"], missed=["backfill"]),
        on_topic=True,
    )


def session(sid: str, created: datetime = T0, grades: tuple[int, ...] = (4, 2)) -> Session:
    turns = [
        Turn(
            question_id=f"Q{i + 16}",
            role="question",
            prompt="Tell me…",
            answer="Я сделал 数据 ✅",
            grade=grade(f"Q{i + 16}", g),
        )
        for i, g in enumerate(grades)
    ]
    turns.append(
        Turn(
            question_id="Q16", role="follow_up", prompt="Result?", answer="30% faster", grade=grade("Q16", 5)
        )
    )
    turns.append(Turn(question_id="Q20", role="question", prompt="Prioritise?", skipped=True))
    return Session(
        id=sid, created_at=created, updated_at=created, plan=["Q16", "Q17", "Q20", "Q21"], turns=turns
    )


@pytest.fixture
def store(tmp_path: Path) -> SessionStore:
    return SessionStore(tmp_path / "home" / "sessions.sqlite3")


def test_roundtrip_keeps_every_field(store: SessionStore) -> None:
    original = session("20261125-2144-aaaaaa")
    store.save(original)
    assert store.load(original.id) == original


def test_save_is_an_upsert(store: SessionStore) -> None:
    s = session("20261125-2144-aaaaaa", grades=(4,))
    store.save(s)
    s.turns.append(Turn(question_id="Q17", role="question", prompt="?", answer="more", grade=grade("Q17", 2)))
    s.finished = True
    store.save(s)
    [row] = store.list()
    assert (row.n_answered, row.average, row.finished) == (2, 3.0, True)
    assert store.load(s.id) == s


def test_summary_counts_main_answers_only() -> None:
    summary = summarize(session("x", grades=(4, 2)))
    assert (summary.n_planned, summary.n_answered, summary.average) == (4, 2, 3.0)
    assert summarize(Session(id="y", plan=["Q1"])).average is None


def test_list_is_newest_first(store: SessionStore) -> None:
    for i, sid in enumerate(["b-old", "a-new", "c-mid"]):
        offset = {"b-old": 0, "c-mid": 1, "a-new": 2}[sid]
        store.save(session(sid, T0 + timedelta(hours=offset), grades=(i + 1,)))
    assert [s.id for s in store.list()] == ["a-new", "c-mid", "b-old"]
    assert [s.id for s in store.load_all()] == ["b-old", "c-mid", "a-new"]


def test_list_orders_by_instant_across_time_zones(store: SessionStore) -> None:
    store.save(session("utc", datetime(2026, 11, 25, 22, 0, tzinfo=UTC)))
    store.save(session("offset", datetime.fromisoformat("2026-11-26T00:30:00+02:00")))  # 22:30 UTC
    assert [s.id for s in store.list()] == ["offset", "utc"]


def test_load_accepts_a_unique_prefix(store: SessionStore) -> None:
    store.save(session("20261125-2144-ab12cd"))
    store.save(session("20261125-2150-ff00ee"))
    assert store.load("20261125-2144").id == "20261125-2144-ab12cd"
    assert store.load("  20261125-2150-ff00ee ").id == "20261125-2150-ff00ee"


def test_exact_id_wins_over_a_longer_one(store: SessionStore) -> None:
    store.save(session("abc"))
    store.save(session("abcd"))
    assert store.load("abc").id == "abc"


def test_ambiguous_prefix_names_the_candidates(store: SessionStore) -> None:
    store.save(session("20261125-2144-ab12cd"))
    store.save(session("20261125-2144-ff00ee"))
    with pytest.raises(KeyError, match=r"ambiguous.*20261125-2144-ab12cd.*20261125-2144-ff00ee"):
        store.load("20261125")


@pytest.mark.parametrize("query", ["nope", "", "%", "_0261125"])
def test_unknown_id_says_how_to_list_sessions(store: SessionStore, query: str) -> None:
    store.save(session("20261125-2144-ab12cd"))
    with pytest.raises(KeyError, match="interviewer sessions"):
        store.load(query)


def test_wal_mode(store: SessionStore) -> None:
    with sqlite3.connect(store.path) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_folder_that_cannot_be_created_names_the_path_and_the_fix(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    path = blocker / "sessions.sqlite3"
    with pytest.raises(SessionStoreError, match="INTERVIEWER_HOME") as err:
        SessionStore(path)
    assert str(path) in str(err.value)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes to read-only folders")
def test_read_only_folder_names_the_path_and_the_fix(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(SessionStoreError, match="INTERVIEWER_HOME"):
            SessionStore(folder / "sessions.sqlite3")
    finally:
        folder.chmod(0o700)


def test_concurrent_saves_from_threads(tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite3"
    stores = [SessionStore(path), SessionStore(path)]  # two instances: no shared lock, only SQLite's
    shared = session("shared", grades=())

    def worker(n: int) -> None:
        own = session(f"t{n:02d}", T0 + timedelta(minutes=n), grades=())
        for i in range(15):
            own.turns.append(
                Turn(question_id="Q1", role="question", prompt="?", answer=str(i), grade=grade("Q1", 3))
            )
            stores[n % 2].save(own)
            stores[n % 2].save(shared.model_copy(update={"settings": {"writer": n}}))

    with ThreadPoolExecutor(max_workers=8) as pool:
        for done in [pool.submit(worker, n) for n in range(8)]:
            done.result()  # re-raises a worker's exception here
    rows = {r.id: r for r in SessionStore(path).list()}
    assert len(rows) == 9
    assert all(rows[f"t{n:02d}"].n_answered == 15 for n in range(8))
    assert stores[0].load("shared").settings["writer"] in range(8)


def _corrupt(path: Path, sql: str, *args: object) -> None:
    with sqlite3.connect(path) as con:
        con.execute(sql, args)


def test_corrupt_row_is_skipped_by_list_with_a_warning(
    store: SessionStore, caplog: pytest.LogCaptureFixture
) -> None:
    store.save(session("good"))
    store.save(session("bad", T0 + timedelta(hours=1)))
    _corrupt(store.path, "UPDATE sessions SET created_at = 'not a date' WHERE id = ?", "bad")
    with caplog.at_level(logging.WARNING, logger="interviewer.sessions"):
        assert [s.id for s in store.list()] == ["good"]
    assert "bad" in caplog.text


def test_corrupt_json_is_a_clear_error_on_load_and_skipped_by_load_all(
    store: SessionStore, caplog: pytest.LogCaptureFixture
) -> None:
    store.save(session("good"))
    store.save(session("bad"))
    _corrupt(store.path, "UPDATE sessions SET data = '{\"id\": ' WHERE id = ?", "bad")
    with pytest.raises(SessionStoreError, match=r"bad.*corrupt"):
        store.load("bad")
    with caplog.at_level(logging.WARNING, logger="interviewer.sessions"):
        assert [s.id for s in store.load_all()] == ["good"]
    assert "bad" in caplog.text
    assert {s.id for s in store.list()} == {"good", "bad"}


def test_new_session_id_is_short_and_sorts_by_time() -> None:
    early = new_session_id(datetime(2026, 11, 25, 21, 44, tzinfo=UTC))
    late = new_session_id(datetime(2026, 11, 25, 23, 5, tzinfo=UTC))
    assert re.fullmatch(r"20261125-2144-[0-9a-f]{6}", early)
    assert early < late
    assert len({new_session_id() for _ in range(50)}) == 50
