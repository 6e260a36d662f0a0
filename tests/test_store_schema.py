"""The store's schema: created at the current version, older stores (SQLite schemas 1-5, PostgreSQL
schemas 3-5) migrated forward in one transaction with their edits written into the rows and their
text indexed, a newer one refused, and two processes opening an old store at once migrating it once."""

from __future__ import annotations

import logging
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

import geo_events as ge
from conftest import REPO
from geo_events.errors import StoreError
from geo_events.models import Event
from geo_events.store import schema
from geo_events.store.edits import EventEdit, apply_edits
from geo_events.store.tables import ROW_FIELDS, SCHEMA_VERSION, STORED_FIELDS
from pg_server import postgres_server, postgres_url  # noqa: F401  (fixtures)

MIGRATION_LOG = "geo_events.store.schema"


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    if request.param == "sqlite":
        return tmp_path / "s.sqlite3"
    return request.getfixturevalue("postgres_url")


def query(location: Path | str, sql: str, params: tuple = ()) -> list[tuple]:
    """Rows of ``sql`` run straight on the database (not through the store); ``?`` placeholders."""
    if isinstance(location, Path):
        with closing(sqlite3.connect(location)) as db, db:
            return db.execute(sql, params).fetchall()
    import psycopg

    with psycopg.connect(location) as db:
        cursor = db.execute(sql.replace("?", "%s"), params)
        return cursor.fetchall() if cursor.description else []


def script(location: Path | str, sql: str) -> None:
    if isinstance(location, Path):
        with closing(sqlite3.connect(location)) as db, db:
            db.executescript(sql)
    else:
        import psycopg

        with psycopg.connect(location) as db:
            db.execute(sql)


def event(article_id: str, n: int) -> Event:
    return Event(f"{article_id}-{n}", article_id, "t.txt", "", date(2023, 1, 20), 1, "Battles",
                 "Armed clash", "SDF", "ISIS", 1, 0, 0, "Raqqa", "Raqqa", 35.95, 39.01, 1, "Syria",
                 "Ar-Raqqa", 163915, "note", 0.9, "event", "SY", False)


#: The event columns of a schema-1 store, as that version wrote them.
V1_EVENT_COLUMNS = (
    "event_id TEXT PRIMARY KEY, article_id TEXT, source TEXT, title TEXT, event_date TEXT, "
    "time_precision INTEGER, event_type TEXT, sub_event_type TEXT, actor1 TEXT, actor2 TEXT, "
    "fatalities INTEGER, injuries INTEGER, captured INTEGER, location TEXT, matched_text TEXT, "
    "latitude REAL, longitude REAL, geo_precision INTEGER, country TEXT, admin1 TEXT, geonameid INTEGER, "
    "notes TEXT, confidence REAL, kind TEXT, country_code TEXT, needs_review INTEGER, url TEXT, "
    "source_count INTEGER, sources TEXT")
#: What schema 2 added: ACLED's actor types and associated actors, and admin2.
V2_EVENT_COLUMNS = ("inter1 INTEGER DEFAULT 0, inter2 INTEGER DEFAULT 0, interaction INTEGER DEFAULT 0, "
                    "assoc_actor_1 TEXT DEFAULT '', assoc_actor_2 TEXT DEFAULT '', admin2 TEXT")
#: What schema 3 added: the edits table.
V3_EDITS = ("CREATE TABLE edits (edit_id INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL, "
            "field TEXT NOT NULL, old_value TEXT, new_value TEXT NOT NULL, edited_at TEXT NOT NULL);"
            "CREATE INDEX edits_by_event ON edits (event_id);")


