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
(:func:`filter_choices`). A filter on a column no covering index holds
(actors, text, a place name, a province) makes each of those questions read
the whole table; :func:`kept_view` answers the counts, places and bars from
one read instead (:func:`one_pass` says when). Every value the analyst typed is a bound parameter,
and the place filter escapes ``LIKE``'s wildcards: nothing typed becomes SQL.

The text filter is the page's own: the needle, case-folded, within the row's
``search_text`` (written with the row, case-folded by Python's
:meth:`str.casefold`), so "STRASSE" finds "Straße" there as on the page;
the store's trigram index of that text (:mod:`~geo_events.store.text_index`)
finds the rows that may hold a needle of three characters or more. The
place filter ignores case through SQLite's ``LIKE`` for a needle in ASCII
letters (which ignores the case of ASCII letters), a ``casefold`` function
the store gives SQLite connections for any other; PostgreSQL lowers both
sides. What neither does is what ``casefold`` alone does: a place filter
"STRASSE" finds "Straße" on the page's own table, not in a big store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

import pandas as pd
from sqlalchemy import Connection, Engine, and_, event, func, literal_column, null, or_, select, union_all
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import ColumnElement, UnaryExpression

from geo_events.models import Event

from .tables import EVENTS, METADATA, STORED_FIELDS
from .text_index import text_term

__all__ = ["EventQuery", "QueryCounts", "StoreChoices", "conditions", "query_counts", "place_counts",
           "timeline_counts", "table_rows", "filter_choices", "event_frame", "Period", "MAX_CHOICE_ACTORS",
           "METADATA", "register_sqlite_functions", "view_counts", "article_count", "SPATIAL_INFO", "one_pass",
           "kept_view"]

Period = Literal["day", "week", "month"]
#: pandas' period of each (weeks end on Sunday, so they start on Monday).
_FREQ = {"day": "D", "week": "W-SUN", "month": "M"}
#: Actors offered by the actor filter: the most frequent ones.
MAX_CHOICE_ACTORS = 500
#: The columns a place is: a name and its point.
_PLACE = (EVENTS.c.location, EVENTS.c.latitude, EVENTS.c.longitude)
#: ``Connection.info`` key: the store has PostGIS's ``geom`` column (set by the store's connections).
SPATIAL_INFO = "geo_events.spatial"


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


def _contains(conn: Connection, column: ColumnElement, needle: str) -> ColumnElement:
    """``column`` holds ``needle``, case aside. SQLite's ``LIKE`` already ignores the case of
    ASCII letters, so an ASCII needle needs no function call per row (Python's ``casefold`` a
    million times takes seconds); another is compared case-folded on both sides. PostgreSQL
    lowers both sides."""
    text = func.coalesce(column, "")
    if conn.dialect.name != "sqlite":  # strpos: no pattern to escape, and faster than LIKE here
        return func.strpos(func.lower(text), needle.lower()) > 0
    if needle.lower().isascii():
        return text.contains(needle.lower(), autoescape=True)
    return func.casefold(text).contains(needle.casefold(), autoescape=True)


def _within(conn: Connection, bounds: tuple[float, float, float, float]) -> ColumnElement:
    """Rows placed inside ``bounds`` (edges included; west past east: across the antimeridian).
    On a store with PostGIS's ``geom`` (``conn.info[SPATIAL_INFO]``) the box is asked of its
    GIST index (``&&``, one box a side of the antimeridian), and the columns' own test keeps
    the answer exact; elsewhere the latitude and longitude columns alone."""
    c = EVENTS.c
    south, west, north, east = (float(value) for value in bounds)
    exact = and_(c.latitude.between(south, north),
                 c.longitude.between(west, east) if west <= east else or_(c.longitude >= west, c.longitude <= east))
    if not conn.info.get(SPATIAL_INFO):
        return exact
    geom = literal_column("events.geom")

    def box(low: float, high: float) -> ColumnElement:
        return geom.op("&&")(func.ST_MakeEnvelope(low, south, high, north, 4326))

    near = box(west, east) if west <= east else or_(box(west, 180.0), box(-180.0, east))
    return and_(near, exact)


