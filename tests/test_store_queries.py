"""The store's SQL answers equal the page's pandas answers on the same events, for any filters."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, target
from hypothesis import strategies as st
from sqlalchemy import create_engine, delete, event, insert, select

from geo_events.dashboard.event_map import AREA_PRECISION, count_places, place_summary
from geo_events.dashboard.filters import EventFilters, apply_filters
from geo_events.dashboard.timeline import timeline_counts as pandas_timeline
from geo_events.io.rows import event_rows
from geo_events.models import Event
from geo_events.store.queries import (EventQuery, conditions, filter_choices, place_counts, query_counts,
                                      kept_view, register_sqlite_functions, table_rows, timeline_counts,
                                      view_counts)
from geo_events.store.location import store_url
from geo_events.store.records import event_row
from geo_events.store.tables import ARTICLES, EVENTS, METADATA
from geo_events.store.text_index import TEXT_INDEX_INFO, create_text_index
from pg_server import postgres_server, postgres_url  # noqa: F401  (fixtures)

PLACES = [("Mosul", 36.34, 43.13, 1), ("Raqqa", 35.95, 39.01, 1), ("Syria", 35.0, 38.5, 3),
          ("Ḥamāh", 35.13, 36.75, 2), ("Straße 5", 52.5, 13.4, 1), ("Suva", -18.14, 178.44, 1),
          ("Taveuni", -16.8, -179.97, 2), (None, None, None, 3)]
TYPES = ["Battles", "Protests", "Explosions/Remote violence", "Riots"]
ACTORS = ["", "Islamic State", "SDF", "Police Forces of Iraq", "Protesters (Fiji)"]
WORDS = ["drone strike", "A RAID near", "Straße", "50%_off", "ḥamāh market", "quiet"]


def event_strategy(number: int) -> st.SearchStrategy[Event]:
    place = st.sampled_from(PLACES)
    return st.builds(
        lambda p, kind, kind_type, day, tp, a1, a2, note, article, dismissed: Event(
            event_id=f"e{number}", article_id=f"a{article}", source=f"s{article}.txt", title=f"Report {article}",
            event_date=day, time_precision=tp, event_type=kind_type if kind == "event" else "",
            sub_event_type="", actor1=a1, actor2=a2, fatalities=number % 3, injuries=0, captured=0,
            location=p[0], matched_text=(p[0] or "Qamishly").upper(), latitude=p[1], longitude=p[2],
            geo_precision=p[3], country="Iraq" if p[1] and p[1] > 36 else "Syria" if p[1] else None,
            admin1=None, geonameid=None, notes=note, confidence=0.5, kind=kind, dismissed=dismissed),
        place, st.sampled_from(["event", "event", "mention"]), st.sampled_from(TYPES),
        st.one_of(st.none(), st.dates(date(2022, 12, 25), date(2023, 3, 5))), st.integers(1, 3),
        st.sampled_from(ACTORS), st.sampled_from(ACTORS), st.sampled_from(WORDS), st.integers(0, 5),
        st.sampled_from([False, False, False, True]))


@st.composite
def stores(draw) -> list[Event]:
    size = draw(st.integers(0, 30))
    return [draw(event_strategy(number)) for number in range(size)]


def sometimes(strategy: st.SearchStrategy, unset: object) -> st.SearchStrategy:
    """``strategy`` in about one draw of three, else ``unset``: several filters drawn at once
    each narrow, and with every one always set, nearly every draw kept no row at all."""
    return st.one_of(st.just(unset), st.just(unset), strategy)


@st.composite
def filters(draw) -> EventFilters:
    day = sometimes(st.dates(date(2022, 12, 20), date(2023, 3, 10)), None)
    return EventFilters(
        start=draw(day), end=draw(day),
        event_types=tuple(draw(sometimes(st.lists(st.sampled_from(TYPES), min_size=1, max_size=2), []))),
        actors=tuple(draw(sometimes(st.lists(st.sampled_from(ACTORS[1:]), min_size=1, max_size=2), []))),
        countries=tuple(draw(sometimes(st.lists(st.sampled_from(["Iraq", "Syria"]), min_size=1, max_size=1), []))),
        place=draw(sometimes(st.sampled_from(["mos", "ḤAMĀH", "STRASSE", "straße", "%", "_"]), "")),
        text=draw(sometimes(st.sampled_from(["raid", "50%_", "report 3", "isl", "ḥamāh m", "STRASSE", "ai"]), "")),
        max_geo_precision=draw(sometimes(st.integers(1, 2), 3)),
        max_time_precision=draw(sometimes(st.integers(1, 2), 3)),
        include_mentions=draw(sometimes(st.just(False), True)),
        include_undated=draw(sometimes(st.just(False), True)))


def as_query(chosen: EventFilters, **more) -> EventQuery:
    return EventQuery(start=chosen.start, end=chosen.end, include_undated=chosen.include_undated,
                      event_types=chosen.event_types, actors=chosen.actors, countries=chosen.countries,
                      admin1=chosen.admin1, place=chosen.place, text=chosen.text,
                      max_geo_precision=chosen.max_geo_precision, max_time_precision=chosen.max_time_precision,
                      include_mentions=chosen.include_mentions, **more)


def with_tables(engine, *, text_index: bool = True):
    """``engine``'s database with the store's tables and, as a store makes it, the index of the
    searched text, which every connection is told of (``conn.info``, as a store's are)."""
    event.listen(engine, "connect", lambda _dbapi, record: record.info.__setitem__(TEXT_INDEX_INFO, text_index))
    METADATA.create_all(engine)
    if text_index:
        with engine.begin() as conn:
            assert create_text_index(conn, "test")
    return engine


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest):
    """How each test's events are stored: a new in-memory SQLite database each time, or the one
    database of this module on a real PostgreSQL server, emptied each time; both with the
    index of the searched text."""
    if request.param == "sqlite":
        yield sqlite_with
        return
    server = request.getfixturevalue("postgres_server")
    engine = with_tables(create_engine(store_url(server.create_database(f"queries_{id(request)}"))))

    def postgres_with(events: list[Event]):
        with engine.begin() as conn:
            conn.execute(delete(EVENTS))
            conn.execute(delete(ARTICLES))
        return fill(engine, events)

    yield postgres_with
    engine.dispose()


