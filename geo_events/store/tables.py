"""The event store's tables (schema 6), as SQLAlchemy Core tables for SQLite and PostgreSQL alike.

    >>> [table.name for table in METADATA.sorted_tables]
    ['articles', 'edits', 'meta', 'events']
    >>> str(EVENTS.c.fatalities.type), str(EVENTS.c.latitude.type), EVENTS.c.event_id.primary_key
    ('INTEGER', 'FLOAT', True)

One definition, two databases: the store's writes and its filtered,
aggregated reads are written once against these tables, and SQLAlchemy
speaks each database's dialect. Dates are ISO 8601 text (``YYYY-MM-DD``) in
both, so a date range is a string range and a store moves between them as
it is. Schema 4 keeps each event's current values in ``events``: the
analyst's edits (the ``edits`` history) are applied there when made and
when an article is stored again, so a filter in SQL sees what the page
shows. PostGIS's point column, where the extension is present, is added by
the store when it opens a PostgreSQL database (it is not part of the
portable definition).

Schema 5 adds ``search_text``, each row's searched text case-folded (the
text filter tests it alone, with no string built or folded per row), and
the page's covering indexes (the ``*_view`` ones): each holds
every column the page's filters test besides the actors and the text, in
the order of one of its questions (by place, by day, by article), so SQLite
answers the broad views from the index alone and in its order, without
sorting a million rows.

Schema 6 adds the index of ``search_text`` (made, and kept in step, by
:mod:`geo_events.store.text_index`: not part of these portable tables).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import MISSING

from sqlalchemy import Column, Float, ForeignKey, Index, Integer, MetaData, Table, Text

from geo_events.models import EVENT_FIELDS, Event

__all__ = ["METADATA", "META", "ARTICLES", "EVENTS", "EDITS", "SCHEMA_VERSION", "STORED_FIELDS", "RETIRED_INDEXES",
           "ROW_FIELDS", "SEARCH_COLUMNS", "search_text",
           "INT_FIELDS", "REAL_FIELDS"]

#: Bump when a table changes, with a forward migration from the version before.
SCHEMA_VERSION = 6
#: Every event field is a column of ``events`` (``edited`` and ``dismissed`` as edited).
STORED_FIELDS: tuple[str, ...] = EVENT_FIELDS
INT_FIELDS = frozenset({"time_precision", "fatalities", "injuries", "captured", "geo_precision", "needs_review",
                        "geonameid", "source_count", "inter1", "inter2", "interaction", "dismissed"})
REAL_FIELDS = frozenset({"latitude", "longitude", "confidence"})

METADATA = MetaData()

META = Table("meta", METADATA,
             Column("key", Text, primary_key=True),
             Column("value", Text, nullable=False))

ARTICLES = Table("articles", METADATA,
                 Column("article_id", Text, primary_key=True),
                 Column("source", Text, nullable=False),
                 Column("title", Text),
                 Column("url", Text),
                 Column("published", Text),
                 Column("ingested_at", Text, nullable=False))


def _default(name: str) -> str | None:
    """The SQL default of an event column: what rows stored before the column existed read as."""
    default = Event.__dataclass_fields__[name].default
    if default is MISSING or default is None:
        return None
    return str(int(default)) if isinstance(default, (bool, int, float)) else str(default)


def _event_column(name: str) -> Column:
    kind = Integer if name in INT_FIELDS else Float if name in REAL_FIELDS else Text
    if name == "event_id":
        return Column(name, kind, primary_key=True)
    if name == "article_id":
        return Column(name, kind, ForeignKey("articles.article_id"), nullable=False)
    return Column(name, kind, server_default=_default(name))


#: The columns the page's text filter searches, joined by spaces in this order.
SEARCH_COLUMNS = ("notes", "title", "actor1", "actor2", "location", "matched_text")
#: Every column a row is written with: the event's fields and its :func:`search_text`.
ROW_FIELDS: tuple[str, ...] = (*STORED_FIELDS, "search_text")


def search_text(values: Mapping[str, object]) -> str:
    """What the text filter searches in a row of ``values`` (its :data:`SEARCH_COLUMNS`): the
    columns joined by spaces and case-folded (:meth:`str.casefold`), as the page's own table
    filter folds them, so a search in SQL is a plain substring test.

        >>> search_text({"notes": "Clashes in STRAẞE", "title": None, "actor1": "SDF", "actor2": "",
        ...              "location": "Raqqa", "matched_text": "Raqqa"})
        'clashes in strasse  sdf  raqqa raqqa'
    """
    return " ".join(str(values[name] or "") for name in SEARCH_COLUMNS).casefold()


#: The columns the page's filters test in every view (the precisions and marks).
_FILTERED = ("kind", "geo_precision", "time_precision", "dismissed")

EVENTS = Table("events", METADATA, *(_event_column(name) for name in STORED_FIELDS),
               # Written with the row, and again whenever one of its SEARCH_COLUMNS changes.
               Column("search_text", Text),
               # The page's filters and aggregates: each a range or an equality on one column, and
               # (the covering *_view indexes) each in the order of one grouped question.
               Index("events_by_article_view", "article_id", "event_date", "event_type", *_FILTERED),
               Index("events_by_day_view", "event_date", "event_type", *_FILTERED),
               Index("events_by_place_view", "location", "latitude", "longitude", "event_type", *_FILTERED,
                     "event_date"),
               Index("events_by_type", "event_type"),
               Index("events_by_country", "country"),
               Index("events_by_place", "latitude", "longitude"))
#: Indexes of older schemas that a ``*_view`` index replaced (same leading column).
RETIRED_INDEXES = ("events_by_article", "events_by_date")

#: Every edit of an event, oldest first (``edit_id``); no foreign key, so edits outlive their
#: event's removal and come back with it.
EDITS = Table("edits", METADATA,
              Column("edit_id", Integer, primary_key=True, autoincrement=True),
              Column("event_id", Text, nullable=False),
              Column("field", Text, nullable=False),
              Column("old_value", Text),
              Column("new_value", Text, nullable=False),
              Column("edited_at", Text, nullable=False),
              Index("edits_by_event", "event_id"))
