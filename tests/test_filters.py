"""Date filtering of the place table."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from geo_events.dashboard import date_bounds, filter_rows, filters_from_query, query_from_params
from geo_events.errors import UserInputError


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
    assert query == {"type": ["Battles", "Riots"], "actor": ["SDF"], "q": "b", "start": "2023-01-01"}
    filters, notices = filters_from_query(query)
    assert filters.event_types == ("Battles", "Riots") and filters.text == "b" and notices == []


def test_date_bounds(rows: pd.DataFrame) -> None:
    assert date_bounds(rows) == (date(2014, 6, 11), date(2023, 8, 27))
    assert date_bounds(rows[rows["event_date"].isna()]) is None
