"""An index of the events' searched text, so a free-text filter reads only the rows that may hold it.

The page's text filter keeps the rows whose ``search_text`` holds the needle
(both case-folded). Without an index each question reads every row's text:
0.4-0.7 s a question at a million events, and the page asks four. Both
databases have a trigram index that answers "which rows may hold this
substring" for any substring of three characters or more:

- **SQLite**: an FTS5 table, ``events_text``, over ``events.search_text``
  (external content: the text is stored once, in ``events``), tokenized
  into trigrams as written (``case_sensitive 1``: the text is folded
  already) and holding only which rows have each trigram (``detail=none``).
  Triggers on ``events`` keep it in step with every insert, delete and
  change of ``search_text``, whichever code writes (FTS5 flushes once per
  statement, so the store inserts many rows a statement). A needle's
  trigrams are ANDed (:func:`trigram_query`); the rows found are tested
  again with ``instr``, so the answer is exactly the scan's.
- **PostgreSQL**: ``pg_trgm``'s GIN index on ``search_text``, asked with
  ``LIKE '%needle%'``, its wildcards escaped (the server checks each
  candidate again itself).

A needle of one or two characters has no trigram, and is answered by the
scan, as is every needle where the index could not be made (SQLite without
FTS5's trigram tokenizer, from 3.34; PostgreSQL without ``pg_trgm``, or a
role that may not create it): the store works as before, and says so once
a process. Such a store gains its index when it is opened where the
database can make it.

The SQLite index follows ``events``' ``rowid``, which ``VACUUM`` may renumber
(the table has no integer key); the store never runs it, and
:func:`rebuild_text_index` makes the index again from the rows.
"""

from __future__ import annotations

import logging

from sqlalchemy import Connection, and_, func, literal_column, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.elements import ColumnElement

from .tables import EVENTS

__all__ = ["TEXT_INDEX_INFO", "MIN_INDEXED_CHARS", "create_text_index", "has_text_index", "rebuild_text_index",
           "text_index_wanted", "text_term", "trigram_query", "REFUSED_TEXT_INDEX"]

log = logging.getLogger(__name__)

#: ``Connection.info`` key: whether the store's text index is there to ask.
TEXT_INDEX_INFO = "geo_events.text_index"
#: The shortest needle the index answers (a trigram).
MIN_INDEXED_CHARS = 3
#: The most trigrams of a needle asked of SQLite's index: any of them narrow, and the scan's
#: own test keeps the answer exact, so a long needle asks its first trigrams side by side.
MAX_TRIGRAMS = 16

_SQLITE_TABLE = ("CREATE VIRTUAL TABLE events_text USING fts5(search_text, content='events', "
                 "content_rowid='rowid', tokenize='trigram case_sensitive 1', detail=none)")
_SQLITE_TRIGGERS = (
    "CREATE TRIGGER events_text_added AFTER INSERT ON events BEGIN "
    "INSERT INTO events_text (rowid, search_text) VALUES (new.rowid, new.search_text); END",
    "CREATE TRIGGER events_text_removed AFTER DELETE ON events BEGIN "
    "INSERT INTO events_text (events_text, rowid, search_text) VALUES ('delete', old.rowid, old.search_text); "
    "END",
    "CREATE TRIGGER events_text_changed AFTER UPDATE OF search_text ON events BEGIN "
    "INSERT INTO events_text (events_text, rowid, search_text) VALUES ('delete', old.rowid, old.search_text); "
    "INSERT INTO events_text (rowid, search_text) VALUES (new.rowid, new.search_text); END",
)
#: What shows the database can make the index (and, on PostgreSQL, makes the extension).
_PROBES = {"sqlite": ("CREATE VIRTUAL TABLE temp.events_text_probe USING fts5(x, tokenize='trigram case_sensitive 1', "
                      "detail=none)", "DROP TABLE temp.events_text_probe"),
           "postgresql": ("CREATE EXTENSION IF NOT EXISTS pg_trgm",)}
#: Stores (as displayed) whose text index could not be made: said once a process.
REFUSED_TEXT_INDEX: set[str] = set()
_PG_INDEX = "CREATE INDEX IF NOT EXISTS events_by_text ON events USING GIN (search_text gin_trgm_ops)"


def has_text_index(conn: Connection) -> bool:
    """Whether ``conn``'s store has its text index."""
    if conn.dialect.name == "sqlite":
        found = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events_text'"
    else:
        found = ("SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'events' "
                 "AND indexname = 'events_by_text'")
    return conn.execute(text(found)).first() is not None


