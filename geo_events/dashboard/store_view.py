"""A big event store's part of the page: asked of the store in SQL, never read whole.

    >>> query_of(EventFilters(event_types=("Battles",), max_geo_precision=2)).event_types
    ('Battles',)

Up to :data:`BIG_STORE_ROWS` stored rows the page reads the store into its
event table and filters that (every feature: merged duplicates, popups
listing rows). Past it, each rerun asks the store for what it draws
(:mod:`geo_events.store.queries`): the counts, one row per place, the
timeline's bars and the latest :data:`TABLE_ROWS` rows of the table, all
filtered in the database (:func:`store_part`). The articles the page was
started on are still a table of their own; :func:`combined_summary` and
:func:`combined_timeline` add them to the store's places and bars. Rows are
the store's reports as stored: duplicates reported by several articles are
not merged in this mode, and a place's popup sums its rows up (the table
lists them when the place is clicked).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Protocol

import pandas as pd

from geo_events.store.queries import (EventQuery, Period, QueryCounts, StoreChoices, article_count, kept_view,
                                      one_pass, table_rows, timeline_counts, view_counts)

from .event_map import AREA_PRECISION, MENTION_LABEL, PLACE_COLUMNS, TYPE_COLOURS, place_summary
from .filter_choices import FilterChoices
from .filters import EventFilters
from .timeline import timeline_counts as table_timeline

__all__ = ["BIG_STORE_ROWS", "TABLE_ROWS", "MAX_PLACES", "StorePart", "query_of", "store_part",
           "combined_summary", "combined_timeline", "frame_dates", "summary_rows", "store_filter_choices",
           "legend_rows"]

#: Stored rows past which the page asks the store in SQL instead of reading it whole.
BIG_STORE_ROWS = 100_000
#: Rows of a big store the table lists (the latest first).
TABLE_ROWS = 1_000
#: Places of a big store the map draws (the busiest first): the page stays a few MB.
MAX_PLACES = 20_000


class AsksInSql(Protocol):
    """A store that opens SQLAlchemy connections (:class:`geo_events.EventStore`)."""

    def connection(self): ...


@dataclass(frozen=True, slots=True)
class StorePart:
    """What one rerun shows of a big store: its counts, places (:func:`place_summary`'s
    columns), timeline bars and the first rows of the table."""

    counts: QueryCounts
    places: pd.DataFrame
    bars: pd.DataFrame
    rows: pd.DataFrame


def query_of(filters: EventFilters, *, dates: tuple[date, date] | None = None,
             at_place: tuple[str, float, float] | None = None,
             bounds: tuple[float, float, float, float] | None = None) -> EventQuery:
    """The store query of the page's ``filters``; ``dates`` narrows it to a playback frame
    (first day inclusive, last day exclusive), ``at_place`` to a clicked place, ``bounds`` (the
    map's box) to the map's view when ``filters.in_view`` asks."""
    start, end = filters.start, filters.end
    if dates is not None:
        first, after = dates
        start = max(start, first) if start else first
        last = after - timedelta(days=1)
        end = min(end, last) if end else last
    return EventQuery(start=start, end=end, include_undated=filters.include_undated and dates is None,
                      event_types=filters.event_types, actors=filters.actors, countries=filters.countries,
                      admin1=filters.admin1, place=filters.place, text=filters.text,
                      max_geo_precision=filters.max_geo_precision, max_time_precision=filters.max_time_precision,
                      include_mentions=filters.include_mentions, at_place=at_place,
                      bounds=bounds if filters.in_view else None)


def frame_dates(start: date, *, step: str) -> tuple[date, date]:
    """``(first day, day after the last)`` of the playback frame of ``step`` beginning on ``start``."""
    first = pd.Timestamp(start)
    after = first + {"day": pd.DateOffset(days=1), "week": pd.DateOffset(weeks=1),
                     "month": pd.DateOffset(months=1)}[step]
    return first.date(), after.date()


def store_part(store: AsksInSql, query: EventQuery, *, period: Period, table_limit: int = TABLE_ROWS,
               max_places: int = MAX_PLACES) -> StorePart:
    """:class:`StorePart` of ``query``, asked of ``store``: four questions, each a pass over the
    kept rows, asked at once on connections of their own (both databases answer while Python
    waits; a store in memory has one connection, and is asked in turn)."""
    def ask(question, *args, **options):
        with store.connection() as conn:
            return question(conn, *args, **options)

    if str(getattr(store, "path", "")) == ":memory:":
        counts, places = ask(view_counts, query, limit=max_places)
        return StorePart(counts, _as_summary(places), ask(timeline_counts, query, period=period),
                         ask(table_rows, query, limit=table_limit))
    if one_pass(query):  # the table read once for the counts, places and bars; the rows beside it
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="store-question") as pool:
            rows = pool.submit(ask, table_rows, query, limit=table_limit)
            counts, places, bars = ask(kept_view, query, period=period, limit=max_places)
            return StorePart(counts, _as_summary(places), bars, rows.result())
    with ThreadPoolExecutor(max_workers=3, thread_name_prefix="store-question") as pool:
        articles = pool.submit(ask, article_count, query)
        bars = pool.submit(ask, timeline_counts, query, period=period)
        rows = pool.submit(ask, table_rows, query, limit=table_limit)
        counts, places = ask(view_counts, query, limit=max_places, articles=0)
        counts = replace(counts, articles=articles.result())
        return StorePart(counts, _as_summary(places), bars.result(), rows.result())


def _as_summary(places: pd.DataFrame) -> pd.DataFrame:
    """The store's place counts in :func:`place_summary`'s columns (label: a type the map colours)."""
    label = places["top_event_type"].where(places["top_event_type"].isin(list(TYPE_COLOURS)), None)
    return pd.DataFrame({"location": places["location"], "latitude": places["latitude"].astype(float),
                         "longitude": places["longitude"].astype(float),
                         "count": places["count"].astype("int64"),
                         "label": label.fillna(MENTION_LABEL).astype(object),
                         "area": places["finest_precision"].astype(float) >= AREA_PRECISION})


def combined_summary(store_places: pd.DataFrame, page_rows: pd.DataFrame) -> pd.DataFrame:
    """One row per place of the store's ``store_places`` and the page's own ``page_rows``
    (the event table): counts added, the label of the side with more rows there, an area
    only where both sides place it at one."""
    own = place_summary(page_rows)
    if own.empty:
        return store_places.reset_index(drop=True)
    if store_places.empty:
        return own.reset_index(drop=True)
    keys = list(PLACE_COLUMNS)
    both = pd.concat([store_places, own], ignore_index=True)
    both = both.sort_values("count", ascending=False, kind="stable")
    summed = both.groupby(keys, sort=False, dropna=False).agg(count=("count", "sum"), label=("label", "first"),
                                                              area=("area", "all")).reset_index()
    return summed.sort_values("count", ascending=False, kind="stable").reset_index(drop=True)


def combined_timeline(store_bars: pd.DataFrame, page_rows: pd.DataFrame, *, period: Period) -> pd.DataFrame:
    """The timeline's bars of both: the store's ``store_bars`` and the page's ``page_rows``."""
    own = table_timeline(page_rows, period=period)
    if own.empty:
        return store_bars
    both = pd.concat([store_bars, own], ignore_index=True)
    return both.groupby(["period", "event_type"], as_index=False)["events"].sum()


def summary_rows(summary: pd.DataFrame) -> pd.DataFrame:
    """A row per place of ``summary`` in the event table's map columns (kind, type, precision
    as its label and area say): what the base map frames and its legend lists."""
    mentioned = summary["label"] == MENTION_LABEL
    return pd.DataFrame({"location": summary["location"], "latitude": summary["latitude"],
                         "longitude": summary["longitude"], "kind": mentioned.map({True: "mention", False: "event"}),
                         "event_type": summary["label"].where(~mentioned, ""),
                         "geo_precision": summary["area"].map({True: AREA_PRECISION, False: 1}).astype("int64")})


def store_filter_choices(choices: StoreChoices) -> FilterChoices:
    """The store's :class:`StoreChoices` as the page's :class:`FilterChoices`."""
    bounds = (choices.first_date, choices.last_date) if choices.first_date and choices.last_date else None
    return FilterChoices(bounds=bounds, event_types=choices.event_types, actors=tuple(sorted(choices.actors)),
                         countries=choices.countries, admin1=choices.admin1, places=choices.places)


def legend_rows(choices: FilterChoices) -> pd.DataFrame:
    """Rows whose legend lists every event type the data offers, mentions and areas: a big
    store's legend, which must not change with the filters (the base map would be drawn again,
    and the analyst's zoom lost)."""
    kinds = [("event", kind, 1) for kind in choices.event_types] + [("mention", "", 1), ("mention", "", AREA_PRECISION)]
    return pd.DataFrame({"location": [f"legend {n}" for n in range(len(kinds))], "latitude": 0.0,
                         "longitude": [float(n) for n in range(len(kinds))], "kind": [k for k, _, _ in kinds],
                         "event_type": [t for _, t, _ in kinds], "geo_precision": [g for _, _, g in kinds]})
