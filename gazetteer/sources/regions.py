"""Regions (Middle East, Levant, Kurdistan, ...) from ``data/regions.csv``, written here.

    >>> from gazetteer.sources.regions import region_records
    >>> sorted(c.name for c, _ in region_records())[:3]
    ['Amazon rainforest', 'Americas', 'Andes']

The points are approximate centres. Continents come from
:mod:`gazetteer.sources.cities` and are not repeated here.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from pathlib import Path

from ..errors import GazetteerDataError
from ..overrides import parse_place_row
from .shared import Record, unique

__all__ = ["region_records", "regions_signature", "REGIONS_CSV", "REGION_COLUMNS"]

REGIONS_CSV = Path(__file__).parent.parent / "data" / "regions.csv"
REGION_COLUMNS = ("name", "aliases", "latitude", "longitude", "country", "note")


def regions_signature() -> str:
    """``regions_signature()`` -> ``"regions=<12 hex digits>"``, a hash of the regions file."""
    try:
        digest = hashlib.sha256(REGIONS_CSV.read_bytes()).hexdigest()[:12]
    except OSError as err:
        raise GazetteerDataError(f"cannot read regions file {REGIONS_CSV}: {err}") from err
    return f"regions={digest}"


def region_records() -> Iterator[Record]:
    """Yield ``(Candidate(kind="region"), names)`` for each row of ``data/regions.csv``.

        >>> "Levant" in {c.name for c, _ in region_records()}
        True

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
    return entry.candidate, list(unique(entry.names))
