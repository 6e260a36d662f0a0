"""What the map draws under its events: tiles, country outlines and town names.

    >>> import folium
    >>> fmap = folium.Map(tiles=None)
    >>> add_outlines(fmap)
    >>> layer = add_place_labels(fmap, [MapLabel("Mosul", 36.335, 43.119, 1_683_000, False, 4)])
    >>> layer.data
    [[36.335, 43.119, 'Mosul', 4, 0]]

Offline (no tile loads) the country outlines and the names of capitals and
towns (:func:`gazetteer.labels.label_places`) are the basemap: the outlines in
a pane at z-index :data:`OUTLINE_PANE_Z`, the names just above them
(:data:`LABEL_PANE_Z`), both under Leaflet's tile pane (200), so loaded tiles,
which carry their own names, cover them; the event circles (overlay pane, 400)
stay above the names. The browser shows the names of the towns in view whose
least zoom is reached, skipping one that would overlap one already drawn, and
draws them again after each move or zoom.

Credits: the tiles' attribution (OpenStreetMap's) is shown once a tile has
loaded, never for tiles that did not; the outlines and names credit their
sources (:data:`OUTLINE_CREDIT`, :data:`LABEL_CREDIT`).
"""

from __future__ import annotations

import functools
import html
import logging
from collections.abc import Sequence
from pathlib import Path

import folium
from folium.template import Template

from gazetteer import Gazetteer, country_outlines, default_index_path, index_is_current
from gazetteer.labels import Bounds, MapLabel, label_places

from .map_elements import LiteralMacroElement, script_json

__all__ = ["add_outlines", "add_place_labels", "add_tiles", "PlaceLabels", "map_labels", "OUTLINE_CREDIT",
           "LABEL_CREDIT", "OUTLINE_PANE_Z", "LABEL_PANE_Z", "LABEL_COORDINATE_DECIMALS"]

log = logging.getLogger(__name__)

#: Leaflet's tile pane is at 200 and its overlay pane (the event circles) at 400.
OUTLINE_PANE_Z = 150
LABEL_PANE_Z = 175
#: The outlines come from the countryinfo package (its shapes from the world.geo.json project).
OUTLINE_CREDIT = 'Outlines: <a href="https://github.com/porimol/countryinfo">countryinfo</a>'
#: GeoNames data is CC BY 4.0.
LABEL_CREDIT = ('Places: <a href="https://www.geonames.org/">GeoNames</a> '
                '(<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>)')
#: 3 decimals: about 100 m, finer than a name's dot at any zoom the labels matter.
LABEL_COORDINATE_DECIMALS = 3
_OUTLINE_STYLE = {"color": "#8a8a8a", "weight": 0.8, "fillColor": "#f2efe9", "fillOpacity": 1.0}


class _Credit(LiteralMacroElement):
    """A line in the map's attribution box (HTML written here, never from data)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});"
        "{% endmacro %}"
    )

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Credit"
        self.text = text


class _CreditOnLoad(LiteralMacroElement):
    """The tile layer's attribution, added to the map's box when its first tile loads."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this.layer.get_name() }}.once('tileload', function () {"
        " {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }}); });"
        "{% endmacro %}"
    )

    def __init__(self, layer: folium.TileLayer, text: str) -> None:
        super().__init__()
        self._name = "CreditOnLoad"
        self.layer = layer
        self.text = text


def add_tiles(fmap: folium.Map, tiles: str) -> folium.TileLayer:
    """Add the tile layer ``tiles`` (a folium tile name or URL template) to ``fmap``; its
    attribution appears once one of its tiles has loaded (offline: never)."""
    layer = folium.TileLayer(tiles)
    credit = layer.options.pop("attribution", None)
    layer.add_to(fmap)
    if credit:
        fmap.add_child(_CreditOnLoad(layer, credit))
    return layer


def add_outlines(fmap: folium.Map) -> None:
    """Country outlines under the tiles: when the tile server is unreachable (offline) they
    are the basemap, so the map is never blank; when tiles load they cover them."""
    folium.map.CustomPane("outlines", z_index=OUTLINE_PANE_Z, pointer_events=False).add_to(fmap)
    fmap.add_child(_Outlines())
    fmap.add_child(_Credit(OUTLINE_CREDIT))


@functools.cache
def _outlines_json() -> str:
    """:func:`gazetteer.country_outlines` as script JSON: made once a process (a few hundred kB
    that every rerun's map draws)."""
    return script_json(country_outlines())