def create_text_index(conn: Connection, name: str) -> bool:
    """Make the text index of the store ``name`` on ``conn`` (in its transaction), filled from
    the stored rows; whether it is there. Where the database cannot make it, say why (a
    warning naming the store, once a process) and return ``False``: the text filter then scans."""
    if has_text_index(conn):
        return True
    try:
        with conn.begin_nested():
            for statement in _PROBES[conn.dialect.name]:
                conn.exec_driver_sql(statement)
    except DBAPIError as err:
        _refuse(name, err)
        return False
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(_SQLITE_TABLE)
        for trigger in _SQLITE_TRIGGERS:
            conn.exec_driver_sql(trigger)
        rebuild_text_index(conn)
    else:
        conn.exec_driver_sql(_PG_INDEX)
    return True


def text_index_wanted(conn: Connection, name: str) -> bool:
    """Whether the store ``name`` lacks its text index and its database could make it now (a
    store made where it could not: FTS5 or ``pg_trgm`` installed since). One that still cannot
    is said once a process. Asked without a write lock: :func:`create_text_index` makes it."""
    if name in REFUSED_TEXT_INDEX or has_text_index(conn):
        return False
    if conn.dialect.name != "sqlite":
        available = "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'"
        if conn.execute(text(available)).first() is not None:
            return True
        _refuse(name, "the server has no pg_trgm extension")
        return False
    try:  # the probe writes only to this connection's temporary schema
        for statement in _PROBES["sqlite"]:
            conn.exec_driver_sql(statement)
    except DBAPIError as err:
        _refuse(name, err)
        return False
    return True


def _refuse(name: str, why: object) -> None:
    if name not in REFUSED_TEXT_INDEX:
        REFUSED_TEXT_INDEX.add(name)
        log.warning("%s: no index of the events' text (%s); a text filter reads every row's text", name,
                    str(getattr(why, "orig", why)).strip())


def rebuild_text_index(conn: Connection) -> None:
    """Make a SQLite store's text index again from its rows (after a ``VACUUM``, say); on
    PostgreSQL, ``REINDEX`` it."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("INSERT INTO events_text (events_text) VALUES ('rebuild')")
    else:
        conn.exec_driver_sql("REINDEX INDEX events_by_text")


def trigram_query(folded: str) -> str | None:
    """The FTS5 query for the rows whose text may hold ``folded`` (a case-folded needle): its
    trigrams (at most :data:`MAX_TRIGRAMS`, each one quoted) ANDed; ``None`` for a needle with
    none (under :data:`MIN_INDEXED_CHARS` characters, or only trigrams FTS5 cannot be asked
    for: one holding NUL).

        >>> trigram_query('drone')
        '"dro" AND "ron" AND "one"'
        >>> trigram_query('5"m')  # a quote doubled inside its quotes
        '"5""m"'
        >>> trigram_query('ab') is None
        True
    """
    grams = dict.fromkeys(folded[i:i + MIN_INDEXED_CHARS] for i in range(len(folded) - MIN_INDEXED_CHARS + 1))
    quoted = ['"' + gram.replace('"', '""') + '"' for gram in grams if "\x00" not in gram]
    return " AND ".join(quoted[:MAX_TRIGRAMS]) or None


def text_term(conn: Connection, needle: str) -> ColumnElement:
    """The text filter's ``WHERE`` term: ``needle``, case-folded, within the row's
    ``search_text``. Through the store's index where it has one (``conn.info[TEXT_INDEX_INFO]``)
    and the needle has a trigram; a plain substring test of every row otherwise."""
    folded = needle.casefold()
    sqlite = conn.dialect.name == "sqlite"
    scan = (func.instr if sqlite else func.strpos)(EVENTS.c.search_text, folded) > 0
    if not conn.info.get(TEXT_INDEX_INFO):
        return scan
    if sqlite:
        query = trigram_query(folded)
        if query is None:
            return scan
        candidates = (text("SELECT rowid FROM events_text WHERE events_text MATCH :trigrams")
                      .bindparams(trigrams=query).columns(literal_column("rowid")))
        return and_(literal_column("events.rowid").in_(candidates), scan)
    if len(folded) < MIN_INDEXED_CHARS:
        return scan
    # LIKE with its wildcards escaped; the server folds the pattern to a constant and asks the index.
    return EVENTS.c.search_text.contains(folded, autoescape=True)
