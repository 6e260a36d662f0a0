"""The map's view in a real browser: it frames towns, not country centres; areas are hollow;
the shared link carries the centre and zoom, both ways."""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from test_app_browser import pytestmark  # noqa: F401  (the same skip and marker)

browser = pytest.importorskip("browser")

# A report naming towns in Iraq and two countries whose centres lie far away (the US's is in Kansas).
ARTICLE = """date 2024-03-05
Drone strike near Mosul

A drone strike hit a checkpoint near Mosul on Tuesday, killing two fighters, Iraqi officials said.
Washington said the United States had no part in it; Turkey and Iran condemned the attack.
Militants later attacked an army post in Tal Afar, west of Mosul.
"""
#: streamlit-folium's frame keeps the Leaflet map as window.map.
_LEAFLET_VIEW = """() => { const m = window.map; const b = m.getBounds(); const c = m.getCenter();
  return {zoom: m.getZoom(), lat: c.lat, lng: c.lng, west: b.getWest(), east: b.getEast()}; }"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder: Path = tmp_path_factory.mktemp("view-article")
    (folder / "mosul.txt").write_text(ARTICLE, encoding="utf-8")
    with browser.streamlit_app(folder) as running:
        yield running


@pytest.fixture()
def session():
    with browser.offline_browser() as state:
        yield state


def leaflet_view(page, *, markers_in_view: bool = True) -> dict:
    frame = page.frame_locator(browser.MAP_FRAME)
    frame.locator(browser.MARKERS if markers_in_view else ".leaflet-container").first.wait_for()
    browser.expect_map_idle(page)
    for child in page.frames:
        if child.evaluate("() => Boolean(window.map && window.map.getZoom)"):
            return child.evaluate(_LEAFLET_VIEW)
    raise AssertionError("no Leaflet map in any frame")


def link_view(page) -> dict[str, str]:
    query = parse_qs(urlparse(page.url).query)
    return {key: query[key][-1] for key in ("lat", "lon", "zoom") if key in query}


def test_the_first_view_frames_the_towns_not_the_countries(server, session) -> None:
    page = session.page
    page.goto(server.url)
    view = leaflet_view(page)
    # Mosul and Tal Afar (42-43.2 E) are in view; Kansas (-98) and the Pacific are not.
    assert view["west"] > 20 and view["east"] < 70 and view["zoom"] >= 6, view


def test_country_level_places_are_hollow_and_say_so(server, session) -> None:
    page = session.page
    page.goto(server.url)
    frame = page.frame_locator(browser.MAP_FRAME)
    frame.locator(browser.MARKERS).first.wait_for()
    areas, towns = frame.locator("path.geo-area"), frame.locator("path.geo-town")
    assert areas.count() >= 2 and towns.count() >= 2  # the US, Turkey, Iran...; Mosul, Tal Afar
    assert areas.first.get_attribute("stroke-dasharray") and areas.first.get_attribute("fill-opacity") == "0.04"
    assert towns.first.get_attribute("stroke-dasharray") in (None, "")
    assert "hollow: a country or region" in frame.locator(".geo-events-legend").inner_text()


def test_the_link_follows_the_view_and_a_link_opens_it(server, session) -> None:
    page = session.page
    page.goto(server.url)
    first = leaflet_view(page)
    browser.expect_page_idle(page)
    if "zoom" in link_view(page):  # the map reported its fitted view: the link carries it
        assert int(link_view(page)["zoom"]) == first["zoom"]
    page.frame_locator(browser.MAP_FRAME).locator(".leaflet-control-zoom-in").click()
    page.wait_for_url(re.compile(rf".*zoom={first['zoom'] + 1}\b"))
    shared = link_view(page)
    assert abs(float(shared["lat"]) - first["lat"]) < 0.5  # zoomed in about the same centre

    receiver = page.context.new_page()
    receiver.goto(f"{server.url}/?lat=36.5&lon=41.9&zoom=11")
    view = leaflet_view(receiver, markers_in_view=False)  # zoomed past the towns
    assert view["zoom"] == 11 and abs(view["lat"] - 36.5) < 0.01 and abs(view["lng"] - 41.9) < 0.01
    receiver.close()


def test_a_broken_view_in_a_link_is_named_and_the_map_fitted(server, session) -> None:
    page = session.page
    page.goto(f"{server.url}/?lat=north&lon=43&zoom=7")
    view = leaflet_view(page)
    assert view["west"] > 20
    assert page.get_by_text("not a number within +/-90").count() == 1



def places_shown(page) -> int:
    caption = page.get_by_text(re.compile(r"^\d+ places? shown")).first
    caption.wait_for()
    return int(caption.inner_text().split()[0])


def test_only_the_maps_view_counts_what_the_map_shows(server, session) -> None:
    """Zoomed on Tal Afar with "Only the map's view" on (from the link): once the map reports its
    box, the places and counts are those inside it; off, the same view lists every place."""
    page = session.page
    zoomed = f"{server.url}/?lat=36.377&lon=42.449&zoom=12"
    page.goto(zoomed)
    leaflet_view(page, markers_in_view=False)
    browser.expect_page_idle(page)
    every = places_shown(page)
    page.goto(zoomed + "&inview=1")
    leaflet_view(page, markers_in_view=False)
    deadline = time.monotonic() + 30
    while places_shown(page) >= every and time.monotonic() < deadline:
        page.wait_for_timeout(250)
    inside = places_shown(page)
    assert 1 <= inside < every, (inside, every)  # Tal Afar, not Mosul 60 km east nor the countries
    assert page.get_by_role("switch", name="Only the map's view").is_checked()
