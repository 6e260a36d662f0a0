"""The folium map: one marker per place, escaped popups, offline assets."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import geo_events as ge

HOSTILE = (' date 2022-05-01 Raqqa saw <script>alert("x")</script> and '
           '<img src=x onerror="alert(1)"> and a `backtick` ${injection}.')


@pytest.fixture(scope="module")
def hostile_rows(geoparser: ge.Geoparser) -> pd.DataFrame:
    return geoparser.extract([ge.parse_article(HOSTILE, source="dir/evil<b>x.txt")])


def test_one_marker_per_distinct_place(sample_rows: pd.DataFrame) -> None:
    html = ge.build_map(sample_rows, tiles=None).get_root().render()
    places = sample_rows.dropna(subset=["latitude"]).groupby(
        ["location", "latitude", "longitude"]).ngroups
    assert html.count("L.circleMarker(") == places


def test_popup_text_is_escaped(hostile_rows: pd.DataFrame) -> None:
    html = ge.build_map(hostile_rows, tiles=None).get_root().render()
    popup = re.search(r"bindPopup\((\".*?\"), \{", html).group(1)
    assert "<script" not in popup and "<img" not in popup and "<b>x" not in popup
    assert "\\u0026lt;script\\u0026gt;" in popup  # shown as text: &lt;script&gt;
    assert "evil&lt;b&gt;x.txt" in ge.popup_html("Ar Raqqah", hostile_rows)


def test_popup_lists_date_and_caps_long_lists(sample_rows: pd.DataFrame) -> None:
    mosul = sample_rows[sample_rows["location"] == "Mosul"]
    html = ge.popup_html("Mosul", mosul)
    assert html.count("<li>") == len(mosul) and "2014-06-11" in html
    many = pd.concat([mosul] * 5, ignore_index=True)
    assert ge.popup_html("Mosul", many).count("<li>") == 8 and "more" in ge.popup_html("Mosul", many)


def test_unresolved_rows_draw_no_marker(geoparser: ge.Geoparser) -> None:
    rows = geoparser.extract([ge.parse_article("Troops reached al-Zubaydi.", source="t")])
    assert ge.build_map(rows, tiles=None).get_root().render().count("L.circleMarker(") == 0


def test_local_assets_replace_every_cdn_link(sample_rows: pd.DataFrame) -> None:
    fmap = ge.use_local_assets(ge.build_map(sample_rows, tiles=None), base_url="../assets/")
    html = fmap.get_root().render()
    links = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert links == ["../assets/leaflet.js", "../assets/leaflet.css"]
    assert fmap.default_js == [("leaflet", "../assets/leaflet.js")]


def test_leaflet_assets_are_installed() -> None:
    folder = ge.leaflet_asset_dir()
    assert (folder / "leaflet.js").stat().st_size > 100_000
    assert "Leaflet 1.9" in (folder / "leaflet.js").read_text(encoding="utf-8")[:200]


@pytest.mark.parametrize(("value", "tiles"), [
    (None, "OpenStreetMap"), ("none", None), ("OFF", None), ("CartoDB positron", "CartoDB positron"),
])
def test_tiles_setting(monkeypatch: pytest.MonkeyPatch, value: str | None, tiles: str | None) -> None:
    if value is None:
        monkeypatch.delenv("GEO_EVENTS_TILES", raising=False)
    else:
        monkeypatch.setenv("GEO_EVENTS_TILES", value)
    assert ge.tiles_setting() == tiles
