"""Narrow the event table the way the dashboard's widgets ask, and keep the ask in the URL.

    >>> import pandas as pd
    >>> rows = pd.DataFrame({"event_date": pd.to_datetime(["2014-06-11", None])})
    >>> len(filter_rows(rows, start=date(2015, 1, 1), end=date(2020, 1, 1)))
    1
    >>> f, notices = filters_from_query({"start": "2023-01-01", "type": ["Battles"], "geo": "<b>x</b>"})
    >>> f.start, f.event_types, f.max_geo_precision
    (datetime.date(2023, 1, 1), ('Battles',), 3)
    >>> [str(n) for n in notices]
    ["geo='<b>x</b>': not 1, 2 or 3; showing every precision"]
    >>> notices[0].markdown()  # the value in a code span: shown as it is, never as markup
    "`geo`=` '<b>x</b>' `: not 1, 2 or 3; showing every precision"

:class:`EventFilters` is every filter of the page; :func:`filters_to_query`
and :func:`filters_from_query` turn it into URL query parameters and back,
so a shared URL reproduces the view. :func:`query_from_params` reads
Streamlit's ``st.query_params`` into the mapping :func:`filters_from_query`
takes, keeping every value of a repeated parameter.

A value that makes no sense falls back to its default with a
:class:`QueryNotice` naming the parameter and the value, never an exception,
and the rest of the URL still applies:

- a value that is not a date, not 1, 2 or 3 (``geo``, ``time``), not 1 or 0
  (``mentions``, ``undated``, ``heat``), or a start after the end;
- a value longer than :data:`MAX_QUERY_CHARS` (the widgets take no more), or
  holding a control character or a lone surrogate (no text a person types);
- values past the first :data:`MAX_QUERY_VALUES` of a multi-valued parameter;
- the earlier values of a single-valued parameter given more than once (the
  last is used; the same value repeated says one thing and is not noted);
- a parameter name that is not a filter (a misspelt ``tpye=`` would otherwise
  go unseen); past ten such names, one notice counts the rest.

An empty value (``?start=``) means "not set": the default, without a notice.
What the data cannot show (an unknown event type, a start after its last day)
is checked against the data by
:meth:`geo_events.dashboard.FilterChoices.applicable`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Protocol

import pandas as pd

from geo_events.errors import UserInputError

__all__ = ["filter_rows", "date_bounds", "EventFilters", "apply_filters", "within_bounds", "filters_from_query",
           "filters_to_query", "query_from_params", "QueryParams", "QueryNotice", "MAX_QUERY_VALUES",
           "MAX_QUERY_CHARS", "MULTI_PARAMS", "VIEW_PARAMS"]

#: Values kept per multi-valued URL parameter, and characters per value.
MAX_QUERY_VALUES = 50
MAX_QUERY_CHARS = 200
#: Characters of a value a notice shows (the rest is counted).
_SHOWN_CHARS = 200
#: Parameters that are not filters noted one by one; one more notice counts the rest.
_UNKNOWN_NOTED = 10


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
    #: Only the events within the map's view (its box as the map reports it): counts,
    #: timeline, table and places follow the map as it is panned and zoomed.
    in_view: bool = False


#: The URL parameters that take several values -> the :class:`EventFilters` field each sets.
MULTI_PARAMS = {"type": "event_types", "actor": "actors", "country": "countries", "admin1": "admin1"}
_MULTI = MULTI_PARAMS
_FLAGS = {"mentions": "include_mentions", "undated": "include_undated", "heat": "show_heat",
          "inview": "in_view"}
_PRECISIONS = {"geo": "max_geo_precision", "time": "max_time_precision"}
_TEXTS = {"place": "place", "q": "text"}
#: The map's centre and zoom (:mod:`geo_events.dashboard.shared_view`), not filters but in the same link.
VIEW_PARAMS = ("lat", "lon", "zoom")


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


@dataclass(frozen=True, slots=True)
class QueryNotice:
    """A URL parameter's value that was not applied: ``param`` and ``value`` as the URL gave
    them, and ``reason``, what was done instead (our words, never the URL's).

    ``str()`` is plain text with the value quoted and escaped (``repr``: control and
    bidirectional characters show as ``\\n``, ``\\u202e``) and cut to 200 characters;
    :meth:`markdown` puts the parameter and the value in code spans, for Streamlit's
    Markdown elements (``st.info``), where nothing in them renders as markup.
    """

    param: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"{_shown_name(self.param)}={_shown(self.value)}: {self.reason}"

    def markdown(self) -> str:
        """The notice as Markdown that shows the parameter and the value literally."""
        name = f"`{self.param}`" if _plain(self.param) else _code(_shown(self.param))
        return f"{name}={_code(_shown(self.value))}: {self.reason}"


def _plain(param: str) -> bool:
    """A parameter name that is a plain word (``type``, ``utm_source``), shown as it is."""
    return param.isascii() and param.isidentifier()


def _shown(value: str) -> str:
    """``value`` quoted, every unprintable character escaped, cut to :data:`_SHOWN_CHARS`."""
    if len(value) <= _SHOWN_CHARS:
        return repr(value)
    return f"{repr(value[:_SHOWN_CHARS])}… ({len(value):,} characters)"


def _shown_name(param: str) -> str:
    return param if _plain(param) else _shown(param)


def _code(text: str) -> str:
    """A Markdown code span of ``text`` (printable, one line): fenced by more backticks than
    it holds in a row, and padded by one space each side, which CommonMark strips."""
    fence = "`" * (1 + max(map(len, re.findall("`+", text)), default=0))
    return f"{fence} {text} {fence}"


class QueryParams(Protocol):
    """What :func:`query_from_params` reads: Streamlit's ``st.query_params``."""

    def to_dict(self) -> dict[str, str]: ...

    def get_all(self, key: str) -> list[str]: ...

    def __contains__(self, key: object) -> bool: ...


def query_from_params(params: QueryParams) -> dict[str, str | list[str]]:
    """The URL's parameters for :func:`filters_from_query`: each value, and every value of the
    multi-valued ones (``type``, ``actor``, ``country``, ``admin1``) and of any parameter given
    more than once (``to_dict`` keeps only the last).

        >>> class Params(dict):  # stands in for st.query_params
        ...     def to_dict(self): return {k: v[-1] for k, v in self.items()}
        ...     def get_all(self, key): return list(self[key])
        >>> query_from_params(Params(type=["Battles", "Riots"], start=["2023-01-01"], q=["a", "b"]))
        {'type': ['Battles', 'Riots'], 'start': '2023-01-01', 'q': ['a', 'b']}
    """
    query: dict[str, str | list[str]] = {}
    for key, value in params.to_dict().items():
        every = params.get_all(key)
        query[key] = every if key in _MULTI or len(every) > 1 else value
    return query


def _unusable(value: str) -> str | None:
    """Why a stripped URL value cannot be a filter's value (``None``: it can)."""
    if len(value) > MAX_QUERY_CHARS:
        return f"longer than {MAX_QUERY_CHARS} characters; ignored"
    if any("\ud800" <= c <= "\udfff" for c in value):
        return "not valid text (a lone surrogate); ignored"
    if any(unicodedata.category(c) == "Cc" for c in value):
        return "holds a control character; ignored"
    return None


def filters_from_query(query: Mapping[str, str | Sequence[str]]) -> tuple[EventFilters, list[QueryNotice]]:
    """:class:`EventFilters` from URL parameters (a value or a list of values each), and a
    :class:`QueryNotice` per value that was not applied; never raises."""
    notices: list[QueryNotice] = []
    values: dict[str, object] = {}

    def usable(key: str, *, last_first: bool = False) -> list[str]:
        """``key``'s distinct non-empty values that can be filter values, in the URL's order (by
        last occurrence if ``last_first``); a notice for each of the others."""
        raw = query.get(key)
        items = [str(v).strip() for v in ([] if raw is None else [raw] if isinstance(raw, str) else raw)]
        distinct = list(dict.fromkeys(reversed(items)))[::-1] if last_first else list(dict.fromkeys(items))
        kept = []
        for item in filter(None, distinct):
            why = _unusable(item)
            if why:
                notices.append(QueryNotice(key, item, why))
            else:
                kept.append(item)
        return kept

    def single(key: str) -> str | None:
        """The last usable value of ``key``; a notice for each different one before it."""
        kept = usable(key, last_first=True)
        notices.extend(QueryNotice(key, v, "given again later in the link; the last value used")
                       for v in kept[:-1])
        return kept[-1] if kept else None

    def parse(key: str, name: str, read: Callable[[str], object], why: str) -> None:
        raw = single(key)
        if raw is None:
            return
        try:
            values[name] = read(raw)
        except ValueError:
            notices.append(QueryNotice(key, raw, why))

    for key in ("start", "end"):
        parse(key, key, date.fromisoformat, "not a YYYY-MM-DD date; ignored")
    start, end = values.get("start"), values.get("end")
    if isinstance(start, date) and isinstance(end, date) and start > end:
        notices.append(QueryNotice("start", start.isoformat(),
                                   f"after end={end.isoformat()}; both dates ignored"))
        del values["start"], values["end"]
    for key, name in _MULTI.items():
        kept = usable(key)
        if len(kept) > MAX_QUERY_VALUES:
            notices.append(QueryNotice(key, kept[MAX_QUERY_VALUES],
                                       f"only the first {MAX_QUERY_VALUES} values are used; "
                                       f"{len(kept) - MAX_QUERY_VALUES} values ignored, from this one on"))
        if kept:
            values[name] = tuple(kept[:MAX_QUERY_VALUES])
    for key, name in _TEXTS.items():
        if (raw := single(key)) is not None:
            values[name] = raw
    for key, name in _PRECISIONS.items():
        parse(key, name, _precision, "not 1, 2 or 3; showing every precision")
    for key, name in _FLAGS.items():
        parse(key, name, _flag, "not 1 or 0; using the default")
    notices += _unknown_params(query)
    return EventFilters(**{f.name: values[f.name] for f in fields(EventFilters) if f.name in values}), notices


def _unknown_params(query: Mapping[str, str | Sequence[str]]) -> list[QueryNotice]:
    """A notice per parameter that is not a filter, up to ten; one more counts the rest."""
    known = {"start", "end", *_MULTI, *_TEXTS, *_PRECISIONS, *_FLAGS, *VIEW_PARAMS}
    unknown = [key for key in query if key not in known]

    def notice(key: str, reason: str) -> QueryNotice:
        raw = query[key]
        return QueryNotice(str(key), str(raw if isinstance(raw, str) else ([""] + list(raw))[-1]), reason)

    notices = [notice(key, "not a filter of this page; ignored") for key in unknown[:_UNKNOWN_NOTED]]
    if len(unknown) > _UNKNOWN_NOTED:
        notices.append(notice(unknown[_UNKNOWN_NOTED], "not a filter of this page; ignored, like the "
                              f"{len(unknown) - _UNKNOWN_NOTED - 1} more after it"))
    return notices


def _precision(raw: str) -> int:
    if raw not in ("1", "2", "3"):
        raise ValueError(raw)
    return int(raw)


def _flag(raw: str) -> bool:
    answer = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}.get(raw.lower())
    if answer is None:
        raise ValueError(raw)
    return answer


def within_bounds(rows: pd.DataFrame, bounds: tuple[float, float, float, float]) -> pd.DataFrame:
    """The rows of the event table placed inside ``bounds``, ``(south, west, north, east)`` in
    degrees, edges included; a west past the east crosses the antimeridian. Rows without a
    point are out.

        >>> rows = pd.DataFrame({"latitude": [10.0, 10.0, None], "longitude": [179.5, 0.0, 179.5]})
        >>> len(within_bounds(rows, (0.0, 170.0, 20.0, -170.0)))
        1
    """
    south, west, north, east = bounds
    lat, lon = rows["latitude"], rows["longitude"]
    across = (lon >= west) & (lon <= east) if west <= east else (lon >= west) | (lon <= east)
    return rows[lat.between(south, north) & across]


def apply_filters(rows: pd.DataFrame, filters: EventFilters, *,
                  bounds: tuple[float, float, float, float] | None = None) -> pd.DataFrame:
    """The rows of the event table (:func:`geo_events.event_rows`) that ``filters`` keep;
    with ``filters.in_view`` and the map's ``bounds``, only those inside them
    (:func:`within_bounds`)."""
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
    shown = shown[keep]
    return within_bounds(shown, bounds) if filters.in_view and bounds is not None else shown
