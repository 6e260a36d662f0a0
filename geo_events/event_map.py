"""Draw the event table on a folium map: one circle per place, coloured by event type.

    >>> from geo_events.join import event_rows
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

import folium
import pandas as pd
from branca.element import MacroElement
from folium.plugins import MarkerCluster
from folium.template import Template

__all__ = ["build_map", "count_places", "place_summary", "PLACE_COLUMNS", "popup_html", "EscapedPopup",
           "tiles_setting", "MAX_POPUP_ROWS", "DEFAULT_CENTER", "TYPE_COLOURS", "MENTION_LABEL",
           "CLUSTER_MIN_PLACES", "CLUSTER_UNTIL_ZOOM"]

#: Rows listed in one popup; the rest are counted.
MAX_POPUP_ROWS = 6
#: Where an empty map looks (eastern Syria).
DEFAULT_CENTER = (35.0, 40.0)
#: Marker colour per ACLED event type; places only mentioned are grey.
MENTION_LABEL = "Mentioned only"
TYPE_COLOURS = {"Battles": "#d62728", "Explosions/Remote violence": "#ff7f0e",
                "Violence against civilians": "#8c564b", "Strategic developments": "#1f77b4",
                "Protests": "#2ca02c", "Riots": "#9467bd", MENTION_LABEL: "#7f7f7f"}
#: More places than this are clustered at low zoom.
CLUSTER_MIN_PLACES = 200
CLUSTER_UNTIL_ZOOM = 9
_NOTE_CHARS = 240
_MAX_RADIUS_PX = 28

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


class _Legend(MacroElement):
    """A fixed box in the map's corner naming each marker colour (text escaped)."""

    _template = Template(
        "{% macro html(this, kwargs) %}"
        '<div class="geo-events-legend" style="position:absolute;top:10px;right:10px;z-index:1000;'
        'background:rgba(255,255,255,.9);padding:6px 8px;font:12px sans-serif;border-radius:4px;'
        'box-shadow:0 1px 4px rgba(0,0,0,.3)">{{ this.body }}</div>'
        "{% endmacro %}"
    )

    def __init__(self, labels: list[str]) -> None:
        super().__init__()
        self._name = "Legend"
        self.body = "".join(
            f'<div><span style="display:inline-block;width:10px;height:10px;border-radius:5px;'
            f'margin-right:5px;background:{TYPE_COLOURS[label]}"></span>{html.escape(label)}</div>'
            for label in labels)


def _date_text(value: object, precision: object) -> str:
    if pd.isna(value):
        return "undated"
    day = pd.Timestamp(value).date()
    if precision == 2:
        return f"{day:%b %Y} (approx.)"
    if precision == 3:
        return f"{day:%Y} (approx.)"
    return day.isoformat()


def _source_html(source: object, url: object) -> str:
    name = html.escape(str(source).rsplit("/", 1)[-1])
    link = str(url or "")
    if link.startswith(("https://", "http://")):
        return f'<a href="{html.escape(link, quote=True)}" target="_blank" rel="noopener noreferrer">{name}</a>'
    return name


