"""The SQLite event store: idempotent re-ingest, one transaction per file, bad paths."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

import geo_events as ge
from geo_events.errors import StoreError
from geo_events.store import default_store_path
from geo_events.models import Article, Event


def article(text: str) -> Article:
    return ge.parse_article(f" date 2023-01-23 {text}", source="t.txt")


def event(article_id: str, n: int, *, location: str = "Raqqa") -> Event:
    return Event(f"{article_id}-{n}", article_id, "t.txt", "", date(2023, 1, 20), 1, "Battles",
                 "Armed clash", "SDF", "ISIS", 1, 0, 0, location, location, 35.95, 39.01, 1, "Syria",
                 "Ar-Raqqa", 163915, "note", 0.9, "event", "SY", False)


def test_events_round_trip_with_their_types(tmp_path: Path) -> None:
    a = article("Clashes in Raqqa.")
    with ge.EventStore.open(tmp_path / "s.sqlite3") as store:
        store.add([(a, [event(a.article_id, 1)])])
        (back,) = store.events()
    assert back == event(a.article_id, 1)


def test_reingesting_an_article_changes_nothing(tmp_path: Path) -> None:
    a = article("Clashes in Raqqa.")
    with ge.EventStore.open(tmp_path / "s.sqlite3") as store:
        first = store.add([(a, [event(a.article_id, 1), event(a.article_id, 2)])])
        again = store.add([(a, [event(a.article_id, 1), event(a.article_id, 2)])])
        assert (first.articles, first.events, first.skipped) == (1, 2, 0)
        assert (again.articles, again.events, again.skipped) == (0, 0, 1)
        assert store.counts() == (1, 2)


def test_a_crash_mid_file_keeps_earlier_files_and_nothing_of_that_file(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    a, b, c = article("One."), article("Two."), article("Three.")
    with ge.EventStore.open(path) as store:
        store.add([(a, [event(a.article_id, 1)])])
        # The second file's second article repeats an event id: the insert fails half-way.
        with pytest.raises(StoreError):
            store.add([(b, [event(b.article_id, 1)]), (c, [event(b.article_id, 1)])])
        assert store.counts() == (1, 1)
        assert store.known([a.article_id, b.article_id, c.article_id]) == {a.article_id}


def test_store_from_a_newer_schema_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    ge.EventStore.open(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '99' WHERE key = 'schema'")
    with pytest.raises(StoreError, match="schema 99"):
        ge.EventStore.open(path)


def test_unopenable_store_path_is_a_store_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="cannot open the event store"):
        ge.EventStore.open(tmp_path / "file" / "s.sqlite3")


def test_default_path_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEO_EVENTS_STORE", str(tmp_path / "mine.sqlite3"))
    assert default_store_path() == tmp_path / "mine.sqlite3"


def test_text_that_looks_like_sql_is_stored_as_text(tmp_path: Path) -> None:
    a = article("x'); DROP TABLE events; --")
    hostile = event(a.article_id, 1, location="x'); DROP TABLE events; --")
    with ge.EventStore.open(tmp_path / "s.sqlite3") as store:
        store.add([(a, [hostile])])
        assert [e.location for e in store.events()] == ["x'); DROP TABLE events; --"]


def test_acled_rows_are_stored_once(tmp_path: Path) -> None:
    row = Event("acled:SYR1", "acled:SYR1", "acled.csv", "ACLED SYR1", date(2023, 1, 21), 1, "Battles",
                "Armed clash", "SDF", "ISIS", 2, 0, 0, "Hajin", "", 34.69, 40.83, 1, "Syria", None,
                None, "", 1.0, "event")
    with ge.EventStore.open(tmp_path / "s.sqlite3") as store:
        assert store.add([], [row]).events == 1
        assert store.add([], [row]).skipped == 1
        assert store.events() == [row] and store.counts() == (1, 1)
