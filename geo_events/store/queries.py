"""The page's questions asked of the store in SQL: filtered counts, places, timeline and rows.

    >>> from sqlalchemy import create_engine
    >>> engine = create_engine("sqlite://")
    >>> METADATA.create_all(engine)
    >>> with engine.connect() as conn:
    ...     query_counts(conn, EventQuery(event_types=("Battles",)))
    QueryCounts(rows=0, events=0, articles=0, places=0, unresolved=0)

A store of a million events is never read whole: each function here filters
in the database (:func:`conditions`, the same narrowing as the page's
``apply_filters`` on a table) and brings back what the page draws: a row per
place (:func:`place_counts`), a bar per period and type
(:func:`timeline_counts`), the first rows of the table (:func:`table_rows`),
the counts above the map (:func:`query_counts`) and the filters' choices
(:func:`filter_choices`). Every value the analyst typed is a bound parameter,
and the text filters escape ``LIKE``'s wildcards: nothing typed becomes SQL.

Text filters compare case-folded text: SQLite's own ``lower`` knows only
ASCII, so the store gives SQLite connections a ``casefold`` function (Python's
:meth:`str.casefold`); PostgreSQL's ``lower`` folds every script (it leaves
"ß" as it is, where ``casefold`` writes "ss").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

import pandas as pd
from sqlalchemy import Connection, Date, Engine, and_, case, cast, distinct, event, func, literal, or_, select
from sqlalchemy.sql.elements import ColumnElement

from geo_events.models import Event

from .tables import EVENTS, METADATA, STORED_FIELDS

__all__ = ["EventQuery", "QueryCounts", "StoreChoices", "conditions", "query_counts", "place_counts",
           "timeline_counts", "table_rows", "filter_choices", "event_frame", "Period", "MAX_CHOICE_ACTORS",
           "METADATA", "register_sqlite_functions"]

Period = Literal["day", "week", "month"]
#: Actors offered by the actor filter: the most frequent ones.
MAX_CHOICE_ACTORS = 500
#: The columns a place is: a name and its point.
_PLACE = (EVENTS.c.location, EVENTS.c.latitude, EVENTS.c.longitude)
#: Columns the text filter searches, as the page's table filter does.
_TEXT_COLUMNS = ("notes", "title", "actor1", "actor2", "location", "matched_text")


@dataclass(frozen=True, slots=True)
class EventQuery:
    """What to keep of the stored events (the defaults keep every event the page shows).

    The same narrowing as the page's filters (``geo_events.dashboard.EventFilters``):
    ``start``/``end`` inclusive, undated rows kept when ``include_undated``;
    ``actors`` match either side; precisions keep codes up to theirs; ``place``
    searches the location and the name as written, ``text`` the sentence,
    title, actors and place. ``bounds``: ``(south, west, north, east)`` in
    degrees, a west past the east crossing the antimeridian; rows without
    coordinates are out when it is set. ``at_place``: one place's rows
    (``(location, latitude, longitude)``, as :func:`place_counts` gives them).
    Events marked "not an event" are left out unless ``include_dismissed``.
    """

    start: date | None = None
    end: date | None = None
    include_undated: bool = True
    event_types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    admin1: tuple[str, ...] = ()
    place: str = ""
    text: str = ""
    max_geo_precision: int = 3
    max_time_precision: int = 3
    include_mentions: bool = True
    include_dismissed: bool = False
    bounds: tuple[float, float, float, float] | None = None
    at_place: tuple[str, float, float] | None = None


@dataclass(frozen=True, slots=True)
class QueryCounts:
    """Rows kept (events and mentions), events among them, articles, places with a point, and
    rows without one."""

    rows: int
    events: int
    articles: int
    places: int
    unresolved: int


@dataclass(frozen=True, slots=True)
class StoreChoices:
    """What the filters can offer: the values present (actors: the most frequent first) and the
    first and last dates (``None`` when nothing is dated)."""

    event_types: tuple[str, ...]
    actors: tuple[str, ...]
    countries: tuple[str, ...]
    admin1: tuple[str, ...]
    first_date: date | None
    last_date: date | None
    #: Places as located and as written (the place filter's link check reads them).
    places: tuple[str, ...] = ()


def register_sqlite_functions(engine: Engine) -> None:
    """Give each of ``engine``'s SQLite connections ``casefold(text)``, which the text filters use."""
    def add(connection, _record) -> None:
        connection.create_function("casefold", 1, lambda value: value.casefold() if isinstance(value, str)
                                   else value, deterministic=True)

    event.listen(engine, "connect", add)


def _folded(conn: Connection, column: ColumnElement) -> ColumnElement:
    return (func.casefold if conn.dialect.name == "sqlite" else func.lower)(column)


