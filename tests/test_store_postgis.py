"""PostGIS in a PostgreSQL store: a point per event kept right by every write, its GIST index; and the
same store without the extension (not installed, or not permitted)."""

from __future__ import annotations

import logging
import os
from datetime import date

import psycopg
import pytest

import geo_events as ge
from geo_events.dashboard.corrections import typed_place
from geo_events.models import Event
from geo_events.store import schema
from pg_server import PostgresServer, postgres_server, postgres_url  # noqa: F401  (fixtures)


def rows(url: str, sql: str) -> list[tuple]:
    with psycopg.connect(url) as db:
        return db.execute(sql).fetchall()


def event(article_id: str, n: int, latitude: float, longitude: float) -> Event:
    return Event(f"{article_id}-{n}", article_id, "t.txt", "", date(2023, 1, 20), 1, "Battles", "Armed clash",
                 "SDF", "ISIS", 1, 0, 0, "Raqqa", "Raqqa", latitude, longitude, 1, "Syria", None, 163915, "",
                 0.9, "event")


def stored(url: str) -> tuple[ge.Article, ge.EventStore]:
    a = ge.parse_article(" date 2023-01-23 Clashes in Raqqa.", source="t.txt")
    store = ge.EventStore.open(url)
    store.add([(a, [event(a.article_id, 1, 35.95, 39.01), event(a.article_id, 2, 36.0, 40.0)])])
    return a, store


def points(url: str) -> list[tuple]:
    return rows(url, "SELECT event_id, ST_Y(geom), ST_X(geom), ST_SRID(geom) FROM events ORDER BY event_id")


def test_each_event_has_a_point_kept_right_by_inserts_edits_and_corrections(postgres_url: str) -> None:  # noqa: F811
    a, store = stored(postgres_url)
    with store:
        assert store.spatial
        assert points(postgres_url) == [(f"{a.article_id}-1", 35.95, 39.01, 4326), (f"{a.article_id}-2", 36.0, 40.0, 4326)]
        store.edit(f"{a.article_id}-1", {"location": "Tabqa", "latitude": 35.84, "longitude": 38.55})
        assert points(postgres_url)[0] == (f"{a.article_id}-1", 35.84, 38.55, 4326)
        store.apply_correction("Raqqa", typed_place("Ar Raqqah", 35.96, 39.02))
        assert [p[1:3] for p in points(postgres_url)] == [(35.84, 38.55), (35.96, 39.02)]  # the edited place stays


def test_the_points_have_a_spatial_index_that_answers_distance_queries(postgres_url: str) -> None:  # noqa: F811
    a, store = stored(postgres_url)
    store.close()
    ((definition,),) = rows(postgres_url, "SELECT indexdef FROM pg_indexes WHERE indexname = 'events_by_geom'")
    assert "USING gist (geom)" in definition
    near = rows(postgres_url, "SELECT event_id FROM events WHERE ST_DWithin(geom::geography, "
                              "ST_SetSRID(ST_MakePoint(39.0, 35.95), 4326)::geography, 5000)")
    assert near == [(f"{a.article_id}-1",)]


def test_the_store_creates_postgis_when_the_server_has_it(postgres_server: PostgresServer) -> None:  # noqa: F811
    url = postgres_server.create_database(f"plain_{os.getpid()}", template="template0")  # without PostGIS
    assert rows(url, "SELECT extname FROM pg_extension WHERE extname = 'postgis'") == []
    with ge.EventStore.open(url) as store:
        assert store.spatial
    assert rows(url, "SELECT extname FROM pg_extension WHERE extname = 'postgis'") == [("postgis",)]


def test_without_permission_for_postgis_the_store_works_and_says_so_once(postgres_server: PostgresServer,  # noqa: F811
                                                                         caplog: pytest.LogCaptureFixture) -> None:
    role = f"analyst_{os.getpid()}"
    postgres_server.execute("postgres", f"CREATE ROLE {role} LOGIN PASSWORD 'analyst-pw'")
    postgres_server.execute("postgres", f"CREATE DATABASE {role} OWNER {role} TEMPLATE template0")
    url = f"postgresql://{role}:analyst-pw@127.0.0.1:{postgres_server.port}/{role}"
    with caplog.at_level(logging.WARNING, logger="geo_events.store.schema"):
        a, store = stored(url)
        with store:
            assert not store.spatial and [e.latitude for e in store.events()] == [35.95, 36.0]
        with ge.EventStore.open(url) as again:
            assert not again.spatial and again.counts() == (1, 2)
    assert caplog.text.count("PostGIS is installed on the server but could not be created") == 1
    assert "analyst-pw" not in caplog.text
    assert "geom" not in {r[0] for r in rows(url, "SELECT column_name FROM information_schema.columns "
                                                  "WHERE table_name = 'events'")}


def test_without_postgis_the_store_works_the_same(postgres_server: PostgresServer,  # noqa: F811
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema, "postgis_available", lambda conn: False)
    url = postgres_server.create_database(f"nogis_{os.getpid()}", template="template0")
    a, store = stored(url)
    with store:
        assert not store.spatial
        store.edit(f"{a.article_id}-1", {"location": "Tabqa", "latitude": 35.84, "longitude": 38.55})
        assert [(e.location, e.latitude) for e in store.events()] == [("Tabqa", 35.84), ("Raqqa", 36.0)]
    assert rows(url, "SELECT extname FROM pg_extension WHERE extname = 'postgis'") == []
    assert rows(url, "SELECT indexdef FROM pg_indexes WHERE indexname = 'events_by_place'") == [
        ("CREATE INDEX events_by_place ON public.events USING btree (latitude, longitude)",)]
