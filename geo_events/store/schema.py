"""The store's schema: created on first use, versioned in ``meta``, migrated forward when opened.

The ``meta`` row ``schema`` is the version table. Opening a store reads it
first, without a write lock; only a new store, an older schema, a missing
spatial column or a missing text index the database can now make takes one: SQLite's ``BEGIN IMMEDIATE``, PostgreSQL's
transaction-scoped advisory lock. The version is read again under the lock,
so two processes opening an old store at once migrate it once; the other one
waits and finds it done. A migration is one transaction: a failure leaves
the store as it was.

Schemas 1 to 5 are brought to 6: the tables and event columns they lack
are added at their defaults (schema 1 lacks ACLED's actor types, associated
actors and ``admin2``; 1 and 2 the ``edits`` table; 1 to 3 the
materialized ``edited`` and ``dismissed``; all four ``search_text``, written
for every row), the new indexes made (schema 5's covering ones, which
replace two single-column indexes), the edits kept so far written into
their events' rows, and (schema 6) the index of the searched text made from
the rows (:mod:`~geo_events.store.text_index`: FTS5 on SQLite, ``pg_trgm``
on PostgreSQL, where the database has them). A store of a newer schema is
refused, untouched.

PostgreSQL gets two columns of its own: ``stored_order`` (an identity: the
order events were stored in, which SQLite's ``rowid`` gives for free) and,
when the PostGIS extension is available and may be created, ``geom``, a
``geometry(Point, 4326)`` generated from ``longitude`` and ``latitude`` (so
every insert, correction and edit keeps it right) with a GIST index.
"""

from __future__ import annotations

import logging
import uuid
import zlib
from dataclasses import dataclass

from sqlalchemy import URL, Connection, Dialect, Engine, inspect, literal_column, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.schema import CreateColumn

from geo_events.errors import StoreError
from geo_events.store.location import WRITE_OPTION, display
from geo_events.store.records import reapply_edits, refresh_search_text
from geo_events.store.tables import (EDITS, EVENTS, META, METADATA, RETIRED_INDEXES, SCHEMA_VERSION,
                                     STORED_FIELDS)
from geo_events.store.text_index import REFUSED_TEXT_INDEX, create_text_index, has_text_index, text_index_wanted

__all__ = ["prepare", "Prepared", "MIGRATABLE", "order_column", "postgis_available"]

log = logging.getLogger(__name__)

#: Schemas :func:`prepare` brings up to :data:`SCHEMA_VERSION`.
MIGRATABLE = ("1", "2", "3", "4", "5")
#: PostgreSQL advisory lock held while a store's schema is created or migrated.
_LOCK_KEY = zlib.crc32(b"geo_events.store.schema")
#: Stores (as displayed) where PostGIS could not be created: said once per process.
_POSTGIS_REFUSED: set[str] = set()
_ORDER_COLUMN = "ALTER TABLE events ADD COLUMN IF NOT EXISTS stored_order BIGINT GENERATED ALWAYS AS IDENTITY"
_ORDER_INDEX = "CREATE INDEX IF NOT EXISTS events_by_order ON events (stored_order)"
_GEOM_COLUMN = ("ALTER TABLE events ADD COLUMN IF NOT EXISTS geom geometry(Point, 4326) GENERATED ALWAYS AS "
                "(ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)) STORED")
_GEOM_INDEX = "CREATE INDEX IF NOT EXISTS events_by_geom ON events USING GIST (geom)"


@dataclass(frozen=True, slots=True)
class Prepared:
    """What :func:`prepare` found or did: whether the store has PostGIS's ``geom`` column and
    its text index (:mod:`~geo_events.store.text_index`), and the schema it was migrated from
    (``None``: none was needed)."""

    spatial: bool
    text_index: bool = False
    migrated_from: str | None = None
    added: tuple[str, ...] = ()
    edited: int = 0


def order_column(dialect: Dialect):
    """The column giving the order events were stored in: ``rowid`` or ``stored_order``."""
    return literal_column("stored_order" if dialect.name == "postgresql" else "rowid")


def prepare(engine: Engine, url: URL) -> Prepared:
    """Make the store at ``engine`` ready: create its tables, or migrate an older schema (logged),
    or refuse a newer one (:class:`StoreError`); on PostgreSQL add PostGIS's column where it can,
    and on either the index of the searched text where it is missing and can be made.
    Database errors propagate (the caller names the store)."""
    name = display(url)
    postgres = engine.dialect.name == "postgresql"
    with engine.connect() as conn:
        found = _schema_of(conn)
        spatial = postgres and found is not None and _has_geom(conn)
        wants_spatial = (postgres and not spatial and name not in _POSTGIS_REFUSED
                         and postgis_available(conn))
        current = found == str(SCHEMA_VERSION)
        indexed = current and has_text_index(conn)
        wants_index = current and not indexed and text_index_wanted(conn, name)
    _refuse_newer(found, name)
    if current and not wants_spatial and not wants_index:
        return Prepared(spatial, indexed)
    with engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            if postgres:
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
            found = _schema_of(conn)  # again, under the lock: another process may have done it
            _refuse_newer(found, name)
            done = Prepared(False)
            if found is None:
                _create(conn, name)
            elif found != str(SCHEMA_VERSION):
                try:
                    done = _migrate(conn, found, name)
                except DBAPIError as err:
                    raise StoreError(f"cannot migrate the event store {name} from schema {found} to "
                                     f"{SCHEMA_VERSION}: {getattr(err, 'orig', err)}") from err
            spatial = postgres and _spatial(conn, name)
            # Made with the new or migrated schema, or now, for a store made where it could not be.
            indexed = has_text_index(conn) or (name not in REFUSED_TEXT_INDEX and create_text_index(conn, name))
    if done.migrated_from is not None:
        log.info("%s: event store migrated from schema %s to %s (added %s; %d edited event(s) kept in "
                 "their rows)", name, done.migrated_from, SCHEMA_VERSION, ", ".join(done.added) or "no columns",
                 done.edited)
    return Prepared(spatial, indexed, done.migrated_from, done.added, done.edited)


