"""Time playback: the map and timeline stepped through the filtered events a day, week or month at a time.

    >>> import pandas as pd
    >>> rows = pd.DataFrame({"event_date": pd.to_datetime(["2023-01-02", "2023-01-20", None])})
    >>> [f.isoformat() for f in frame_starts(rows, step="week")]
    ['2023-01-02', '2023-01-09', '2023-01-16']
    >>> len(frame_rows(rows, frame_starts(rows, step="week")[2], step="week"))
    1
    >>> frame_label(frame_starts(rows, step="week"), 2, step="week")
    'week of 2023-01-16 (3 of 3)'

Every period between the first and last dated row is a frame, empty ones
included, so time runs at one pace. While playing, the page runs a small
Streamlit fragment on a timer (``st.fragment(run_every=...)``) that moves to
the next frame and reruns the script; the browser keeps the page and the
map's frame, and streamlit-folium swaps only the events layer on the kept
base map. (The map itself cannot sit in the fragment: streamlit-folium's
frame gets no height there.)
"""

from __future__ import annotations

from datetime import date
from typing import Literal

import pandas as pd

__all__ = ["Step", "STEPS", "frame_starts", "frame_rows", "frame_label", "FRAME_SECONDS"]

Step = Literal["day", "week", "month"]
#: The steps offered, in order.
STEPS: tuple[Step, ...] = ("day", "week", "month")
_FREQ = {"day": "D", "week": "W-SUN", "month": "M"}
#: Seconds between frames the page offers (slow to fast); 1 s is the default.
FRAME_SECONDS = (2.0, 1.0, 0.5)
#: More frames than this are not played (a day step over decades): a coarser step is asked for.
MAX_FRAMES = 2_000


def frame_starts(rows: pd.DataFrame, *, step: Step) -> list[date]:
    """The first day of every ``step`` from the first dated row's to the last's; ``[]`` when
    nothing is dated or the span would make more than :data:`MAX_FRAMES` frames."""
    dates = rows["event_date"].dropna()
    if dates.empty:
        return []
    periods = pd.period_range(dates.min().to_period(_FREQ[step]), dates.max().to_period(_FREQ[step]),
                              freq=_FREQ[step])
    if len(periods) > MAX_FRAMES:
        return []
    return [p.start_time.date() for p in periods]


def frame_rows(rows: pd.DataFrame, start: date, *, step: Step) -> pd.DataFrame:
    """The rows dated within the ``step`` that begins on ``start``."""
    first = pd.Timestamp(start)
    end = first + {"day": pd.DateOffset(days=1), "week": pd.DateOffset(weeks=1),
                   "month": pd.DateOffset(months=1)}[step]
    dates = rows["event_date"]
    return rows[(dates >= first) & (dates < end)]


def frame_label(starts: list[date], index: int, *, step: Step) -> str:
    """``"week of 2023-01-16 (3 of 3)"``: the frame ``index`` (from 0) of ``starts``."""
    start = starts[index]
    when = {"day": start.isoformat(), "week": f"week of {start.isoformat()}",
            "month": f"{start:%B %Y}"}[step]
    return f"{when} ({index + 1} of {len(starts)})"
