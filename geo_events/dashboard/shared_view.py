"""The map's centre and zoom in a shared link: ``?lat=36.34&lon=43.13&zoom=9``.

    >>> view_from_query({"lat": "36.34", "lon": "43.13", "zoom": "9"})
    (MapView(latitude=36.34, longitude=43.13, zoom=9), [])
    >>> view_to_query(MapView(36.341234567, 43.1, 9))
    {'lat': '36.34123', 'lon': '43.1', 'zoom': '9'}

The three travel together: a link with only some of them, or with a value
that is no number or off the map, shows the fitted view and says which
value was not used (never raises: a link is user input).

:func:`bounds_from_map` reads the box the map shows, for the "only the map's
view" filter:

    >>> bounds_from_map({"bounds": {"_southWest": {"lat": 33.1, "lng": 170.0},
    ...                              "_northEast": {"lat": 37.2, "lng": 190.5}}})
    (33.1, 170.0, 37.2, -169.5)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from .event_map import MAX_ZOOM, MIN_ZOOM, MapView
from .filters import VIEW_PARAMS, QueryNotice

__all__ = ["view_from_query", "view_to_query", "view_from_map", "bounds_from_map", "MapBounds"]

#: ``(south, west, north, east)`` in degrees; a west past the east crosses the antimeridian.
MapBounds = tuple[float, float, float, float]

#: Decimals of a shared centre: about a metre.
_DECIMALS = 5
_LIMITS = {"lat": 90.0, "lon": 180.0}


def view_from_query(query: Mapping[str, str | Sequence[str]]) -> tuple[MapView | None, list[QueryNotice]]:
    """The view a link's ``lat``, ``lon`` and ``zoom`` give, and a notice per value not used."""
    given = {key: _last(query[key]) for key in VIEW_PARAMS if key in query}
    if not given:
        return None, []
    values: dict[str, float] = {}
    notices = []
    for key, raw in given.items():
        number = _number(raw)
        if key == "zoom":
            ok = number is not None and number.is_integer() and MIN_ZOOM <= number <= MAX_ZOOM
            why = f"not a whole zoom level from {MIN_ZOOM} to {MAX_ZOOM}; the map is fitted to the events"
        else:
            ok = number is not None and abs(number) <= _LIMITS[key]
            why = f"not a number within +/-{_LIMITS[key]:g}; the map is fitted to the events"
        if ok:
            values[key] = number
        else:
            notices.append(QueryNotice(key, raw[:200], why))
    missing = [key for key in VIEW_PARAMS if key not in given]
    if missing and not notices:
        first = next(iter(given))
        notices.append(QueryNotice(first, given[first][:200], f"needs {', '.join(missing)} too; "
                                   "the map is fitted to the events"))
    if len(values) != len(VIEW_PARAMS):
        return None, notices
    return MapView(values["lat"], values["lon"], int(values["zoom"])), notices


def view_to_query(view: MapView) -> dict[str, str]:
    """``lat``, ``lon`` and ``zoom`` for a link (trailing zeros dropped)."""
    return {"lat": _short(view.latitude), "lon": _short(view.longitude), "zoom": str(view.zoom)}


def view_from_map(returned: Mapping | None) -> MapView | None:
    """The view st_folium reports (``center`` {lat, lng} and ``zoom``); ``None`` when it has none.

    Leaflet's centre longitude runs past +/-180 after panning round the
    world; it is wrapped back.
    """
    if not returned:
        return None
    centre, zoom = returned.get("center"), returned.get("zoom")
    if not isinstance(centre, Mapping) or zoom is None:
        return None
    lat, lng = _number(str(centre.get("lat"))), _number(str(centre.get("lng")))
    level = _number(str(zoom))
    if lat is None or lng is None or level is None or abs(lat) > 90:
        return None
    lng = (lng + 180.0) % 360.0 - 180.0
    return MapView(round(lat, _DECIMALS), round(lng, _DECIMALS),
                   int(min(MAX_ZOOM, max(MIN_ZOOM, round(level)))))


def bounds_from_map(returned: Mapping | None) -> MapBounds | None:
    """The box the map shows, from st_folium's ``bounds`` (``_southWest`` and ``_northEast``,
    each {lat, lng}); ``None`` when it has none or a value is no number.

    Leaflet's longitudes run past +/-180 once the map is panned round the world: a box 360
    degrees wide or more is every longitude (-180 to 180), a narrower one is wrapped back,
    its west past its east where it crosses the antimeridian. Latitudes are clipped to the
    poles.
    """
    box = (returned or {}).get("bounds")
    if not isinstance(box, Mapping):
        return None
    corners = box.get("_southWest"), box.get("_northEast")
    if not all(isinstance(corner, Mapping) for corner in corners):
        return None
    (south, west), (north, east) = ((_number(str(c.get("lat"))), _number(str(c.get("lng")))) for c in corners)
    if None in (south, west, north, east) or south > north or west > east:
        return None
    south, north = max(-90.0, south), min(90.0, north)
    if east - west >= 360.0:
        return south, -180.0, north, 180.0
    west, east = ((value + 180.0) % 360.0 - 180.0 for value in (west, east))
    if east == -180.0 and west > -180.0:  # a box ending exactly on the antimeridian
        east = 180.0
    return south, west, north, east


def _last(raw: str | Sequence[str]) -> str:
    return str(raw if isinstance(raw, str) else (list(raw) or [""])[-1]).strip()


def _number(raw: str) -> float | None:
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _short(value: float) -> str:
    return f"{round(value, _DECIMALS):.{_DECIMALS}f}".rstrip("0").rstrip(".")
