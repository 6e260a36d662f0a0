"""The timeline: counts per period and type, drawn in the map's colours."""

from __future__ import annotations

import pandas as pd
import pytest

from geo_events.dashboard import TYPE_COLOURS, pick_period, timeline_chart, timeline_counts


@pytest.fixture()
def rows() -> pd.DataFrame:
    return pd.DataFrame({"event_date": pd.to_datetime(["2023-01-02", "2023-01-03", "2023-01-20", None,
                                                        "2023-01-04"]),
                         "event_type": ["Protests", "Battles", "Protests", "Battles", ""],
                         "kind": ["event", "event", "event", "event", "mention"]})


def test_counts_leave_out_mentions_and_undated_rows(rows: pd.DataFrame) -> None:
    counts = timeline_counts(rows, period="week")
    assert counts["events"].sum() == 3 and "" not in set(counts["event_type"])


@pytest.mark.parametrize(("days", "period"), [(30, "day"), (400, "week"), (2000, "month")])
def test_the_period_keeps_the_bars_few(days: int, period: str) -> None:
    dates = pd.Timestamp("2020-01-01") + pd.to_timedelta([0, days - 1], unit="D")
    assert pick_period(pd.DataFrame({"event_date": dates})) == period


def test_chart_colours_follow_the_map_in_its_order(rows: pd.DataFrame) -> None:
    spec = timeline_chart(timeline_counts(rows, period="week"), period="week").to_dict()
    scale = spec["encoding"]["color"]["scale"]
    assert scale["domain"] == ["Battles", "Protests"]  # TYPE_COLOURS order, only the types present
    assert scale["range"] == [TYPE_COLOURS["Battles"], TYPE_COLOURS["Protests"]]
    assert spec["encoding"]["x"]["title"] == "week starting" and spec["mark"]["type"] == "bar"


def test_the_event_axis_has_whole_number_ticks_only(rows: pd.DataFrame) -> None:
    axis = timeline_chart(timeline_counts(rows, period="week"), period="week").to_dict()["encoding"]["y"]["axis"]
    assert axis["format"] == "d" and axis["tickMinStep"] == 1 and axis["tickCount"] >= 1


def test_legend_labels_are_never_cut() -> None:
    long = pd.DataFrame({"event_date": pd.to_datetime(["2023-01-02"]), "kind": ["event"],
                         "event_type": ["Explosions/Remote violence"]})
    legend = timeline_chart(timeline_counts(long, period="day"), period="day").to_dict()["encoding"]["color"]["legend"]
    assert legend["labelLimit"] == 0  # Vega-Lite: 0 means no limit
