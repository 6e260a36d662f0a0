"""``app.py`` under Streamlit's AppTest: it runs, and the date filter narrows the map."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import geo_events as ge
from conftest import REPO

APP = str(REPO / "app.py")


def metric(at: AppTest, label: str) -> int:
    return int(next(m.value for m in at.metric if m.label == label))


def expected_places(rows, start: date, end: date) -> int:
    shown = ge.filter_rows(rows, start=start, end=end).dropna(subset=["latitude"])
    return shown.groupby(["location", "latitude", "longitude"]).ngroups


@pytest.fixture()
def app(monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("GEO_EVENTS_TILES", "none")
    monkeypatch.setattr(sys, "argv", ["app.py"])  # app.py reads paths after `--`
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


def test_app_shows_every_sample_place(app: AppTest, sample_rows) -> None:
    assert metric(app, "Articles") == 20
    assert metric(app, "Places on the map") == expected_places(
        sample_rows, date(2014, 1, 1), date(2023, 12, 31))


def test_moving_the_date_filter_narrows_the_map(app: AppTest, sample_rows) -> None:
    before = metric(app, "Places on the map")
    app.slider(key="dates").set_value((date(2017, 1, 1), date(2018, 12, 31))).run()
    after = metric(app, "Places on the map")
    assert after == expected_places(sample_rows, date(2017, 1, 1), date(2018, 12, 31))
    assert 0 < after < before
    in_range = ge.filter_rows(sample_rows, start=date(2017, 1, 1), end=date(2018, 12, 31))
    assert metric(app, "Articles") == in_range["article_id"].nunique() == 6


def test_pasted_article_adds_its_places(app: AppTest) -> None:
    before = metric(app, "Places on the map")
    app.text_area(key="paste_text").input(" date 2019-05-05 Clashes erupted in Kafranbel and Salqin.").run()
    app.button[0].click().run()
    assert metric(app, "Articles") == 21
    assert metric(app, "Places on the map") == before + 2


def test_missing_path_shows_an_error_not_a_traceback(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["app.py", str(tmp_path / "nope")])
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert "nope" in at.error[0].value and not at.metric


def test_user_folder_replaces_the_samples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text(" date 2020-01-01 Drones hit Saraqib.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("No date, but Idlib is named.", encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["app.py", str(tmp_path)])
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert metric(at, "Articles") == 2 and metric(at, "Places on the map") == 2
    assert any("b.txt" in w.value and "undated" in w.value for w in at.warning)