def sqlite_with(events: list[Event], *, text_index: bool = True):
    engine = create_engine("sqlite://")
    register_sqlite_functions(engine)
    return fill(with_tables(engine, text_index=text_index), events)


def fill(engine, events: list[Event]):
    with engine.begin() as conn:
        articles = {e.article_id: e for e in events}
        if articles:
            conn.execute(insert(ARTICLES), [{"article_id": a, "source": e.source, "title": e.title,
                                             "ingested_at": "2023-03-06T00:00:00+00:00"} for a, e in articles.items()])
            conn.execute(insert(EVENTS), [stored(e) for e in events])
    return engine


def stored(event: Event) -> dict:
    return event_row(event)


#: A place filter that finds "Straße" only by case folding ("ß" -> "ss"), which the page's
#: table does and SQL does not (see geo_events.store.queries and the test below).
FOLDS_SHARP_S = {"STRASSE"}


def comparable(engine, chosen: EventFilters) -> bool:
    return chosen.place not in FOLDS_SHARP_S


def page_rows(events: list[Event]) -> pd.DataFrame:
    rows = event_rows(events)
    return rows[~rows["dismissed"]]


SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


#: Map views: Iraq and Syria, an edge on Mosul's point, across the antimeridian, the world.
BOXES = [(30.0, 35.0, 40.0, 45.0), (36.34, 43.13, 50.0, 60.0), (-20.0, 170.0, -10.0, -170.0),
         (-90.0, -180.0, 90.0, 180.0)]


