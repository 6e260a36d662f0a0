"""Where the event store is: paths and URLs, the environment, and clear errors that never show a
password (an unreachable server, bad credentials, a database that is not there, a bad URL)."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

import geo_events as ge
from conftest import REPO
from geo_events.errors import StoreError
from geo_events.store import as_location, default_store_path, store_location
from geo_events.store.location import display, store_url
from pg_server import PASSWORD, PostgresServer, free_port, postgres_server, postgres_url  # noqa: F401

SECRET = "n0t-in-any-log"


@pytest.mark.parametrize(("text", "wanted"), [
    ("events.sqlite3", Path("events.sqlite3")),
    ("~/geo/events.sqlite3", Path.home() / "geo" / "events.sqlite3"),
    ("postgresql://analyst@db.example/events", "postgresql://analyst@db.example/events"),
    ("sqlite:///srv/geo/events.sqlite3", "sqlite:///srv/geo/events.sqlite3"),
])
def test_a_location_is_a_path_or_a_url(text: str, wanted: Path | str) -> None:
    assert as_location(text) == wanted


@pytest.mark.parametrize("url", ["postgresql://u@h/db", "postgres://u@h/db", "postgresql+psycopg://u@h/db"])
def test_postgresql_urls_use_psycopg_3(url: str) -> None:
    assert store_url(url).drivername == "postgresql+psycopg"


@pytest.mark.parametrize(("url", "message"), [
    ("mysql://analyst:" + SECRET + "@db.example/events", "unsupported event store"),
    ("postgresql+psycopg2://analyst:" + SECRET + "@db.example/events", "unsupported event store"),
    ("postgresql://analyst:" + SECRET + "@db.example:notaport/events", "not a URL"),
])
def test_a_bad_url_is_a_store_error_without_its_password(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message) as raised:
        ge.EventStore.open(url)
    assert SECRET not in str(raised.value)


def test_the_configured_location_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEO_EVENTS_STORE", "postgresql://analyst@db.example/events")
    assert store_location() == "postgresql://analyst@db.example/events"
    assert default_store_path().name == "events.sqlite3"  # the SQLite default, not the URL
    monkeypatch.setenv("GEO_EVENTS_STORE", str(tmp_path / "mine.sqlite3"))
    assert store_location() == default_store_path() == tmp_path / "mine.sqlite3"
    monkeypatch.delenv("GEO_EVENTS_STORE")
    assert store_location() == default_store_path() != tmp_path / "mine.sqlite3"


def test_a_shown_url_hides_its_password() -> None:
    assert display(store_url(f"postgresql://analyst:{SECRET}@db.example:5433/events")) == \
        "postgresql://analyst:***@db.example:5433/events"


def test_opening_with_no_location_opens_the_configured_store(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEO_EVENTS_STORE", str(tmp_path / "configured.sqlite3"))
    with ge.EventStore.open() as store:
        assert (store.backend, store.path) == ("sqlite", tmp_path / "configured.sqlite3")
    assert (tmp_path / "configured.sqlite3").is_file()


def test_an_unreachable_server_is_named_without_the_password(caplog: pytest.LogCaptureFixture) -> None:
    port = free_port()  # nothing listens there
    url = f"postgresql://analyst:{SECRET}@127.0.0.1:{port}/events"
    with caplog.at_level(logging.DEBUG), pytest.raises(StoreError) as raised:
        ge.EventStore.open(url, connect_timeout_seconds=2)
    message = str(raised.value)
    assert f"host 127.0.0.1, port {port}, database events" in message
    assert "cannot open the event store" in message and "refused" in message.lower()
    assert SECRET not in message and SECRET not in caplog.text


def test_bad_credentials_are_named_without_the_password(postgres_server: PostgresServer,  # noqa: F811
                                                        caplog: pytest.LogCaptureFixture) -> None:
    url = postgres_server.url("postgres", password=SECRET)
    with caplog.at_level(logging.DEBUG), pytest.raises(StoreError) as raised:
        ge.EventStore.open(url)
    message = str(raised.value)
    assert f"host 127.0.0.1, port {postgres_server.port}, database postgres" in message
    assert "password authentication failed" in message
    assert SECRET not in message and SECRET not in caplog.text


def test_a_missing_database_is_named(postgres_server: PostgresServer) -> None:  # noqa: F811
    with pytest.raises(StoreError, match="database no_such_db.*does not exist") as raised:
        ge.EventStore.open(postgres_server.url("no_such_db"))
    assert PASSWORD not in str(raised.value)


def test_an_open_server_store_shows_where_it_is_without_the_password(postgres_url: str,  # noqa: F811
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG), ge.EventStore.open(postgres_url) as store:
        assert store.backend == "postgresql" and store.path is None
        assert store.location.startswith("postgresql://postgres:***@127.0.0.1:")
        assert PASSWORD not in store.location and PASSWORD not in repr(store)
        store.edit("e-1", {"actor1": "SDF"}, current={"actor1": "", "event_type": "Battles"})  # logs a line
    assert "edited" in caplog.text and PASSWORD not in caplog.text


def test_the_command_line_names_an_unreachable_store_without_its_password(tmp_path: Path) -> None:
    url = f"postgresql://analyst:{SECRET}@127.0.0.1:{free_port()}/events"
    done = subprocess.run([sys.executable, "-m", "geo_events", "events", "--store", url], cwd=REPO,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2
    assert "cannot open the event store postgresql://analyst:***@127.0.0.1" in done.stderr
    assert SECRET not in done.stderr + done.stdout


def test_the_command_line_ingests_into_a_server_store(postgres_url: str, tmp_path: Path) -> None:  # noqa: F811
    article = tmp_path / "raqqa.txt"
    article.write_text("date 2023-01-23\nSDF fighters clashed with ISIS in Raqqa, killing two.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "geo_events", "ingest", str(article), "--store", postgres_url,
                           "--no-progress"], cwd=REPO, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert "stored 1 new article" in done.stderr and PASSWORD not in done.stderr
    with ge.EventStore.open(postgres_url) as store:
        assert store.counts()[0] == 1 and any(e.location for e in store.events())
