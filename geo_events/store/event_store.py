"""Events kept in an embedded SQLite database, one transaction per input file.

    >>> import tempfile, pathlib
    >>> store = EventStore.open(pathlib.Path(tempfile.mkdtemp()) / "events.sqlite3")
    >>> store.counts()
    (0, 0)
    >>> store.close()

Where: ``--store FILE`` / ``EventStore.open(path)``, else the
``GEO_EVENTS_STORE`` environment variable, else ``events.sqlite3`` in the
user's data directory (platformdirs).

Re-ingesting an article changes nothing: an article is keyed by the hash of
its content (``article_id``) and a known one is skipped with its events. Each
call of :meth:`EventStore.add` is one transaction, so a crash mid-file
leaves every earlier file stored and nothing of that file half-written.
Every value goes in as a bound parameter: nothing a user typed becomes SQL.
Adding is linear in the events added (one indexed lookup and one insert
each); reading all events is linear in the store.

An analyst's edits (:meth:`EventStore.edit`) go in the ``edits`` table, one
row per field changed, never overwritten: a history, of which the latest
value of each field is applied when events are read (:meth:`EventStore.events`,
with :attr:`~geo_events.Event.edited` saying what changed and when). Edits are
keyed by ``event_id`` and kept when a source is removed, so an article stored
again (its events get the same ids) shows them again. An event marked "not an
event" is still read, with ``dismissed`` set: the page leaves it off the map.

A store written by an older version is brought up to date when opened, in
one transaction: schema 1 (before ACLED's actor types, associated actors
and ``admin2``) gains those columns, at their defaults; schemas 1 and 2
gain the ``edits`` table. A store of a newer schema than this version knows
is refused.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import MISSING, dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from gazetteer import Candidate
from geo_events.errors import EditError, StoreError
from geo_events.models import EVENT_FIELDS, Article, Event, source_file
from geo_events.store.edits import EventEdit, apply_edits, check_changes, field_text

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["EventStore", "AddResult", "StoredSource", "default_store_path", "STORE_ENV", "SCHEMA_VERSION"]

log = logging.getLogger(__name__)

#: Environment variable naming the store file.
STORE_ENV = "GEO_EVENTS_STORE"
#: Bump when the tables change, and teach :func:`_migrate` to bring the older store up to it.
SCHEMA_VERSION = 3
#: Event fields computed from the ``edits`` table when read, not stored with the event.
_EDIT_FIELDS = frozenset({"edited", "dismissed"})
#: The ``events`` table's columns.
STORED_FIELDS: tuple[str, ...] = tuple(name for name in EVENT_FIELDS if name not in _EDIT_FIELDS)
_INT_FIELDS = frozenset({"time_precision", "fatalities", "injuries", "captured", "geo_precision", "needs_review",
                         "geonameid", "source_count", "inter1", "inter2", "interaction"})
_REAL_FIELDS = frozenset({"latitude", "longitude", "confidence"})


def default_store_path() -> Path:
    """``$GEO_EVENTS_STORE``, else ``events.sqlite3`` in the user data directory."""
    configured = os.environ.get(STORE_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_data_dir("geo-events")) / "events.sqlite3"


def _column_type(name: str) -> str:
    return "INTEGER" if name in _INT_FIELDS else "REAL" if name in _REAL_FIELDS else "TEXT"


def _column(name: str) -> str:
    """The SQL of the event column ``name``: its type and, for a field with a default, that default
    (what rows stored before the column existed read as)."""
    default = Event.__dataclass_fields__[name].default
    if default is MISSING:
        return f"{name} {_column_type(name)}"
    literal = ("NULL" if default is None else str(int(default)) if isinstance(default, (bool, int, float))
               else "'" + str(default).replace("'", "''") + "'")
    return f"{name} {_column_type(name)} DEFAULT {literal}"


_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    article_id TEXT PRIMARY KEY, source TEXT NOT NULL, title TEXT, url TEXT,
    published TEXT, ingested_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    {", ".join(_column(name) + (" PRIMARY KEY" if name == "event_id" else "") for name in STORED_FIELDS)},
    FOREIGN KEY (article_id) REFERENCES articles (article_id));
CREATE INDEX IF NOT EXISTS events_by_article ON events (article_id);
CREATE INDEX IF NOT EXISTS events_by_date ON events (event_date);
"""
#: Schema 3: every edit of an event, oldest first (``edit_id``); no foreign key, so edits
#: outlive their event's removal and come back with it.
_EDITS_SCHEMA = """
CREATE TABLE IF NOT EXISTS edits (
    edit_id INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL, field TEXT NOT NULL,
    old_value TEXT, new_value TEXT NOT NULL, edited_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS edits_by_event ON edits (event_id);
"""


