"""A big event store is asked in SQL: the page's counts, places, table and clicks come from queries."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import geo_events as ge
from geo_events.dashboard import store_view
from geo_events.models import Event
from pg_server import postgres_server, postgres_url  # noqa: F401  (fixtures)

APP = str(Path(__file__).resolve().parents[1] / "app.py")
TOWNS = [("Hajin", 34.69, 40.83), ("Mayadin", 35.02, 40.45), ("Kobani", 36.89, 38.35), ("Sinjar", 36.32, 41.87)]
TYPES = ["Battles", "Protests", "Explosions/Remote violence"]


def stored_event(article_id: str, n: int) -> Event:
    town, lat, lon = TOWNS[n % len(TOWNS)]
    return Event(f"{article_id}-{n}", article_id, "big.csv", "", date(2022, 6, 1) + timedelta(days=n % 40), 1,
                 TYPES[n % len(TYPES)], "", "SDF", "", 0, 0, 0, town, town, lat, lon, 1, "Syria", None, None,
                 f"report {n}", 0.9, "event", "SY", False)


@pytest.fixture(params=["sqlite", "postgresql"])
def big_store(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path | str:
    """A store of 240 events at four towns, past a lowered threshold for a big store: a SQLite
    file, and a database on a real PostgreSQL server."""
    path = tmp_path / "events.sqlite3" if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    monkeypatch.setenv("GEO_EVENTS_STORE", str(path))
    monkeypatch.setenv("GEO_EVENTS_TILES", "none")
    monkeypatch.setattr(store_view, "BIG_STORE_ROWS", 100)
    monkeypatch.setattr(store_view, "TABLE_ROWS", 50)
    with ge.EventStore.open(path) as store:
        for number in range(24):
            article = ge.parse_article(f" date 2022-06-01 Report {number} from the Euphrates valley.",
                                       source="big.csv")
            store.add([(article, [stored_event(article.article_id, number * 10 + k) for k in range(10)])])
    return path


def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    empty = tmp_path / "none"
    empty.mkdir()
    monkeypatch.setattr(sys, "argv", ["app.py", str(empty)])  # no articles of its own: the store alone
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["show_store:0"] = True
    return at.run()


def metric(at: AppTest, label: str) -> int:
    return int(next(m for m in at.metric if m.label == label).value.replace(",", ""))


def test_a_big_store_is_counted_and_listed_by_queries(big_store: Path | str, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    at = run(tmp_path, monkeypatch)
    assert not at.exception
    assert any("asked of it" in c.value for c in at.caption)
    assert metric(at, "Events") == 240 and metric(at, "Places on the map") == 4
    table = at.dataframe[0].value
    assert len(table) == 50  # the latest rows only
    assert pd.to_datetime(table["event_date"]).is_monotonic_decreasing


def test_a_filter_on_a_big_store_is_answered_in_sql(big_store: Path | str, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    at = run(tmp_path, monkeypatch)
    at.multiselect(key="types").set_value(["Protests"]).run()
    assert not at.exception
    assert metric(at, "Events") == 80
    assert set(at.dataframe[0].value["event_type"]) == {"Protests"}