def _grouping(conn: Connection, query: EventQuery, columns: Sequence[ColumnElement]) -> list[ColumnElement]:
    """``columns`` to group by, as they are, or on SQLite, when ``query`` tests a column no
    covering index holds (actors, text, place, province) and no index narrows it (types,
    countries, dates, the map's box, a place), behind SQLite's no-op unary ``+``. That keeps
    SQLite from walking a ``*_view`` index in the group's order and fetching every row from
    the table by id, which takes twice as long as reading the table through and sorting what
    the filter kept."""
    narrowed = (query.event_types or query.countries or query.start or query.end or query.bounds
                or query.at_place)
    if narrowed or not _uncovered(query):
        return list(columns)
    return [_unindexed(conn, column).label(column.name) for column in columns]


def _unindexed(conn: Connection, column: ColumnElement) -> ColumnElement:
    """``column`` as SQLite's planner may not answer from an index (``+column``, a no-op that
    keeps its value and type); as it is on PostgreSQL, whose statistics weigh each term."""
    if conn.dialect.name != "sqlite":
        return column
    return UnaryExpression(column, operator=operators.custom_op("+"), type_=column.type)


def _uncovered(query: EventQuery) -> bool:
    """``query`` tests a column no covering index holds (actors, text, place, province): each
    question about it reads the table through."""
    return bool(query.actors or query.text or query.place or query.admin1)


def one_pass(query: EventQuery) -> bool:
    """Whether :func:`kept_view` (one read of the table) answers ``query``'s view faster than
    :func:`view_counts`, :func:`article_count` and :func:`timeline_counts` asked apart: when the
    filter tests the actors, a province or a place name, each of those would read the whole
    table again for a small share of it. Not for free text alone, which may keep most of the
    store: the kept rows are then sorted three ways in one statement, where the questions apart
    share two cores (a search for "e" at a million events: 6.3 s against 4.6 s on SQLite, 3.4
    against 2.7 s on PostgreSQL; for "drone", an eighth of them, within 0.1 s of each other)."""
    return bool(query.actors or query.place or query.admin1)


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
    if not query.include_undated:
        terms.append(and_(*dated))
    elif len(dated) > 1:  # every row when no date is set: no term (it would only mislead the planner)
        terms.append(or_(and_(*dated), c.event_date.is_(None)))
    # Terms that keep most rows are never an index's to answer: on SQLite behind "+" (with the
    # store's statistics, "geo_precision <= 3" led it to skip-scan a day index for every row).
    dismissed, kind = _unindexed(conn, c.dismissed), _unindexed(conn, c.kind)
    if not query.include_dismissed:  # two plain terms, which PostgreSQL's statistics estimate
        terms.append(or_(dismissed == 0, dismissed.is_(None)))
    if not query.include_mentions:
        terms.append(kind == "event")
    if query.event_types:
        terms.append(c.event_type.in_(query.event_types))
    if query.actors:
        terms.append(or_(c.actor1.in_(query.actors), c.actor2.in_(query.actors)))
    if query.countries:
        terms.append(c.country.in_(query.countries))
    if query.admin1:
        terms.append(c.admin1.in_(query.admin1))
    terms.append(_unindexed(conn, c.geo_precision) <= query.max_geo_precision)
    terms.append(_unindexed(conn, c.time_precision) <= query.max_time_precision)
    if query.place:
        terms.append(or_(_contains(conn, c.location, query.place), _contains(conn, c.matched_text, query.place)))
    if query.text:
        terms.append(text_term(conn, query.text))
    if query.bounds is not None:
        terms.append(_within(conn, query.bounds))
    if query.at_place is not None:
        location, latitude, longitude = query.at_place
        terms += [c.location == location, c.latitude == latitude, c.longitude == longitude]
    return terms


def query_counts(conn: Connection, query: EventQuery) -> QueryCounts:
    """:class:`QueryCounts` of the rows ``query`` keeps."""
    return view_counts(conn, query)[0]


def place_counts(conn: Connection, query: EventQuery, *, limit: int = 20_000) -> pd.DataFrame:
    """One row per place the kept rows have a point at, the busiest first, at most ``limit``:
    ``location``, ``latitude``, ``longitude``, ``count`` (rows), ``top_event_type`` (the most
    frequent type of its events, ties alphabetical; ``None`` with mentions only) and
    ``finest_precision`` (its smallest geo_precision)."""
    return view_counts(conn, query, limit=limit, articles=0)[1]


