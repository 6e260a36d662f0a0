"""Draw the event table on a folium map: one circle per place, coloured by event type.

    >>> from geo_events.io.rows import event_rows
    >>> fmap = build_map(event_rows([]), tiles=None)
    >>> "leaflet" in fmap.get_root().render()
    True

Events and mentions at the same place share a marker whose radius grows
with their number and whose colour is the place's most frequent event type
(grey for places only mentioned); a legend says which colour is which.
The popup lists dates, types, actors, casualties, the sentence and a link to
the source; every piece of article text is HTML-escaped (article text is
untrusted) and only http(s) links become links. Past
:data:`CLUSTER_MIN_PLACES` places the markers are clustered (Leaflet.markercluster,
served by the app) until :data:`CLUSTER_UNTIL_ZOOM`.
"""

from __future__ import annotations

import html
import math
import os
from dataclasses import dataclass

import folium
import pandas as pd
from folium.plugins import MarkerCluster
from folium.template import Template

from gazetteer import Gazetteer

from .basemap import add_outlines, add_place_labels, add_tiles, map_labels
from .heatmap import heat_layer
from .map_elements import LiteralMacroElement, script_json

__all__ = ["build_map", "base_map", "place_layer", "summary_layer", "clicked_place", "web_link", "count_places", "place_summary", "PLACE_COLUMNS", "popup_html", "PlaceLayer",
           "tiles_setting", "MAX_POPUP_ROWS", "DEFAULT_CENTER", "TYPE_COLOURS", "MENTION_LABEL",
           "CLUSTER_MIN_PLACES", "CLUSTER_UNTIL_ZOOM", "AREA_PRECISION", "framing_rows", "MapView", "FITTED_START"]

#: Rows listed in one popup; the rest are counted.
MAX_POPUP_ROWS = 6
#: Where an empty map looks (eastern Syria).
DEFAULT_CENTER = (35.0, 40.0)
#: Marker colour per ACLED event type; places only mentioned are grey.
MENTION_LABEL = "Mentioned only"
TYPE_COLOURS = {"Battles": "#d62728", "Explosions/Remote violence": "#ff7f0e",
                "Violence against civilians": "#8c564b", "Strategic developments": "#1f77b4",
                "Protests": "#2ca02c", "Riots": "#9467bd", MENTION_LABEL: "#7f7f7f"}
#: ACLED's geo_precision of rows placed at a country, province or region, not a town: their
#: circles are hollow and dashed (a country's centre is not a town), and they never stretch
#: the map's view.
AREA_PRECISION = 3
#: Added to an area's tooltip, after its name and count.
AREA_TOOLTIP = " · country or region level: its centre, not a town"
#: More places than this are clustered at low zoom.
CLUSTER_MIN_PLACES = 200
CLUSTER_UNTIL_ZOOM = 9
MAX_ZOOM = 18
MIN_ZOOM = 2
_NOTE_CHARS = 240
_MAX_RADIUS_PX = 28
#: Popup text budget for the whole map, and the size of one popup row, in bytes.
POPUP_BUDGET_BYTES = 2_500_000
_ITEM_BYTES = 500

#: Rows with the same values here share one marker.
PLACE_COLUMNS = ("location", "latitude", "longitude")


def count_places(rows: pd.DataFrame) -> int:
    """How many markers :func:`build_map` draws for ``rows``."""
    return rows.dropna(subset=["latitude", "longitude"]).groupby(list(PLACE_COLUMNS)).ngroups


def tiles_setting() -> str | None:
    """The basemap from ``GEO_EVENTS_TILES``: a folium tile name, or ``none`` for no basemap.

    OpenStreetMap tiles are the default; they need the internet, and without
    it the markers still draw on a blank background.
    """
    value = os.environ.get("GEO_EVENTS_TILES", "OpenStreetMap").strip()
    return None if value.lower() in {"", "none", "off"} else value