def popup_html(place: str, rows: pd.DataFrame) -> str:
    """The popup of one place: its name, then per row the date, type, actors, casualties,
    sentence and source, all escaped."""
    e = html.escape
    items = []
    for row in rows.head(MAX_POPUP_ROWS).to_dict("records"):
        note = str(row.get("notes") or "")
        if len(note) > _NOTE_CHARS:
            note = note[: _NOTE_CHARS - 1] + "…"
        what = (f"{row.get('event_type')}: {row.get('sub_event_type')}"
                if row.get("kind") == "event" else "mentioned")
        actors = " vs ".join(a for a in (row.get("actor1"), row.get("actor2")) if a)
        counts = ", ".join(f"{n} {label}" for n, label in (
            (row.get("fatalities") or 0, "killed"), (row.get("injuries") or 0, "injured"),
            (row.get("captured") or 0, "captured")) if n)
        details = " · ".join(e(str(x)) for x in (actors, counts) if x)
        items.append(
            f"<li><b>{e(_date_text(row.get('event_date'), row.get('time_precision')))}</b> "
            f"{e(str(what))}{' · ' + details if details else ''}<br>"
            f"<i>{e(str(row.get('matched_text') or ''))}</i> &mdash; {e(note)} "
            f"<small>({_source_html(row.get('source'), row.get('url'))})</small></li>")
    more = len(rows) - MAX_POPUP_ROWS
    tail = f"<p>and {more} more</p>" if more > 0 else ""
    country = rows["country"].iloc[0] if "country" in rows and len(rows) else None
    where = e(place) + (f", {e(str(country))}" if isinstance(country, str) and country != place else "")
    return (f'<div class="geo-events-popup"><h4>{where}</h4>'
            f'<ul>{"".join(items)}</ul>{tail}</div>')


def place_summary(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per place: location, latitude, longitude, ``count`` and ``label`` (the most
    frequent event type there, :data:`MENTION_LABEL` where there is no event)."""
    located = rows.dropna(subset=["latitude", "longitude"])
    if located.empty:
        return pd.DataFrame(columns=[*PLACE_COLUMNS, "count", "label"])
    events = located[located["kind"] == "event"]
    label = (events.groupby(list(PLACE_COLUMNS))["event_type"].agg(lambda s: s.mode().iloc[0])
             if len(events) else pd.Series(dtype=object))
    summary = located.groupby(list(PLACE_COLUMNS)).size().rename("count").reset_index()
    summary["label"] = [label.get(tuple(key), MENTION_LABEL)
                        for key in summary[list(PLACE_COLUMNS)].itertuples(index=False)]
    summary["label"] = summary["label"].where(summary["label"].isin(TYPE_COLOURS), MENTION_LABEL)
    return summary


def build_map(rows: pd.DataFrame, *, tiles: str | None = "OpenStreetMap") -> folium.Map:
    """A map with one marker per distinct resolved place in ``rows`` (the event table).

    ``tiles=None`` draws no basemap (markers still show); rows without
    coordinates are skipped here and stay in the table.
    """
    located = rows.dropna(subset=["latitude", "longitude"])
    fmap = folium.Map(location=DEFAULT_CENTER, zoom_start=5, tiles=tiles, control_scale=True)
    summary = place_summary(located)
    target = fmap
    if len(summary) > CLUSTER_MIN_PLACES:
        target = MarkerCluster(options={"disableClusteringAtZoom": CLUSTER_UNTIL_ZOOM,
                                        "chunkedLoading": True}).add_to(fmap)
    ordered = located.sort_values("event_date", na_position="last")
    groups = dict(iter(ordered.groupby(list(PLACE_COLUMNS), sort=False)))
    for place in summary.itertuples(index=False):
        key = (place.location, place.latitude, place.longitude)
        folium.CircleMarker(
            location=(place.latitude, place.longitude),
            radius=min(_MAX_RADIUS_PX, 5 + 3 * math.sqrt(place.count)),
            color=TYPE_COLOURS[place.label], fill=True, fill_opacity=0.6, weight=2,
            tooltip=html.escape(f"{place.location} ({place.count})"),
        ).add_child(EscapedPopup(popup_html(str(place.location), groups[key]))).add_to(target)
    # No focus box around a clicked circle (the popup shows which one it is).
    fmap.get_root().header.add_child(folium.Element(
        "<style>path.leaflet-interactive:focus { outline: none; }</style>"))
    if len(summary):
        labels = [label for label in TYPE_COLOURS if label in set(summary["label"])]
        fmap.add_child(_Legend(labels))
        south, north = located["latitude"].min(), located["latitude"].max()
        west, east = located["longitude"].min(), located["longitude"].max()
        fmap.fit_bounds([(south, west), (north, east)], padding=(30, 30), max_zoom=9)
    return fmap
