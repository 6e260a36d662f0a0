"""Word lists that tell places from people and from ordinary words.

    >>> people = PersonNames.load()
    >>> people.is_given("Kristina"), people.is_given("Mosul"), people.is_surname("Jones")
    (True, False, True)
    >>> is_common_word("Health"), is_common_word("Villages"), is_common_word("Paris")
    (True, True, False)

Common words are the lowercase entries of Webster's Second International
word list (public domain, shipped by the ``english-words`` package, MIT):
"health" and "bird" are there in lowercase, "Paris" and "Nile" only
capitalised, so a town called Health is told from the word.

People's names are the US Census 1990 name frequency files, as shipped by the
``names`` package (MIT): about 5,500 given names and 88,800 surnames, each
with its share of the population. Surnames rarer than
:data:`MIN_SURNAME_PERCENT` are left out: the long tail is mostly town names
that are also somebody's surname.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

from geo_events.errors import GeoEventsError

__all__ = ["PersonNames", "is_common_word", "MIN_SURNAME_PERCENT", "MIN_GIVEN_PERCENT"]

#: Share of the population (percent) a surname needs to count as one.
MIN_SURNAME_PERCENT = 0.002
#: Share of the population (percent) a given name needs to count as one.
MIN_GIVEN_PERCENT = 0.0


@dataclass(frozen=True, slots=True)
class PersonNames:
    """Census given names and surnames, casefolded."""

    given: frozenset[str]
    surnames: frozenset[str]

    @classmethod
    def load(cls) -> PersonNames:
        """The census lists from the ``names`` package (read once per process)."""
        return _load()

    def is_given(self, word: str) -> bool:
        return word.casefold() in self.given

    def is_surname(self, word: str) -> bool:
        return word.casefold() in self.surnames


@functools.cache
def _load() -> PersonNames:
    given = _census("dist.male.first", MIN_GIVEN_PERCENT) | _census("dist.female.first",
                                                                    MIN_GIVEN_PERCENT)
    return PersonNames(given=given, surnames=_census("dist.all.last", MIN_SURNAME_PERCENT))


def _census(name: str, min_percent: float) -> frozenset[str]:
    """Names at or above ``min_percent`` in one census file (``NAME freq cum rank`` lines)."""
    try:
        text = resources.files("names").joinpath(name).read_text(encoding="ascii")
    except (ModuleNotFoundError, OSError, UnicodeDecodeError) as err:
        raise GeoEventsError(f"cannot read the census name list {name!r} of the 'names' "
                             f"package (is it installed?): {err}") from err
    found = set()
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 4 and float(parts[1]) >= min_percent:
            found.add(parts[0].casefold())
    return frozenset(found)


def is_common_word(word: str, *, plurals: bool = True) -> bool:
    """Whether ``word`` (or, unless ``plurals`` is false, its singular for a final -s) is an
    ordinary lowercase English word.

    Webster's Second spells names capitalised and words lowercase, so the
    case of its entries tells the two apart. A plural is only a guess ("Leeds"
    is no plural of "leed"): ``plurals=False`` asks for the word as written.
    """
    lower = word.lower()
    common, proper = _web2()
    if lower in common:
        return True
    if not plurals:
        return False
    # "Villages" is a plural of a common word; "Paris" is a name, not a plural of "pari".
    return lower.endswith("s") and lower[:-1] in common and lower.capitalize() not in proper


@functools.cache
def _web2() -> tuple[frozenset[str], frozenset[str]]:
    """Webster's Second: its lowercase words, and its capitalised ones (names)."""
    try:
        from english_words import get_english_words_set
    except ModuleNotFoundError as err:
        raise GeoEventsError("the 'english-words' package is not installed") from err
    words = get_english_words_set(["web2"], lower=False)
    return frozenset(w for w in words if w.islower()), frozenset(w for w in words if w.istitle())