class _Legend(LiteralMacroElement):
    """A Leaflet control in the map's corner naming each marker colour (text escaped).

    A control made by the map's script, not HTML beside it: streamlit-folium
    redraws its frame only when the script changes, so a legend in the HTML
    kept the first run's types after an upload added one.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "(function () { var legend = L.control({position: 'bottomleft'});"
        " legend.onAdd = function () { var box = L.DomUtil.create('div', 'geo-events-legend');"
        " box.style.cssText = 'background:rgba(255,255,255,.9);padding:6px 8px;font:12px sans-serif;"
        "border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3)';"
        " box.innerHTML = {{ this.body|tojson }}; return box; };"
        " legend.addTo({{ this._parent.get_name() }}); })();"
        "{% endmacro %}"
    )

    def __init__(self, labels: list[str], *, areas: bool = False) -> None:
        super().__init__()
        self._name = "Legend"
        self.body = "".join(
            f'<div><span style="display:inline-block;width:10px;height:10px;border-radius:5px;'
            f'margin-right:5px;background:{TYPE_COLOURS[label]}"></span>{html.escape(label)}</div>'
            for label in labels)
        if areas:
            self.body += ('<div><span style="display:inline-block;width:8px;height:8px;border-radius:5px;'
                          'margin-right:5px;border:1.5px dashed #555"></span>hollow: a country or region, '
                          'not a town</div>')


def _date_text(value: object, precision: object) -> str:
    if pd.isna(value):
        return "undated"
    day = pd.Timestamp(value).date()
    if precision == 2:
        return f"{day:%b %Y} (approx.)"
    if precision == 3:
        return f"{day:%Y} (approx.)"
    return day.isoformat()


def web_link(url: object) -> str | None:
    """``url`` if it is an http(s) address, else ``None``: a "javascript:" link from an
    article table never becomes clickable."""
    link = str(url or "").strip()
    return link if link.lower().startswith(("https://", "http://")) else None


def _source_html(source: object, url: object) -> str:
    name = html.escape(str(source).rsplit("/", 1)[-1])
    link = web_link(url)
    if link:
        return f'<a href="{html.escape(link, quote=True)}" target="_blank" rel="noopener noreferrer">{name}</a>'
    return name


def popup_html(place: str, rows: pd.DataFrame, *, max_rows: int = MAX_POPUP_ROWS) -> str:
    """The popup of one place: its name, then per row the date, type, actors, casualties,
    sentence and source, all escaped; past ``max_rows`` rows the rest are counted."""
    records = rows.head(max_rows).to_dict("records")
    country = rows["country"].iloc[0] if "country" in rows and len(rows) else None
    return _popup(place, country, [_popup_item(r) for r in records], len(rows) - len(records))


def _popup(place: str, country: object, items: list[str], more: int) -> str:
    e = html.escape
    tail = f"<p>and {more} more (click the circle: the table lists them)</p>" if more > 0 else ""
    where = e(place) + (f", {e(str(country))}" if isinstance(country, str) and country != place else "")
    return f'<div class="geo-events-popup"><h4>{where}</h4><ul>{"".join(items)}</ul>{tail}</div>'


def _popup_item(row: dict) -> str:
    e = html.escape
    note = str(row.get("notes") or "")
    if len(note) > _NOTE_CHARS:
        note = note[: _NOTE_CHARS - 1] + "…"
    what = (f"{row.get('event_type')}: {row.get('sub_event_type')}"
            if row.get("kind") == "event" else "mentioned")
    actors = " vs ".join(a for a in (row.get("actor1"), row.get("actor2")) if isinstance(a, str) and a)
    counts = ", ".join(f"{n} {label}" for n, label in (
        (row.get("fatalities") or 0, "killed"), (row.get("injuries") or 0, "injured"),
        (row.get("captured") or 0, "captured")) if n)
    details = " · ".join(e(str(x)) for x in (actors, counts) if x)
    # A mention's date is its article's, as exact as the article gives it: "reported" says so.
    when = (f"reported {pd.Timestamp(row['event_date']).date().isoformat()}"
            if row.get("kind") == "mention" and pd.notna(row.get("event_date"))
            else _date_text(row.get("event_date"), row.get("time_precision")))
    edited = " <small>(edited)</small>" if row.get("edited") else ""
    return (f"<li><b>{e(when)}</b> "
            f"{e(str(what))}{' · ' + details if details else ''}{edited}<br>"
            f"<i>{e(str(row.get('matched_text') or ''))}</i> &mdash; {e(note)} "
            f"<small>({_source_html(row.get('source'), row.get('url'))})</small></li>")


def place_summary(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per place: location, latitude, longitude, ``count``, ``label`` (the most
    frequent event type there, :data:`MENTION_LABEL` where there is no event) and ``area``
    (every row there is placed at a country, province or region: :data:`AREA_PRECISION`)."""
    located = rows.dropna(subset=["latitude", "longitude"])
    keys = list(PLACE_COLUMNS)
    if located.empty:
        return pd.DataFrame(columns=[*keys, "count", "label", "area"])
    summary = located.groupby(keys, sort=False).size().rename("count").reset_index()
    events = located[(located["kind"] == "event") & located["event_type"].isin(list(TYPE_COLOURS))]
    if len(events):
        by_type = events.groupby([*keys, "event_type"], sort=False).size().rename("n").reset_index()
        top = by_type.sort_values(["n", "event_type"], ascending=[False, True]).drop_duplicates(keys)
        summary = summary.merge(top[[*keys, "event_type"]], on=keys, how="left")
    else:
        summary["event_type"] = None
    summary["label"] = summary.pop("event_type").fillna(MENTION_LABEL)
    if "geo_precision" in located:  # an area: every row there placed at a country or region
        finest = located.groupby(keys, sort=False)["geo_precision"].min().rename("finest").reset_index()
        summary = summary.merge(finest, on=keys, how="left")
        summary["area"] = summary.pop("finest") >= AREA_PRECISION
    else:
        summary["area"] = False
    return summary


