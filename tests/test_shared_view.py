"""The map's view in a link (geo_events.dashboard.shared_view) and what frames the map."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo_events.dashboard import (FITTED_START, MapView, base_map, bounds_from_map, framing_rows, place_summary,
                                  view_from_map, view_from_query, view_to_query)
from geo_events.dashboard.filters import EventFilters, apply_filters, filters_from_query, within_bounds


@pytest.mark.parametrize(("query", "view"), [
    ({"lat": "36.34", "lon": "43.13", "zoom": "9"}, MapView(36.34, 43.13, 9)),
    ({"lat": ["1", "-33.9"], "lon": "18.4", "zoom": "12"}, MapView(-33.9, 18.4, 12)),  # the last value
    ({"lat": " 0 ", "lon": "-180", "zoom": "2"}, MapView(0.0, -180.0, 2)),
])
def test_a_links_view_is_read(query: dict, view: MapView) -> None:
    assert view_from_query(query) == (view, [])


@pytest.mark.parametrize(("query", "param", "reason"), [
    ({"lat": "north", "lon": "43", "zoom": "7"}, "lat", "not a number"),
    ({"lat": "91", "lon": "43", "zoom": "7"}, "lat", "within +/-90"),
    ({"lat": "36", "lon": "nan", "zoom": "7"}, "lon", "not a number"),
    ({"lat": "36", "lon": "43", "zoom": "7.5"}, "zoom", "whole zoom level"),
    ({"lat": "36", "lon": "43", "zoom": "40"}, "zoom", "from 2 to 18"),
    ({"lat": "36", "lon": "43"}, "lat", "needs zoom too"),
])
def test_a_broken_view_is_named_and_not_used(query: dict, param: str, reason: str) -> None:
    view, notices = view_from_query(query)
    assert view is None and [n.param for n in notices] == [param] and reason in notices[0].reason


def test_no_view_in_a_link_is_no_view_and_no_notice() -> None:
    assert view_from_query({"type": "Battles"}) == (None, [])


def test_view_params_are_not_unknown_filters() -> None:
    _, notices = filters_from_query({"lat": "36", "lon": "43", "zoom": "7"})
    assert notices == []


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["lat", "lon", "zoom", "x"]),
                       st.one_of(st.text(max_size=30), st.lists(st.text(max_size=30), max_size=3)), max_size=4))
def test_any_link_gives_a_valid_view_or_none(query: dict) -> None:
    view, notices = view_from_query(query)
    assert view is None or (abs(view.latitude) <= 90 and abs(view.longitude) <= 180 and 2 <= view.zoom <= 18)
    assert all(len(n.value) <= 200 for n in notices)


@given(st.floats(-90, 90), st.floats(-180, 180), st.integers(2, 18))
def test_a_view_survives_the_round_trip_through_a_link(lat: float, lon: float, zoom: int) -> None:
    view, notices = view_from_query(view_to_query(MapView(lat, lon, zoom)))
    assert notices == [] and view is not None and view.zoom == zoom
    assert abs(view.latitude - lat) < 1e-5 and abs(view.longitude - lon) < 1e-5


@pytest.mark.parametrize(("returned", "view"), [
    ({"center": {"lat": 36.3, "lng": 43.1}, "zoom": 9}, MapView(36.3, 43.1, 9)),
    ({"center": {"lat": 36.3, "lng": 403.1}, "zoom": 9}, MapView(36.3, 43.1, 9)),  # panned round the world
    ({"center": {"lat": 36.3, "lng": 43.1}, "zoom": 25}, MapView(36.3, 43.1, 18)),
    ({"center": None, "zoom": 9}, None), ({}, None), (None, None),
    ({"center": {"lat": "x", "lng": 1}, "zoom": 3}, None),
])
def test_the_view_the_map_reports(returned, view) -> None:
    assert view_from_map(returned) == view


ROWS = pd.DataFrame({"location": ["Mosul", "Mosul", "Syria", "United States"],
                     "latitude": [36.34, 36.34, 35.0, 39.76], "longitude": [43.13, 43.13, 38.0, -98.5],
                     "kind": ["event", "mention", "mention", "mention"],
                     "event_type": ["Battles", None, None, None], "geo_precision": [1, 2, 3, 3]})


def test_towns_frame_the_map_and_areas_only_when_alone() -> None:
    assert framing_rows(ROWS)["location"].unique().tolist() == ["Mosul"]
    only_areas = ROWS[ROWS["geo_precision"] == 3]
    assert framing_rows(only_areas)["location"].tolist() == ["Syria", "United States"]


def test_a_fitted_map_starts_where_the_view_reports_nothing_and_a_linked_one_at_the_link() -> None:
    fitted = base_map(ROWS, tiles=None, outlines=False)
    assert tuple(fitted.location) == (FITTED_START.latitude, FITTED_START.longitude)
    html = fitted.get_root().render()
    assert "fitBounds" in html and "-98.5" not in html.split("fitBounds", 1)[1][:200]
    linked = base_map(ROWS, tiles=None, outlines=False, view=MapView(10.0, 20.0, 7)).get_root().render()
    assert "fitBounds" not in linked and "[10.0, 20.0]" in linked


def test_a_place_is_an_area_only_when_every_row_there_is() -> None:
    summary = place_summary(ROWS).set_index("location")
    assert summary["area"].to_dict() == {"Mosul": False, "Syria": True, "United States": True}


def corners(south, west, north, east) -> dict:
    return {"bounds": {"_southWest": {"lat": south, "lng": west}, "_northEast": {"lat": north, "lng": east}}}


@pytest.mark.parametrize(("reported", "box"), [
    (corners(33.0, 38.0, 37.5, 44.0), (33.0, 38.0, 37.5, 44.0)),
    (corners(-25.0, 170.0, -10.0, 190.0), (-25.0, 170.0, -10.0, -170.0)),  # across the antimeridian
    (corners(30.0, 398.0, 37.5, 404.0), (30.0, 38.0, 37.5, 44.0)),  # panned once round the world
    (corners(-120.0, -400.0, 120.0, 300.0), (-90.0, -180.0, 90.0, 180.0)),  # zoomed out past the world
])
def test_the_maps_box_is_read_wrapped_and_clipped(reported: dict, box: tuple) -> None:
    assert bounds_from_map(reported) == box


@pytest.mark.parametrize("reported", [None, {}, {"bounds": None}, {"bounds": {"_southWest": None}},
                                      corners(None, None, None, None), corners("x", 1, 2, 3),
                                      corners(40.0, 10.0, 30.0, 20.0), corners(1.0, float("nan"), 2.0, 3.0)])
def test_no_usable_box_is_no_box(reported) -> None:
    assert bounds_from_map(reported) is None


@settings(max_examples=300, deadline=None)
@given(st.floats(-89, 80), st.floats(-1000, 1000), st.floats(0, 10), st.floats(0.001, 720))
def test_a_box_keeps_the_points_the_map_shows(south: float, west: float, height: float, width: float) -> None:
    """Whatever Leaflet reports (longitudes past +/-180 after panning), a point shown on the map
    (a longitude inside the reported span, wrapped) is inside the box read from it."""
    box = bounds_from_map(corners(south, west, south + height, west + width))
    assert box is not None
    shown_lon = west + width / 2
    wrapped = (shown_lon + 180.0) % 360.0 - 180.0
    rows = pd.DataFrame({"latitude": [south + height / 2], "longitude": [wrapped]})
    assert len(within_bounds(rows, box)) == 1


def test_only_the_maps_view_keeps_the_rows_inside_it() -> None:
    rows = pd.DataFrame({"event_date": pd.to_datetime(["2023-01-01"] * 3), "kind": "event", "event_type": "Battles",
                         "actor1": "", "actor2": "", "country": "Iraq", "admin1": None, "geo_precision": 1,
                         "time_precision": 1, "location": ["Mosul", "Basra", None],
                         "latitude": [36.34, 30.5, None], "longitude": [43.13, 47.8, None]})
    box = (35.0, 40.0, 38.0, 45.0)
    assert apply_filters(rows, EventFilters(in_view=True), bounds=box)["location"].tolist() == ["Mosul"]
    assert len(apply_filters(rows, EventFilters(in_view=False), bounds=box)) == 3  # the toggle is off
    assert len(apply_filters(rows, EventFilters(in_view=True), bounds=None)) == 3  # no box reported yet
