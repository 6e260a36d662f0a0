"""Time playback's frames (geo_events.dashboard.playback)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from geo_events.dashboard import frame_label, frame_rows, frame_starts
from geo_events.dashboard.playback import MAX_FRAMES

ROWS = pd.DataFrame({"event_date": pd.to_datetime(["2023-01-02", "2023-01-03", "2023-03-20", None]),
                     "kind": ["event"] * 4})


@pytest.mark.parametrize(("step", "first", "count"), [("day", date(2023, 1, 2), 78),
                                                      ("week", date(2023, 1, 2), 12),
                                                      ("month", date(2023, 1, 1), 3)])
def test_frames_cover_every_period_from_first_to_last_date(step, first, count) -> None:
    starts = frame_starts(ROWS, step=step)
    assert starts[0] == first and len(starts) == count
    assert sum(len(frame_rows(ROWS, s, step=step)) for s in starts) == 3  # each dated row once; undated never


def test_an_empty_frame_is_a_frame_with_no_rows() -> None:
    starts = frame_starts(ROWS, step="week")
    assert len(frame_rows(ROWS, starts[5], step="week")) == 0


def test_nothing_dated_or_too_many_frames_gives_no_frames() -> None:
    assert frame_starts(ROWS.iloc[3:], step="day") == []
    span = pd.DataFrame({"event_date": pd.to_datetime(["1990-01-01", "2023-01-01"])})
    assert len(pd.date_range("1990-01-01", "2023-01-01")) > MAX_FRAMES and frame_starts(span, step="day") == []
    assert len(frame_starts(span, step="month")) == 397


def test_frame_labels_name_the_period_and_the_position() -> None:
    assert frame_label([date(2023, 1, 1), date(2023, 2, 1)], 1, step="month") == "February 2023 (2 of 2)"
    assert frame_label([date(2023, 1, 2)], 0, step="day") == "2023-01-02 (1 of 1)"
