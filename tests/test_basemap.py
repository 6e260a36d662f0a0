"""The offline basemap under the events: tiles credited once loaded, outlines, town names."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import folium
import pandas as pd
import pytest

from geo_events.dashboard import base_map, basemap, build_map, standalone_html
from gazetteer import Gazetteer
from gazetteer.labels import MapLabel

HOSTILE = MapLabel('<img src=x onerror="alert(1)"> & <script>alert(2)</script>', 35.0, 40.0, 500_000, False, 5)


def label_rows(html: str) -> list[list]:
    """The rows the label layer draws, read back from the rendered page."""
    found = re.search(r'var rows = (\[.*?\]);\n', html)
    assert found, "no label layer on the page"
    return json.loads(found.group(1))


def test_names_are_escaped_before_they_reach_the_page() -> None:
    fmap = folium.Map(tiles=None)
    basemap.add_place_labels(fmap, [HOSTILE])
    html = fmap.get_root().render()
    assert "<img src=x" not in html and "<script>alert(2)" not in html
    (row,) = label_rows(html)
    assert row == [35.0, 40.0, '&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; '
                               '&lt;script&gt;alert(2)&lt;/script&gt;', 5, 0]


def test_the_names_lie_between_the_outlines_and_the_tiles_under_the_events(sample_events: pd.DataFrame,
                                                                          gazetteer: Gazetteer) -> None:
    html = build_map(sample_events, tiles=None, gazetteer=gazetteer).get_root().render()
    outlines = int(re.search(r'createPane\(\s*"outlines"\);\s*\w+\.style\.zIndex = (\d+)', html).group(1))
    labels = int(re.search(r'createPane\("placeLabels"\);\s*pane\.style\.zIndex = (\d+)', html).group(1))
    assert outlines < labels < 200  # Leaflet's tile pane: 200, its overlay pane (the circles): 400
    names = {row[2]: row for row in label_rows(html)}
    assert names["Damascus"][3:] == [3, 1] and names["Baghdad"][3:] == [3, 1]  # capitals from zoom 3
    assert names["Mosul"][3:] == [4, 0]


def test_without_labels_there_are_no_names_and_no_geonames_credit(sample_events: pd.DataFrame) -> None:
    html = base_map(sample_events, tiles=None, labels=False).get_root().render()
    assert "placeLabels" not in html and "GeoNames" not in html
    assert "countryinfo" in html  # the outlines are still drawn and credited
    bare = base_map(sample_events, tiles=None, labels=False, outlines=False).get_root().render()
    assert "countryinfo" not in bare


def test_tile_credits_wait_for_a_loaded_tile(sample_events: pd.DataFrame, gazetteer: Gazetteer) -> None:
    html = build_map(sample_events, tiles="OpenStreetMap", gazetteer=gazetteer).get_root().render()
    layer = re.search(r'L\.tileLayer\((.*?)\);', html, re.S).group(1)
    assert "tile.openstreetmap.org" in layer and "attribution" not in layer
    credit = re.search(r"\.once\('tileload', function \(\) \{ \w+\.attributionControl\.addAttribution\((.*?)\); \}\);",
                       html).group(1)
    assert "OpenStreetMap" in json.loads(credit)
    assert html.count("OpenStreetMap") == 1  # nowhere else
    assert "GeoNames" in html and "countryinfo" in html


def test_a_map_without_tiles_credits_no_tiles(sample_events: pd.DataFrame, gazetteer: Gazetteer) -> None:
    html = build_map(sample_events, tiles=None, gazetteer=gazetteer).get_root().render()
    assert "tileLayer" not in html and "OpenStreetMap" not in html and "tileload" not in html


def test_the_standalone_export_names_the_towns(sample_events: pd.DataFrame, gazetteer: Gazetteer) -> None:
    page = standalone_html(build_map(sample_events, tiles=None, gazetteer=gazetteer))
    assert {"Damascus", "Baghdad", "Mosul"} <= {row[2] for row in label_rows(page)}


def test_the_names_add_a_few_hundred_kilobytes_at_most(sample_events: pd.DataFrame, gazetteer: Gazetteer) -> None:
    named = len(build_map(sample_events, tiles=None, gazetteer=gazetteer).get_root().render().encode())
    bare = len(build_map(sample_events, tiles=None, labels=False).get_root().render().encode())
    assert 50_000 < named - bare < 400_000, (named, bare)


def test_without_a_built_index_the_map_has_no_names_and_says_why(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(basemap, "default_index_path", lambda: tmp_path / "missing.sqlite3")
    with caplog.at_level(logging.WARNING, logger=basemap.__name__):
        assert basemap.map_labels(None, around=(34.0, 38.0, 37.0, 44.0)) == []
    assert "not built" in caplog.text


def test_the_default_index_names_the_towns_when_none_is_given(sample_events: pd.DataFrame) -> None:
    html = base_map(sample_events, tiles=None).get_root().render()
    assert "Damascus" in {row[2] for row in label_rows(html)}