class PlaceLayer(LiteralMacroElement):
    """Every place as one GeoJSON layer of circle markers, popups and tooltips bound in the
    browser: one small JSON feature per place instead of a script object each (a 50,000-event
    map stays a few MB). Popup HTML is escaped before it gets here and travels as JSON."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = L.geoJSON({{ this.data_json }}, {"
        "pointToLayer: function (f, ll) { var p = f.properties; return L.circleMarker(ll, "
        "{radius: p.r, color: p.c, fillColor: p.c, fill: true, fillOpacity: p.a ? 0.04 : 0.6,"
        " weight: p.a ? 2.5 : 2, dashArray: p.a ? '5 4' : null, className: p.a ? 'geo-area' : 'geo-town'}); },"
        "onEachFeature: function (f, layer) { layer.bindPopup(f.properties.p, {maxWidth: 420});"
        " layer.bindTooltip(f.properties.t); }});"
        "{{ this._parent.get_name() }}.addLayer({{ this.get_name() }});"
        "{% endmacro %}"
    )

    def __init__(self, features: list[dict]) -> None:
        super().__init__()
        self._name = "PlaceLayer"
        self.data = {"type": "FeatureCollection", "features": features}
        self.data_json = script_json(self.data)  # once: the page and streamlit-folium both render it


def framing_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The located rows a view frames: those placed at a town or near one (geo_precision 1-2),
    so a country's or a province's centre never stretches it; all located rows when none is.

        >>> rows = pd.DataFrame({"latitude": [36.3, 34.8, 39.0], "longitude": [43.1, 38.9, -98.0],
        ...                      "geo_precision": [1, 3, 3]})
        >>> framing_rows(rows)["latitude"].tolist()  # Mosul, not Syria's and the US's centres
        [36.3]
    """
    located = rows.dropna(subset=["latitude", "longitude"])
    if "geo_precision" not in located:
        return located
    towns = located[located["geo_precision"] < AREA_PRECISION]
    return towns if len(towns) else located


@dataclass(frozen=True, slots=True)
class MapView:
    """A map's centre and zoom, as a shared link carries them."""

    latitude: float
    longitude: float
    zoom: int


#: Where a fitted map starts before Leaflet fits it: st_folium reports this view until the map
#: is moved, which says nothing of what the analyst sees.
FITTED_START = MapView(DEFAULT_CENTER[0], DEFAULT_CENTER[1], 5)


