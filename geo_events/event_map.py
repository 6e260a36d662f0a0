"""Draw the place table on a folium map: one circle marker per place.

    >>> from geo_events.join import place_rows
    >>> fmap = build_map(place_rows([]), tiles=None)
    >>> "leaflet" in fmap.get_root().render()
    True

Rows at the same place share a marker whose radius grows with the number of
rows; the popup lists the dates and sentences, every piece of article text
HTML-escaped (article text is untrusted).
"""

from __future__ import annotations

import html
import math
import os

import folium
import pandas as pd
from branca.element import MacroElement
from folium.template import Template

__all__ = ["build_map", "count_places", "PLACE_COLUMNS", "popup_html", "EscapedPopup", "tiles_setting", "MAX_POPUP_ROWS", "DEFAULT_CENTER"]

#: Sentences listed in one popup; the rest are counted.
MAX_POPUP_ROWS = 8
#: Where an empty map looks (eastern Syria).
DEFAULT_CENTER = (35.0, 40.0)
_KIND_COLOURS = {"city": "#d62728", "admin1": "#ff7f0e", "country": "#1f77b4",
                 "region": "#9467bd", "feature": "#2ca02c"}
_NOTE_CHARS = 300


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


class EscapedPopup(MacroElement):
    """Bind ready HTML as the parent marker's popup, with no jQuery.

    folium's own ``Popup`` builds its content with jQuery, which this app does
    not load (it serves only Leaflet, offline). ``html`` must already be
    escaped; it travels as a JSON string literal, so it cannot break out of
    the script either.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this._parent.get_name() }}.bindPopup({{ this.html|tojson }}, {{ this.options|tojson }});"
        "{% endmacro %}"
    )

    def __init__(self, html_text: str, *, max_width_px: int = 420) -> None:
        super().__init__()
        self._name = "EscapedPopup"
        self.html = html_text
        self.options = {"maxWidth": max_width_px}


def _date_text(value: object) -> str:
    return "undated" if pd.isna(value) else pd.Timestamp(value).date().isoformat()


def popup_html(place: str, rows: pd.DataFrame) -> str:
    """The popup of one place: its name, then date, source and sentence per row."""
    e = html.escape
    items = []
    for row in rows.head(MAX_POPUP_ROWS).itertuples(index=False):
        note = str(row.notes)
        if len(note) > _NOTE_CHARS:
            note = note[: _NOTE_CHARS - 1] + "…"
        items.append(
            f"<li><b>{e(_date_text(row.event_date))}</b> "
            f"<i>{e(str(row.matched_text))}</i> &mdash; {e(note)} "
            f"<small>({e(str(row.source).rsplit('/', 1)[-1])})</small></li>")
    more = len(rows) - MAX_POPUP_ROWS
    tail = f"<p>and {more} more</p>" if more > 0 else ""
    country = rows["country"].iloc[0]
    where = e(place) + (f", {e(str(country))}" if isinstance(country, str) and country != place else "")
    return (f'<div class="geo-events-popup"><h4>{where}</h4>'
            f'<ul>{"".join(items)}</ul>{tail}</div>')


def build_map(rows: pd.DataFrame, *, tiles: str | None = "OpenStreetMap") -> folium.Map:
    """A map with one marker per distinct resolved place in ``rows``.

    ``tiles=None`` draws no basemap (markers still show); rows without
    coordinates are skipped here and stay in the table.
    """
    located = rows.dropna(subset=["latitude", "longitude"])
    fmap = folium.Map(location=DEFAULT_CENTER, zoom_start=5, tiles=tiles, control_scale=True)
    groups = located.groupby(list(PLACE_COLUMNS), sort=False)
    for (place, lat, lon), group in groups:
        group = group.sort_values("event_date", na_position="last")
        kind = group["kind"].iloc[0]
        folium.CircleMarker(
            location=(lat, lon),
            radius=5 + 3 * math.sqrt(len(group)),
            color=_KIND_COLOURS.get(kind, "#333333"),
            fill=True,
            fill_opacity=0.6,
            weight=2,
            tooltip=html.escape(f"{place} ({len(group)})"),
        ).add_child(EscapedPopup(popup_html(place, group))).add_to(fmap)
    # No focus box around a clicked circle (the popup shows which one it is).
    fmap.get_root().header.add_child(folium.Element(
        "<style>path.leaflet-interactive:focus { outline: none; }</style>"))
    if len(located):
        south, north = located["latitude"].min(), located["latitude"].max()
        west, east = located["longitude"].min(), located["longitude"].max()
        fmap.fit_bounds([(south, west), (north, east)], padding=(30, 30), max_zoom=9)
    return fmap
