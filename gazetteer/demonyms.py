"""Demonyms ("Syrian", "Sri Lankan", "Central American") and the country or region each points to.

    >>> from gazetteer.demonyms import demonym_countries, demonym_region
    >>> demonym_countries()["Syrian"], demonym_countries()["Saudi"], demonym_region("Europeans")
    ('SY', 'SA', 'Europe')

Demonyms are adjectives, not place names: they never enter the name index,
and a caller uses them as a weaker cue than a name ("Iranian-linked militias"
says Iran is involved, not that anything happened there). The country map
comes from ``countryinfo`` (see
:func:`gazetteer.sources.countries.country_demonyms`) plus ``data/demonyms.csv``,
written for this project, for common forms that package lacks ("Saudi",
"Philippine", "South Korean"). The same file maps the demonyms of continents
and regions ("European", "Latin American", "Sahelian") to the region's name
as the gazetteer records it; :func:`demonym_place` finds the place of either.
"""

from __future__ import annotations

import csv
import functools
import io
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import GazetteerDataError
from .sources.countries import country_demonyms

if TYPE_CHECKING:
    from .candidate import Candidate
    from .index import Gazetteer

__all__ = ["demonym_countries", "demonym_country", "demonym_regions", "demonym_region",
           "demonym_place", "is_demonym", "DEMONYMS_CSV", "REGION_KINDS"]

DEMONYMS_CSV = Path(__file__).parent / "data" / "demonyms.csv"
#: Kinds of gazetteer record a region's demonym may point to (continents are regions too).
REGION_KINDS = frozenset({"region"})


@functools.cache
def demonym_countries() -> dict[str, str]:
    """Map each country's demonym, as written (capitalised), to an ISO 3166 alpha-2 code."""
    found = country_demonyms()
    found.update(_file()[0])
    return found


@functools.cache
def demonym_regions() -> dict[str, str]:
    """Map each region's demonym, as written, to the region's name: ``{"European": "Europe", ...}``."""
    return dict(_file()[1])


def demonym_country(name: str) -> str | None:
    """The country code ``name`` points to as a demonym, singular or plural; else ``None``.

        >>> demonym_country("Iraqis"), demonym_country("Sri Lankan"), demonym_country("Raqqa")
        ('IQ', 'LK', None)
    """
    return _singular_or_plural(demonym_countries(), name)


def demonym_region(name: str) -> str | None:
    """The region's name ``name`` points to as a demonym, singular or plural; else ``None``.

        >>> demonym_region("Central American"), demonym_region("Scandinavians"), demonym_region("Syrian")
        ('Central America', 'Scandinavia', None)
    """
    return _singular_or_plural(demonym_regions(), name)


def is_demonym(name: str) -> bool:
    """Whether ``name`` is a country's or a region's demonym: ``is_demonym("African")`` -> True."""
    return demonym_country(name) is not None or demonym_region(name) is not None


def demonym_place(gazetteer: Gazetteer, name: str) -> Candidate | None:
    """The country or region demonym ``name`` points to, as ``gazetteer`` records it; else ``None``.

    A region is the record of kind ``region`` that the gazetteer spells as the
    region's name (the most populous, when several are).
    """
    code = demonym_country(name)
    if code is not None:
        return gazetteer.country(code)
    region = demonym_region(name)
    if region is None:
        return None
    regions = [m.candidate for m in gazetteer.matches(region)
               if m.spelled_alike and m.candidate.kind in REGION_KINDS]
    return max(regions, key=lambda c: c.population, default=None)


def _singular_or_plural(table: dict[str, str], name: str) -> str | None:
    found = table.get(name)
    if found is None and name.endswith("s"):  # "Americans", "Palestinians"
        found = table.get(name[:-1])
    return found


@functools.cache
def _file() -> tuple[dict[str, str], dict[str, str]]:
    """``data/demonyms.csv`` as (demonym -> country code, demonym -> region name)."""
    countries: dict[str, str] = {}
    regions: dict[str, str] = {}
    for line, row in _rows(DEMONYMS_CSV):
        demonym = (row.get("demonym") or "").strip()
        code = (row.get("country") or "").strip()
        region = (row.get("region") or "").strip()
        if demonym and not region and len(code) == 2 and code.isupper():
            countries[demonym] = code
        elif demonym and region and not code:
            regions[demonym] = region
        else:
            raise GazetteerDataError(f"{DEMONYMS_CSV}, line {line}: need a demonym and either a "
                                     f"two-letter country code or a region, got {demonym!r}, "
                                     f"{code!r}, {region!r}")
    return countries, regions


def _rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """The rows of a CSV file whose ``#`` lines are comments, with their line numbers."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise GazetteerDataError(f"cannot read {path}: {err}") from err
    numbered = [(number, line) for number, line in enumerate(text.splitlines(), start=1)
                if line.strip() and not line.lstrip().startswith("#")]
    if not numbered:
        return []
    reader = csv.DictReader(io.StringIO("\n".join(line for _, line in numbered)))
    return [(numbered[k + 1][0], row) for k, row in enumerate(reader)]