@SETTINGS
@given(stores(), filters(), st.one_of(st.none(), st.sampled_from(BOXES)))
def test_the_rows_kept_in_sql_are_the_rows_the_page_keeps(backend, events: list[Event], chosen: EventFilters,
                                                          box) -> None:
    chosen = replace(chosen, in_view=box is not None)
    shown = apply_filters(page_rows(events), chosen, bounds=box)
    engine = backend(events)
    if not comparable(engine, chosen):
        return
    with engine.connect() as conn:
        kept = table_rows(conn, as_query(chosen, bounds=box), limit=10_000)
        counts = query_counts(conn, as_query(chosen, bounds=box))
    assert sorted(kept["event_id"]) == sorted(shown["event_id"])
    assert (counts.rows, counts.events, counts.articles, counts.places, counts.unresolved) == (
        len(shown), int((shown["kind"] == "event").sum()), shown["article_id"].nunique(), count_places(shown),
        int(shown["latitude"].isna().sum()))


@SETTINGS
@given(stores(), filters())
def test_places_counted_in_sql_are_the_maps_places(backend, events: list[Event], chosen: EventFilters) -> None:
    shown = apply_filters(page_rows(events), chosen)
    engine = backend(events)
    if not comparable(engine, chosen):
        return
    with engine.connect() as conn:
        places = place_counts(conn, as_query(chosen))
    expected = place_summary(shown)
    got = {(p.location, p.latitude, p.longitude): (p.count, p.top_event_type or "Mentioned only",
                                                     p.finest_precision >= AREA_PRECISION)
           for p in places.itertuples()}
    assert got == {(p.location, p.latitude, p.longitude): (p.count, p.label, bool(p.area))
                   for p in expected.itertuples()}


@SETTINGS
@given(stores(), filters(), st.sampled_from(["day", "week", "month"]))
def test_the_timeline_in_sql_is_the_pages_timeline(backend, events: list[Event], chosen: EventFilters,
                                                     period: str) -> None:
    shown = apply_filters(page_rows(events), chosen)
    engine = backend(events)
    if not comparable(engine, chosen):
        return
    with engine.connect() as conn:
        bars = timeline_counts(conn, as_query(chosen), period=period)
    expected = pandas_timeline(shown, period=period)
    def bars_of(frame: pd.DataFrame) -> list[tuple]:
        return sorted((pd.Timestamp(p), t, int(n)) for p, t, n in frame[["period", "event_type", "events"]].itertuples(
            index=False))

    assert bars_of(bars) == bars_of(expected)


@SETTINGS
@given(stores(), filters(), st.one_of(st.none(), st.sampled_from(BOXES)), st.sampled_from(["day", "week", "month"]))
def test_one_pass_gives_the_counts_places_and_bars_of_the_questions_apart(backend, events: list[Event],
                                                                          chosen: EventFilters, box, period) -> None:
    """kept_view (one read of the table) answers as view_counts and timeline_counts asked apart."""
    query = as_query(replace(chosen, in_view=box is not None), bounds=box)
    with backend(events).connect() as conn:
        counts, places, bars = kept_view(conn, query, period=period, limit=3)
        apart_counts, apart_places = view_counts(conn, query, limit=3)
        apart_bars = timeline_counts(conn, query, period=period)
    target(float(counts.rows))  # towards stores and filters that keep many rows
    assert counts == apart_counts
    pd.testing.assert_frame_equal(places, apart_places, check_dtype=False)
    key = ["period", "event_type"]
    pd.testing.assert_frame_equal(bars.sort_values(key).reset_index(drop=True),
                                  apart_bars.sort_values(key).reset_index(drop=True))


