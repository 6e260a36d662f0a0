"""``app.py`` on a PostgreSQL event store (``GEO_EVENTS_STORE=postgresql://...``): what is pasted is
kept on the server, listed and shown; an unreachable server is a warning, not a traceback."""

from __future__ import annotations

import sys

import pytest
from streamlit.testing.v1 import AppTest

import geo_events as ge
from conftest import REPO
from pg_server import PASSWORD, free_port, postgres_server, postgres_url  # noqa: F401  (fixtures)

APP = str(REPO / "app.py")


def metric(at: AppTest, label: str) -> int:
    return int(next(m.value for m in at.metric if m.label == label))


def start(monkeypatch: pytest.MonkeyPatch, store: str) -> AppTest:
    monkeypatch.setenv("GEO_EVENTS_STORE", store)
    monkeypatch.setenv("GEO_EVENTS_TILES", "none")
    monkeypatch.setattr(sys, "argv", ["app.py"])
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


def test_a_paste_is_kept_on_the_server_and_shown(postgres_url: str,  # noqa: F811
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    app = start(monkeypatch, postgres_url)
    app.text_area(key="paste_text").input(" date 2019-05-05 Clashes erupted in Kafranbel and Salqin.")
    app.button(key="add_pasted").click().run()
    assert metric(app, "Articles") == 21
    with ge.EventStore.open(postgres_url) as store:
        assert {e.matched_text for e in store.events()} == {"Kafranbel", "Salqin"}
    panel = next(e.label for e in app.expander if e.label.startswith("Sources in the event store"))
    assert panel == "Sources in the event store (1)"


def test_an_unreachable_server_is_a_warning_without_its_password(monkeypatch: pytest.MonkeyPatch) -> None:
    app = start(monkeypatch, f"postgresql://analyst:{PASSWORD}@127.0.0.1:{free_port()}/events")
    warnings = [w.value for w in app.warning]
    assert any("event store could not be read" in w and "host 127.0.0.1" in w for w in warnings)
    assert PASSWORD not in " ".join(warnings) and metric(app, "Articles") == 20