@dataclass(frozen=True, slots=True)
class AddResult:
    """What one :meth:`EventStore.add` stored: new articles and events, articles already there."""

    articles: int
    events: int
    skipped: int


@dataclass(frozen=True, slots=True)
class StoredSource:
    """One file, upload or paste in the store (:func:`geo_events.models.source_file` of its
    articles' sources): how many articles and events it holds, when it was first and last added
    (UTC, ISO 8601)."""

    name: str
    articles: int
    events: int
    first_added: str
    last_added: str


class EventStore:
    """The event database (open with :meth:`open`; close when done)."""

    def __init__(self, path: Path, db: sqlite3.Connection) -> None:
        self.path = path
        self._db = db

    @classmethod
    def open(cls, path: Path | None = None) -> EventStore:
        """Open (creating it and its folder if needed) the store at ``path``; a store of an
        older schema is migrated in place, a newer one refused (:class:`StoreError`)."""
        path = Path(path) if path is not None else default_store_path()
        db = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path)
            db.execute("PRAGMA foreign_keys = ON")
            with db:
                db.executescript(_SCHEMA + _EDITS_SCHEMA)
                found = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
                if found is None:
                    db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            if found is not None and found[0] != str(SCHEMA_VERSION):
                if found[0] not in _MIGRATABLE:
                    raise StoreError(f"{path}: event store schema {found[0]}, this version reads "
                                     f"{SCHEMA_VERSION}; ingest into a new --store file")
                _migrate(db, path, found[0])
        except StoreError:
            db.close()
            raise
        except (OSError, sqlite3.Error) as err:
            if db is not None:
                db.close()
            raise StoreError(f"cannot open the event store {path}: {err}") from err
        return cls(path, db)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def known(self, article_ids: Iterable[str]) -> set[str]:
        """Which of ``article_ids`` are stored already."""
        query = "SELECT 1 FROM articles WHERE article_id = ?"
        return {i for i in set(article_ids) if self._db.execute(query, (i,)).fetchone()}

    def add(self, items: Sequence[tuple[Article, Sequence[Event]]],
            acled: Sequence[Event] = ()) -> AddResult:
        """Store articles with their events, and ACLED events, all in one transaction.

        Articles already stored (same content hash) are skipped with their
        events; so are ACLED events already stored (same ``event_id``).
        """
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        # An ACLED row is its own source: stored as an "article" holding one event.
        rows = [((a.article_id, a.source, a.title, a.url, _iso(a.published), now), events)
                for a, events in items]
        rows += [((e.article_id, e.source, e.title, e.url, _iso(e.event_date), now), [e]) for e in acled]
        known = self.known(row[0] for row, _ in rows)
        articles = events = skipped = 0
        insert_event = (f"INSERT INTO events ({', '.join(STORED_FIELDS)}) "
                        f"VALUES ({','.join('?' * len(STORED_FIELDS))})")
        try:
            with self._db:
                for row, row_events in rows:
                    if row[0] in known:
                        skipped += 1
                        continue
                    known.add(row[0])
                    self._db.execute("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?)", row)
                    self._db.executemany(insert_event, [_row(e) for e in row_events])
                    articles += 1
                    events += len(row_events)
        except sqlite3.Error as err:
            raise StoreError(f"cannot write to the event store {self.path}: {err}") from err
        return AddResult(articles, events, skipped)

    def apply_correction(self, written: str, place: Candidate, *, country: str | None = None,
                         admin1: str | None = None) -> int:
        """Move every stored row of the name ``written`` to ``place``; returns how many moved."""
        try:
            with self._db:
                moved = self._db.execute(
                    "UPDATE events SET location = ?, latitude = ?, longitude = ?, country = ?, "
                    "country_code = ?, admin1 = ?, geonameid = ?, confidence = 1.0, needs_review = 0 "
                    "WHERE matched_text = ?",
                    (place.name, place.latitude, place.longitude, country or place.country_code or None,
                     place.country_code or None, admin1, place.geonameid, written)).rowcount
        except sqlite3.Error as err:
            raise StoreError(f"cannot write to the event store {self.path}: {err}") from err
        return moved

    def sources(self) -> list[StoredSource]:
        """Every source in the store, the most recently added first."""
        try:
            rows = self._db.execute(
                "SELECT a.source, a.ingested_at, COUNT(e.event_id) FROM articles a "
                "LEFT JOIN events e ON e.article_id = a.article_id GROUP BY a.article_id").fetchall()
        except sqlite3.Error as err:
            raise StoreError(f"cannot read the event store {self.path}: {err}") from err
        grouped: dict[str, list[tuple[str, int]]] = {}
        for source, added, events in rows:
            grouped.setdefault(source_file(source), []).append((added, events))
        found = [StoredSource(name, len(items), sum(n for _, n in items), min(a for a, _ in items),
                              max(a for a, _ in items)) for name, items in grouped.items()]
        return sorted(found, key=lambda s: (s.last_added, s.name), reverse=True)

    def remove_source(self, name: str) -> AddResult:
        """Delete the articles of the source ``name`` (see :meth:`sources`) and their events, in
        one transaction; what was removed (``skipped`` is 0). An unknown name removes nothing."""
        try:
            ids = [(article_id,) for article_id, source in self._db.execute(
                "SELECT article_id, source FROM articles") if source_file(source) == name]
            return self._delete(ids)
        except sqlite3.Error as err:
            raise StoreError(f"cannot remove {name!r} from the event store {self.path}: {err}") from err

    def clear(self) -> AddResult:
        """Delete every article and event, in one transaction; what was removed."""
        try:
            return self._delete(list(self._db.execute("SELECT article_id FROM articles")))
        except sqlite3.Error as err:
            raise StoreError(f"cannot clear the event store {self.path}: {err}") from err

    def _delete(self, ids: list[tuple[str]]) -> AddResult:
        with self._db:
            events = sum(self._db.execute("DELETE FROM events WHERE article_id = ?", i).rowcount for i in ids)
            self._db.executemany("DELETE FROM articles WHERE article_id = ?", ids)
        return AddResult(len(ids), events, 0)

    def counts(self) -> tuple[int, int]:
        """``(articles, events)`` stored."""
        return (self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0],
                self._db.execute("SELECT COUNT(*) FROM events").fetchone()[0])

    def events(self) -> list[Event]:
        """Every stored event and mention, in the order they were stored, with the analyst's
        edits applied (those marked "not an event" too, ``dismissed`` set)."""
        try:
            rows = self._db.execute(f"SELECT {', '.join(STORED_FIELDS)} FROM events ORDER BY rowid").fetchall()
        except sqlite3.Error as err:
            raise StoreError(f"cannot read the event store {self.path}: {err}") from err
        return apply_edits([_event(row) for row in rows], self.edits())

    def edits(self) -> dict[str, list[EventEdit]]:
        """Every edit kept, by ``event_id``, each event's oldest first (its history)."""
        try:
            rows = self._db.execute("SELECT event_id, field, old_value, new_value, edited_at FROM edits "
                                    "ORDER BY edit_id").fetchall()
        except sqlite3.Error as err:
            raise StoreError(f"cannot read the event store {self.path}: {err}") from err
        found: dict[str, list[EventEdit]] = {}
        for row in rows:
            found.setdefault(row[0], []).append(EventEdit(*row))
        return found

    def edit(self, event_id: str, changes: Mapping[str, object], *,
             current: Mapping[str, object] | Event | None = None,
             edited_at: datetime | None = None) -> list[EventEdit]:
        """Change fields of the event ``event_id`` (``changes``: field -> value, see
        :data:`geo_events.store.edits.EDITABLE_FIELDS`), in one transaction; the edits kept
        (fields whose value does not change are left out).

        ``current`` is the event as shown (an :class:`Event` or a table row), whose values
        are kept as the old ones; ``None`` reads it from the store (an event on the page's
        paths only is not there: pass it). :class:`~geo_events.errors.EditError` names a
        field or value that cannot be edited, or an event that cannot be found.
        """
        if not isinstance(event_id, str) or not event_id:
            raise EditError(f"event_id must be an event's id, got {event_id!r} ({type(event_id).__name__})")
        if current is None:
            current = next((e for e in self.events() if e.event_id == event_id), None)
            if current is None:
                raise EditError(f"no event {event_id!r} in the event store {self.path}")
        values = ({f: current.get(f) for f in changes} if isinstance(current, Mapping)
                  else {f: getattr(current, f, None) for f in changes})
        kind = (current.get("event_type") if isinstance(current, Mapping) else current.event_type) or ""
        checked = check_changes(changes, current_type=str(kind))
        when = (edited_at or datetime.now(timezone.utc)).astimezone(timezone.utc).isoformat(timespec="seconds")
        kept = [EventEdit(event_id, field, old, new, when) for field, new in checked.items()
                if (old := field_text(values[field])) != (new or None)]
        try:
            with self._db:
                self._db.executemany("INSERT INTO edits (event_id, field, old_value, new_value, edited_at) "
                                     "VALUES (?, ?, ?, ?, ?)",
                                     [(e.event_id, e.field, e.old_value, e.new_value, e.edited_at) for e in kept])
        except sqlite3.Error as err:
            raise StoreError(f"cannot write to the event store {self.path}: {err}") from err
        log.info("%s: %d field(s) of event %s edited", self.path, len(kept), event_id)
        return kept

    def table(self) -> pd.DataFrame:
        """:meth:`events` as the event table (:func:`geo_events.event_rows`)."""
        from geo_events.io.rows import event_rows  # pandas: only for the table

        return event_rows(self.events())