def view_counts(conn: Connection, query: EventQuery, *, limit: int = 20_000,
                articles: int | None = None) -> tuple[QueryCounts, pd.DataFrame]:
    """:func:`query_counts` and :func:`place_counts` from one grouped pass over the kept rows
    (per place, kind and type: a few rows per place, summed here) and one count of their
    articles (``articles``: already counted, by :func:`article_count`)."""
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit!r}")
    c = EVENTS.c
    # No "has a point" term: the rows without one are counted from their own group, and such a
    # term would lead SQLite to walk the point index and fetch every row from it.
    keys = _grouping(conn, query, (*_PLACE, c.event_type, c.kind))  # the place index's order
    grouped = (select(*keys, func.min(c.geo_precision), func.count())
               .where(*conditions(conn, query)).group_by(*keys))
    return _places(_frame(conn, grouped, _PLACE_PARTS), limit=limit,
                   articles=article_count(conn, query) if articles is None else articles)


#: Columns of the grouped place question: a row per place, event type and kind.
_PLACE_PARTS = ["location", "latitude", "longitude", "event_type", "kind", "finest_precision", "count"]


def _places(parts: pd.DataFrame, *, limit: int, articles: int) -> tuple[QueryCounts, pd.DataFrame]:
    """:class:`QueryCounts` and the places (see :func:`place_counts`) of ``parts``, the kept
    rows counted per place, event type and kind (:data:`_PLACE_PARTS`)."""
    parts = parts.astype({"count": "int64"})
    pointless = parts["latitude"].isna() | parts["longitude"].isna()
    rows = int(parts["count"].sum())
    events = int(parts.loc[parts["kind"] == "event", "count"].sum())
    unresolved = int(parts.loc[pointless, "count"].sum())
    located = parts[~pointless & parts["location"].notna()]  # the map's places, as the page groups them
    keys = ["location", "latitude", "longitude"]
    summary = located.groupby(keys, sort=False).agg(count=("count", "sum"),
                                                    finest_precision=("finest_precision", "min")).reset_index()
    events_at = located[(located["kind"] == "event") & located["event_type"].notna()]
    top = (events_at.groupby([*keys, "event_type"], sort=False)["count"].sum().rename("n").reset_index()
           .sort_values(["n", "event_type"], ascending=[False, True]).drop_duplicates(keys))
    summary = summary.merge(top[[*keys, "event_type"]].rename(columns={"event_type": "top_event_type"}),
                            on=keys, how="left")
    places = len(summary)
    summary = summary.sort_values(["count", "location"], ascending=[False, True], kind="stable").head(limit)
    summary["top_event_type"] = summary["top_event_type"].astype(object).where(summary["top_event_type"].notna(),
                                                                               None)
    counted = QueryCounts(rows, events, articles, places, unresolved)
    return counted, summary[[*keys, "count", "top_event_type", "finest_precision"]].reset_index(drop=True)


def kept_view(conn: Connection, query: EventQuery, *, period: Period = "week",
              limit: int = 20_000) -> tuple[QueryCounts, pd.DataFrame, pd.DataFrame]:
    """:func:`view_counts` and :func:`timeline_counts` of ``query`` from one read of the table:
    the kept rows' place, type, kind, precision, date and article are kept once (a materialised
    ``WITH``), then counted by place, by day, and by article in the same statement (a
    ``UNION ALL`` of the three, told apart by its first column). Where each question apart
    would read the whole table (:func:`one_pass`), this reads it once."""
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit!r}")
    _check_period(period)
    c = EVENTS.c
    kept = (select(*_PLACE, c.event_type, c.kind, c.geo_precision, c.event_date, c.article_id)
            .where(*conditions(conn, query)).cte("kept").prefix_with("MATERIALIZED"))
    k = kept.c
    place = (k.location, k.latitude, k.longitude, k.event_type, k.kind)
    by_place = select(literal_column("'place'"), *place, null(), func.min(k.geo_precision), func.count()
                      ).group_by(*place)
    by_day = (select(literal_column("'day'"), null(), null(), null(), k.event_type, null(), k.event_date, null(),
                     func.count()).where(k.kind == "event", k.event_date.is_not(None)).group_by(k.event_date, k.event_type))
    articles = select(func.count()).select_from(select(k.article_id).distinct().subquery()).scalar_subquery()
    by_article = select(literal_column("'articles'"), *[null()] * 7, articles)
    found = _frame(conn, union_all(by_place, by_day, by_article),
                   ["part", *_PLACE_PARTS[:5], "day", "finest_precision", "count"])
    parts = found[found["part"] == "place"]
    counted, places = _places(parts[_PLACE_PARTS], limit=limit,
                              articles=int(found.loc[found["part"] == "articles", "count"].sum()))
    days = found.loc[found["part"] == "day", ["day", "event_type", "count"]].rename(columns={"count": "events"})
    return counted, places, _periods(days, period)