def _contains(conn: Connection, column: ColumnElement, needle: str) -> ColumnElement:
    return _folded(conn, func.coalesce(column, "")).contains(needle.casefold(), autoescape=True)


def conditions(conn: Connection, query: EventQuery) -> list[ColumnElement]:
    """The ``WHERE`` terms of ``query`` on the ``events`` table, for ``conn``'s database."""
    c = EVENTS.c
    terms: list[ColumnElement] = []
    start, end = query.start, query.end
    if start is not None and end is not None and start > end:
        start, end = end, start
    dated: list[ColumnElement] = [c.event_date.is_not(None)]
    if start is not None:
        dated.append(c.event_date >= start.isoformat())
    if end is not None:
        dated.append(c.event_date <= end.isoformat())
    terms.append(or_(and_(*dated), c.event_date.is_(None)) if query.include_undated else and_(*dated))
    if not query.include_dismissed:
        terms.append(func.coalesce(c.dismissed, 0) == 0)
    if not query.include_mentions:
        terms.append(c.kind == "event")
    if query.event_types:
        terms.append(c.event_type.in_(query.event_types))
    if query.actors:
        terms.append(or_(c.actor1.in_(query.actors), c.actor2.in_(query.actors)))
    if query.countries:
        terms.append(c.country.in_(query.countries))
    if query.admin1:
        terms.append(c.admin1.in_(query.admin1))
    terms.append(c.geo_precision <= query.max_geo_precision)
    terms.append(c.time_precision <= query.max_time_precision)
    if query.place:
        terms.append(or_(_contains(conn, c.location, query.place), _contains(conn, c.matched_text, query.place)))
    if query.text:
        haystack = literal("")
        for number, name in enumerate(_TEXT_COLUMNS):
            haystack = haystack + (" " if number else "") + func.coalesce(c[name], "")
        terms.append(_folded(conn, haystack).contains(query.text.casefold(), autoescape=True))
    if query.bounds is not None:
        south, west, north, east = query.bounds
        terms.append(c.latitude.between(south, north))
        terms.append(c.longitude.between(west, east) if west <= east
                     else or_(c.longitude >= west, c.longitude <= east))
    if query.at_place is not None:
        location, latitude, longitude = query.at_place
        terms += [c.location == location, c.latitude == latitude, c.longitude == longitude]
    return terms


def query_counts(conn: Connection, query: EventQuery) -> QueryCounts:
    """:class:`QueryCounts` of the rows ``query`` keeps: one pass for the rows, one for the places."""
    c = EVENTS.c
    where = conditions(conn, query)
    rows, events, articles, unresolved = conn.execute(select(
        func.count(), func.coalesce(func.sum(case((c.kind == "event", 1), else_=0)), 0),
        func.count(distinct(c.article_id)),
        func.coalesce(func.sum(case((c.latitude.is_(None), 1), else_=0)), 0)).where(*where)).one()
    located = select(*_PLACE).where(*where, c.latitude.is_not(None), c.longitude.is_not(None)).group_by(*_PLACE)
    places = conn.execute(select(func.count()).select_from(located.subquery())).scalar_one()
    return QueryCounts(int(rows), int(events), int(articles), int(places), int(unresolved))