class _Outlines(LiteralMacroElement):
    """Every country's outline (one GeoJSON layer in the ``outlines`` pane, not interactive)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "L.geoJSON({{ this.data_json }}, {pane: \"outlines\", interactive: false, smoothFactor: 1.5,"
        " style: function () { return {{ this.style_json }}; }}).addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "Outlines"
        self.data_json = _outlines_json()
        self.style_json = script_json(_OUTLINE_STYLE)


class PlaceLabels(LiteralMacroElement):
    """Town names in their own pane, drawn in the browser for the view.

    A name shows when the zoom reaches its least zoom and its town lies in view, in the
    order given (capitals, then by tier), unless it would overlap a name already drawn:
    its text goes right of the town's dot, else left, above, below or diagonally off it,
    clear of the event circles (a town under a circle has its name beside the circle),
    the clusters of circles, the legend and the map's controls. Boxes are kept in a grid
    of 64-pixel cells, so each check is cheap; the names are drawn again after each move,
    zoom, or change of the circles. The map's container says how many are drawn
    (``data-place-labels``).

    ``data`` rows are ``[latitude, longitude, escaped name, least zoom, capital 0/1]``.
    """

    _template = Template("""
{% macro header(this, kwargs) %}
<style>
.geo-label { pointer-events: none; }
.geo-label i { position: absolute; left: -2px; top: -2px; width: 4px; height: 4px; border-radius: 50%;
  background: #555; box-shadow: 0 0 0 1px #fff; }
.geo-label span { position: absolute; white-space: nowrap;
  font: 11px/14px "Helvetica Neue", Arial, sans-serif; color: #333;
  text-shadow: -1px -1px 0 #fff, 1px -1px 0 #fff, -1px 1px 0 #fff, 1px 1px 0 #fff, 0 0 3px #fff; }
.geo-label.geo-capital i { left: -4px; top: -4px; width: 5px; height: 5px; background: #fff;
  border: 1.5px solid #222; box-shadow: 0 0 0 1px #fff; }
.geo-label.geo-capital span { font-weight: 700; font-size: 12px; color: #222; }
</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function (map) {
  var rows = {{ this.rows_json }};
  var pane = map.createPane("placeLabels");
  pane.style.zIndex = {{ this.z_index }};
  pane.style.pointerEvents = "none";
  var group = L.layerGroup().addTo(map);
  var ruler = document.createElement("canvas").getContext("2d");
  var widths = {};
  var CELL = 64, HALF = 7, GAP = 2, DOT = 6;
  function width(i) {
    if (!(i in widths)) {
      ruler.font = (rows[i][4] ? "700 12px " : "11px ") + '"Helvetica Neue", Arial, sans-serif';
      widths[i] = Math.ceil(ruler.measureText(rows[i][2].replace(/&[^;]+;/g, "x")).width);
    }
    return widths[i];
  }
  function cellsOf(box) {
    var keys = [];
    for (var cx = Math.floor(box[0] / CELL); cx <= Math.floor(box[2] / CELL); cx++)
      for (var cy = Math.floor(box[1] / CELL); cy <= Math.floor(box[3] / CELL); cy++) keys.push(cx + ":" + cy);
    return keys;
  }
  function put(grid, box) {
    cellsOf(box).forEach(function (key) { (grid[key] = grid[key] || []).push(box); });
  }
  function hits(grid, box) {  // a box in the grid, or a disc [x0, y0, x1, y1, cx, cy, r], meets the box
    return cellsOf(box).some(function (key) {
      return (grid[key] || []).some(function (o) {
        if (o.length > 4) {
          var dx = o[4] - Math.max(box[0], Math.min(o[4], box[2]));
          var dy = o[5] - Math.max(box[1], Math.min(o[5], box[3]));
          return dx * dx + dy * dy < o[6] * o[6];
        }
        return box[0] < o[2] && o[0] < box[2] && box[1] < o[3] && o[1] < box[3]; });
    });
  }
  function circles() {  // the event circles drawn now, as pixel circles
    var found = [];
    map.eachLayer(function (layer) {
      if (layer instanceof L.CircleMarker && layer.options.pane !== "placeLabels" && layer._map) {
        var c = map.latLngToContainerPoint(layer.getLatLng());
        found.push([c.x, c.y, layer.getRadius() + (layer.options.weight || 0) / 2 + GAP]);
      }
    });
    return found;
  }
  function draw() {
    pending = false;
    group.clearLayers();
    var zoom = map.getZoom(), size = map.getSize(), names = {}, discs = {}, shown = 0;
    var frame = map.getContainer().getBoundingClientRect();
    var boxes = Array.from(map.getContainer().querySelectorAll(".leaflet-control, .marker-cluster"))
      .concat(Array.from(document.querySelectorAll(".geo-events-legend")));
    boxes.forEach(function (el) {
      var r = el.getBoundingClientRect();  // no name under the legend, a cluster, the buttons or the credits
      if (r.width) put(names, [r.left - frame.left, r.top - frame.top, r.right - frame.left, r.bottom - frame.top]);
    });
    var round = circles();
    round.forEach(function (c) { put(discs, [c[0] - c[2], c[1] - c[2], c[0] + c[2], c[1] + c[2], c[0], c[1], c[2]]); });
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      if (row[3] > zoom) continue;
      var p = map.latLngToContainerPoint([row[0], row[1]]);
      if (p.x < 0 || p.y < 0 || p.x > size.x || p.y > size.y) continue;
      var right = DOT, left = DOT, up = DOT / 2, down = DOT / 2, w = width(i);
      round.forEach(function (c) {  // under a circle: the name goes beside it
        var dx = p.x - c[0], dy = p.y - c[1];
        if (dx * dx + dy * dy < c[2] * c[2]) {
          right = Math.max(right, c[0] + c[2] - p.x);
          left = Math.max(left, p.x - (c[0] - c[2]));
          up = Math.max(up, p.y - (c[1] - c[2]));
          down = Math.max(down, c[1] + c[2] - p.y);
        }
      });
      var dot = [p.x - DOT / 2, p.y - DOT / 2, p.x + DOT / 2, p.y + DOT / 2], placed = null;
      if (hits(names, dot)) continue;
      // The text's top left corner: right of the dot, left, above, below, then diagonally.
      var corners = [[right, -HALF], [-left - w, -HALF], [-w / 2, -up - 2 * HALF], [-w / 2, down],
                     [0.7 * right, -0.7 * up - 2 * HALF], [0.7 * right, 0.7 * down],
                     [-0.7 * left - w, -0.7 * up - 2 * HALF], [-0.7 * left - w, 0.7 * down]];
      for (var t = 0; t < corners.length && placed === null; t++) {
        var x = Math.round(corners[t][0]), y = Math.round(corners[t][1]);
        var text = [p.x + x, p.y + y, p.x + x + w, p.y + y + 2 * HALF];
        if (!hits(names, text) && !hits(discs, text)) placed = [text, "left:" + x + "px;top:" + y + "px"];
      }
      if (placed === null) continue;
      var box = placed[0];
      put(names, [box[0] - GAP, box[1] - GAP, box[2] + GAP, box[3] + GAP]);
      put(names, dot);
      L.marker([row[0], row[1]], {pane: "placeLabels", interactive: false, keyboard: false,
        icon: L.divIcon({className: row[4] ? "geo-label geo-capital" : "geo-label", iconSize: [0, 0],
                         html: "<i></i><span style='" + placed[1] + "'>" + row[2] + "</span>"})}).addTo(group);
      shown++;
    }
    map.getContainer().setAttribute("data-place-labels", shown);
  }
  var pending = false;
  function later(event) {  // the event circles changed: once for a whole layer of them
    if (!pending && (!event || event.layer instanceof L.CircleMarker)) { pending = true; setTimeout(draw, 50); }
  }
  map.on("moveend resize", draw);
  map.on("layeradd layerremove", later);
  map.whenReady(draw);
})({{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self, data: list[list]) -> None:
        super().__init__()
        self._name = "PlaceLabels"
        self.data = data
        self.z_index = LABEL_PANE_Z
        self.rows_json = script_json(data)


def add_place_labels(fmap: folium.Map, labels: Sequence[MapLabel]) -> PlaceLabels:
    """Draw ``labels`` (in drawing order, see :mod:`gazetteer.labels`) on ``fmap``, names
    HTML-escaped, and credit GeoNames."""
    digits = LABEL_COORDINATE_DECIMALS
    layer = PlaceLabels([[round(label.latitude, digits), round(label.longitude, digits), html.escape(label.name),
                          label.min_zoom, int(label.capital)] for label in labels])
    fmap.add_child(layer)
    fmap.add_child(_Credit(LABEL_CREDIT))
    return layer


def map_labels(gazetteer: Gazetteer | None, *, around: Bounds | None) -> list[MapLabel]:
    """:func:`~gazetteer.labels.label_places` ``around`` an area from ``gazetteer``, or from the
    index at :func:`~gazetteer.default_index_path` when ``None``; no labels (and a warning in
    the log) when that index is not built: a map is never the place to build it."""
    if gazetteer is None:
        path = default_index_path()
        if not index_is_current(path):
            log.warning("no place names on the map: the gazetteer index %s is not built", path)
            return []
        gazetteer = _opened(path)
    return label_places(gazetteer, around=around)


@functools.cache
def _opened(path: Path) -> Gazetteer:
    """One connection per index for every map drawn without a gazetteer of its own."""
    return Gazetteer.open(path)
