"""The points of the places an article is sure of, found by position rather than by a scan.

    >>> mosul, raqqa, damascus = (36.34, 43.13), (35.95, 39.01), (33.51, 36.29)
    >>> anchors = Anchors([mosul, raqqa, damascus])
    >>> anchors.nearest(35.5, 38.0, max_lat_degrees=10.0)  # from Hama's east
    (35.95, 39.01)
    >>> anchors.without(raqqa).nearest(35.5, 38.0, max_lat_degrees=10.0), len(anchors.without(raqqa))
    ((33.51, 36.29), 2)
    >>> anchors.any_within_km((36.2, 37.2), 300.0), anchors.any_within_km((30.0, 31.2), 300.0)  # Aleppo, Cairo
    (True, False)

The resolver ranks each of an article's names beside the points of the other
names it is sure of (:mod:`geo_events.geoparse.resolve`): a scan of all of them
for every candidate made resolving quadratic in the number of distinct names
(an article naming 4,800 different towns took 56 s). Here the points are kept
in cells of one degree of latitude and longitude, and a look-up visits only the
cells that can hold an answer, nearest first, so it costs what the points near
the candidate cost (a number the gazetteer bounds), however many the article has.

Both look-ups give exactly what a scan of the points gives (tested against one):

- :meth:`Anchors.nearest`: the point nearest by :func:`flat_key` (a flat-earth
  estimate, fine within the latitude band searched) among those within
  ``max_lat_degrees`` of latitude; of points at exactly the same estimate, the
  smaller ``(lat, lon)``;
- :meth:`Anchors.any_within_km`: whether a point lies within a great-circle
  distance (:func:`gazetteer.great_circle_km`, geopy's ``great_circle`` formula and radius).

:meth:`Anchors.without` leaves out one point (a name's own place) without
copying the rest.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Iterator, Sequence

from geopy.distance import EARTH_RADIUS

from gazetteer import LatLon, great_circle_km

__all__ = ["Anchors", "flat_key", "nearest_by_scan"]

#: Every comparison of a lower bound with a key allows this much relative rounding.
_SLACK = 1e-9
#: Degrees added around a great-circle search box (about 111 km): rounding never matters.
_BOX_MARGIN_DEGREES = 1.0


def flat_key(anchor: LatLon, lat: float, lon: float, stretch: float) -> float:
    """The squared flat-earth distance in degrees from ``(lat, lon)`` to ``anchor``:
    longitude (the short way round) counts ``stretch`` (the cosine of ``lat``) per degree."""
    return (anchor[0] - lat) ** 2 + (((anchor[1] - lon + 180.0) % 360.0 - 180.0) * stretch) ** 2


def nearest_by_scan(anchors: Iterable[LatLon], lat: float, lon: float, *,
                    max_lat_degrees: float) -> LatLon | None:
    """What :meth:`Anchors.nearest` finds, by looking at every point."""
    stretch = math.cos(math.radians(lat))
    near = [a for a in anchors if abs(a[0] - lat) <= max_lat_degrees]
    return min(near, key=lambda a: (flat_key(a, lat, lon, stretch), a)) if near else None


class _Grid:
    """Points by cell: ``rows[floor(lat)][floor(lon) % 360]``, and each row's cells in order."""

    def __init__(self, points: Iterable[LatLon]) -> None:
        self.rows: dict[int, dict[int, list[LatLon]]] = {}
        for point in points:
            self.rows.setdefault(math.floor(point[0]), {}).setdefault(
                math.floor(point[1]) % 360, []).append(point)
        self.columns = {row: sorted(cells) for row, cells in self.rows.items()}