def _schema_of(conn: Connection) -> str | None:
    if not inspect(conn).has_table("meta"):
        return None
    return conn.execute(select(META.c.value).where(META.c.key == "schema")).scalar()


def _refuse_newer(found: str | None, name: str) -> None:
    if found is not None and found != str(SCHEMA_VERSION) and found not in MIGRATABLE:
        raise StoreError(f"{name}: event store schema {found}, this version reads {SCHEMA_VERSION}; "
                         "ingest into a new --store")


def _create(conn: Connection, name: str) -> None:
    METADATA.create_all(conn)
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(_ORDER_COLUMN)
        conn.exec_driver_sql(_ORDER_INDEX)
    create_text_index(conn, name)
    _write_meta(conn)


def _write_meta(conn: Connection) -> None:
    """The schema version, and the store's id and write counter where they are not yet."""
    have = dict(conn.execute(select(META.c.key, META.c.value)).all())
    wanted = {"schema": str(SCHEMA_VERSION), "store_id": uuid.uuid4().hex, "version": "0"}
    new = [{"key": key, "value": value} for key, value in wanted.items() if key not in have]
    if new:
        conn.execute(META.insert(), new)
    if have.get("schema", str(SCHEMA_VERSION)) != str(SCHEMA_VERSION):
        conn.execute(META.update().where(META.c.key == "schema").values(value=str(SCHEMA_VERSION)))


def add_column_sql(dialect: Dialect, name: str) -> str:
    """``ALTER TABLE events ADD COLUMN`` of the event field ``name``, with its type and default
    (what the rows stored before the column existed read as)."""
    return f"ALTER TABLE events ADD COLUMN {CreateColumn(EVENTS.c[name]).compile(dialect=dialect)}"


def _migrate(conn: Connection, found: str, name: str) -> Prepared:
    METADATA.create_all(conn)  # the tables an older schema lacks (edits, before schema 3)
    have = {column["name"] for column in inspect(conn).get_columns("events")}
    missing = tuple(name for name in STORED_FIELDS if name not in have)
    for name in missing:
        conn.exec_driver_sql(add_column_sql(conn.dialect, name))
    if "search_text" not in have:
        conn.exec_driver_sql(add_column_sql(conn.dialect, "search_text"))
        missing += ("search_text",)
    for index in (*EVENTS.indexes, *EDITS.indexes):
        index.create(conn, checkfirst=True)
    for retired in RETIRED_INDEXES:
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {retired}")
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(_ORDER_COLUMN)
        conn.exec_driver_sql(_ORDER_INDEX)
    edited = reapply_edits(conn, conn.execute(select(EDITS.c.event_id).distinct()).scalars().all())
    searchable = refresh_search_text(conn)  # the rows the edits did not write already
    if searchable:
        log.info("event store: searched text written for %d stored row(s)", searchable)
    create_text_index(conn, name)  # from the rows' searched text, all written now
    _write_meta(conn)
    return Prepared(False, False, found, missing, edited)


def postgis_available(conn: Connection) -> bool:
    """Whether the server has the PostGIS extension to install (or installed)."""
    return conn.execute(text("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")).first() is not None


def _has_geom(conn: Connection) -> bool:
    return conn.execute(text("SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
                             "AND table_name = 'events' AND column_name = 'geom'")).first() is not None


def _spatial(conn: Connection, name: str) -> bool:
    """PostGIS's ``geom`` column and its index, creating the extension if it is available and
    permitted; ``False`` (said once) when it is not."""
    installed = conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")).first() is not None
    if not installed:
        if name in _POSTGIS_REFUSED or not postgis_available(conn):
            return False
        try:
            with conn.begin_nested():
                conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS postgis")
        except DBAPIError as err:
            _POSTGIS_REFUSED.add(name)
            log.warning("%s: PostGIS is installed on the server but could not be created here (%s); the "
                        "store works without its geometry column (a superuser can run CREATE EXTENSION "
                        "postgis)", name, str(getattr(err, "orig", err)).strip())
            return False
    conn.exec_driver_sql(_GEOM_COLUMN)
    conn.exec_driver_sql(_GEOM_INDEX)
    return True