def old_store(location: Path | str, version: int, rows: list[Event], edits: list[EventEdit] = ()) -> None:
    """A store as schema ``version`` (1-3) wrote it, holding ``rows`` and ``edits``; on PostgreSQL
    (schema 3 only) with its types (double precision, a serial edit id)."""
    columns = V1_EVENT_COLUMNS + (", " + V2_EVENT_COLUMNS if version >= 2 else "")
    ddl = f"""
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE articles (article_id TEXT PRIMARY KEY, source TEXT NOT NULL, title TEXT, url TEXT,
                               published TEXT, ingested_at TEXT NOT NULL);
        CREATE TABLE events ({columns}, FOREIGN KEY (article_id) REFERENCES articles (article_id));
        CREATE INDEX events_by_article ON events (article_id);
        CREATE INDEX events_by_date ON events (event_date);
        {V3_EDITS if version >= 3 else ""}
        INSERT INTO meta VALUES ('schema', '{version}');"""
    if not isinstance(location, Path):
        ddl = ddl.replace(" REAL", " DOUBLE PRECISION").replace("INTEGER PRIMARY KEY AUTOINCREMENT",
                                                                 "SERIAL PRIMARY KEY")
    script(location, ddl)
    names = [c.split()[0] for c in columns.split(", ")]
    for row in rows:
        values = [getattr(row, n) for n in names]
        values = [v.isoformat() if isinstance(v, date) else int(v) if isinstance(v, bool) else v for v in values]
        query(location, "INSERT INTO articles VALUES (?, 't.txt', '', '', '2023-01-23', '2023-01-24T00:00:00+00:00') "
                        "ON CONFLICT DO NOTHING", (row.article_id,))
        query(location, f"INSERT INTO events ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
              tuple(values))
    for e in edits:
        query(location, "INSERT INTO edits (event_id, field, old_value, new_value, edited_at) VALUES (?, ?, ?, ?, ?)",
              (e.event_id, e.field, e.old_value, e.new_value, e.edited_at))


def columns_of(location: Path | str, table: str) -> list[str]:
    if isinstance(location, Path):
        return [r[1] for r in query(location, f"PRAGMA table_info({table})")]
    return [r[0] for r in query(location, "SELECT column_name FROM information_schema.columns WHERE "
                                          "table_name = ? ORDER BY ordinal_position", (table,))]


def test_a_new_store_is_created_at_the_current_schema(location: Path | str) -> None:
    ge.EventStore.open(location).close()
    meta = dict(query(location, "SELECT key, value FROM meta"))
    assert (meta["schema"], meta["version"], len(meta["store_id"])) == (str(SCHEMA_VERSION), "0", 32)
    assert [c for c in columns_of(location, "events") if c in STORED_FIELDS] == list(STORED_FIELDS)


def test_store_from_a_newer_schema_is_refused_clearly(location: Path | str) -> None:
    ge.EventStore.open(location).close()
    query(location, "UPDATE meta SET value = '99' WHERE key = 'schema'")
    with pytest.raises(StoreError, match=f"schema 99, this version reads {SCHEMA_VERSION}"):
        ge.EventStore.open(location)
    assert query(location, "SELECT value FROM meta WHERE key = 'schema'") == [("99",)]  # left as it was


