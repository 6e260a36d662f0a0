"""Town names on the offline map, in a real browser: the first view names the capitals and
towns, zooming in names more, names overlap neither each other nor the event circles, and
OpenStreetMap is credited only once one of its tiles has loaded."""

from __future__ import annotations

import base64

import pandas as pd
import pytest

from conftest import REPO
from geo_events.dashboard import build_map, standalone_html
from gazetteer import Gazetteer
from test_app_browser import pytestmark  # noqa: F401  (the same skip and marker)

browser = pytest.importorskip("browser")

ARTIFACTS = REPO / "test-artifacts"
#: A 1x1 PNG: what a reachable tile server answers in the test that serves tiles.
TILE_PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
#: Every name drawn, and every event circle, as boxes in the map container's pixels.
_DRAWN = """() => {
  const frame = window.map.getContainer().getBoundingClientRect();
  const box = (el) => { const r = el.getBoundingClientRect();
    return {left: r.left - frame.left, top: r.top - frame.top, right: r.right - frame.left,
            bottom: r.bottom - frame.top}; };
  return {zoom: window.map.getZoom(), width: frame.width, height: frame.height,
          names: Array.from(document.querySelectorAll(".geo-label")).map((el) => ({
            name: el.textContent, capital: el.classList.contains("geo-capital"), dot: box(el),
            text: box(el.querySelector("span"))})),
          circles: Array.from(document.querySelectorAll("path.leaflet-interactive")).map(box)};
}"""


@pytest.fixture(scope="module")
def server():
    with browser.streamlit_app() as running:
        yield running


@pytest.fixture()
def session():
    with browser.offline_browser() as state:
        yield state


def map_frame(page):
    """The frame holding the Leaflet map (streamlit-folium keeps it as window.map)."""
    for child in page.frames:
        if child.evaluate("() => Boolean(window.map && window.map.getZoom)"):
            return child
    raise AssertionError("no Leaflet map in any frame")


def overlaps(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def test_the_first_view_names_the_towns_and_zooming_in_names_more(server, session) -> None:
    from playwright.sync_api import expect

    page = session.page
    page.goto(server.url)
    frame = page.frame_locator(browser.MAP_FRAME)
    browser.markers(page).first.wait_for()
    browser.expect_map_idle(page)
    for capital in ("Damascus", "Baghdad"):
        expect(frame.locator(".geo-label.geo-capital span", has_text=capital)).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(browser.MAP_FRAME).screenshot(path=str(ARTIFACTS / "map-labels-first-view.png"))
    leaflet = map_frame(page)
    first = leaflet.evaluate(_DRAWN)
    names = {n["name"] for n in first["names"]}
    assert {"Damascus", "Baghdad", "Aleppo", "Homs", "Deir ez-Zor", "Kirkuk"} <= names, names
    texts = [n["text"] for n in first["names"]]
    assert not any(overlaps(a, b) for i, a in enumerate(texts) for b in texts[i + 1:])
    assert not any(overlaps(t, c) for t in texts for c in first["circles"])
    # One zoom in around the centre: what was the middle half of the view fills it.
    width, height = first["width"], first["height"]
    middle = [n for n in first["names"] if width / 4 <= n["dot"]["left"] <= 3 * width / 4
              and height / 4 <= n["dot"]["top"] <= 3 * height / 4]
    frame.locator(".leaflet-control-zoom-in").click()
    leaflet.wait_for_function("zoom => window.map.getZoom() === zoom", arg=first["zoom"] + 1)
    browser.expect_map_idle(page)
    zoomed = leaflet.evaluate(_DRAWN)
    assert len(zoomed["names"]) > len(middle) + 5, (len(zoomed["names"]), len(middle))
    assert {n["name"] for n in zoomed["names"]} - names  # towns not named before
    page.locator(browser.MAP_FRAME).screenshot(path=str(ARTIFACTS / "map-labels-zoomed-in.png"))


def test_the_page_credits_what_it_draws_and_no_tiles(server, session) -> None:
    page = session.page
    page.goto(server.url)
    frame = page.frame_locator(browser.MAP_FRAME)
    frame.locator(".geo-label span").first.wait_for()
    credits = frame.locator(".leaflet-control-attribution").inner_text()
    assert "GeoNames" in credits and "countryinfo" in credits and "OpenStreetMap" not in credits, credits


@pytest.fixture(scope="module")
def osm_page(sample_events: pd.DataFrame, gazetteer: Gazetteer) -> str:
    """The standalone map of the samples with OpenStreetMap's tiles."""
    return standalone_html(build_map(sample_events, tiles="OpenStreetMap", gazetteer=gazetteer))


def all_tiles_settled(page) -> None:
    page.wait_for_function("() => { const tiles = document.querySelectorAll('img.leaflet-tile');"
                           " return tiles.length > 0 && Array.from(tiles).every(t => t.complete); }",
                           timeout=30_000)


def test_openstreetmap_is_not_credited_when_no_tile_loads(session, osm_page: str) -> None:
    page = session.page
    page.set_content(osm_page)
    page.locator(".geo-label span").first.wait_for()
    all_tiles_settled(page)
    assert any("tile.openstreetmap.org" in url for url in session.aborted)
    assert page.locator("img.leaflet-tile-loaded").count() == 0
    credits = page.locator(".leaflet-control-attribution").inner_text()
    assert "OpenStreetMap" not in credits and "GeoNames" in credits, credits


def test_openstreetmap_is_credited_once_its_tiles_load(session, osm_page: str) -> None:
    from playwright.sync_api import expect

    page = session.page
    page.route("https://tile.openstreetmap.org/**",
               lambda route: route.fulfill(status=200, content_type="image/png", body=TILE_PNG))
    page.set_content(osm_page)
    all_tiles_settled(page)
    assert page.locator("img.leaflet-tile-loaded").count() > 0
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("OpenStreetMap")
