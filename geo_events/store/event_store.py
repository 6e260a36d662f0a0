"""Events kept in SQLite (the default) or PostgreSQL, one transaction per input file.

    >>> import tempfile, pathlib
    >>> store = EventStore.open(pathlib.Path(tempfile.mkdtemp()) / "events.sqlite3")
    >>> store.counts(), store.backend
    ((0, 0), 'sqlite')
    >>> store.close()

Where: ``--store FILE|URL`` / ``EventStore.open(location)``, else the
``GEO_EVENTS_STORE`` environment variable (a path or a
``postgresql://user@host/db`` URL), else ``events.sqlite3`` in the user's
data directory (platformdirs); :mod:`geo_events.store.location` says how a
location is read and shown (never with its password).

Re-ingesting an article changes nothing: an article is keyed by the hash of
its content (``article_id``), inserted ``ON CONFLICT DO NOTHING``, and only
the events of the articles actually inserted go in. Each call of
:meth:`EventStore.add` is one transaction, so a crash mid-file leaves every
earlier file stored and nothing of that file half-written; and several
writers at once (ingest workers, analysts uploading) store each article and
its events exactly once: SQLite writers queue on the file's lock (a busy
timeout, not an error), PostgreSQL's wait on the article's key. Every value
goes in as a bound parameter: nothing a user typed becomes SQL.

An analyst's edits (:meth:`EventStore.edit`) go in the ``edits`` table, one
row per field changed, never overwritten: a history. The latest value of
each field is written into the event's row in the same transaction
(:attr:`~geo_events.Event.edited` saying what changed and when), so a read
is the rows as they are. Edits are keyed by ``event_id`` and kept when a
source is removed, so an article stored again (its events get the same ids)
gets them again. An event marked "not an event" is still read, with
``dismissed`` set: the page leaves it off the map.

A store written by an older version is brought up to date when opened, in
one transaction, and a store of a newer schema is refused
(:mod:`geo_events.store.schema`). :meth:`EventStore.version` changes with
every write, so a reader knows when to read again.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import URL, Connection, Engine, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from gazetteer import Candidate
from geo_events.errors import EditError, StoreError
from geo_events.models import Article, Event, source_file
from geo_events.store.edits import EventEdit, apply_edits, check_changes, field_text
from geo_events.store.location import (STORE_ENV, WRITE_OPTION, Location, connect, default_store_path, display,
                                       hide_secret, store_location, store_url, where)
from geo_events.store.records import (bump_version, chunks, edits_of, event_row, reapply_edits,
                                      refresh_search_text, row_event, select_events)
from geo_events.store.schema import order_column, prepare
from geo_events.store.statistics import refresh_statistics
from geo_events.store.queries import SPATIAL_INFO
from geo_events.store.text_index import TEXT_INDEX_INFO
from geo_events.store.tables import ARTICLES, EDITS, EVENTS, META, ROW_FIELDS, SCHEMA_VERSION, STORED_FIELDS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["EventStore", "AddResult", "StoredSource", "default_store_path", "store_location", "STORE_ENV",
           "SCHEMA_VERSION", "STORED_FIELDS"]

log = logging.getLogger(__name__)


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
    """The event database (open with :meth:`open`; close when done).

    ``location`` is where it is, as shown to people (a path, or a URL with the password
    hidden); ``backend`` is ``"sqlite"`` or ``"postgresql"``; ``spatial`` says whether events
    have PostGIS's ``geom`` point (PostgreSQL with the extension); ``text_index`` whether the
    text filter is answered by an index (:mod:`~geo_events.store.text_index`); ``path`` is the
    SQLite file (``None`` for a server).
    """

    def __init__(self, engine: Engine, url: URL, *, spatial: bool = False, text_index: bool = False) -> None:
        self._engine = engine
        self._url = url
        self.backend: str = engine.dialect.name
        self.location: str = display(url)
        self.spatial = spatial
        self.text_index = text_index
        self.path: Path | None = Path(url.database or ":memory:") if self.backend == "sqlite" else None

    @classmethod
    def open(cls, location: Location | None = None, *, busy_timeout_seconds: float = 30.0,
             connect_timeout_seconds: float = 10.0) -> EventStore:
        """Open the store at ``location`` (a path or a URL; ``None``: :func:`store_location`),
        creating it (and a SQLite file's folder) if needed; an older schema is migrated in
        place, a newer one refused. :class:`StoreError` names the store (a server's host, port
        and database, never a password) when it cannot be opened or reached.

        ``busy_timeout_seconds``: how long a SQLite writer waits for another to finish;
        ``connect_timeout_seconds``: how long to wait for a PostgreSQL server to answer.
        """
        url = store_url(location if location is not None else store_location())
        engine = None
        try:
            engine = connect(url, busy_timeout_seconds=busy_timeout_seconds,
                             connect_timeout_seconds=connect_timeout_seconds)
            prepared = prepare(engine, url)
        except StoreError:
            if engine is not None:
                engine.dispose()
            raise
        except (OSError, SQLAlchemyError) as err:
            if engine is not None:
                engine.dispose()
            raise _store_error("open", url, err) from err
        return cls(engine, url, spatial=prepared.spatial, text_index=prepared.text_index)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<EventStore {self.backend} {self.location}>"

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        try:
            with self._engine.connect() as conn:
                conn.info[SPATIAL_INFO] = self.spatial  # the queries' map-bounds term uses PostGIS's index
                conn.info[TEXT_INDEX_INFO] = self.text_index  # and their text term the text's
                yield conn
        except SQLAlchemyError as err:
            raise _store_error("read", self._url, err) from err

    @contextmanager
    def _writing(self, doing: str = "write to") -> Iterator[Connection]:
        """One write transaction (rolled back by any error; SQLite's write lock taken at once)."""
        try:
            with self._engine.connect() as conn:
                conn.execution_options(**{WRITE_OPTION: True})
                with conn.begin():
                    yield conn
        except (SQLAlchemyError, self._engine.dialect.loaded_dbapi.Error) as err:  # the driver's: COPY
            raise _store_error(doing, self._url, err) from err

    def connection(self):
        """A reading connection (SQLAlchemy), for the filtered questions of
        :mod:`geo_events.store.queries`; errors become :class:`StoreError`."""
        return self._reading()

    def version(self) -> tuple[str, int]:
        """``(store id, writes)``: changes with every write that changed something (here or in
        another process), and differs between two stores, so a reader keyed on it reads again
        exactly when it must."""
        with self._reading() as conn:
            found = dict(conn.execute(select(META.c.key, META.c.value)
                                      .where(META.c.key.in_(["store_id", "version"]))).all())
        return found["store_id"], int(found["version"])

    def known(self, article_ids: Iterable[str]) -> set[str]:
        """Which of ``article_ids`` are stored already."""
        found: set[str] = set()
        with self._reading() as conn:
            for batch in chunks(set(article_ids)):
                found.update(conn.execute(select(ARTICLES.c.article_id)
                                          .where(ARTICLES.c.article_id.in_(batch))).scalars())
        return found

    def add(self, items: Sequence[tuple[Article, Sequence[Event]]],
            acled: Sequence[Event] = ()) -> AddResult:
        """Store articles with their events, and ACLED events, all in one transaction.

        Articles already stored (same content hash), by this process or another, are skipped
        with their events; so are ACLED events already stored (same ``event_id``). The
        latest edits kept of an event stored again are applied to it.
        """
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        # An ACLED row is its own source: stored as an "article" holding one event.
        given = [({"article_id": a.article_id, "source": a.source, "title": a.title, "url": a.url,
                   "published": _iso(a.published), "ingested_at": now}, events) for a, events in items]
        given += [({"article_id": e.article_id, "source": e.source, "title": e.title, "url": e.url,
                    "published": _iso(e.event_date), "ingested_at": now}, [e]) for e in acled]
        rows: dict[str, tuple[dict, Sequence[Event]]] = {}
        for row, events in given:
            rows.setdefault(row["article_id"], (row, events))
        with self._writing() as conn:
            inserted: set[str] = set()
            if rows:
                # In key order: two writers inserting the same articles lock them in the same order.
                inserted = set(conn.execute(_insert_articles(self.backend),
                                            [rows[key][0] for key in sorted(rows)]).scalars())
            fresh = [e for key, (_, events) in rows.items() if key in inserted for e in events]
            if fresh:
                if self.backend == "postgresql":
                    # An edit of these events committed after the history is read would miss their
                    # rows (not committed yet): edits wait for this file, and this file for them.
                    # SHARE mode: concurrent adds do not wait for each other.
                    conn.exec_driver_sql("LOCK TABLE edits IN SHARE MODE")
                history = edits_of(conn, {e.event_id for e in fresh})
                _insert_events(conn, [event_row(e) for e in apply_edits(fresh, history)])
            if inserted:
                bump_version(conn)
                refresh_statistics(conn)  # SQLite's planner statistics, when the store has doubled
        return AddResult(len(inserted), len(fresh), len(given) - len(inserted))

    def apply_correction(self, written: str, place: Candidate, *, country: str | None = None,
                         admin1: str | None = None) -> int:
        """Move every stored row of the name ``written`` to ``place``; returns how many moved.
        An event whose place an analyst edited keeps the edited place."""
        with self._writing() as conn:
            moved = conn.execute(update(EVENTS).where(EVENTS.c.matched_text == written).values(
                location=place.name, latitude=place.latitude, longitude=place.longitude,
                country=country or place.country_code or None, country_code=place.country_code or None,
                admin1=admin1, geonameid=place.geonameid, confidence=1.0, needs_review=0)).rowcount
            if moved:
                refresh_search_text(conn, EVENTS.c.matched_text == written)  # the location is searched
                reapply_edits(conn, conn.execute(
                    select(EVENTS.c.event_id).where(EVENTS.c.matched_text == written,
                                                    EVENTS.c.event_id.in_(select(EDITS.c.event_id)))).scalars())
                bump_version(conn)
        return moved

    def sources(self) -> list[StoredSource]:
        """Every source in the store, the most recently added first."""
        query = (select(ARTICLES.c.source, ARTICLES.c.ingested_at, func.count(EVENTS.c.event_id))
                 .select_from(ARTICLES.outerjoin(EVENTS, EVENTS.c.article_id == ARTICLES.c.article_id))
                 .group_by(ARTICLES.c.article_id, ARTICLES.c.source, ARTICLES.c.ingested_at))
        with self._reading() as conn:
            rows = conn.execute(query).all()
        grouped: dict[str, list[tuple[str, int]]] = {}
        for source, added, events in rows:
            grouped.setdefault(source_file(source), []).append((added, events))
        found = [StoredSource(name, len(items), sum(n for _, n in items), min(a for a, _ in items),
                              max(a for a, _ in items)) for name, items in grouped.items()]
        return sorted(found, key=lambda s: (s.last_added, s.name), reverse=True)

    def remove_source(self, name: str) -> AddResult:
        """Delete the articles of the source ``name`` (see :meth:`sources`) and their events, in
        one transaction; what was removed (``skipped`` is 0). An unknown name removes nothing."""
        with self._writing(f"remove {name!r} from") as conn:
            ids = [article_id for article_id, source in conn.execute(select(ARTICLES.c.article_id,
                                                                            ARTICLES.c.source))
                   if source_file(source) == name]
            removed = _delete(conn, ids)
            refresh_statistics(conn)  # when the store has halved
            return removed

    def clear(self) -> AddResult:
        """Delete every article and event, in one transaction; what was removed."""
        with self._writing("clear") as conn:
            removed = _delete(conn, conn.execute(select(ARTICLES.c.article_id)).scalars().all())
            refresh_statistics(conn)
            return removed

    def counts(self) -> tuple[int, int]:
        """``(articles, events)`` stored."""
        with self._reading() as conn:
            return (conn.execute(select(func.count()).select_from(ARTICLES)).scalar_one(),
                    conn.execute(select(func.count()).select_from(EVENTS)).scalar_one())

    def events(self) -> list[Event]:
        """Every stored event and mention, in the order they were stored, with the analyst's
        edits applied (those marked "not an event" too, ``dismissed`` set)."""
        with self._reading() as conn:
            rows = conn.execute(select_events().order_by(order_column(conn.dialect))).mappings().all()
        return [row_event(row) for row in rows]

    def edits(self) -> dict[str, list[EventEdit]]:
        """Every edit kept, by ``event_id``, each event's oldest first (its history)."""
        with self._reading() as conn:
            rows = conn.execute(select(EDITS.c.event_id, EDITS.c.field, EDITS.c.old_value, EDITS.c.new_value,
                                       EDITS.c.edited_at).order_by(EDITS.c.edit_id)).all()
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
            with self._reading() as conn:
                row = conn.execute(select_events().where(EVENTS.c.event_id == event_id)).mappings().first()
            if row is None:
                raise EditError(f"no event {event_id!r} in the event store {self.location}")
            current = row_event(row)
        values = ({f: current.get(f) for f in changes} if isinstance(current, Mapping)
                  else {f: getattr(current, f, None) for f in changes})
        kind = (current.get("event_type") if isinstance(current, Mapping) else current.event_type) or ""
        checked = check_changes(changes, current_type=str(kind))
        when = (edited_at or datetime.now(timezone.utc)).astimezone(timezone.utc).isoformat(timespec="seconds")
        kept = [EventEdit(event_id, field, old, new, when) for field, new in checked.items()
                if (old := field_text(values[field])) != (new or None)]
        if kept:
            with self._writing() as conn:
                conn.execute(EDITS.insert(), [{"event_id": e.event_id, "field": e.field, "old_value": e.old_value,
                                               "new_value": e.new_value, "edited_at": e.edited_at} for e in kept])
                reapply_edits(conn, [event_id])
                bump_version(conn)
        log.info("%s: %d field(s) of event %s edited", self.location, len(kept), event_id)
        return kept

    def table(self) -> pd.DataFrame:
        """:meth:`events` as the event table (:func:`geo_events.event_rows`)."""
        from geo_events.io.rows import event_rows  # pandas: only for the table

        return event_rows(self.events())


def _insert_articles(backend: str):
    """``INSERT INTO articles ... ON CONFLICT (article_id) DO NOTHING RETURNING article_id``:
    the ids actually inserted, whoever else inserts the same ones meanwhile."""
    dialect = postgresql if backend == "postgresql" else sqlite
    return (dialect.insert(ARTICLES).on_conflict_do_nothing(index_elements=["article_id"])
            .returning(ARTICLES.c.article_id))


def _insert_events(conn: Connection, rows: list[dict]) -> None:
    """Insert event rows: PostgreSQL's ``COPY`` (three to four times the rate of row-by-row
    inserts; the same transaction, constraints and generated columns); on SQLite as many rows
    a statement as its bound-variable limit allows. The text index's trigger
    (:mod:`~geo_events.store.text_index`) costs FTS5 a flush per statement: with a statement a
    row, 200,000 events took 53 s to write, and take 26-29 s so (22 s without the index)."""
    if conn.dialect.name != "postgresql":
        limit = conn.connection.driver_connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        per_statement = max(1, limit // len(ROW_FIELDS))
        values = f"({', '.join('?' * len(ROW_FIELDS))})"
        for start in range(0, len(rows), per_statement):
            chunk = rows[start:start + per_statement]
            conn.exec_driver_sql(f"INSERT INTO events ({', '.join(ROW_FIELDS)}) VALUES "
                                 + ", ".join([values] * len(chunk)),
                                 tuple(row[name] for row in chunk for name in ROW_FIELDS))
        return
    with conn.connection.driver_connection.cursor() as cursor:
        with cursor.copy(f"COPY events ({', '.join(ROW_FIELDS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[name] for name in ROW_FIELDS])


def _delete(conn: Connection, ids: Sequence[str]) -> AddResult:
    events = 0
    for batch in chunks(ids):
        events += conn.execute(EVENTS.delete().where(EVENTS.c.article_id.in_(batch))).rowcount
        conn.execute(ARTICLES.delete().where(ARTICLES.c.article_id.in_(batch)))
    if ids:
        bump_version(conn)
    return AddResult(len(ids), events, 0)


def _store_error(doing: str, url: URL, err: BaseException) -> StoreError:
    """The error to raise when the store at ``url`` cannot be ``doing``: names the store (a
    server by host, port and database) and the database's reason, never the password."""
    reason = " ".join(str(getattr(err, "orig", None) or err).split())
    name = display(url) if url.get_backend_name() == "sqlite" else f"{display(url)} ({where(url)})"
    return StoreError(hide_secret(f"cannot {doing} the event store {name}: {reason}", url))


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None
