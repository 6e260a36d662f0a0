"""Events per day or week by type, for the dashboard's timeline chart.

    >>> import pandas as pd
    >>> rows = pd.DataFrame({"event_date": pd.to_datetime(["2023-01-02", "2023-01-03", "2023-01-20"]),
    ...                      "event_type": ["Battles", "Battles", "Protests"], "kind": ["event"] * 3})
    >>> timeline_counts(rows, period="week").to_dict("records")[0]
    {'period': Timestamp('2023-01-02 00:00:00'), 'event_type': 'Battles', 'events': 2}
    >>> timeline_chart(timeline_counts(rows, period="week"), period="week").to_dict()["mark"]["type"]
    'bar'

:func:`timeline_chart` draws the counts as stacked bars in the map's colours
(:data:`geo_events.dashboard.TYPE_COLOURS`), so the chart and the map read together.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

import altair as alt
import pandas as pd

from .event_map import TYPE_COLOURS

__all__ = ["timeline_counts", "pick_period", "timeline_chart"]

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


def timeline_chart(counts: pd.DataFrame, *, period: Period,
                   window: tuple[date, Period] | None = None) -> alt.Chart | alt.LayerChart:
    """Bars of :func:`timeline_counts` per ``period``, stacked by event type and coloured as the
    map colours them; the legend lists only the types present, in :data:`TYPE_COLOURS` order.
    ``window`` (its first day and its length, as playback steps): shaded behind the bars."""
    present = set(counts["event_type"])
    types = [t for t in TYPE_COLOURS if t in present]
    tallest = int(counts.groupby("period")["events"].sum().max()) if len(counts) else 0
    # Whole events only: ticks at integers, no more of them than the tallest bar has events.
    y_axis = alt.Axis(format="d", tickMinStep=1, tickCount=max(1, min(tallest, 8)))
    bars = alt.Chart(counts).mark_bar().encode(
        x=alt.X("period:T", title=f"{period} starting"),
        y=alt.Y("sum(events):Q", title="events", axis=y_axis),
        color=alt.Color("event_type:N", title="event type",
                        scale=alt.Scale(domain=types, range=[TYPE_COLOURS[t] for t in types]),
                        # The longest type name is 26 characters: never cut ("Explosions/Remote viole...").
                        legend=alt.Legend(labelLimit=0, orient="bottom", columns=3)),
        tooltip=["period:T", "event_type:N", "events:Q"])
    if window is None:
        return bars
    first, length = window
    last = pd.Timestamp(first) + {"day": pd.DateOffset(days=1), "week": pd.DateOffset(weeks=1),
                                  "month": pd.DateOffset(months=1)}[length]
    shade = alt.Chart(pd.DataFrame({"start": [pd.Timestamp(first)], "end": [last]})).mark_rect(
        color="#444", opacity=0.15).encode(x="start:T", x2="end:T")
    return alt.layer(shade, bars)
