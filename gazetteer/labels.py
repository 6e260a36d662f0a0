"""Which towns an offline map names, and from which zoom: capitals, then towns by population.

    >>> from gazetteer import Gazetteer
    >>> labels = label_places(Gazetteer.open(), around=(34.0, 38.0, 37.0, 44.0))  # Syria and Iraq
    >>> baghdad = next(label for label in labels if label.name == "Baghdad")
    >>> baghdad.capital, baghdad.min_zoom
    (True, 3)

A town is named from the zoom of the first :data:`LABEL_TIERS` tier its
population reaches; a national capital from :data:`CAPITAL_MIN_ZOOM` at the
latest. Towns of :data:`WORLDWIDE_MIN_POPULATION` or more are listed wherever
they are (about 2,500 with the capitals); smaller ones only ``around`` an area
(the events'), padded by ``padding_degrees``, so the map's page stays small.

Labels come in the order the map draws them, skipping one that would overlap
one drawn: capitals, then tier by tier, and within a tier the town with more
spellings first (a prominence cue): GeoNames counts more people in "Al Mawşil
al Jadīdah", a part of Mosul with 3 spellings, than in Mosul (53), so ranked by
population alone the part would hide the city.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass

from .candidate import Candidate
from .capitals import capital_names
from .index import Gazetteer

__all__ = ["MapLabel", "LabelTier", "LABEL_TIERS", "CAPITAL_MIN_ZOOM", "WORLDWIDE_MIN_POPULATION",
           "MAX_LABELS", "Bounds", "label_places", "label_zoom"]

log = logging.getLogger(__name__)

#: ``(south, west, north, east)`` in degrees.
Bounds = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class LabelTier:
    """Towns of at least ``min_population`` people are named from ``min_zoom`` on."""

    name: str
    min_population: int
    min_zoom: int


#: Most populous first: a town takes the zoom of the first tier it reaches.
LABEL_TIERS: tuple[LabelTier, ...] = (
    LabelTier("metropolis", 1_000_000, 4),
    LabelTier("large city", 500_000, 5),
    LabelTier("city", 250_000, 6),
    LabelTier("large town", 100_000, 7),
    LabelTier("town", 50_000, 8),
    LabelTier("small town", 25_000, 9),
    LabelTier("smaller town", 10_000, 10),
    LabelTier("large village", 5_000, 11),
    LabelTier("village", 2_000, 12),
)
#: National capitals are named from this zoom, however small.
CAPITAL_MIN_ZOOM = 3
#: Towns this populous are listed wherever they are; smaller ones only around the area asked for.
WORLDWIDE_MIN_POPULATION = 250_000
#: At most this many labels (the capitals and the first tiers kept): ~30 bytes each on the page.
MAX_LABELS = 6_000


@dataclass(frozen=True, slots=True)
class MapLabel:
    """A town to name on the map: its name as the gazetteer stores it (not escaped), its point,
    population, whether it is a national capital, and the least zoom it is named at."""

    name: str
    latitude: float
    longitude: float
    population: int
    capital: bool
    min_zoom: int


def label_zoom(population: int, *, capital: bool = False) -> int | None:
    """The least zoom a town of ``population`` is named at (``None``: too small for any tier).

        >>> label_zoom(2_000_000), label_zoom(60_000), label_zoom(500), label_zoom(500, capital=True)
        (4, 8, None, 3)
    """
    zoom = next((tier.min_zoom for tier in LABEL_TIERS if population >= tier.min_population), None)
    if capital:
        return CAPITAL_MIN_ZOOM if zoom is None else min(zoom, CAPITAL_MIN_ZOOM)
    return zoom


def label_places(gazetteer: Gazetteer, *, around: Bounds | None = None, padding_degrees: float = 4.0,
                 max_labels: int = MAX_LABELS) -> list[MapLabel]:
    """The towns to name on a map, in the order to draw them: capitals, then tier by tier.

    Every national capital and every town of :data:`WORLDWIDE_MIN_POPULATION` or more;
    the smaller towns of :data:`LABEL_TIERS` within ``around`` (``(south, west, north,
    east)`` degrees, ``None``: none of them) padded by ``padding_degrees`` on each side;
    at most ``max_labels`` in all. Kept for the next call with the same arguments (the
    dashboard draws its base map again on every rerun).
    """
    area = None
    if around is not None:
        try:
            south, west, north, east = (float(v) for v in around)
        except (TypeError, ValueError) as err:
            raise TypeError(f"around must be (south, west, north, east) degrees, got {around!r} "
                            f"of type {type(around).__name__}") from err
        if not (-90.0 <= south <= north <= 90.0 and -180.0 <= west <= east <= 180.0):
            raise ValueError(f"around must be (south, west, north, east) degrees with south <= north "
                             f"and west <= east, got {around!r}")
        pad = max(0.0, float(padding_degrees))
        area = (max(-90.0, south - pad), max(-180.0, west - pad), min(90.0, north + pad), min(180.0, east + pad))
    return list(_labels(gazetteer, area, max(0, int(max_labels))))


@functools.lru_cache(maxsize=32)
def _labels(gazetteer: Gazetteer, area: Bounds | None, max_labels: int) -> tuple[MapLabel, ...]:
    capitals = _capitals(gazetteer)
    taken = {c.geonameid for c in capitals}
    towns = [c for c in _worldwide_towns(gazetteer) if c.geonameid not in taken]
    if area is not None:
        smallest = min(tier.min_population for tier in LABEL_TIERS)
        towns += [c for c in gazetteer.populous_towns(min_population=smallest, max_population=WORLDWIDE_MIN_POPULATION,
                                                      within=area, limit=max_labels) if c.geonameid not in taken]
    towns.sort(key=lambda c: (label_zoom(c.population), -c.alternate_names, -c.population))
    labels = tuple(MapLabel(c.name, c.latitude, c.longitude, c.population, capital,
                            label_zoom(c.population, capital=capital))
                   for capital, places in ((True, capitals), (False, towns)) for c in places)[:max_labels]
    log.debug("%d towns to label (%d capitals) around %s", len(labels), len(capitals), area)
    return labels


@functools.lru_cache(maxsize=4)
def _worldwide_towns(gazetteer: Gazetteer) -> tuple[Candidate, ...]:
    return tuple(gazetteer.populous_towns(min_population=WORLDWIDE_MIN_POPULATION))


@functools.lru_cache(maxsize=4)
def _capitals(gazetteer: Gazetteer) -> tuple[Candidate, ...]:
    """Each country's capital as a town of the index (of the towns of that name in the country,
    a spelled-alike one first, then the most populous), most populous first; a capital the
    index lacks is left out."""
    found = []
    for code, name in sorted(capital_names().items()):
        towns = [m for m in gazetteer.matches(name, countries=[code], limit=20) if m.candidate.kind == "city"]
        if towns:
            found.append(max(towns, key=lambda m: (m.spelled_alike, m.candidate.population)).candidate)
    return tuple(sorted(found, key=lambda c: -c.population))
