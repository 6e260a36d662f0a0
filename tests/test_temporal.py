"""Date expressions resolved against the publication date, in the past, never after it."""

from __future__ import annotations

from datetime import date

import pytest

from geo_events.text.dates import find_dates, find_offsets

MONDAY = date(2023, 1, 23)


@pytest.mark.parametrize(("text", "written", "day", "precision"), [
    ("a raid that began on Jan. 21, the Pentagon said", "on Jan. 21", "2023-01-21", 1),
    ("On Friday, CENTCOM said", "On Friday", "2023-01-20", 1),
    ("CENTCOM said Sunday.", "Sunday", "2023-01-22", 1),
    ("On Monday the base was hit", "On Monday", "2023-01-23", 1),
    ("In December, commandos killed", "In December", "2022-12-15", 2),
    ("in January clashes", "in January", "2023-01-15", 2),
    ("last month", "last month", "2022-12-15", 2),
    ("six raids over the past 48 hours", "over the past 48 hours", "2023-01-22", 2),
    ("Since 2016, the coalition", "Since 2016", "2016-07-01", 3),
    ("in mid-2014, fighters", "in mid-2014", "2014-07-01", 3),
    ("in November 2018 as", "in November 2018", "2018-11-15", 2),
    ("on 5 March 2020", "on 5 March 2020", "2020-03-05", 1),
    ("published 2021-02-03", "2021-02-03", "2021-02-03", 1),
    ("yesterday", "yesterday", "2023-01-22", 1),
    ("January 30", "January 30", "2022-01-30", 1),   # the last January 30, not next week's
    ("early 2015", "early 2015", "2015-03-01", 3),
])
def test_expression_resolves_to_a_past_day_with_its_precision(text: str, written: str, day: str,
                                                               precision: int) -> None:
    (found,) = find_dates(text, published=MONDAY)
    assert (found.text, found.day.isoformat(), found.precision) == (written, day, precision)


@pytest.mark.parametrize("text", ["Fighting may resume; in may it rained", "He walked 21 km",
                                  "2023-02-30 was no day", "on Jan. 41"])
def test_words_that_are_no_date_are_left(text: str) -> None:
    assert find_dates(text, published=MONDAY) == []


def test_nothing_is_dated_after_its_article() -> None:
    assert all(t.day <= MONDAY for t in find_dates(
        "this month, this week, this year, in January and on Jan. 23", published=MONDAY))


def test_relative_expressions_need_a_publication_date() -> None:
    assert [t.text for t in find_dates("On Friday, in December and since 2016", published=None)] \
        == ["since 2016"]


def test_offset_says_how_much_earlier_the_following_clause_happened() -> None:
    (offset,) = find_offsets("nabbed just a month after US troops killed two members")
    assert offset.text == "just a month after" and offset.delta.months == 1 and offset.precision == 2
