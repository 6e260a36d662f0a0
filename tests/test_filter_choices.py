"""The sidebar's choices: options from the rows, a start from the URL, open-ended date ranges."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from geo_events.dashboard import EventFilters, FilterChoices, GEO_LABELS, PRECISION_LABELS

FIRST, LAST = date(2014, 6, 11), date(2023, 8, 27)


@pytest.fixture()
def choices() -> FilterChoices:
    rows = pd.DataFrame({"event_date": pd.to_datetime(["2023-08-27", "2014-06-11", None]),
                         "event_type": ["Protests", "Battles", ""], "actor1": ["SDF", "ISIS", None],
                         "actor2": ["ISIS", "", "Civilians"], "country": ["Syria", "Iraq", "Syria"],
                         "admin1": [None, "Nineveh", "Idlib"]})
    return FilterChoices.from_rows(rows)


def test_options_are_sorted_distinct_and_never_blank(choices: FilterChoices) -> None:
    assert choices.event_types == ("Battles", "Protests")
    assert choices.actors == ("Civilians", "ISIS", "SDF")  # from actor1 and actor2
    assert choices.countries == ("Iraq", "Syria") and choices.admin1 == ("Idlib", "Nineveh")
    assert choices.bounds == (FIRST, LAST)


def test_undated_rows_have_no_date_range() -> None:
    rows = pd.DataFrame({c: pd.Series([], dtype=object) for c in
                         ("event_type", "actor1", "actor2", "country", "admin1")}).assign(
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
