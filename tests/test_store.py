"""The event store on SQLite and on a real PostgreSQL server: idempotent re-ingest, one transaction per
file, edits, bad paths. Migrations are in test_store_schema.py, concurrent writers in
test_store_concurrency.py."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

import geo_events as ge
from geo_events.errors import EditError, StoreError
from geo_events.dashboard.corrections import typed_place
from geo_events.store import default_store_path
from geo_events.models import Article, Event
from geo_events.store.queries import EventQuery, table_rows
from pg_server import postgres_server, postgres_url  # noqa: F401  (fixtures)


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """A new store on each backend: a SQLite file, a PostgreSQL database."""
    if request.param == "sqlite":
        return tmp_path / "s.sqlite3"
    return request.getfixturevalue("postgres_url")


def article(text: str) -> Article:
    return ge.parse_article(f" date 2023-01-23 {text}", source="t.txt")


def event(article_id: str, n: int, *, location: str = "Raqqa") -> Event:
    return Event(f"{article_id}-{n}", article_id, "t.txt", "", date(2023, 1, 20), 1, "Battles",
                 "Armed clash", "SDF", "ISIS", 1, 0, 0, location, location, 35.95, 39.01, 1, "Syria",
                 "Ar-Raqqa", 163915, "note", 0.9, "event", "SY", False)


def test_events_round_trip_with_their_types(location: Path | str) -> None:
    a = article("Clashes in Raqqa.")
    with ge.EventStore.open(location) as store:
        store.add([(a, [event(a.article_id, 1)])])
        (back,) = store.events()
    assert back == event(a.article_id, 1)


def test_a_file_of_more_events_than_one_insert_statement_holds_is_stored_whole(location: Path | str) -> None:
    """SQLite takes a file's events in statements of as many rows as its bound-variable limit
    allows (about 800): 2,500 events in one file cross three of them, each row whole, in order,
    and each found by its own text."""
    a = article("Clashes in Raqqa.")
    many = [replace(event(a.article_id, n), notes=f"report {n:04d} of the day", fatalities=n % 7)
            for n in range(2_500)]
    with ge.EventStore.open(location) as store:
        assert store.add([(a, many)]).events == 2_500
        assert store.events() == many
        with store.connection() as conn:
            for n in (0, 799, 800, 1_601, 2_499):
                found = table_rows(conn, EventQuery(text=f"report {n:04d} "), limit=5)["event_id"].tolist()
                assert found == [f"{a.article_id}-{n}"]


def test_reingesting_an_article_changes_nothing(location: Path | str) -> None:
    a = article("Clashes in Raqqa.")
    with ge.EventStore.open(location) as store:
        first = store.add([(a, [event(a.article_id, 1), event(a.article_id, 2)])])
        again = store.add([(a, [event(a.article_id, 1), event(a.article_id, 2)])])
        assert (first.articles, first.events, first.skipped) == (1, 2, 0)
        assert (again.articles, again.events, again.skipped) == (0, 0, 1)
        assert store.counts() == (1, 2)


def test_a_crash_mid_file_keeps_earlier_files_and_nothing_of_that_file(location: Path | str) -> None:
    a, b, c = article("One."), article("Two."), article("Three.")
    with ge.EventStore.open(location) as store:
        store.add([(a, [event(a.article_id, 1)])])
        # The second file's second article repeats an event id: the insert fails half-way.
        with pytest.raises(StoreError):
            store.add([(b, [event(b.article_id, 1)]), (c, [event(b.article_id, 1)])])
        assert store.counts() == (1, 1)
        assert store.known([a.article_id, b.article_id, c.article_id]) == {a.article_id}


def test_unopenable_store_path_is_a_store_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="cannot open the event store"):
        ge.EventStore.open(tmp_path / "file" / "s.sqlite3")


def test_default_path_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEO_EVENTS_STORE", str(tmp_path / "mine.sqlite3"))
    assert default_store_path() == tmp_path / "mine.sqlite3"


def test_text_that_looks_like_sql_is_stored_as_text(location: Path | str) -> None:
    a = article("x'); DROP TABLE events; --")
    hostile = event(a.article_id, 1, location="x'); DROP TABLE events; --")
    with ge.EventStore.open(location) as store:
        store.add([(a, [hostile])])
        assert [e.location for e in store.events()] == ["x'); DROP TABLE events; --"]


def test_acled_rows_are_stored_once(location: Path | str) -> None:
    row = Event("acled:SYR1", "acled:SYR1", "acled.csv", "ACLED SYR1", date(2023, 1, 21), 1, "Battles",
                "Armed clash", "SDF", "ISIS", 2, 0, 0, "Hajin", "", 34.69, 40.83, 1, "Syria", None,
                None, "", 1.0, "event")
    with ge.EventStore.open(location) as store:
        assert store.add([], [row]).events == 1
        assert store.add([], [row]).skipped == 1
        assert store.events() == [row] and store.counts() == (1, 1)


ACTOR_FIELDS = {"inter1": 1, "inter2": 7, "interaction": 17, "assoc_actor_1": "Police Forces of Syria",
                "assoc_actor_2": "Farmers (Syria); Teachers", "admin2": "Al Mayadin"}


def test_acled_actor_fields_round_trip(location: Path | str) -> None:
    a = article("Clashes in Raqqa.")
    written = replace(event(a.article_id, 1), **ACTOR_FIELDS)
    with ge.EventStore.open(location) as store:
        store.add([(a, [written])])
        (back,) = store.events()
    assert back == written and isinstance(back.inter1, int)


def sourced(text: str, source: str) -> Article:
    return ge.parse_article(f" date 2023-01-23 {text}", source=source)


def test_sources_list_each_file_with_its_articles_and_events(location: Path | str) -> None:
    rows = [sourced("Clashes in Raqqa.", "reports.csv#2"), sourced("Shelling in Hama.", "reports.csv#3"),
            sourced("A raid in Mosul.", "pasted.txt")]
    with ge.EventStore.open(location) as store:
        store.add([(rows[0], [event(rows[0].article_id, 1), event(rows[0].article_id, 2)]),
                   (rows[1], [event(rows[1].article_id, 1)])])
        store.add([(rows[2], [])])
        found = {s.name: (s.articles, s.events) for s in store.sources()}
    assert found == {"reports.csv": (2, 3), "pasted.txt": (1, 0)}


def test_removing_a_source_removes_its_articles_and_events_only(location: Path | str) -> None:
    kept, gone = sourced("Clashes in Raqqa.", "keep.txt"), sourced("Shelling in Hama.", "drop.csv#2")
    with ge.EventStore.open(location) as store:
        store.add([(kept, [event(kept.article_id, 1)]), (gone, [event(gone.article_id, 1), event(gone.article_id, 2)])])
        removed = store.remove_source("drop.csv")
        assert (removed.articles, removed.events) == (1, 2)
        assert [s.name for s in store.sources()] == ["keep.txt"] and store.counts() == (1, 1)
        assert (store.remove_source("never.txt").articles, store.counts()) == (0, (1, 1))
        store.add([(gone, [event(gone.article_id, 1)])])  # removed, so it can be stored again
        assert store.counts() == (2, 2)


def test_clearing_the_store_empties_it(location: Path | str) -> None:
    a = sourced("Clashes in Raqqa.", "a.txt")
    with ge.EventStore.open(location) as store:
        store.add([(a, [event(a.article_id, 1)])])
        cleared = store.clear()
        assert (cleared.articles, cleared.events) == (1, 1) and store.counts() == (0, 0) and store.sources() == []


# --- an analyst's edits ------------------------------------------------------------------------

def at(hour: int) -> datetime:
    return datetime(2024, 5, 1, hour, 30, tzinfo=timezone.utc)


def test_an_edit_is_applied_and_says_what_changed_and_when(location: Path | str) -> None:
    a = article("Clashes in Raqqa.")
    with ge.EventStore.open(location) as store:
        store.add([(a, [event(a.article_id, 1), event(a.article_id, 2)])])
        kept = store.edit(f"{a.article_id}-1", {"event_type": "Protests", "sub_event_type": "Peaceful protest",
                                                "actor1": "SDF"}, edited_at=at(9))
        edited, untouched = store.events()
    assert [(e.field, e.old_value, e.new_value) for e in kept] == [  # actor1 unchanged: not kept
        ("event_type", "Battles", "Protests"), ("sub_event_type", "Armed clash", "Peaceful protest")]
    assert (edited.event_type, edited.sub_event_type) == ("Protests", "Peaceful protest")
    assert edited.edited == ("event_type: Battles -> Protests (2024-05-01T09:30:00+00:00); "
                             "sub_event_type: Armed clash -> Peaceful protest (2024-05-01T09:30:00+00:00)")
    assert untouched == event(a.article_id, 2) and untouched.edited == ""


def test_edits_keep_their_history_and_the_latest_wins(location: Path | str) -> None:
    a = article("Clashes in Raqqa.")
    with ge.EventStore.open(location) as store:
        store.add([(a, [event(a.article_id, 1)])])
        store.edit(f"{a.article_id}-1", {"event_date": "2023-01-18"}, edited_at=at(9))
        store.edit(f"{a.article_id}-1", {"event_date": date(2023, 1, 19), "actor2": ""}, edited_at=at(10))
        (back,) = store.events()
        history = store.edits()[f"{a.article_id}-1"]
    assert [(e.field, e.old_value, e.new_value) for e in history] == [
        ("event_date", "2023-01-20", "2023-01-18"), ("event_date", "2023-01-18", "2023-01-19"),
        ("actor2", "ISIS", "")]
    assert back.event_date == date(2023, 1, 19) and back.actor2 == ""
    assert back.edited == ("event_date: 2023-01-18 -> 2023-01-19 (2024-05-01T10:30:00+00:00); "
                           "actor2: ISIS -> (empty) (2024-05-01T10:30:00+00:00)")


def test_a_place_is_edited_whole(location: Path | str) -> None:
    a = article("Clashes in Raqqa.")
    with ge.EventStore.open(location) as store:
        store.add([(a, [event(a.article_id, 1)])])
        store.edit(f"{a.article_id}-1", {"location": "Tabqa", "latitude": 35.84, "longitude": "38.55"})
        (back,) = store.events()
        with pytest.raises(EditError, match="a place is edited whole"):
            store.edit(f"{a.article_id}-1", {"latitude": 1.0})
    assert (back.location, back.latitude, back.longitude) == ("Tabqa", 35.84, 38.55)


def test_a_dismissed_event_is_still_read_marked_and_can_be_restored(location: Path | str) -> None:
    a = article("Clashes in Raqqa.")
    with ge.EventStore.open(location) as store:
        store.add([(a, [event(a.article_id, 1)])])
        store.edit(f"{a.article_id}-1", {"dismissed": True})
        assert [e.dismissed for e in store.events()] == [True]
        assert bool(store.table()["dismissed"].iloc[0]) is True
        store.edit(f"{a.article_id}-1", {"dismissed": "0"})
        assert [e.dismissed for e in store.events()] == [False]


def test_an_unknown_event_or_a_bad_value_is_refused_and_nothing_is_kept(location: Path | str) -> None:
    a = article("Clashes in Raqqa.")
    with ge.EventStore.open(location) as store:
        store.add([(a, [event(a.article_id, 1)])])
        with pytest.raises(EditError, match="no event 'nope'"):
            store.edit("nope", {"actor1": "SDF"})
        with pytest.raises(EditError, match="sub_event_type must be a sub-event type of 'Battles'"):
            store.edit(f"{a.article_id}-1", {"actor1": "X", "sub_event_type": "Peaceful protest"})
        assert store.edits() == {}


def test_edits_survive_a_reingest_and_a_source_removed_and_stored_again(location: Path | str) -> None:
    a = sourced("Clashes in Raqqa.", "again.txt")
    with ge.EventStore.open(location) as store:
        store.add([(a, [event(a.article_id, 1)])])
        store.edit(f"{a.article_id}-1", {"actor1": "Tribal fighters"})
        assert store.add([(a, [event(a.article_id, 1)])]).skipped == 1  # the same article: a no-op
        assert [e.actor1 for e in store.events()] == ["Tribal fighters"]
        store.remove_source("again.txt")
        assert store.events() == [] and len(store.edits()) == 1  # the edit is kept
        store.add([(a, [event(a.article_id, 1)])])  # stored again: same event ids
        (back,) = store.events()
    assert back.actor1 == "Tribal fighters" and back.edited.startswith("actor1: SDF -> Tribal fighters")


def test_an_event_not_in_the_store_is_edited_from_its_shown_values(location: Path | str) -> None:
    shown = event("path-article", 1)  # an article on the page's paths, never stored
    with ge.EventStore.open(location) as store:
        store.edit(shown.event_id, {"actor2": "Civilians (Syria)"}, current=shown)
        (edit,) = store.edits()[shown.event_id]
    assert (edit.old_value, edit.new_value) == ("ISIS", "Civilians (Syria)")


def test_text_that_looks_like_sql_is_an_edit_like_any_other(location: Path | str) -> None:
    a = article("Clashes in Raqqa.")
    hostile = "x'); DROP TABLE edits; --"
    with ge.EventStore.open(location) as store:
        store.add([(a, [event(a.article_id, 1)])])
        store.edit(f"{a.article_id}-1", {"actor1": hostile})
        assert [e.actor1 for e in store.events()] == [hostile]


def test_a_correction_moves_the_rows_but_an_edited_place_stays_edited(location: Path | str) -> None:
    a = article("Clashes in Raqqa.")
    with ge.EventStore.open(location) as store:
        store.add([(a, [event(a.article_id, 1), event(a.article_id, 2)])])
        store.edit(f"{a.article_id}-2", {"location": "Tabqa", "latitude": 35.84, "longitude": 38.55})
        moved = store.apply_correction("Raqqa", typed_place("Ar Raqqah", 35.95, 39.02, country_code="SY"))
        corrected, edited = store.events()
    assert moved == 2
    assert (corrected.location, corrected.longitude, corrected.country_code) == ("Ar Raqqah", 39.02, "SY")
    assert (edited.location, edited.latitude, edited.longitude) == ("Tabqa", 35.84, 38.55)
    assert edited.country_code == "SY" and edited.edited.startswith("location: Raqqa -> Tabqa")


# --- the version a reader keys its cache on ------------------------------------------------------

def test_the_version_changes_with_every_write_and_only_then(location: Path | str) -> None:
    a = sourced("Clashes in Raqqa.", "a.txt")
    with ge.EventStore.open(location) as store, ge.EventStore.open(location) as reader:
        seen = [reader.version()]
        store.add([(a, [event(a.article_id, 1)])])
        seen.append(reader.version())
        store.add([(a, [event(a.article_id, 1)])])  # already stored: nothing written
        store.edit(f"{a.article_id}-1", {"actor1": "SDF"})  # the value it has: nothing written
        store.remove_source("never.txt")
        assert reader.version() == seen[-1]
        store.edit(f"{a.article_id}-1", {"actor1": "YPG"})
        seen.append(reader.version())
        store.apply_correction("Raqqa", typed_place("Ar Raqqah", 35.95, 39.02))
        seen.append(reader.version())
        store.remove_source("a.txt")
        seen.append(reader.version())
        store.add([(a, [event(a.article_id, 1)])])
        store.clear()
        seen.append(reader.version())
    assert len({store_id for store_id, _ in seen}) == 1
    assert [writes for _, writes in seen] == [0, 1, 2, 3, 4, 6]


def test_two_new_stores_have_different_versions(tmp_path: Path) -> None:
    with ge.EventStore.open(tmp_path / "a.sqlite3") as one, ge.EventStore.open(tmp_path / "b.sqlite3") as other:
        assert one.version() != other.version() and one.version()[1] == other.version()[1] == 0


def test_sqlite_statistics_are_gathered_as_the_store_doubles_or_halves(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """ANALYZE runs once the store reaches the threshold, not again until its events double,
    and again when they halve; a store emptied and filled again starts over."""
    import sqlite3

    from geo_events.store import statistics

    monkeypatch.setattr(statistics, "STATISTICS_MIN_ROWS", 10)
    path = tmp_path / "s.sqlite3"

    def analyzed() -> int | None:
        with sqlite3.connect(path) as db:
            stats = db.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchall()
            found = db.execute("SELECT value FROM meta WHERE key = 'analyzed_rows'").fetchone()
            assert bool(stats) == (found is not None)  # the mark is there exactly when statistics are
            return int(found[0]) if found else None

    def add(store: ge.EventStore, first: int, count: int, source: str = "t.txt") -> None:
        for n in range(first, first + count):
            a = ge.parse_article(f" date 2023-01-23 report {n}", source=source)
            store.add([(a, [event(a.article_id, 0)])])

    with ge.EventStore.open(path) as store:
        add(store, 0, 9)
        assert analyzed() is None  # under the threshold
        add(store, 9, 1)
        assert analyzed() == 10
        add(store, 10, 9, source="u.txt")
        assert analyzed() == 10  # 19 events: not yet doubled
        add(store, 19, 1, source="u.txt")
        assert analyzed() == 20
        store.remove_source("u.txt")
        assert analyzed() == 10  # halved
        store.clear()
        assert analyzed() == 0
        add(store, 30, 9)
        assert analyzed() == 0  # small again: no statistics work for each file