def test_bounds_keep_the_box_and_cross_the_antimeridian(backend) -> None:
    events = [Event(**{**stored_defaults(n), "location": name, "latitude": lat, "longitude": lon})
              for n, (name, lat, lon, _) in enumerate(PLACES[:-1])]
    with backend(events).connect() as conn:
        box = table_rows(conn, EventQuery(bounds=(30.0, 35.0, 40.0, 45.0)), limit=100)
        pacific = table_rows(conn, EventQuery(bounds=(-20.0, 170.0, -10.0, -170.0)), limit=100)
    assert sorted(box["location"]) == ["Mosul", "Raqqa", "Syria", "Ḥamāh"]
    assert sorted(pacific["location"]) == ["Suva", "Taveuni"]


def test_map_bounds_use_postgis_where_the_store_has_it(postgres_url: str) -> None:
    """A store with PostGIS's geom column answers the map's box from its GIST index (the plan
    names it when sequential scans are off), with the same rows as the columns' own test."""
    from geo_events import EventStore
    from geo_events.models import Article
    from geo_events.store import as_location

    events = [Event(**{**stored_defaults(n), "location": name, "latitude": lat, "longitude": lon})
              for n, (name, lat, lon, _) in enumerate(PLACES)]
    with EventStore.open(as_location(postgres_url)) as store:
        assert store.spatial, "PostGIS is installed where the PostgreSQL tests run (.ci/run)"
        store.add([(Article("a0", "s.txt", "", title="Report"), events)])
        with store.connection() as conn:
            conn.exec_driver_sql("SET enable_seqscan = off")
            pacific = table_rows(conn, EventQuery(bounds=(-20.0, 170.0, -10.0, -170.0)), limit=100)
            box = table_rows(conn, EventQuery(bounds=(30.0, 35.0, 40.0, 45.0)), limit=100)
            asked = select(EVENTS.c.event_id).where(*conditions(conn, EventQuery(bounds=(30.0, 35.0, 40.0, 45.0))))
            plan = "\n".join(conn.execute(explain_of(asked)).scalars())
    assert sorted(pacific["location"]) == ["Suva", "Taveuni"]
    assert sorted(box["location"]) == ["Mosul", "Raqqa", "Syria", "Ḥamāh"]
    assert "events_by_geom" in plan


def explain_of(statement):
    """PostgreSQL's plan of ``statement``, its values bound."""
    from sqlalchemy import text
    from sqlalchemy.dialects import postgresql

    compiled = statement.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True})
    return text(f"EXPLAIN {compiled}")


def test_one_place_and_a_page_of_rows_the_latest_first(backend) -> None:
    events = [Event(**{**stored_defaults(n), "event_date": date(2023, 1, 1 + n)}) for n in range(5)]
    events.append(replace(events[0], event_id="undated", event_date=None))
    with backend(events).connect() as conn:
        first = table_rows(conn, EventQuery(at_place=("Mosul", 36.34, 43.13)), limit=2)
        rest = table_rows(conn, EventQuery(), limit=10, offset=2)
    assert first["event_id"].tolist() == ["e4", "e3"]
    assert rest["event_id"].tolist() == ["e2", "e1", "e0", "undated"]


def test_choices_list_what_is_stored_and_the_busiest_actors_first(backend) -> None:
    events = [Event(**{**stored_defaults(n), "actor1": "SDF" if n % 2 else "Islamic State", "actor2": "SDF"})
              for n in range(4)]
    events.append(replace(events[0], event_id="gone", event_type="Riots", dismissed=True))
    with backend(events).connect() as conn:
        choices = filter_choices(conn)
    assert choices.event_types == ("Battles",)  # the dismissed riot is not offered
    assert choices.actors == ("SDF", "Islamic State")
    assert (choices.first_date, choices.last_date) == (date(2023, 1, 5), date(2023, 1, 5))


