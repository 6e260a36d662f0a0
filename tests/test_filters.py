"""Date filtering of the place table."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from geo_events.dashboard import date_bounds, filter_rows


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
    with pytest.raises(ValueError, match="after"):
        filter_rows(rows, start=date(2020, 1, 1), end=date(2019, 1, 1))


def test_date_bounds(rows: pd.DataFrame) -> None:
    assert date_bounds(rows) == (date(2014, 6, 11), date(2023, 8, 27))
    assert date_bounds(rows[rows["event_date"].isna()]) is None
