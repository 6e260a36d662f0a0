"""Demonyms ("Syrian", "Iranian", "Sri Lankan") and the country each points to.

    >>> from gazetteer.demonyms import demonym_countries
    >>> demonym_countries()["Syrian"], demonym_countries()["Saudi"]
    ('SY', 'SA')

Demonyms are adjectives, not place names: they never enter the name index,
and a caller uses them as a weaker cue than a name ("Iranian-linked militias"
says Iran is involved, not that anything happened there). The map comes from
``countryinfo`` (see :func:`gazetteer.sources.countries.country_demonyms`) plus
``data/demonyms.csv``, written for this project, for common forms that
package lacks ("Saudi", "Philippine", "South Korean").
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

from .errors import GazetteerDataError
from .sources.countries import country_demonyms

__all__ = ["demonym_countries", "demonym_country", "DEMONYMS_CSV"]

DEMONYMS_CSV = Path(__file__).parent / "data" / "demonyms.csv"


@functools.cache
def demonym_countries() -> dict[str, str]:
    """Map each demonym, as written (capitalised), to an ISO 3166 alpha-2 code."""
    found = country_demonyms()
    for line, row in _rows(DEMONYMS_CSV):
        demonym, code = (row.get("demonym") or "").strip(), (row.get("country") or "").strip()
        if not demonym or len(code) != 2 or not code.isupper():
            raise GazetteerDataError(f"{DEMONYMS_CSV}, line {line}: need a demonym and a "
                                     f"two-letter country code, got {demonym!r}, {code!r}")
        found[demonym] = code
    return found


def demonym_country(name: str) -> str | None:
    """The country code ``name`` points to as a demonym, singular or plural; else ``None``.

        >>> demonym_country("Iraqis"), demonym_country("Sri Lankan"), demonym_country("Raqqa")
        ('IQ', 'LK', None)
    """
    table = demonym_countries()
    code = table.get(name)
    if code is None and name.endswith("s"):  # "Americans", "Palestinians"
        code = table.get(name[:-1])
    return code


def _rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return [(number, row) for number, row in enumerate(csv.DictReader(handle), start=2)]
    except OSError as err:
        raise GazetteerDataError(f"cannot read {path}: {err}") from err
