"""Narrow the event table the way the dashboard's widgets ask, and keep the ask in the URL.

    >>> import pandas as pd
    >>> rows = pd.DataFrame({"event_date": pd.to_datetime(["2014-06-11", None])})
    >>> len(filter_rows(rows, start=date(2015, 1, 1), end=date(2020, 1, 1)))
    1
    >>> f, notices = filters_from_query({"start": "2023-01-01", "type": ["Battles"], "geo": "x"})
    >>> f.start, f.event_types, f.max_geo_precision, notices
    (datetime.date(2023, 1, 1), ('Battles',), 3, ["geo: 'x' is not 1, 2 or 3; showing every precision"])

:class:`EventFilters` is every filter of the page; :func:`filters_to_query`
and :func:`filters_from_query` turn it into URL query parameters and back,
so a shared URL reproduces the view. A malformed value falls back to its
default with a notice, never an exception. :func:`query_from_params` reads
Streamlit's ``st.query_params`` into the mapping :func:`filters_from_query`
takes, keeping every value of a repeated parameter.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Protocol

import pandas as pd

from geo_events.errors import UserInputError

__all__ = ["filter_rows", "date_bounds", "EventFilters", "apply_filters", "filters_from_query",
           "filters_to_query", "query_from_params", "QueryParams", "MAX_QUERY_VALUES", "MAX_QUERY_CHARS"]

#: Values kept per multi-valued URL parameter, and characters per value.
MAX_QUERY_VALUES = 50
MAX_QUERY_CHARS = 200


def date_bounds(rows: pd.DataFrame) -> tuple[date, date] | None:
    """The first and last dates in ``rows``; ``None`` when nothing is dated."""
    dates = rows["event_date"].dropna()
    if dates.empty:
        return None
    return dates.min().date(), dates.max().date()


def filter_rows(rows: pd.DataFrame, *, start: date | None = None, end: date | None = None,
                include_undated: bool = True) -> pd.DataFrame:
    """Rows dated within ``[start, end]`` (inclusive), plus undated ones if asked;
    :class:`~geo_events.errors.UserInputError` (a ``ValueError``) when ``start`` is after ``end``."""
    if start is not None and end is not None and start > end:
        raise UserInputError(f"start {start!r} ({type(start).__name__}) is after end {end!r} "
                             f"({type(end).__name__})")
    dates = rows["event_date"]
    keep = dates.notna()
    if start is not None:
        keep &= dates >= pd.Timestamp(start)
    if end is not None:
        keep &= dates <= pd.Timestamp(end)
    if include_undated:
        keep |= dates.isna()
    return rows[keep]


@dataclass(frozen=True, slots=True)
class EventFilters:
    """What the analyst narrowed the events to (the defaults show everything).

    ``max_geo_precision`` / ``max_time_precision``: ACLED precision codes,
    1 the most precise; 2 keeps precision 1 and 2. Text filters match
    case-insensitively: ``place`` the location or the name as written,
    ``text`` the sentence, title, actors or place.
    """

    start: date | None = None
    end: date | None = None
    event_types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    admin1: tuple[str, ...] = ()
    place: str = ""
    text: str = ""
    max_geo_precision: int = 3
    max_time_precision: int = 3
    include_mentions: bool = True
    include_undated: bool = True
    #: Not a filter but part of the shared view: the heat map layer is on.
    show_heat: bool = False


_MULTI = {"type": "event_types", "actor": "actors", "country": "countries", "admin1": "admin1"}
_FLAGS = {"mentions": "include_mentions", "undated": "include_undated", "heat": "show_heat"}
_PRECISIONS = {"geo": "max_geo_precision", "time": "max_time_precision"}
_TEXTS = {"place": "place", "q": "text"}


def filters_to_query(filters: EventFilters) -> dict[str, str | list[str]]:
    """URL query parameters for ``filters``; defaults are left out (a short URL)."""
    default = EventFilters()
    query: dict[str, str | list[str]] = {}
    for key, value in (("start", filters.start), ("end", filters.end)):
        if value is not None:
            query[key] = value.isoformat()
    for key, name in _MULTI.items():
        if getattr(filters, name):
            query[key] = list(getattr(filters, name))
    for key, name in {**_TEXTS, **_PRECISIONS}.items():
        if getattr(filters, name) != getattr(default, name):
            query[key] = str(getattr(filters, name))
    for key, name in _FLAGS.items():
        if getattr(filters, name) != getattr(default, name):
            query[key] = "1" if getattr(filters, name) else "0"
    return query


class QueryParams(Protocol):
    """What :func:`query_from_params` reads: Streamlit's ``st.query_params``."""

    def to_dict(self) -> dict[str, str]: ...

    def get_all(self, key: str) -> list[str]: ...

    def __contains__(self, key: object) -> bool: ...


