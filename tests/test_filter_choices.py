"""The sidebar's choices: options from the rows, a start from the URL, open-ended date ranges."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from geo_events.dashboard import EventFilters, FilterChoices, GEO_LABELS, PRECISION_LABELS
from geo_events.dashboard.filters import QueryNotice

FIRST, LAST = date(2014, 6, 11), date(2023, 8, 27)


@pytest.fixture()
def choices() -> FilterChoices:
    rows = pd.DataFrame({"event_date": pd.to_datetime(["2023-08-27", "2014-06-11", None]),
                         "event_type": ["Protests", "Battles", ""], "actor1": ["SDF", "ISIS", None],
                         "actor2": ["ISIS", "", "Civilians"], "country": ["Syria", "Iraq", "Syria"],
                         "admin1": [None, "Nineveh", "Idlib"], "location": ["Ar Raqqah", "Mosul", None],
                         "matched_text": ["Raqqa", "Mosul", "Idlib"]})
    return FilterChoices.from_rows(rows)


def test_options_are_sorted_distinct_and_never_blank(choices: FilterChoices) -> None:
    assert choices.event_types == ("Battles", "Protests")
    assert choices.actors == ("Civilians", "ISIS", "SDF")  # from actor1 and actor2
    assert choices.countries == ("Iraq", "Syria") and choices.admin1 == ("Idlib", "Nineveh")
    assert choices.bounds == (FIRST, LAST)
    assert choices.places == ("Ar Raqqah", "Idlib", "Mosul", "Raqqa")  # located and as written


def test_undated_rows_have_no_date_range() -> None:
    columns = ("event_type", "actor1", "actor2", "country", "admin1", "location", "matched_text")
    rows = pd.DataFrame({c: pd.Series([], dtype=object) for c in columns}).assign(
        event_date=pd.Series([], dtype="datetime64[ns]"))
    empty = FilterChoices.from_rows(rows)
    assert empty.bounds is None and empty.starting_range(EventFilters(start=FIRST)) is None
    assert empty.open_ends(FIRST, LAST) == (None, None)


@pytest.mark.parametrize(("start", "end", "expected"), [
    (None, None, (FIRST, LAST)),
    (date(2000, 1, 1), date(2030, 1, 1), (FIRST, LAST)),  # clamped into the data's range
    (date(2016, 1, 1), date(2017, 1, 1), (date(2016, 1, 1), date(2017, 1, 1))),
    (date(2030, 1, 1), None, (LAST, LAST)),  # a start after the data: the last day
    (None, date(2000, 1, 1), (FIRST, FIRST)),  # an end before the data: never before the start
])
def test_starting_range_is_clamped_into_the_data(choices: FilterChoices, start, end, expected) -> None:
    assert choices.starting_range(EventFilters(start=start, end=end)) == expected


def test_offered_drops_what_the_data_does_not_offer(choices: FilterChoices) -> None:
    linked = EventFilters(event_types=("Riots", "Battles"), actors=("SDF", "Nobody"), countries=("Chad",),
                          admin1=("Idlib",), place="Raqqa", show_heat=True)
    assert choices.offered(linked) == EventFilters(event_types=("Battles",), actors=("SDF",), countries=(),
                                                   admin1=("Idlib",), place="Raqqa", show_heat=True)


@pytest.mark.parametrize(("start", "end", "expected"), [
    (FIRST, LAST, (None, None)), (date(2016, 1, 1), LAST, (date(2016, 1, 1), None)),
    (FIRST, date(2020, 1, 1), (None, date(2020, 1, 1))), (None, None, (None, None)),
])
def test_a_range_reaching_the_datas_ends_is_open_there(choices: FilterChoices, start, end, expected) -> None:
    assert choices.open_ends(start, end) == expected


def test_precision_labels_cover_every_acled_code() -> None:
    assert set(PRECISION_LABELS) == set(GEO_LABELS) == {1, 2, 3}
    assert PRECISION_LABELS[3] == GEO_LABELS[3] == "any"


def noted(notices: list[QueryNotice]) -> list[tuple[str, str]]:
    return [(n.param, n.value) for n in notices]


@pytest.mark.parametrize(("linked", "expected", "param", "value", "reason"), [
    (EventFilters(event_types=("<script>alert(1)</script>", "Battles")),
     EventFilters(event_types=("Battles",)), "type", "<script>alert(1)</script>", "not an event type in the data"),
    (EventFilters(actors=("Nobody",)), EventFilters(), "actor", "Nobody", "not an actor in the data"),
    (EventFilters(countries=("Chad",), admin1=("Idlib",)), EventFilters(admin1=("Idlib",)), "country", "Chad",
     "not a country in the data"),
    (EventFilters(admin1=("**Nineveh**",)), EventFilters(), "admin1", "**Nineveh**",
     "not a province in the data"),
    (EventFilters(place="Atlantis", show_heat=True), EventFilters(show_heat=True), "place", "Atlantis",
     "no place in the data"),
    (EventFilters(end=date(1900, 1, 1), include_mentions=False), EventFilters(include_mentions=False),
     "end", "1900-01-01", "before the data's first day, 2014-06-11"),
    (EventFilters(start=date(2030, 1, 1), end=date(2031, 1, 1)), EventFilters(end=date(2031, 1, 1)),
     "start", "2030-01-01", "after the data's last day, 2023-08-27"),
])
def test_what_the_data_cannot_show_is_dropped_with_a_notice(choices: FilterChoices, linked, expected, param,
                                                             value, reason) -> None:
    kept, notices = choices.applicable(linked)
    assert kept == expected
    assert noted(notices) == [(param, value)] and reason in notices[0].reason


def test_what_the_data_can_show_is_kept_silently(choices: FilterChoices) -> None:
    # A range reaching past the data's ends still shows data: not a mistake (the data may grow).
    linked = EventFilters(start=date(2000, 1, 1), end=date(2030, 1, 1), event_types=("Protests",),
                          actors=("Civilians", "SDF"), countries=("Iraq",), admin1=("Nineveh",),
                          place="raqq", text="matches nothing, which is an answer", max_geo_precision=1)
    assert choices.applicable(linked) == (linked, [])
    assert choices.applicable(EventFilters(start=LAST, end=LAST)) == (EventFilters(start=LAST, end=LAST), [])


def test_every_unknown_value_is_named(choices: FilterChoices) -> None:
    kept, notices = choices.applicable(EventFilters(event_types=("A", "Battles", "B"), actors=("C",)))
    assert kept == EventFilters(event_types=("Battles",))
    assert noted(notices) == [("type", "A"), ("type", "B"), ("actor", "C")]


def test_dates_without_dated_data_are_noted() -> None:
    rows = pd.DataFrame({"event_date": pd.to_datetime([None]), "event_type": ["Battles"], "actor1": [None],
                         "actor2": [None], "country": [None], "admin1": [None], "location": [None],
                         "matched_text": [None]})
    kept, notices = FilterChoices.from_rows(rows).applicable(EventFilters(start=FIRST, end=LAST))
    assert kept == EventFilters()
    assert noted(notices) == [("start", FIRST.isoformat()), ("end", LAST.isoformat())]
    assert "no event in the data is dated" in notices[0].reason
