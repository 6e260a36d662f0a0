"""Events per day or week by type, for the dashboard's timeline chart.

    >>> import pandas as pd
    >>> rows = pd.DataFrame({"event_date": pd.to_datetime(["2023-01-02", "2023-01-03", "2023-01-20"]),
    ...                      "event_type": ["Battles", "Battles", "Protests"], "kind": ["event"] * 3})
    >>> timeline_counts(rows, period="week").to_dict("records")[0]
    {'period': Timestamp('2023-01-02 00:00:00'), 'event_type': 'Battles', 'events': 2}
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

__all__ = ["timeline_counts", "pick_period"]

Period = Literal["day", "week", "month"]
_FREQ = {"day": "D", "week": "W-SUN", "month": "M"}
#: Bars a chart holds comfortably; a longer span goes to a coarser period.
MAX_BARS = 120


def pick_period(rows: pd.DataFrame) -> Period:
    """The finest period that keeps the dated events' span under :data:`MAX_BARS` bars."""
    dates = rows["event_date"].dropna()
    if dates.empty:
        return "day"
    days = (dates.max() - dates.min()).days + 1
    return "day" if days <= MAX_BARS else "week" if days <= 7 * MAX_BARS else "month"


def timeline_counts(rows: pd.DataFrame, *, period: Period = "week") -> pd.DataFrame:
    """Columns ``period`` (the period's first day), ``event_type``, ``events``; mentions and
    undated rows are left out."""
    events = rows[(rows["kind"] == "event") & rows["event_date"].notna()]
    if events.empty:
        return pd.DataFrame({"period": pd.Series(dtype="datetime64[ns]"), "event_type": [], "events": []})
    starts = events["event_date"].dt.to_period(_FREQ[period]).dt.start_time
    return (events.assign(period=starts).groupby(["period", "event_type"]).size()
            .rename("events").reset_index())
