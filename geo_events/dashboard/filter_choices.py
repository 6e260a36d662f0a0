"""What the sidebar's filters offer and start from, and what their values mean as filters.

    >>> import pandas as pd
    >>> rows = pd.DataFrame({"event_date": pd.to_datetime(["2014-06-11", "2023-08-27"]),
    ...                      "event_type": ["Battles", "Protests"], "actor1": ["ISIS", ""],
    ...                      "actor2": [None, "Civilians"], "country": ["Iraq", "Syria"],
    ...                      "admin1": ["Nineveh", None]})
    >>> choices = FilterChoices.from_rows(rows)
    >>> choices.actors, choices.admin1
    (('Civilians', 'ISIS'), ('Nineveh',))
    >>> choices.starting_range(EventFilters(start=date(2000, 1, 1), end=date(2020, 1, 1)))
    (datetime.date(2014, 6, 11), datetime.date(2020, 1, 1))
    >>> choices.open_ends(date(2014, 6, 11), date(2020, 1, 1))
    (None, datetime.date(2020, 1, 1))

A session's first run starts the widgets from the URL's filters
(:func:`geo_events.dashboard.filters_from_query`): the dates clamped into the
data's range (:meth:`FilterChoices.starting_range`), the choices the data does
not offer dropped (:meth:`FilterChoices.offered`). A date range reaching the
data's first or last day is open at that end (:meth:`FilterChoices.open_ends`),
so the URL stays short and new data at the ends is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from .filters import EventFilters, date_bounds

__all__ = ["FilterChoices", "PRECISION_LABELS", "GEO_LABELS"]

#: The "Date precision" choices: the largest ACLED time precision kept -> its label.
PRECISION_LABELS = {3: "any", 2: "week/month or better", 1: "exact day only"}
#: The "Location precision" choices: the largest ACLED geo precision kept -> its label.
GEO_LABELS = {3: "any", 2: "near a town or better", 1: "the town itself"}


@dataclass(frozen=True, slots=True)
class FilterChoices:
    """The values the event table offers each filter: its first and last dates (``None`` when
    nothing is dated) and the sorted, non-blank event types, actors, countries and provinces."""

    bounds: tuple[date, date] | None
    event_types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    admin1: tuple[str, ...] = ()

    @classmethod
    def from_rows(cls, rows: pd.DataFrame) -> FilterChoices:
        """The choices of an event table (:func:`geo_events.event_rows`)."""
        def values(*columns: str) -> tuple[str, ...]:
            return tuple(sorted({v for column in columns for v in rows[column].dropna() if v}))

        return cls(bounds=date_bounds(rows), event_types=values("event_type"),
                   actors=values("actor1", "actor2"), countries=values("country"), admin1=values("admin1"))

    def starting_range(self, initial: EventFilters) -> tuple[date, date] | None:
        """``initial``'s dates clamped into :attr:`bounds` (an open end is the bound), start <= end."""
        if self.bounds is None:
            return None
        low, high = self.bounds
        start = min(max(initial.start or low, low), high)
        end = max(min(initial.end or high, high), start)
        return start, end

    def offered(self, initial: EventFilters) -> EventFilters:
        """``initial`` without the types, actors, countries and provinces the data does not offer."""
        return replace(initial, **{name: tuple(v for v in getattr(initial, name) if v in getattr(self, name))
                                   for name in ("event_types", "actors", "countries", "admin1")})

    def open_ends(self, start: date | None, end: date | None) -> tuple[date | None, date | None]:
        """The chosen range with an end that is the data's bound left open (``None``)."""
        if self.bounds is None:
            return None, None
        return (None if start == self.bounds[0] else start, None if end == self.bounds[1] else end)