def test_typed_text_is_a_value_never_sql(backend) -> None:
    events = [Event(**stored_defaults(0))]
    with backend(events).connect() as conn:
        for typed in ["'; DROP TABLE events; --", "%", "_", "\\", "' OR 1=1 --", "%%%", "___", "\\%_"]:
            assert table_rows(conn, EventQuery(text=typed, place=typed), limit=5).empty
            assert table_rows(conn, EventQuery(text=typed), limit=5).empty  # each alone: no wildcard
            assert table_rows(conn, EventQuery(place=typed), limit=5).empty
        assert len(table_rows(conn, EventQuery(), limit=5)) == 1


def test_bad_limits_and_periods_are_refused(backend) -> None:
    with backend([]).connect() as conn:
        with pytest.raises(ValueError, match="limit"):
            place_counts(conn, EventQuery(), limit=0)
        with pytest.raises(ValueError, match="period"):
            timeline_counts(conn, EventQuery(), period="year")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="limit and offset"):
            table_rows(conn, EventQuery(), limit=-1)


def stored_defaults(number: int) -> dict:
    return dict(event_id=f"e{number}", article_id="a0", source="s.txt", title="Report", event_date=date(2023, 1, 5),
                time_precision=1, event_type="Battles", sub_event_type="Armed clash", actor1="", actor2="",
                fatalities=0, injuries=0, captured=0, location="Mosul", matched_text="Mosul", latitude=36.34,
                longitude=43.13, geo_precision=1, country="Iraq", admin1=None, geonameid=None, notes="clash",
                confidence=0.9, kind="event")


def test_sql_ignores_case_and_the_text_filter_folds_sharp_s(backend) -> None:
    events = [Event(**{**stored_defaults(0), "location": "Straße 5", "notes": "ḤAMĀH market"})]
    with backend(events).connect() as conn:
        assert len(table_rows(conn, EventQuery(place="straße"), limit=5)) == 1
        assert len(table_rows(conn, EventQuery(place="STRAßE"), limit=5)) == 1
        assert len(table_rows(conn, EventQuery(text="ḥamāh MARKET"), limit=5)) == 1
        assert len(table_rows(conn, EventQuery(text="STRASSE 5"), limit=5)) == 1  # the text is case-folded
        assert table_rows(conn, EventQuery(place="STRASSE"), limit=5).empty  # casefold's "ss" is not SQL's


#: Text an article may hold: letters of several scripts, case pairs that fold to more than one
#: letter ("ß", "İ"), combining marks, quotes and the characters FTS5 and LIKE treat specially.
TEXT_ALPHABET = st.sampled_from(list("aAbBdDeErRoOnN ßẞİıç\u0301ḥāحمصΣσς\"'%_*^-:()\\/") + ["NEAR", "AND", "OR"])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(notes=st.lists(st.lists(TEXT_ALPHABET, max_size=12).map("".join), min_size=1, max_size=6),
       data=st.data())
def test_the_text_index_finds_every_row_a_scan_finds(backend, notes: list[str], data: st.DataObject) -> None:
    """Any needle, typed or cut from a row's text, finds through the store's trigram index exactly
    the rows whose searched text holds it, case-folded (what a scan of every row finds)."""
    events = [Event(**{**stored_defaults(n), "notes": note, "title": "", "location": "", "matched_text": ""})
              for n, note in enumerate(notes)]
    source = data.draw(st.sampled_from(notes))
    cut = st.tuples(st.integers(0, len(source)), st.integers(0, len(source))).map(lambda ab: source[min(ab):max(ab)])
    needle = data.draw(st.one_of(cut, cut.map(str.upper), st.lists(TEXT_ALPHABET, min_size=1, max_size=5).map("".join)))
    target(float(len(needle) >= 3))
    expected = sorted(e.event_id for e in events if needle.casefold() in event_row(e)["search_text"])
    with backend(events).connect() as conn:
        found = table_rows(conn, EventQuery(text=needle), limit=10)["event_id"].tolist()
    assert sorted(found) == expected, (needle, notes)
