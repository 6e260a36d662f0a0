"""One event reported by several articles becomes one event that keeps every source.

    >>> from datetime import date
    >>> from geo_events.models import Event
    >>> def report(article, day):
    ...     return Event(f"e{article}", article, f"paper{article}", "", day, 1, "Battles", "Armed clash",
    ...                  "", "", 2, 0, 0, "Hajin", "Hajin", 34.69, 40.83, 1, "Syria", None, 163, "", 0.9, "event")
    >>> [(e.source_count, e.sources) for e in merge_duplicates([report("a", date(2023, 1, 21)),
    ...                                                           report("b", date(2023, 1, 22))])]
    [(2, 'papera; paperb')]

Two events are the same when they come from different articles and have the
same ``sub_event_type`` (the ``event_type`` when there is none), dates
within what the vaguer of their time precisions allows
(:data:`DAYS_APART`), and places within what the vaguer geo precision
allows (:data:`KM_APART`; at precision 3, a province or country, the same
place). The merged event is the most precise report (day, then place, then
confidence) with the largest counts of all, ``source_count`` distinct
articles and ``sources`` listing each once. Mentions are never merged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from geopy.distance import great_circle

from geo_events.models import Event

__all__ = ["merge_duplicates", "DAYS_APART", "KM_APART"]

#: Days two reports may lie apart, by the vaguer time precision (1 day, 2 week/month, 3 year).
DAYS_APART = {1: 1, 2: 15, 3: 183}
#: Kilometres two reports' places may lie apart, by the vaguer geo precision (3: same place).
KM_APART = {1: 5.0, 2: 25.0, 3: 0.0}


def merge_duplicates(events: Iterable[Event]) -> list[Event]:
    """``events`` with duplicate reports merged, in the order of each group's first report."""
    events = list(events)
    groups: dict[str, list[int]] = defaultdict(list)
    for index, event in enumerate(events):
        # An event an analyst marked "not an event" is merged with none: it stays listed as it is.
        if (event.kind == "event" and not event.dismissed and event.event_date is not None
                and event.latitude is not None):
            groups[event.sub_event_type or event.event_type].append(index)
    merged_into: dict[int, int] = {}
    clusters: dict[int, list[int]] = {}
    for indices in groups.values():
        indices.sort(key=lambda i: events[i].event_date)
        for position, i in enumerate(indices):
            if i in merged_into:
                continue
            clusters[i] = [i]
            for j in indices[position + 1:]:
                if j in merged_into:
                    continue
                if (events[j].event_date - events[i].event_date).days > DAYS_APART[3]:
                    break
                if all(_same(events[k], events[j]) for k in clusters[i]):
                    clusters[i].append(j)
                    merged_into[j] = i
    result = []
    for index, event in enumerate(events):
        if index in merged_into:
            continue
        result.append(_merge([events[k] for k in clusters[index]]) if index in clusters else event)
    return result


def _same(a: Event, b: Event) -> bool:
    if a.article_id == b.article_id:
        return False
    days = abs((a.event_date - b.event_date).days)
    if days > DAYS_APART[max(a.time_precision, b.time_precision)]:
        return False
    precision = max(a.geo_precision, b.geo_precision)
    if precision >= 3:
        return (a.geonameid, a.location, a.country) == (b.geonameid, b.location, b.country)
    return great_circle((a.latitude, a.longitude), (b.latitude, b.longitude)).km <= KM_APART[precision]


def _merge(reports: list[Event]) -> Event:
    if len(reports) == 1:
        return reports[0]
    best = min(reports, key=lambda e: (e.time_precision, e.geo_precision, -e.confidence))
    sources = list(dict.fromkeys(s for e in reports for s in (e.sources or e.source).split("; ") if s))
    return replace(best, fatalities=max(e.fatalities for e in reports),
                   injuries=max(e.injuries for e in reports), captured=max(e.captured for e in reports),
                   actor1=best.actor1 or next((e.actor1 for e in reports if e.actor1), ""),
                   actor2=best.actor2 or next((e.actor2 for e in reports if e.actor2), ""),
                   source_count=len({e.article_id for e in reports}), sources="; ".join(sources))
