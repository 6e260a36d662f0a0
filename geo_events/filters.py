"""Narrow the place table the way the dashboard's widgets ask.

    >>> import pandas as pd
    >>> rows = pd.DataFrame({"event_date": pd.to_datetime(["2014-06-11", None])})
    >>> len(filter_rows(rows, start=date(2015, 1, 1), end=date(2020, 1, 1)))
    1
"""

from __future__ import annotations

from datetime import date

import pandas as pd

__all__ = ["filter_rows", "date_bounds"]


def date_bounds(rows: pd.DataFrame) -> tuple[date, date] | None:
    """The first and last dates in ``rows``; ``None`` when nothing is dated."""
    dates = rows["event_date"].dropna()
    if dates.empty:
        return None
    return dates.min().date(), dates.max().date()


def filter_rows(rows: pd.DataFrame, *, start: date | None = None, end: date | None = None,
                include_undated: bool = True) -> pd.DataFrame:
    """Rows dated within ``[start, end]`` (inclusive), plus undated ones if asked."""
    if start is not None and end is not None and start > end:
        raise ValueError(f"start {start} is after end {end}")
    dates = rows["event_date"]
    keep = dates.notna()
    if start is not None:
        keep &= dates >= pd.Timestamp(start)
    if end is not None:
        keep &= dates <= pd.Timestamp(end)
    if include_undated:
        keep |= dates.isna()
    return rows[keep]
