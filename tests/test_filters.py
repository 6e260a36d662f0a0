"""Date filtering of the place table, and the filters in the URL: read, noted when they make
no sense, written back."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from geo_events.dashboard import (EventFilters, date_bounds, filter_rows, filters_from_query,
                                  filters_to_query, query_from_params)
from geo_events.dashboard.filters import MAX_QUERY_VALUES, QueryNotice
from geo_events.errors import GeoEventsError, UserInputError


@pytest.fixture()
def rows() -> pd.DataFrame:
    return pd.DataFrame({"event_date": pd.to_datetime(["2014-06-11", "2017-06-14", "2023-08-27", None]),
                         "location": ["Mosul", "Ar Raqqah", "Daraa", "Homs"]})


@pytest.mark.parametrize(("start", "end", "undated", "expected"), [
    (None, None, True, ["Mosul", "Ar Raqqah", "Daraa", "Homs"]),
    (date(2014, 6, 11), date(2017, 6, 14), False, ["Mosul", "Ar Raqqah"]),  # inclusive ends
    (date(2015, 1, 1), date(2020, 1, 1), True, ["Ar Raqqah", "Homs"]),
    (date(2024, 1, 1), None, False, []),
])
def test_filter_rows(rows: pd.DataFrame, start, end, undated: bool, expected: list[str]) -> None:
    kept = filter_rows(rows, start=start, end=end, include_undated=undated)
    assert list(kept["location"]) == expected


def test_reversed_range_is_an_error(rows: pd.DataFrame) -> None:
    with pytest.raises(UserInputError, match=r"start datetime.date\(2020, 1, 1\) \(date\) is after") as caught:
        filter_rows(rows, start=date(2020, 1, 1), end=date(2019, 1, 1))
    assert isinstance(caught.value, ValueError)


class FakeParams(dict):
    """Streamlit's st.query_params: to_dict keeps a repeated key's last value, get_all every one."""

    def to_dict(self) -> dict[str, str]:
        return {key: values[-1] for key, values in self.items()}

    def get_all(self, key: str) -> list[str]:
        return list(self.get(key, []))


def test_query_from_params_keeps_every_value_of_a_repeated_filter() -> None:
    params = FakeParams(type=["Battles", "Riots"], actor=["SDF"], q=["a", "b"], start=["2023-01-01"])
    query = query_from_params(params)
    assert query == {"type": ["Battles", "Riots"], "actor": ["SDF"], "q": ["a", "b"], "start": "2023-01-01"}
    filters, notices = filters_from_query(query)
    assert filters.event_types == ("Battles", "Riots") and filters.text == "b"
    assert [(n.param, n.value) for n in notices] == [("q", "a")]  # the last of q's values is used


def test_date_bounds(rows: pd.DataFrame) -> None:
    assert date_bounds(rows) == (date(2014, 6, 11), date(2023, 8, 27))
    assert date_bounds(rows[rows["event_date"].isna()]) is None


def test_query_from_params_keeps_every_value_of_any_repeated_parameter() -> None:
    params = FakeParams(start=["2020-01-01", "2021-01-01"], q=["same", "same"], geo=["2"])
    assert query_from_params(params) == {"start": ["2020-01-01", "2021-01-01"], "q": ["same", "same"],
                                         "geo": "2"}


def notes(query: dict) -> tuple[EventFilters, list[tuple[str, str, str]]]:
    filters, notices = filters_from_query(query)
    assert all(isinstance(n, QueryNotice) for n in notices)
    return filters, [(n.param, n.value, n.reason) for n in notices]


LONG = "x" * 100_000


@pytest.mark.parametrize(("query", "param", "value", "reason"), [
    ({"start": "yesterday"}, "start", "yesterday", "not a YYYY-MM-DD date"),
    ({"end": "2023-02-30"}, "end", "2023-02-30", "not a YYYY-MM-DD date"),
    ({"start": "2020-01-01", "end": "2015-01-01"}, "start", "2020-01-01", "after end"),
    ({"geo": "abc"}, "geo", "abc", "not 1, 2 or 3"),
    ({"geo": "9"}, "geo", "9", "not 1, 2 or 3"),
    ({"time": "1.5"}, "time", "1.5", "not 1, 2 or 3"),
    ({"time": "２"}, "time", "２", "not 1, 2 or 3"),  # a fullwidth digit is not a precision
    ({"mentions": "maybe"}, "mentions", "maybe", "not 1 or 0"),
    ({"q": LONG}, "q", LONG, "longer than 200 characters"),
    ({"type": "B" * 201}, "type", "B" * 201, "longer than 200 characters"),
    ({"place": "Ra\udc80qqa"}, "place", "Ra\udc80qqa", "not valid text"),
    ({"actor": ["SDF", "IS\ud800IS"]}, "actor", "IS\ud800IS", "not valid text"),
    ({"q": "two\nlines"}, "q", "two\nlines", "control character"),
    ({"start": ["2020-01-01", "2021-01-01"]}, "start", "2020-01-01", "given again"),
    ({"zooom": "3"}, "zooom", "3", "not a filter of this page"),  # (zoom is the map's view)
    ({"<b>x</b>": "1"}, "<b>x</b>", "1", "not a filter of this page"),
])
def test_a_value_that_makes_no_sense_is_named_in_a_notice(query: dict, param: str, value: str,
                                                          reason: str) -> None:
    _, found = notes(query)
    assert [(p, v) for p, v, _ in found] == [(param, value)]
    assert reason in found[0][2]


def test_the_rest_of_the_url_still_applies() -> None:
    filters, found = notes({"type": ["Battles", "x" * 300], "geo": "x", "start": "nope", "end": "2020-01-01",
                            "mentions": "0", "q": LONG, "place": "Raqqa", "zooom": "3"})
    assert filters == EventFilters(end=date(2020, 1, 1), event_types=("Battles",), include_mentions=False,
                                   place="Raqqa")
    assert [p for p, _, _ in found] == ["start", "type", "q", "geo", "zooom"]


def test_the_last_of_repeated_values_is_used() -> None:
    filters, found = notes({"start": ["2020-01-01", "2021-01-01"], "heat": ["1", "1"]})
    assert filters == EventFilters(start=date(2021, 1, 1), show_heat=True)
    assert [(p, v) for p, v, _ in found] == [("start", "2020-01-01")]  # "1" twice says one thing
    filters, found = notes({"q": ["a", "b", "a"]})
    assert filters.text == "a" and [(p, v) for p, v, _ in found] == [("q", "b")]  # by last occurrence


def test_empty_values_are_unset_without_a_notice() -> None:
    query = {"start": "", "end": " ", "type": ["", " "], "actor": "", "q": "", "place": "  ", "geo": "",
             "time": [], "mentions": "", "heat": ""}
    assert notes(query) == (EventFilters(), [])


def test_more_values_than_kept_are_noted() -> None:
    many = [f"type {i}" for i in range(MAX_QUERY_VALUES + 5)]
    filters, found = notes({"type": many + many})  # repeats count once
    assert filters.event_types == tuple(many[:MAX_QUERY_VALUES])
    assert [(p, v) for p, v, _ in found] == [("type", many[MAX_QUERY_VALUES])]
    assert "5 values" in found[0][2]


def test_unknown_parameter_names_are_noted_up_to_a_limit() -> None:
    filters, found = notes({f"p{i}": "1" for i in range(80)} | {"heat": "1"})
    assert filters == EventFilters(show_heat=True)
    assert [p for p, _, _ in found] == [f"p{i}" for i in range(11)]  # ten, then one for the rest
    assert "like the 69 more after it" in found[-1][2]


@pytest.mark.parametrize("value", ["<script>alert(1)</script>", "**x**", "[a](javascript:alert(1))",
                                   "`tick` ``two``", ":red[x] :smile: $x^2$ <- --", "line\nbreak",
                                   "\u202eevil", "x" * 5000])
def test_a_notice_shows_the_value_as_text_never_as_markup(value: str) -> None:
    notice = QueryNotice("type", value, "not an event type in the data; ignored")
    plain = str(notice)
    assert plain.startswith("type=") and plain.endswith(": not an event type in the data; ignored")
    shown = plain[len("type="):-len(": not an event type in the data; ignored")]
    assert shown.isprintable() and "\n" not in shown  # control and bidi characters escaped
    if len(value) <= 200:
        assert shown == repr(value)
    else:
        assert shown.startswith(repr(value[:200])[:-1]) and f"({len(value):,} characters)" in shown
    # In Markdown, the parameter and the value are code spans (nothing in one is markup), each
    # fenced by more backticks than it holds in a row and padded by a space CommonMark strips.
    fence = "`" * (1 + max(map(len, re.findall("`+", shown)), default=0))
    assert notice.markdown() == f"`type`={fence} {shown} {fence}: not an event type in the data; ignored"


# Any text a URL can carry, lone surrogates included (hypothesis leaves those out by default).
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=40)
PARAMS = st.sampled_from(["start", "end", "type", "actor", "country", "admin1", "place", "q", "geo", "time",
                          "mentions", "undated", "heat"])
QUERIES = st.dictionaries(st.one_of(PARAMS, ANY_TEXT),
                          st.one_of(ANY_TEXT, st.lists(ANY_TEXT, max_size=4),
                                    st.dates().map(date.isoformat), st.sampled_from(["0", "1", "2", "3"])),
                          max_size=8)


@settings(max_examples=200, deadline=None)
@given(QUERIES)
def test_any_query_gives_filters_and_notices_never_another_error(query: dict) -> None:
    try:
        filters, notices = filters_from_query(query)
    except GeoEventsError:  # the documented refusal (none is expected, but it is allowed)
        return
    assert isinstance(filters, EventFilters) and all(isinstance(n, QueryNotice) for n in notices)
    assert all(str(n).isprintable() and n.markdown().isprintable() for n in notices)
    # What was understood is stable: written to a URL and read back, it reads the same, silently.
    again = filters_to_query(filters)
    assert filters_from_query(again) == (filters, [])
    assert filters_to_query(filters_from_query(again)[0]) == again


WORDS = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zs", "Zl", "Zp")),
                min_size=1, max_size=30)
NAMES = st.lists(WORDS, max_size=5, unique=True).map(tuple)


@st.composite
def good_filters(draw) -> EventFilters:
    start, end = sorted(draw(st.lists(st.dates(), min_size=2, max_size=2)))
    return EventFilters(start=draw(st.none() | st.just(start)), end=draw(st.none() | st.just(end)),
                        event_types=draw(NAMES), actors=draw(NAMES), countries=draw(NAMES),
                        admin1=draw(NAMES), place=draw(st.just("") | WORDS), text=draw(st.just("") | WORDS),
                        max_geo_precision=draw(st.sampled_from([1, 2, 3])),
                        max_time_precision=draw(st.sampled_from([1, 2, 3])),
                        include_mentions=draw(st.booleans()), include_undated=draw(st.booleans()),
                        show_heat=draw(st.booleans()), in_view=draw(st.booleans()))


@settings(max_examples=200, deadline=None)
@given(good_filters())
def test_known_good_filters_round_trip_through_the_url(filters: EventFilters) -> None:
    assert filters_from_query(filters_to_query(filters)) == (filters, [])