def _migrate(db: sqlite3.Connection, path: Path, schema: str) -> None:
    """Bring the store at ``path`` from ``schema`` (one of :data:`_MIGRATABLE`) to
    :data:`SCHEMA_VERSION`: each event column it lacks is added with its default (the
    ``edits`` table of schema 3 is made by :meth:`EventStore.open` before), in one
    transaction (taken at once, so two processes opening the store do not both migrate it)."""
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            if db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0] == str(SCHEMA_VERSION):
                db.rollback()  # another process migrated it while this one waited
                return
            have = {row[1] for row in db.execute("PRAGMA table_info(events)")}
            missing = [name for name in STORED_FIELDS if name not in have]
            for name in missing:
                db.execute(f"ALTER TABLE events ADD COLUMN {_column(name)}")
            db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (str(SCHEMA_VERSION),))
            db.commit()
        except BaseException:
            db.rollback()
            raise
    except sqlite3.Error as err:
        raise StoreError(f"cannot migrate the event store {path} from schema {schema} to "
                         f"{SCHEMA_VERSION}: {err}") from err
    log.info("%s: event store migrated from schema %s to %s (added %s, and the edits table)", path, schema,
             SCHEMA_VERSION, ", ".join(missing) or "no columns")


#: Schemas :func:`_migrate` brings up to date: 1 lacks ACLED's actor types, associated actors and
#: admin2; 1 and 2 lack the edits table.
_MIGRATABLE = frozenset({"1", "2"})


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _row(event: Event) -> tuple:
    values = []
    for name in STORED_FIELDS:
        value = getattr(event, name)
        values.append(_iso(value) if isinstance(value, date) else int(value) if isinstance(value, bool)
                      else value)
    return tuple(values)


def _event(row: tuple) -> Event:
    fields = dict(zip(STORED_FIELDS, row, strict=True))
    if fields["event_date"] is not None:
        fields["event_date"] = date.fromisoformat(fields["event_date"])
    fields["needs_review"] = bool(fields["needs_review"])
    return Event(**fields)
