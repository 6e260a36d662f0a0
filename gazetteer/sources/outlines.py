"""Country outlines for the map: countryinfo's low-resolution shapes as GeoJSON.

    >>> from gazetteer.sources.outlines import country_outlines
    >>> outlines = country_outlines()
    >>> outlines["type"], "SY" in {feature["id"] for feature in outlines["features"]}
    ('FeatureCollection', True)

An offline basemap: nothing here enters the name index.
"""

from __future__ import annotations

import functools
from typing import Any

from .countries import countryinfo_by_iso

__all__ = ["country_outlines"]


@functools.cache
def country_outlines(*, decimals: int = 2) -> dict[str, Any]:
    """Every country's outline as one GeoJSON FeatureCollection (countryinfo's low-resolution
    shapes, coordinates rounded to ``decimals``): an offline basemap. ``id`` is the ISO alpha-2 code."""
    features = []
    for code, raw in sorted(countryinfo_by_iso().items()):
        for feature in (raw.get("geoJSON") or {}).get("features", []):
            geometry = feature.get("geometry") or {}
            if geometry.get("type") not in ("Polygon", "MultiPolygon"):
                continue
            features.append({"type": "Feature", "id": code, "properties": {"name": raw.get("name", code)},
                             "geometry": {"type": geometry["type"],
                                          "coordinates": _rounded(geometry["coordinates"], decimals)}})
    return {"type": "FeatureCollection", "features": features}


def _rounded(value: Any, decimals: int) -> Any:
    if isinstance(value, (int, float)):
        return round(float(value), decimals)
    return [_rounded(v, decimals) for v in value]