def test_a_schema_1_store_is_migrated_in_place_when_opened(tmp_path: Path,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "s.sqlite3"
    old = event("a1", 1)
    old_store(path, 1, [old])
    with caplog.at_level(logging.INFO, logger=MIGRATION_LOG):
        store = ge.EventStore.open(path)
    with store:
        (back,) = store.events()
        assert back == old  # the new fields read as their defaults
        assert (back.inter1, back.inter2, back.interaction, back.assoc_actor_1, back.admin2) == (0, 0, 0, "", None)
        assert (back.edited, back.dismissed) == ("", False)
        newer = replace(event("b1", 1), inter1=1, inter2=7, interaction=17, assoc_actor_1="Police Forces of Syria")
        store.add([(ge.parse_article(" date 2023-01-23 Protests.", source="b.txt"), [])])  # an article, no events
        store.add([], [replace(newer, article_id="acled:b1", event_id="acled:b1")])
        assert [e.event_id for e in store.events()] == ["a1-1", "acled:b1"]
    assert f"migrated from schema 1 to {SCHEMA_VERSION}" in caplog.text and "assoc_actor_1" in caplog.text
    assert query(path, "SELECT value FROM meta WHERE key = 'schema'") == [(str(SCHEMA_VERSION),)]
    assert columns_of(path, "events") == list(ROW_FIELDS)
    assert columns_of(path, "edits") == ["edit_id", "event_id", "field", "old_value", "new_value", "edited_at"]
    caplog.clear()
    with caplog.at_level(logging.INFO, logger=MIGRATION_LOG):
        ge.EventStore.open(path).close()  # opened again: nothing more to do
    assert "migrated" not in caplog.text


def test_a_failed_migration_leaves_the_schema_1_store_as_it_was(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "s.sqlite3"
    old_store(path, 1, [event("a1", 1)])
    real = schema.add_column_sql
    # The last new column's SQL is broken: the tables and columns added before it must be undone too.
    monkeypatch.setattr(schema, "add_column_sql", lambda dialect, name: "ALTER TABLE events ADD COLUMN dismissed "
                        "NOT A TYPE (" if name == "dismissed" else real(dialect, name))
    with pytest.raises(StoreError, match=f"cannot migrate the event store .* from schema 1 to {SCHEMA_VERSION}"):
        ge.EventStore.open(path)
    assert query(path, "SELECT value FROM meta") == [("1",)]
    assert "inter1" not in columns_of(path, "events") and columns_of(path, "edits") == []
    monkeypatch.undo()
    with ge.EventStore.open(path) as store:  # and it migrates once the fault is gone
        assert [e.event_id for e in store.events()] == ["a1-1"]


def test_a_schema_2_store_gains_the_edits_table(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "s.sqlite3"
    old = replace(event("a1", 1), inter1=2, admin2="Al Mayadin")
    old_store(path, 2, [old])
    with caplog.at_level(logging.INFO, logger=MIGRATION_LOG), ge.EventStore.open(path) as store:
        assert store.events() == [old]
        store.edit(old.event_id, {"actor1": "YPG"})
        assert [e.actor1 for e in store.events()] == ["YPG"]
    assert f"migrated from schema 2 to {SCHEMA_VERSION} (added edited, dismissed" in caplog.text
    assert columns_of(path, "edits") == ["edit_id", "event_id", "field", "old_value", "new_value", "edited_at"]


HISTORY = [EventEdit("a1-1", "actor1", "SDF", "Tribal fighters", "2024-05-01T09:30:00+00:00"),
           EventEdit("a1-1", "actor1", "Tribal fighters", "YPG", "2024-05-01T10:30:00+00:00"),
           EventEdit("a1-2", "dismissed", "0", "1", "2024-05-01T11:30:00+00:00"),
           EventEdit("gone-1", "actor2", "ISIS", "Civilians", "2024-05-01T12:30:00+00:00")]


def test_a_schema_3_store_keeps_its_edits_in_the_rows(location: Path | str,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    rows = [event("a1", 1), event("a1", 2), event("a1", 3)]
    old_store(location, 3, rows, HISTORY)
    with caplog.at_level(logging.INFO, logger=MIGRATION_LOG), ge.EventStore.open(location) as store:
        read = store.events()
        kept = store.edits()
    history = {}
    for e in HISTORY:
        history.setdefault(e.event_id, []).append(e)
    assert read == apply_edits(rows, history)  # what schema 3 showed, applying the edits when read
    assert kept == history  # the history itself, the removed event's edit too
    # ... and now the rows themselves hold the edits:
    assert query(location, "SELECT event_id, actor1, dismissed, edited FROM events ORDER BY event_id") == [
        ("a1-1", "YPG", 0, "actor1: Tribal fighters -> YPG (2024-05-01T10:30:00+00:00)"),
        ("a1-2", "SDF", 1, "dismissed: 0 -> 1 (2024-05-01T11:30:00+00:00)"),
        ("a1-3", "SDF", 0, "")]
    assert f"migrated from schema 3 to {SCHEMA_VERSION} (added edited, dismissed, search_text; 2 edited event(s)" \
        in caplog.text
    assert query(location, "SELECT value FROM meta WHERE key = 'schema'") == [(str(SCHEMA_VERSION),)]


def index_names(location: Path | str) -> set[str]:
    if isinstance(location, Path):
        return {r[0] for r in query(location, "SELECT name FROM sqlite_master WHERE type = 'index' AND "
                                              "tbl_name = 'events' AND name NOT LIKE 'sqlite_%'")}
    return {r[0] for r in query(location, "SELECT indexname FROM pg_indexes WHERE tablename = 'events'")}


#: Schema 6's index of the searched text, dropped (SQLite: the FTS5 table and its triggers).
DROP_TEXT_INDEX = {True: "DROP TRIGGER events_text_added; DROP TRIGGER events_text_removed; "
                         "DROP TRIGGER events_text_changed; DROP TABLE events_text; ",
                   False: "DROP INDEX events_by_text; "}


def test_a_schema_4_store_gains_its_searched_text_and_the_pages_indexes(location: Path | str,
                                                                       caplog: pytest.LogCaptureFixture) -> None:
    from geo_events.store.queries import EventQuery, table_rows

    rows = [replace(event("a1", 1), notes="Clashes near the STRAẞE"), event("a2", 1)]
    with ge.EventStore.open(location) as store:
        store.add([], rows)
    # Schema 4 as that version left it: no searched text, the two plain indexes, not the covering ones.
    script(location, DROP_TEXT_INDEX[isinstance(location, Path)] + "ALTER TABLE events DROP COLUMN search_text; "
                     "DROP INDEX events_by_article_view; DROP INDEX events_by_day_view; "
                     "DROP INDEX events_by_place_view; CREATE INDEX events_by_article ON events (article_id); "
                     "CREATE INDEX events_by_date ON events (event_date); "
                     "UPDATE meta SET value = '4' WHERE key = 'schema';")
    with caplog.at_level(logging.INFO, logger=MIGRATION_LOG), ge.EventStore.open(location) as store:
        assert store.events() == rows
        with store.connection() as conn:
            found = table_rows(conn, EventQuery(text="strasse"), limit=5)
    assert found["event_id"].tolist() == ["a1-1"]  # the migrated row's text is searched, case-folded
    assert f"migrated from schema 4 to {SCHEMA_VERSION} (added search_text" in caplog.text
    assert "searched text written for 2 stored row(s)" in caplog.text
    indexes = index_names(location)
    assert {"events_by_article_view", "events_by_day_view", "events_by_place_view"} <= indexes
    assert not {"events_by_article", "events_by_date"} & indexes  # replaced by the covering ones


#: Opens the store named by argv[1] once every child is ready (argv[2]: a folder for the barrier),
#: its migration held open a second, so the others queue behind it; logs to stderr.
OPEN_AT_ONCE = """
import logging, sys, time
from pathlib import Path
logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(name)s: %(message)s")
import geo_events as ge
from geo_events.store import as_location, schema
real = schema._migrate
def slow(*args):
    time.sleep(1.0)
    return real(*args)
schema._migrate = slow
folder = Path(sys.argv[2])
(folder / f"ready-{sys.argv[3]}").touch()
while not (folder / "go").exists():
    time.sleep(0.01)
with ge.EventStore.open(as_location(sys.argv[1])) as store:
    print(len(store.events()))
"""


def test_two_processes_opening_an_old_store_migrate_it_once(location: Path | str, tmp_path: Path) -> None:
    old_store(location, 3, [event("a1", 1)], HISTORY[:1])
    children = [subprocess.Popen([sys.executable, "-c", OPEN_AT_ONCE, str(location), str(tmp_path), str(n)],
                                 cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for n in range(3)]
    deadline = time.monotonic() + 120
    while len(list(tmp_path.glob("ready-*"))) < len(children) and time.monotonic() < deadline:
        time.sleep(0.02)
    (tmp_path / "go").touch()
    done = [child.communicate(timeout=120) for child in children]
    assert [child.returncode for child in children] == [0, 0, 0], [err for _, err in done]
    assert [out.strip() for out, _ in done] == ["1", "1", "1"]
    assert sum(err.count("migrated from schema 3") for _, err in done) == 1
    assert query(location, "SELECT actor1, edited FROM events") == [
        ("Tribal fighters", "actor1: SDF -> Tribal fighters (2024-05-01T09:30:00+00:00)")]


def test_every_write_keeps_the_searched_text_right(location: Path | str) -> None:
    """Added, edited, corrected, cleared and added again: the text filter finds each row by what
    it says now, and never by what it said before."""
    from geo_events.dashboard.corrections import typed_place
    from geo_events.store.queries import EventQuery, table_rows

    def found(store: ge.EventStore, needle: str) -> list[str]:
        with store.connection() as conn:
            return sorted(table_rows(conn, EventQuery(text=needle), limit=10)["event_id"])

    first, second = event("a1", 1), replace(event("a2", 1), matched_text="Tabqa", location="Tabqa")
    with ge.EventStore.open(location) as store:
        store.add([], [first, second])
        assert found(store, "RAQQA") == ["a1-1"] and found(store, "tabqa") == ["a2-1"]
        store.edit(first.event_id, {"actor1": "Tribal fighters"})
        assert found(store, "tribal FIGHTERS") == ["a1-1"] and found(store, "sdf") == ["a2-1"]
        store.apply_correction("Tabqa", typed_place("Ath Thawrah", 35.84, 38.55))
        assert found(store, "thawrah") == ["a2-1"]
        assert found(store, "tabqa") == ["a2-1"]  # still the name as written
        store.clear()
        store.add([], [first])  # added again: its edit comes back, and is what is searched
        assert found(store, "tribal") == ["a1-1"] and found(store, "tabqa") == []
        assert store.text_index  # all of it asked of the text index, which matches the rows exactly:
    if isinstance(location, Path):  # FTS5 compares each row's indexed trigrams with its text
        query(location, "INSERT INTO events_text (events_text, rank) VALUES ('integrity-check', 1)")
        assert query(location, "SELECT rowid FROM events_text WHERE events_text MATCH '\"tab\"'") == []


def test_a_schema_5_store_gains_the_index_of_its_text(location: Path | str, caplog: pytest.LogCaptureFixture) -> None:
    from geo_events.store.queries import EventQuery, table_rows
    from geo_events.store.text_index import has_text_index

    rows = [replace(event("a1", 1), notes="Drone strike on a convoy"), event("a2", 1)]
    with ge.EventStore.open(location) as store:
        store.add([], rows)
    script(location, DROP_TEXT_INDEX[isinstance(location, Path)] + "UPDATE meta SET value = '5' WHERE key = 'schema';")
    with caplog.at_level(logging.INFO, logger=MIGRATION_LOG), ge.EventStore.open(location) as store:
        assert store.text_index
        with store.connection() as conn:
            assert has_text_index(conn)
            assert table_rows(conn, EventQuery(text="DRONE STR"), limit=5)["event_id"].tolist() == ["a1-1"]
        store.add([], [replace(event("a3", 1), notes="another drone")])  # kept in step from now on
        with store.connection() as conn:
            assert sorted(table_rows(conn, EventQuery(text="drone"), limit=5)["event_id"]) == ["a1-1", "a3-1"]
    assert f"migrated from schema 5 to {SCHEMA_VERSION}" in caplog.text
    if isinstance(location, Path):  # the rows stored before the migration are in the index
        assert query(location, "SELECT count(*) FROM events_text WHERE events_text MATCH '\"ron\" AND \"one\"'") == [(2,)]
    else:
        assert "events_by_text" in index_names(location)


def test_without_a_text_index_the_store_says_so_and_scans_until_it_can_have_one(
        location: Path | str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """A database that cannot make the index (SQLite without FTS5's trigrams, PostgreSQL without
    pg_trgm or the right to create it) still stores and finds every row, says so once a process,
    and the store gains the index when opened where the database can make it."""
    from geo_events.store import text_index
    from geo_events.store.queries import EventQuery, table_rows

    def drone(store: ge.EventStore) -> list[str]:
        with store.connection() as conn:
            return table_rows(conn, EventQuery(text="drone"), limit=5)["event_id"].tolist()

    with monkeypatch.context() as unable:
        unable.setitem(text_index._PROBES, "sqlite", ("CREATE VIRTUAL TABLE temp.p USING fts5(x, tokenize='nonesuch')",))
        unable.setitem(text_index._PROBES, "postgresql", ("CREATE EXTENSION nonesuch_trgm",))
        with caplog.at_level(logging.WARNING, logger="geo_events.store.text_index"):
            with ge.EventStore.open(location) as store:
                assert not store.text_index
                store.add([], [replace(event("a1", 1), notes="Drone strike"), event("a2", 1)])
                assert drone(store) == ["a1-1"]
            with ge.EventStore.open(location) as again:
                assert not again.text_index and drone(again) == ["a1-1"]
    assert caplog.text.count("no index of the events' text") == 1, caplog.text  # once a process
    assert "a text filter reads every row's text" in caplog.text and store.location in caplog.text
    text_index.REFUSED_TEXT_INDEX.discard(store.location)  # as a new process, where the database can
    with ge.EventStore.open(location) as store:
        assert store.text_index and drone(store) == ["a1-1"]
        store.add([], [replace(event("a3", 1), notes="a drone again")])
        assert sorted(drone(store)) == ["a1-1", "a3-1"]
    if isinstance(location, Path):  # the rows stored before the index are in it
        query(location, "INSERT INTO events_text (events_text, rank) VALUES ('integrity-check', 1)")
        assert query(location, "SELECT count(*) FROM events_text WHERE events_text MATCH '\"dro\"'") == [(2,)]
    else:
        assert "events_by_text" in index_names(location)