def base_map(rows: pd.DataFrame, *, tiles: str | None = "OpenStreetMap", outlines: bool = True,
             labels: bool = True, gazetteer: Gazetteer | None = None,
             legend_rows: pd.DataFrame | None = None, view: MapView | None = None) -> folium.Map:
    """The map without its events: basemap, country outlines and, with ``labels``, the names
    of capitals and towns (the offline basemap, under the tiles: :mod:`.basemap`; the names
    from ``gazetteer``, default the built index, the smaller towns only around the events'
    area), a legend of every marker colour of ``legend_rows`` (default ``rows``), the view
    at ``view`` or else fitted to ``rows`` (:func:`framing_rows`).

    The dashboard keeps this map while filters change and swaps only the
    :func:`place_layer` on it, so the analyst's zoom and centre stay put.
    """
    located = rows.dropna(subset=["latitude", "longitude"])
    # maxZoom on the map itself: Leaflet.markercluster needs it, and with no basemap
    # no tile layer sets it.
    start = view or FITTED_START
    fmap = folium.Map(location=(start.latitude, start.longitude), zoom_start=start.zoom, tiles=None, control_scale=True,
                      maxZoom=MAX_ZOOM, minZoom=MIN_ZOOM)
    if tiles:
        add_tiles(fmap, tiles)
    if outlines:
        add_outlines(fmap)
    framed = framing_rows(located)
    if labels:
        add_place_labels(fmap, map_labels(gazetteer, around=_label_area(framed, view)))
    # No focus box around a clicked circle (the popup shows which one it is). The scale's
    # text at Leaflet's own small size: larger, it ran past its bar's end tick.
    fmap.get_root().header.add_child(folium.Element(
        "<style>path.leaflet-interactive:focus { outline: none; }"
        " .leaflet-control-scale-line { font: 11px/1.3 sans-serif; padding: 0 3px; white-space: nowrap; }"
        "</style>"))
    summary = place_summary(located if legend_rows is None else legend_rows)
    if len(summary):
        names = [label for label in TYPE_COLOURS if label in set(summary["label"])]
        fmap.add_child(_Legend(names, areas=bool(summary["area"].any())))
    if view is None and len(framed):
        south, north = framed["latitude"].min(), framed["latitude"].max()
        west, east = framed["longitude"].min(), framed["longitude"].max()
        fmap.fit_bounds([(south, west), (north, east)], padding=(30, 30), max_zoom=9)
    return fmap


def _label_area(framed: pd.DataFrame, view: MapView | None) -> tuple[float, float, float, float]:
    """``(south, west, north, east)``: the framed rows and the view's centre (a linked view,
    else where an empty map looks), whose smaller towns the map names."""
    start = view or (FITTED_START if framed.empty else None)
    lats = [*framed["latitude"], *([start.latitude] if start else [])]
    lons = [*framed["longitude"], *([start.longitude] if start else [])]
    return (float(min(lats)), float(min(lons)), float(max(lats)), float(max(lons)))


