"""Duplicate reports across articles merge into one event that keeps every source."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

import geo_events as ge
from geo_events.models import Event

BASE = Event("e1", "a1", "paper A", "", date(2023, 1, 21), 1, "Battles", "Armed clash", "SDF", "",
             2, 0, 0, "Hajin", "Hajin", 34.69, 40.83, 1, "Syria", "Deir ez-Zor", 163, "", 0.9, "event",
             sources="paper A")


def other(**changes) -> Event:
    return replace(BASE, **{"event_id": "e2", "article_id": "a2", "source": "paper B",
                            "sources": "paper B", **changes})


def test_same_event_from_two_articles_is_one_with_both_sources() -> None:
    (merged,) = ge.merge_duplicates([BASE, other(event_date=date(2023, 1, 22), fatalities=5, actor2="ISIS")])
    assert (merged.source_count, merged.sources) == (2, "paper A; paper B")
    assert merged.fatalities == 5 and merged.actor2 == "ISIS"


@pytest.mark.parametrize("changes", [
    {"sub_event_type": "Air/drone strike"},                  # another type
    {"event_date": date(2023, 1, 25)},                       # days apart at day precision
    {"latitude": 35.0, "longitude": 40.0},                   # another place
    {"article_id": "a1"},                                    # the same article twice: two events
])
def test_different_events_stay_apart(changes: dict) -> None:
    assert len(ge.merge_duplicates([BASE, other(**changes)])) == 2


def test_vaguer_precision_widens_the_window() -> None:
    month = other(event_date=date(2023, 1, 30), time_precision=2)
    (merged,) = ge.merge_duplicates([BASE, month])
    assert merged.event_date == BASE.event_date and merged.time_precision == 1  # the precise report


def test_mentions_are_never_merged() -> None:
    a, b = replace(BASE, kind="mention"), other(kind="mention")
    assert ge.merge_duplicates([a, b]) == [a, b]
