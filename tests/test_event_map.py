"""The folium map: one marker per place, escaped popups, offline assets."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import geo_events as ge
from geo_events.dashboard import TYPE_COLOURS, build_map, clicked_place, count_places, event_map, leaflet_asset_dir, place_summary, popup_html, standalone_html, tiles_setting, use_local_assets, web_assets, web_link
from geo_events.errors import GeoEventsError, MissingAssetError, UserInputError

def place_features(fmap) -> list[dict]:
    """The features of the map's place layer (the outlines are another layer)."""
    (layer,) = [c for c in web_assets._descendants(fmap) if isinstance(c, event_map.PlaceLayer)]
    return layer.data["features"]


HOSTILE = (' date 2022-05-01 Raqqa saw <script>alert("x")</script> and '
           '<img src=x onerror="alert(1)"> and a `backtick` ${injection}.')


@pytest.fixture(scope="module")
def hostile_rows(geoparser: ge.Geoparser) -> pd.DataFrame:
    article = ge.parse_article(HOSTILE, source="dir/evil<b>x.txt")
    return ge.event_rows(geoparser.events([article]))


def test_one_marker_per_distinct_place(sample_events: pd.DataFrame) -> None:
    fmap = build_map(sample_events, tiles=None)
    places = sample_events.dropna(subset=["latitude"]).groupby(
        ["location", "latitude", "longitude"]).ngroups
    assert len(place_features(fmap)) == places == count_places(sample_events)


def test_marker_colour_is_the_place_s_most_frequent_event_type(sample_events: pd.DataFrame) -> None:
    summary = place_summary(sample_events)
    mosul = summary[summary["location"] == "Mosul"].iloc[0]
    events = sample_events[(sample_events["location"] == "Mosul") & (sample_events["kind"] == "event")]
    assert mosul["label"] == events["event_type"].mode().iloc[0]
    only_mentioned = summary[summary["label"] == "Mentioned only"]
    assert len(only_mentioned) and not sample_events[
        sample_events["location"].isin(only_mentioned["location"]) & (sample_events["kind"] == "event")].size


def test_legend_names_the_colours_on_the_map(sample_events: pd.DataFrame) -> None:
    html = build_map(sample_events, tiles=None).get_root().render()
    legend = re.search(r"L\.DomUtil\.create\('div', 'geo-events-legend'\).*?addTo\(", html, re.S).group()
    for label in set(place_summary(sample_events)["label"]):
        assert label in legend and TYPE_COLOURS[label] in legend


def test_many_places_are_clustered_with_local_assets() -> None:
    rows = ge.event_rows([])
    rows = pd.DataFrame({c: [None] * 300 for c in rows.columns}).assign(
        location=[f"P{i}" for i in range(300)], latitude=[30 + i / 100 for i in range(300)],
        longitude=[40.0] * 300, kind="mention", notes="x", source="s", country="Syria")
    fmap = use_local_assets(build_map(rows, tiles=None), base_url="../l/", cluster_base_url="../c/")
    html = fmap.get_root().render()
    assert "L.markerClusterGroup(" in html and len(place_features(fmap)) == 300
    links = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert set(links) == {"../l/leaflet.js", "../l/leaflet.css", "../c/leaflet.markercluster.js",
                          "../c/MarkerCluster.css", "../c/MarkerCluster.Default.css"}


def test_clustered_map_without_a_cluster_url_is_a_project_error() -> None:
    rows = ge.event_rows([])
    rows = pd.DataFrame({c: [None] * 300 for c in rows.columns}).assign(
        location=[f"P{i}" for i in range(300)], latitude=[30 + i / 100 for i in range(300)],
        longitude=[40.0] * 300, kind="mention", notes="x", source="s", country="Syria")
    with pytest.raises(UserInputError, match=r"cluster_base_url .* got None \(NoneType\)") as caught:
        use_local_assets(build_map(rows, tiles=None), base_url="../l/")
    assert isinstance(caught.value, ValueError)