def query_from_params(params: QueryParams) -> dict[str, str | list[str]]:
    """The URL's parameters for :func:`filters_from_query`: each value, and every value of the
    multi-valued ones (``type``, ``actor``, ``country``, ``admin1``), which ``to_dict`` cuts to the last.

        >>> class Params(dict):  # stands in for st.query_params
        ...     def to_dict(self): return {k: v[-1] for k, v in self.items()}
        ...     def get_all(self, key): return list(self[key])
        >>> query_from_params(Params(type=["Battles", "Riots"], start=["2023-01-01"]))
        {'type': ['Battles', 'Riots'], 'start': '2023-01-01'}
    """
    return params.to_dict() | {key: params.get_all(key) for key in _MULTI if key in params}


def filters_from_query(query: Mapping[str, str | Sequence[str]]) -> tuple[EventFilters, list[str]]:
    """:class:`EventFilters` from URL parameters, and a notice per value that was not understood."""
    notices: list[str] = []
    values: dict[str, object] = {}

    def last(key: str) -> str | None:
        raw = query.get(key)
        if raw is None:
            return None
        items = [raw] if isinstance(raw, str) else list(raw)
        return str(items[-1])[:MAX_QUERY_CHARS] if items else None

    for key in ("start", "end"):
        raw = last(key)
        if raw is None:
            continue
        try:
            values[key] = date.fromisoformat(raw)
        except ValueError:
            notices.append(f"{key}: {raw!r} is not a YYYY-MM-DD date; ignored")
    if "start" in values and "end" in values and values["start"] > values["end"]:
        notices.append(f"start {values['start']} is after end {values['end']}; both ignored")
        del values["start"], values["end"]
    for key, name in _MULTI.items():
        raw = query.get(key)
        if raw is not None:
            items = [raw] if isinstance(raw, str) else list(raw)
            values[name] = tuple(dict.fromkeys(str(v)[:MAX_QUERY_CHARS] for v in items if str(v).strip())
                                 )[:MAX_QUERY_VALUES]
    for key, name in _TEXTS.items():
        raw = last(key)
        if raw is not None:
            values[name] = raw.strip()
    for key, name in _PRECISIONS.items():
        raw = last(key)
        if raw is None:
            continue
        if raw.strip() in ("1", "2", "3"):
            values[name] = int(raw)
        else:
            notices.append(f"{key}: {raw!r} is not 1, 2 or 3; showing every precision")
    for key, name in _FLAGS.items():
        raw = last(key)
        if raw is None:
            continue
        if raw.strip().lower() in ("1", "true", "yes", "0", "false", "no"):
            values[name] = raw.strip().lower() in ("1", "true", "yes")
        else:
            notices.append(f"{key}: {raw!r} is not 1 or 0; using the default")
    known = {"start", "end", *_MULTI, *_TEXTS, *_PRECISIONS, *_FLAGS}
    notices += [f"{key}: not a filter of this page; ignored" for key in query if key not in known]
    return EventFilters(**{f.name: values[f.name] for f in fields(EventFilters) if f.name in values}), notices


def apply_filters(rows: pd.DataFrame, filters: EventFilters) -> pd.DataFrame:
    """The rows of the event table (:func:`geo_events.event_rows`) that ``filters`` keep."""
    start, end = filters.start, filters.end
    if start is not None and end is not None and start > end:
        start, end = end, start
    shown = filter_rows(rows, start=start, end=end, include_undated=filters.include_undated)
    keep = pd.Series(True, index=shown.index)
    if not filters.include_mentions:
        keep &= shown["kind"] == "event"
    if filters.event_types:
        keep &= shown["event_type"].isin(filters.event_types)
    if filters.actors:
        keep &= shown["actor1"].isin(filters.actors) | shown["actor2"].isin(filters.actors)
    if filters.countries:
        keep &= shown["country"].isin(filters.countries)
    if filters.admin1:
        keep &= shown["admin1"].isin(filters.admin1)
    keep &= shown["geo_precision"] <= filters.max_geo_precision
    keep &= shown["time_precision"] <= filters.max_time_precision
    if filters.place:
        needle = filters.place.casefold()
        keep &= (shown["location"].fillna("").str.casefold().str.contains(needle, regex=False)
                 | shown["matched_text"].fillna("").str.casefold().str.contains(needle, regex=False))
    if filters.text:
        needle = filters.text.casefold()
        haystack = (shown["notes"].fillna("") + " " + shown["title"].fillna("") + " "
                    + shown["actor1"].fillna("") + " " + shown["actor2"].fillna("") + " "
                    + shown["location"].fillna("") + " " + shown["matched_text"].fillna(""))
        keep &= haystack.str.casefold().str.contains(needle, regex=False)
    return shown[keep]