class Anchors(Sequence[LatLon]):
    """Distinct points (``(lat, lon)``), in the order first given, minus at most one left out."""

    __slots__ = ("_points", "_grid", "_excluded", "_size", "_listed")

    def __init__(self, points: Iterable[LatLon] = ()) -> None:
        self._points = tuple(dict.fromkeys(points))
        self._grid = _Grid(self._points)
        self._excluded: LatLon | None = None
        self._size = len(self._points)
        self._listed: tuple[LatLon, ...] | None = None

    def without(self, point: LatLon | None) -> Anchors:
        """These points but ``point`` (all of them for ``None``); the cells are shared."""
        other = Anchors.__new__(Anchors)
        other._points, other._grid, other._excluded, other._listed = self._points, self._grid, point, None
        cell = self._grid.rows.get(math.floor(point[0]), {}).get(math.floor(point[1]) % 360, ()) \
            if point is not None else ()
        other._size = self._size - (point in cell)
        return other

    def __len__(self) -> int:
        return self._size

    def __contains__(self, point: object) -> bool:
        """Whether ``point`` is one of these points (exactly): a place another name is."""
        if not isinstance(point, tuple) or len(point) != 2 or point == self._excluded:
            return False
        cell = self._grid.rows.get(math.floor(point[0]), {}).get(math.floor(point[1]) % 360, ())
        return point in cell

    def __iter__(self) -> Iterator[LatLon]:
        return (p for p in self._points if p != self._excluded)

    def __getitem__(self, index):  # type: ignore[override]
        if self._listed is None:
            self._listed = tuple(self)
        return self._listed[index]

    def __repr__(self) -> str:
        return f"Anchors({list(self)!r})"

    def nearest(self, lat: float, lon: float, *, max_lat_degrees: float) -> LatLon | None:
        """The point nearest ``(lat, lon)`` by :func:`flat_key` among those at most
        ``max_lat_degrees`` of latitude away (``None`` if there is none); of points at
        the same estimate, the smaller ``(lat, lon)``.

        Rows of cells are visited outward from the point's own, and within a row the
        cells outward too; a cell is left out once its nearest corner is farther than
        the best point found (and the rest of its row, or every row further out, with it).
        """
        stretch = math.cos(math.radians(lat))
        rows, columns, excluded = self._grid.rows, self._grid.columns, self._excluded
        home_row, home_column = math.floor(lat), math.floor(lon) % 360
        low, high = math.floor(lat - max_lat_degrees), math.floor(lat + max_lat_degrees)
        best: LatLon | None = None
        best_key = limit = math.inf  # limit: best_key and the rounding allowed
        for offset in range(max(home_row - low, high - home_row) + 1):
            further = False  # whether a row this far out may still hold a nearer point
            for row in (home_row - offset, home_row + offset) if offset else (home_row,):
                row_bound = max(0.0, row - lat, lat - (row + 1)) ** 2
                if not low <= row <= high or row_bound > limit:
                    continue
                further = True
                if row not in columns:
                    continue
                cells = rows[row]
                for column in _outward(columns[row], home_column):
                    steps = min((column - home_column) % 360, (home_column - column) % 360)
                    if row_bound + (max(0, steps - 1) * stretch) ** 2 > limit:
                        break  # and every cell further along the row
                    for point in cells[column]:
                        if point == excluded or abs(point[0] - lat) > max_lat_degrees:
                            continue
                        key = flat_key(point, lat, lon, stretch)
                        if key < best_key or (key == best_key and point < best):
                            best, best_key = point, key
                            limit = best_key * (1 + _SLACK) + _SLACK
            if not further:
                break
        return best

    def any_within_km(self, point: LatLon, km: float) -> bool:
        """Whether one of the points lies within ``km`` of ``point`` (geopy's ``great_circle``)."""
        lat, lon = point
        reach = math.degrees(km / EARTH_RADIUS)
        top, bottom = lat + reach + _BOX_MARGIN_DEGREES, lat - reach - _BOX_MARGIN_DEGREES
        if max(abs(top), abs(bottom)) >= 90.0 or reach >= 90.0:
            half_width = 180  # the circle holds a pole (or half the earth): every longitude
        else:  # the widest longitude of a circle of angular radius reach around point
            spread = math.sin(math.radians(reach)) / math.cos(math.radians(max(abs(top), abs(bottom))))
            half_width = 180 if spread >= 1.0 else math.ceil(math.degrees(math.asin(spread))
                                                             + _BOX_MARGIN_DEGREES) + 1
        home_column = math.floor(lon) % 360
        for row in range(math.floor(bottom), math.floor(top) + 1):
            cells = self._grid.rows.get(row)
            if not cells:
                continue
            for column in _outward(self._grid.columns[row], home_column):
                if min((column - home_column) % 360, (home_column - column) % 360) > half_width:
                    break
                for anchor in cells[column]:
                    if anchor != self._excluded and great_circle_km(point, anchor) <= km:
                        return True
        return False


def _outward(columns: Sequence[int], home: int) -> Iterator[int]:
    """The sorted cell ``columns`` of a row (0-359) from ``home`` outward, alternately east
    and west, each once: by steps (the short way round) that never decrease on either side."""
    size = len(columns)
    east = bisect.bisect_left(columns, home)
    west = east - 1
    for _ in range(size):
        east_steps = (columns[east % size] - home) % 360
        west_steps = (home - columns[west % size]) % 360
        if east_steps <= west_steps:
            yield columns[east % size]
            east += 1
        else:
            yield columns[west % size]
            west -= 1