def _frame(conn: Connection, statement, columns: list[str]) -> pd.DataFrame:
    """The rows of ``statement`` as a frame of ``columns``, read as the driver's own tuples
    (``CursorResult.cursor``): none of these columns needs SQLAlchemy's conversion, and its
    ``Row`` objects held the interpreter while the view's other questions waited (the store's
    share of a text search keeping 50,000 place groups: 1.08 s, 0.82 s so); pandas also probes
    each ``Row`` for named-tuple fields, an exception a row (most of a second for 60,000)."""
    result = conn.execute(statement)
    try:
        rows = result.cursor.fetchall()
    finally:
        result.close()
    return pd.DataFrame.from_records(rows, columns=columns)


def article_count(conn: Connection, query: EventQuery) -> int:
    """How many articles the rows ``query`` keeps come from."""
    article = _grouping(conn, query, (EVENTS.c.article_id,))[0]
    # Distinct ids counted from a subquery: PostgreSQL hashes them (its count(DISTINCT) sorts).
    kept = select(article).where(*conditions(conn, query)).distinct().subquery()
    return int(conn.execute(select(func.count()).select_from(kept)).scalar_one())


def timeline_counts(conn: Connection, query: EventQuery, *, period: Period = "week") -> pd.DataFrame:
    """Columns ``period`` (the period's first day: weeks start on Monday), ``event_type``,
    ``events``: the kept events (not mentions) that have a date, as the page's timeline counts them.

    Counted per day in the database (a plain column: no date function per row), per week or
    month here (a few thousand days)."""
    _check_period(period)
    c = EVENTS.c
    keys = _grouping(conn, query, (c.event_date, c.event_type))
    found = (select(*keys, func.count())
             .where(*conditions(conn, query), c.kind == "event", c.event_date.is_not(None)).group_by(*keys))
    return _periods(_frame(conn, found, ["day", "event_type", "events"]), period)


def _check_period(period: str) -> None:
    if period not in ("day", "week", "month"):
        raise ValueError(f"period must be 'day', 'week' or 'month', got {period!r}")


def _periods(days: pd.DataFrame, period: Period) -> pd.DataFrame:
    """``days`` (``day``, ``event_type``, ``events``: counts per day) summed per ``period``."""
    days = days.assign(period=pd.to_datetime(days["day"]).dt.to_period(_FREQ[period]).dt.start_time)
    return (days.groupby(["period", "event_type"], as_index=False)["events"].sum()
            .astype({"events": "int64", "event_type": object})[["period", "event_type", "events"]])


def table_rows(conn: Connection, query: EventQuery, *, limit: int, offset: int = 0) -> pd.DataFrame:
    """The kept rows as the page's event table (:func:`event_frame`), the latest first (undated
    last, then by id), ``limit`` of them from ``offset``."""
    if limit < 0 or offset < 0:
        raise ValueError(f"limit and offset must be 0 or more, got {limit!r} and {offset!r}")
    c = EVENTS.c
    columns = [c[name] for name in STORED_FIELDS]
    # Dated rows first, then undated ones: two questions an index answers in order (one ordered
    # "NULLS LAST" is sorted whole), each with only its own date terms (a range the date index
    # can seek, no "or undated" beside it).
    dated = [*conditions(conn, replace(query, include_undated=False))]
    found = conn.execute(select(*columns).where(*dated).order_by(c.event_date.desc(), c.event_id)
                         .limit(limit).offset(offset)).all()
    if len(found) < limit and query.include_undated:
        before = len(found) + offset if found or not offset else int(conn.execute(
            select(func.count()).select_from(EVENTS).where(*dated)).scalar_one())
        undated = [*conditions(conn, replace(query, start=None, end=None)), c.event_date.is_(None)]
        found += conn.execute(select(*columns).where(*undated).order_by(c.event_id)
                              .limit(limit - len(found)).offset(max(0, offset - before))).all()
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
    kept = or_(c.dismissed == 0, c.dismissed.is_(None))

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