def place_layer(rows: pd.DataFrame, *, heat: bool = False) -> folium.FeatureGroup:
    """Every place of ``rows`` (the event table) as one layer group: circle markers (clustered
    past :data:`CLUSTER_MIN_PLACES`) and, with ``heat``, the density image."""
    located = rows.dropna(subset=["latitude", "longitude"])
    summary = place_summary(located)
    # Popups list fewer rows when there are many places, so the page stays a few MB;
    # the table under the map lists every row of a clicked place.
    per_popup = max(1, min(MAX_POPUP_ROWS, POPUP_BUDGET_BYTES // (_ITEM_BYTES * max(1, len(summary)))))
    keys = list(PLACE_COLUMNS)
    ordered = located.sort_values([*keys, "event_date"], na_position="last", kind="stable")
    listed = ordered[ordered.groupby(keys, sort=False).cumcount() < per_popup]
    items: dict[tuple, list[str]] = {}
    countries: dict[tuple, object] = {}
    for record in listed.to_dict("records"):
        key = (record["location"], record["latitude"], record["longitude"])
        items.setdefault(key, []).append(_popup_item(record))
        countries.setdefault(key, record.get("country"))

    def popup(place) -> str:
        key = (place.location, place.latitude, place.longitude)
        return _popup(str(place.location), countries.get(key), items[key], place.count - len(items[key]))

    return _layer(summary, popup, heat_points=located if heat else None)


def summary_layer(summary: pd.DataFrame, *, heat: bool = False) -> folium.FeatureGroup:
    """Places already counted (:func:`place_summary`'s columns, from a store asked in SQL) as the
    same circles; each popup names the place and what happened there most, and the table lists
    a clicked place's rows. With ``heat``, the density of the places weighted by their counts."""
    def popup(place) -> str:
        what = "mentions only" if place.label == MENTION_LABEL else f"most often: {place.label}"
        return _popup(str(place.location), None,
                      [f"<li>{place.count:,} events and mentions · {html.escape(what)} · "
                       "click the circle: the table lists them</li>"], 0)

    return _layer(summary, popup, heat_points=summary if heat else None)


def _layer(summary: pd.DataFrame, popup, *, heat_points: pd.DataFrame | None) -> folium.FeatureGroup:
    """The events layer group: the heat image of ``heat_points`` (a ``count`` column weighs
    them), then a circle per place of ``summary`` with ``popup(place)``'s HTML."""
    group = folium.FeatureGroup(name="Events", control=False)
    if heat_points is not None:
        layer = heat_layer(heat_points)
        if layer is not None:
            layer.add_to(group)
    target = group
    if len(summary) > CLUSTER_MIN_PLACES:
        target = MarkerCluster(options={"disableClusteringAtZoom": CLUSTER_UNTIL_ZOOM,
                                        "chunkedLoading": True}).add_to(group)
    features = []
    for place in summary.itertuples(index=False):
        features.append({"type": "Feature",
                         "geometry": {"type": "Point", "coordinates": [place.longitude, place.latitude]},
                         "properties": {"r": round(min(_MAX_RADIUS_PX, 5 + 3 * math.sqrt(place.count)), 1),
                                        "c": TYPE_COLOURS[place.label],
                                        "t": html.escape(f"{place.location} ({place.count})")
                                        + (AREA_TOOLTIP if place.area else ""),
                                        "a": 1 if place.area else 0,
                                        "p": popup(place)}})
    target.add_child(PlaceLayer(features))
    return group


def build_map(rows: pd.DataFrame, *, tiles: str | None = "OpenStreetMap", heat: bool = False,
              outlines: bool = True, labels: bool = True, gazetteer: Gazetteer | None = None) -> folium.Map:
    """:func:`base_map` of ``rows`` with their :func:`place_layer` on it: the whole map in one
    object (exports, the standalone HTML, tests). Rows without coordinates are skipped
    here and stay in the table."""
    fmap = base_map(rows, tiles=tiles, outlines=outlines, labels=labels, gazetteer=gazetteer)
    place_layer(rows, heat=heat).add_to(fmap)
    return fmap


def clicked_place(rows: pd.DataFrame, point: dict | None, tooltip: str | None) -> pd.DataFrame | None:
    """The rows of the place whose marker was clicked, or ``None`` (a click off the markers).

    Leaflet reports where the pointer was, not the marker's centre, and the
    marker's tooltip ("Mosul (12)"): the place is the one the tooltip names,
    nearest the click if several share the name.
    """
    if not point or not tooltip or rows.empty:
        return None
    name = html.unescape(str(tooltip).strip()).rsplit(" (", 1)[0]
    named = rows[rows["location"] == name]
    if named.empty:
        return None
    distance = (named["latitude"] - point.get("lat", 0.0)) ** 2 + (named["longitude"] - point.get("lng", 0.0)) ** 2
    nearest = named.loc[distance.idxmin(), ["latitude", "longitude"]]
    return named[(named["latitude"] == nearest["latitude"]) & (named["longitude"] == nearest["longitude"])]