def test_missing_leaflet_assets_are_a_project_error(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    import js_lib_leaflet

    monkeypatch.setattr(js_lib_leaflet, "__file__", str(tmp_path / "__init__.py"))
    with pytest.raises(MissingAssetError, match="reinstall django-js-lib-leaflet") as caught:
        leaflet_asset_dir()
    assert isinstance(caught.value, FileNotFoundError) and isinstance(caught.value, GeoEventsError)


def test_popup_shows_type_actors_counts_and_only_http_links() -> None:
    rows = pd.DataFrame([{"event_date": pd.Timestamp("2023-01-20"), "time_precision": 1, "kind": "event",
                          "event_type": "Battles", "sub_event_type": "Armed clash", "actor1": "SDF",
                          "actor2": "ISIS", "fatalities": 3, "injuries": 0, "captured": 2,
                          "matched_text": "Hajin", "notes": "Clashes.", "source": "a.txt",
                          "url": "https://news.example/x?a=1&b=2", "country": "Syria"},
                         {"event_date": pd.Timestamp("2023-01-21"), "time_precision": 2, "kind": "event",
                          "event_type": "Battles", "sub_event_type": "Armed clash", "actor1": "",
                          "actor2": "", "fatalities": 0, "injuries": 0, "captured": 0,
                          "matched_text": "Hajin", "notes": "More.", "source": "b.txt",
                          "url": "javascript:alert(1)", "country": "Syria"}])
    html = popup_html("Hajin", rows)
    assert "Battles: Armed clash" in html and "SDF vs ISIS" in html and "3 killed, 2 captured" in html
    assert 'href="https://news.example/x?a=1&amp;b=2"' in html and 'rel="noopener noreferrer"' in html
    assert "javascript:" not in html and "Jan 2023 (approx.)" in html


def test_standalone_html_needs_no_network(sample_events: pd.DataFrame) -> None:
    page = standalone_html(build_map(sample_events, tiles=None))
    assert not re.findall(r'<(?:script|link)[^>]+(?:src|href)=', page)
    assert '"type":"Feature"' in page and "Leaflet 1.9" in page


def test_popup_text_is_escaped(hostile_rows: pd.DataFrame) -> None:
    html = build_map(hostile_rows, tiles=None).get_root().render()
    popup = re.search(r'"p":(".*?")[,}]', html).group(1)
    assert "<script" not in popup and "<img" not in popup and "<b>x" not in popup
    assert "\\u0026lt;script\\u0026gt;" in popup  # shown as text: &lt;script&gt;
    assert "evil&lt;b&gt;x.txt" in popup_html("Ar Raqqah", hostile_rows)


TEMPLATE_TEXT = (" date 2022-05-01 Clashes in Raqqa killed two people {{ 1234*1000 }} "
                 "{% if true %}TEMPLATE-RAN{% endif %} on Sunday.")


def test_article_text_is_never_run_as_a_template(geoparser: ge.Geoparser) -> None:
    """Article text reaches the page as data: Jinja syntax in it is shown, never evaluated
    (branca compiles rendered parts as templates; the map's own elements do not)."""
    rows = ge.event_rows(geoparser.events([ge.parse_article(TEMPLATE_TEXT, source="a{{ 9*9 }}.txt")]))
    assert rows["notes"].str.contains("{{ 1234*1000 }}", regex=False).any()
    page = standalone_html(build_map(rows, tiles=None))
    assert "{{ 1234*1000 }}" in page and "{% if true %}TEMPLATE-RAN{% endif %}" in page
    assert "1234000" not in page and not re.search(r"(?<!%})TEMPLATE-RAN", page)


def _layer_data(page: str) -> dict:
    """The place layer's GeoJSON as the page carries it (a map without outlines has one layer)."""
    start = page.index("L.geoJSON(") + len("L.geoJSON(")
    return json.JSONDecoder().raw_decode(page, start)[0]


#: Names drawn mostly from template, script and quoting characters, and from any text.
NAMES = st.lists(st.sampled_from(["{{", "}}", "{%", "%}", "{#", " ", "x", "7*7", "</script>", "'", '"', "\\",
                                  "\u2028", "&"]), min_size=1, max_size=12).map("".join)


@settings(max_examples=60, deadline=None)
@given(name=st.one_of(NAMES, st.text(min_size=1, max_size=30)), count=st.integers(min_value=1, max_value=10**6))
def test_any_place_name_reaches_the_page_as_the_same_data(name: str, count: int) -> None:
    """Whatever a place is called (template syntax, ``</script>``, quotes, line separators),
    the page's JSON decodes to exactly the layer's data: nothing evaluated, nothing cut."""
    summary = pd.DataFrame({"location": [name], "latitude": [36.3], "longitude": [43.1], "count": [count],
                            "label": ["Battles"], "area": [False]})
    fmap = ge.dashboard.base_map(summary_rows_of(summary), tiles=None, outlines=False, labels=False)
    layer = event_map.summary_layer(summary)
    layer.add_to(fmap)
    page = fmap.get_root().render()
    assert "</script" not in page.split("<script>", 2)[-1].rsplit("</script>", 1)[0].lower()
    (drawn,) = [c for c in web_assets._descendants(layer) if isinstance(c, event_map.PlaceLayer)]
    assert _layer_data(page) == drawn.data


def summary_rows_of(summary: pd.DataFrame) -> pd.DataFrame:
    from geo_events.dashboard.store_view import summary_rows

    return summary_rows(summary)


def test_popup_lists_date_and_caps_long_lists(sample_events: pd.DataFrame) -> None:
    mosul = sample_events[sample_events["location"] == "Mosul"]
    html = popup_html("Mosul", mosul)
    assert html.count("<li>") == min(len(mosul), event_map.MAX_POPUP_ROWS) and "2014-06-1" in html
    many = pd.concat([mosul] * 5, ignore_index=True)
    assert popup_html("Mosul", many).count("<li>") == event_map.MAX_POPUP_ROWS
    assert "more" in popup_html("Mosul", many)


def test_unresolved_rows_draw_no_marker(geoparser: ge.Geoparser) -> None:
    rows = ge.event_rows(geoparser.events([ge.parse_article("Troops reached al-Zubaydi.", source="t")]))
    assert place_features(build_map(rows, tiles=None)) == []


def test_local_assets_replace_every_cdn_link(sample_events: pd.DataFrame) -> None:
    fmap = use_local_assets(build_map(sample_events, tiles=None), base_url="../assets/")
    html = fmap.get_root().render()
    links = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert links == ["../assets/leaflet.js", "../assets/leaflet.css"]
    assert fmap.default_js == [("leaflet", "../assets/leaflet.js")]


def test_leaflet_assets_are_installed() -> None:
    folder = leaflet_asset_dir()
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
    assert tiles_setting() == tiles


def test_country_outlines_are_the_offline_basemap_under_the_tiles(sample_events: pd.DataFrame) -> None:
    html = build_map(sample_events, tiles=None).get_root().render()
    pane = re.search(r'createPane\(\s*"outlines"\);\s*(\w+)\.style\.zIndex = (\d+)', html)
    assert pane and int(pane.group(2)) < 200  # Leaflet's tile pane is 200: tiles cover the outlines
    assert '"id":"SY"' in html and 'pane: "outlines"' in html
    assert '"id":"SY"' not in build_map(sample_events, tiles=None, outlines=False).get_root().render()


def test_heat_map_is_one_image_layer_over_the_events(sample_events: pd.DataFrame) -> None:
    fmap = build_map(sample_events, tiles=None, heat=True)
    html = fmap.get_root().render()
    assert html.count("L.imageOverlay(") == 1 and "data:image/png;base64," in html
    assert "L.imageOverlay(" not in build_map(sample_events, tiles=None).get_root().render()


def test_clicked_place_is_the_tooltip_s_place_nearest_the_click() -> None:
    rows = pd.DataFrame({"location": ["Mosul", "Mosul", "Hajin", "Paris & Co"],
                         "latitude": [36.3, 36.3, 34.7, 48.8], "longitude": [43.1, 43.1, 40.8, 2.3]})
    assert len(clicked_place(rows, {"lat": 36.31, "lng": 43.12}, "Mosul (2)")) == 2
    assert clicked_place(rows, {"lat": 48.8, "lng": 2.3}, "Paris &amp; Co (1)")["location"].tolist() == [
        "Paris & Co"]
    assert clicked_place(rows, None, None) is None
    assert clicked_place(rows, {"lat": 1.0, "lng": 1.0}, "Nowhere (3)") is None


@pytest.mark.parametrize(("url", "link"), [
    ("https://a.example/x", "https://a.example/x"), ("HTTP://a.example", "HTTP://a.example"),
    ("javascript:alert(1)", None), (" data:text/html,x", None), (None, None), ("", None),
])
def test_only_web_addresses_become_links(url, link) -> None:
    assert web_link(url) == link


def test_a_mentions_popup_gives_its_articles_exact_date() -> None:
    """A mention carries its article's date (exact) with the vaguest time precision: the
    popup says when it was reported, not "2016 (approx.)"."""
    mention = pd.DataFrame([{"event_date": pd.Timestamp("2016-03-05"), "time_precision": 3, "kind": "mention",
                             "event_type": "", "matched_text": "Mosul", "notes": "Mosul was quiet.",
                             "source": "a.txt", "url": None, "country": "Iraq"}])
    event = mention.assign(kind="event", event_type="Battles")
    assert "reported 2016-03-05" in popup_html("Mosul", mention) and "approx" not in popup_html("Mosul", mention)
    assert "2016 (approx.)" in popup_html("Mosul", event)
