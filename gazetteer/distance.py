"""Great-circle distances between ``(lat, lon)`` points, for the loops that measure many.

    >>> round(great_circle_km((33.51, 36.29), (36.20, 37.16)))  # Damascus to Aleppo
    309
"""

from __future__ import annotations

import math

from geopy.distance import EARTH_RADIUS

from .candidate import LatLon

__all__ = ["great_circle_km"]


def great_circle_km(a: LatLon, b: LatLon) -> float:
    """The great-circle distance in km between two ``(lat, lon)`` points, by the formula
    and Earth radius of geopy's ``great_circle`` (the same float, tested against it).

        >>> round(great_circle_km((36.34, 43.13), (35.95, 39.01)))  # Mosul to Raqqa
        372

    Ranking measures a distance for every shortlisted candidate, and the airports
    source one for every airfield near a town; geopy parses two ``Point`` objects
    per call, which cost ten times the arithmetic.
    """
    lat1, lat2 = math.radians(a[0]), math.radians(b[0])
    sin_lat1, cos_lat1 = math.sin(lat1), math.cos(lat1)
    sin_lat2, cos_lat2 = math.sin(lat2), math.cos(lat2)
    delta = math.radians(b[1]) - math.radians(a[1])
    cos_delta, sin_delta = math.cos(delta), math.sin(delta)
    central = math.atan2(math.sqrt((cos_lat2 * sin_delta) ** 2
                                   + (cos_lat1 * sin_lat2 - sin_lat1 * cos_lat2 * cos_delta) ** 2),
                         sin_lat1 * sin_lat2 + cos_lat1 * cos_lat2 * cos_delta)
    return EARTH_RADIUS * central