def place_counts(conn: Connection, query: EventQuery, *, limit: int = 20_000) -> pd.DataFrame:
    """One row per place the kept rows have a point at, the busiest first, at most ``limit``:
    ``location``, ``latitude``, ``longitude``, ``count`` (rows), ``top_event_type`` (the most
    frequent type of its events, ties alphabetical; ``None`` with mentions only) and
    ``finest_precision`` (its smallest geo_precision).

    One grouped pass: per place, kind, type and precision, summed here (a few rows per place).
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit!r}")
    c = EVENTS.c
    grouped = conn.execute(
        select(*_PLACE, c.kind, c.event_type, func.min(c.geo_precision), func.count())
        .where(*conditions(conn, query), c.latitude.is_not(None), c.longitude.is_not(None))
        .group_by(*_PLACE, c.kind, c.event_type)).all()
    columns = ["location", "latitude", "longitude", "kind", "event_type", "finest_precision", "count"]
    parts = pd.DataFrame.from_records(grouped, columns=columns)
    keys = ["location", "latitude", "longitude"]
    if parts.empty:
        return pd.DataFrame(columns=[*keys, "count", "top_event_type", "finest_precision"])
    parts["location"] = parts["location"].fillna("")
    summary = parts.groupby(keys, sort=False).agg(count=("count", "sum"),
                                                   finest_precision=("finest_precision", "min")).reset_index()
    events = parts[(parts["kind"] == "event") & parts["event_type"].notna()]
    top = (events.groupby([*keys, "event_type"], sort=False)["count"].sum().rename("n").reset_index()
           .sort_values(["n", "event_type"], ascending=[False, True]).drop_duplicates(keys))
    summary = summary.merge(top[[*keys, "event_type"]].rename(columns={"event_type": "top_event_type"}),
                            on=keys, how="left")
    summary = summary.sort_values(["count", "location"], ascending=[False, True], kind="stable").head(limit)
    summary["top_event_type"] = summary["top_event_type"].astype(object).where(summary["top_event_type"].notna(),
                                                                               None)
    return summary[[*keys, "count", "top_event_type", "finest_precision"]].reset_index(drop=True)


def _period_start(conn: Connection, period: Period) -> ColumnElement:
    day = EVENTS.c.event_date
    if conn.dialect.name == "sqlite":
        return {"day": func.date(day), "week": func.date(day, "-6 days", "weekday 1"),
                "month": func.strftime("%Y-%m-01", day)}[period]
    as_date = cast(day, Date)
    return func.to_char(as_date if period == "day" else func.date_trunc(period, as_date), "YYYY-MM-DD")


def timeline_counts(conn: Connection, query: EventQuery, *, period: Period = "week") -> pd.DataFrame:
    """Columns ``period`` (the period's first day: weeks start on Monday), ``event_type``,
    ``events``: the kept events (not mentions) that have a date, as the page's timeline counts them."""
    if period not in ("day", "week", "month"):
        raise ValueError(f"period must be 'day', 'week' or 'month', got {period!r}")
    c = EVENTS.c
    start = _period_start(conn, period).label("period")
    found = conn.execute(select(start, c.event_type, func.count())
                         .where(*conditions(conn, query), c.kind == "event", c.event_date.is_not(None))
                         .group_by(start, c.event_type).order_by(start, c.event_type)).all()
    frame = pd.DataFrame.from_records(found, columns=["period", "event_type", "events"])
    frame["period"] = pd.to_datetime(frame["period"])
    return frame.astype({"events": "int64"})


def table_rows(conn: Connection, query: EventQuery, *, limit: int, offset: int = 0) -> pd.DataFrame:
    """The kept rows as the page's event table (:func:`event_frame`), the latest first (undated
    last, then by id), ``limit`` of them from ``offset``."""
    if limit < 0 or offset < 0:
        raise ValueError(f"limit and offset must be 0 or more, got {limit!r} and {offset!r}")
    c = EVENTS.c
    found = conn.execute(select(*(c[name] for name in STORED_FIELDS)).where(*conditions(conn, query))
                         .order_by(c.event_date.desc().nulls_last(), c.event_id).limit(limit).offset(offset)).all()
    return event_frame(found)


def event_frame(rows: Sequence[Sequence[object]]) -> pd.DataFrame:
    """Stored rows (:data:`~geo_events.store.tables.STORED_FIELDS` in order) as the event table
    (:func:`geo_events.io.rows.event_rows`)."""
    from geo_events.io.rows import event_rows

    events = []
    for row in rows:
        fields = dict(zip(STORED_FIELDS, row, strict=True))
        if fields["event_date"] is not None:
            fields["event_date"] = date.fromisoformat(fields["event_date"])
        fields["needs_review"] = bool(fields["needs_review"])
        fields["dismissed"] = bool(fields["dismissed"])
        fields["edited"] = fields["edited"] or ""
        events.append(Event(**fields))
    return event_rows(events)


def filter_choices(conn: Connection, *, max_actors: int = MAX_CHOICE_ACTORS) -> StoreChoices:
    """:class:`StoreChoices` of every row not marked "not an event"."""
    c = EVENTS.c
    kept = func.coalesce(c.dismissed, 0) == 0

    def values(column: ColumnElement) -> tuple[str, ...]:
        found = conn.execute(select(column).where(kept, column.is_not(None), column != "").distinct()).scalars()
        return tuple(sorted(found))

    actor = c.actor1.label("actor")
    both = select(actor).where(kept).union_all(select(c.actor2.label("actor")).where(kept)).subquery()
    actors = conn.execute(select(both.c.actor).where(both.c.actor.is_not(None), both.c.actor != "")
                          .group_by(both.c.actor).order_by(func.count().desc(), both.c.actor)
                          .limit(max_actors)).scalars()
    first, last = conn.execute(select(func.min(c.event_date), func.max(c.event_date)).where(kept)).one()
    places = tuple(sorted(set(values(c.location)) | set(values(c.matched_text))))
    return StoreChoices(values(c.event_type), tuple(actors), values(c.country), values(c.admin1),
                        date.fromisoformat(first) if first else None, date.fromisoformat(last) if last else None,
                        places)
