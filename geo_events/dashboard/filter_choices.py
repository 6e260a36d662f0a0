"""What the sidebar's filters offer and start from, and what their values mean as filters.

    >>> import pandas as pd
    >>> rows = pd.DataFrame({"event_date": pd.to_datetime(["2014-06-11", "2023-08-27"]),
    ...                      "event_type": ["Battles", "Protests"], "actor1": ["ISIS", ""],
    ...                      "actor2": [None, "Civilians"], "country": ["Iraq", "Syria"],
    ...                      "admin1": ["Nineveh", None], "location": ["Mosul", "Daraa"],
    ...                      "matched_text": ["Mosul", "Deraa"]})
    >>> choices = FilterChoices.from_rows(rows)
    >>> choices.actors, choices.admin1
    (('Civilians', 'ISIS'), ('Nineveh',))
    >>> linked, notices = choices.applicable(EventFilters(event_types=("Battles", "Riots"),
    ...                                                   end=date(1900, 1, 1)))
    >>> linked == EventFilters(event_types=("Battles",))
    True
    >>> for notice in notices:
    ...     print(notice)
    end='1900-01-01': before the data's first day, 2014-06-11; ignored
    type='Riots': not an event type in the data; ignored
    >>> choices.starting_range(EventFilters(start=date(2000, 1, 1), end=date(2020, 1, 1)))
    (datetime.date(2014, 6, 11), datetime.date(2020, 1, 1))
    >>> choices.open_ends(date(2014, 6, 11), date(2020, 1, 1))
    (None, datetime.date(2020, 1, 1))

A session's first run starts the widgets from the URL's filters
(:func:`geo_events.dashboard.filters_from_query`). What the data cannot show
falls back to its default with a notice naming the parameter and the value
(:meth:`FilterChoices.applicable`): an event type, actor, country or province
the data does not offer, a place no row's place matches, a start after the
data's last day, an end before its first, any date when nothing is dated. A
range that reaches past the data's ends but overlaps it is kept silently (the
data may grow), and so is a search (``q``) that finds nothing: that is an
answer. The widgets then start from what is left: the dates clamped into the
data's range (:meth:`FilterChoices.starting_range`), the choices the data
does not offer dropped (:meth:`FilterChoices.offered`). A date range reaching the
data's first or last day is open at that end (:meth:`FilterChoices.open_ends`),
so the URL stays short and new data at the ends is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from .filters import MULTI_PARAMS, EventFilters, QueryNotice, date_bounds

__all__ = ["FilterChoices", "PRECISION_LABELS", "GEO_LABELS"]

#: The "Date precision" choices: the largest ACLED time precision kept -> its label.
PRECISION_LABELS = {3: "any", 2: "week/month or better", 1: "exact day only"}
#: The "Location precision" choices: the largest ACLED geo precision kept -> its label.
GEO_LABELS = {3: "any", 2: "near a town or better", 1: "the town itself"}
#: What each multi-valued filter's values are, for a notice about one the data does not offer.
_KINDS = {"event_types": "an event type", "actors": "an actor", "countries": "a country",
          "admin1": "a province"}


@dataclass(frozen=True, slots=True)
class FilterChoices:
    """The values the event table offers each filter: its first and last dates (``None`` when
    nothing is dated) and the sorted, non-blank event types, actors, countries, provinces and
    places (as located and as written)."""

    bounds: tuple[date, date] | None
    event_types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    admin1: tuple[str, ...] = ()
    places: tuple[str, ...] = ()

    @classmethod
    def from_rows(cls, rows: pd.DataFrame) -> FilterChoices:
        """The choices of an event table (:func:`geo_events.event_rows`)."""
        def values(*columns: str) -> tuple[str, ...]:
            found = pd.unique(pd.concat([rows[column] for column in columns]).dropna())
            return tuple(sorted(v for v in found if v))  # pd.unique: ~25x faster than a set on 100k rows

        return cls(bounds=date_bounds(rows), event_types=values("event_type"),
                   actors=values("actor1", "actor2"), countries=values("country"), admin1=values("admin1"),
                   places=values("location", "matched_text"))

    def joined(self, other: FilterChoices) -> FilterChoices:
        """Both sets of choices: every value of either, the dates from the first to the last."""
        ends = [b for b in (self.bounds, other.bounds) if b is not None]
        bounds = (min(b[0] for b in ends), max(b[1] for b in ends)) if ends else None

        def both(name: str) -> tuple[str, ...]:
            return tuple(sorted(set(getattr(self, name)) | set(getattr(other, name))))

        return FilterChoices(bounds=bounds, event_types=both("event_types"), actors=both("actors"),
                             countries=both("countries"), admin1=both("admin1"), places=both("places"))

    def applicable(self, linked: EventFilters) -> tuple[EventFilters, list[QueryNotice]]:
        """``linked`` (the URL's filters) without what the data cannot show, and a
        :class:`~geo_events.dashboard.filters.QueryNotice` per value dropped."""
        notices: list[QueryNotice] = []
        changes: dict[str, object] = {}
        for key, value in (("start", linked.start), ("end", linked.end)):
            if value is not None and (why := self._unshown_date(key, value)):
                notices.append(QueryNotice(key, value.isoformat(), why))
                changes[key] = None
        for key, name in MULTI_PARAMS.items():
            offered = set(getattr(self, name))
            unknown = [v for v in getattr(linked, name) if v not in offered]
            notices += [QueryNotice(key, v, f"not {_KINDS[name]} in the data; ignored") for v in unknown]
            if unknown:
                changes[name] = tuple(v for v in getattr(linked, name) if v in offered)
        needle = linked.place.casefold()
        if needle and not any(needle in place.casefold() for place in self.places):
            notices.append(QueryNotice("place", linked.place, "matches no place in the data; ignored"))
            changes["place"] = ""
        return replace(linked, **changes), notices

    def _unshown_date(self, key: str, value: date) -> str | None:
        """Why the date ``value`` for ``key`` (start or end) would show nothing (``None``: it would not)."""
        if self.bounds is None:
            return "no event in the data is dated; ignored"
        low, high = self.bounds
        if key == "start" and value > high:
            return f"after the data's last day, {high.isoformat()}; ignored"
        if key == "end" and value < low:
            return f"before the data's first day, {low.isoformat()}; ignored"
        return None

    def starting_range(self, initial: EventFilters) -> tuple[date, date] | None:
        """``initial``'s dates clamped into :attr:`bounds` (an open end is the bound), start <= end."""
        if self.bounds is None:
            return None
        low, high = self.bounds
        start = min(max(initial.start or low, low), high)
        end = max(min(initial.end or high, high), start)
        return start, end

    def following(self, before: tuple[date, date] | None,
                  chosen: tuple[date, date] | None) -> tuple[date, date] | None:
        """The ``chosen`` range once the data's bounds moved from ``before`` (uploads, removals):
        an end that was at the old bound moves to the new one (it showed everything on
        that side, and still does), the rest is clamped into :attr:`bounds`.

            >>> now = FilterChoices(bounds=(date(2014, 1, 1), date(2024, 6, 1)))
            >>> now.following((date(2014, 1, 1), date(2023, 8, 27)), (date(2015, 1, 1), date(2023, 8, 27)))
            (datetime.date(2015, 1, 1), datetime.date(2024, 6, 1))
        """
        if self.bounds is None:
            return None
        if chosen is None:
            return self.bounds
        low, high = self.bounds
        start, end = chosen
        if before is not None:
            start = low if start == before[0] else start
            end = high if end == before[1] else end
        start = min(max(start, low), high)
        return start, max(min(end, high), start)

    def offered(self, initial: EventFilters) -> EventFilters:
        """``initial`` without the types, actors, countries and provinces the data does not offer."""
        return replace(initial, **{name: tuple(v for v in getattr(initial, name) if v in getattr(self, name))
                                   for name in ("event_types", "actors", "countries", "admin1")})

    def open_ends(self, start: date | None, end: date | None) -> tuple[date | None, date | None]:
        """The chosen range with an end that is the data's bound left open (``None``)."""
        if self.bounds is None:
            return None, None
        return (None if start == self.bounds[0] else start, None if end == self.bounds[1] else end)
