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

from gazetteer.vocabulary import census_names, dictionary_words

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
    given = census_names("dist.male.first", MIN_GIVEN_PERCENT) | census_names("dist.female.first",
                                                                    MIN_GIVEN_PERCENT)
    return PersonNames(given=given, surnames=census_names("dist.all.last", MIN_SURNAME_PERCENT))


def is_common_word(word: str, *, plurals: bool = True) -> bool:
    """Whether ``word`` (or, unless ``plurals`` is false, its singular for a final -s) is an
    ordinary lowercase English word.

    Webster's Second spells names capitalised and words lowercase, so the
    case of its entries tells the two apart. A plural is only a guess ("Leeds"
    is no plural of "leed"): ``plurals=False`` asks for the word as written.
    """
    lower = word.lower()
    common, proper = dictionary_words()
    if lower in common:
        return True
    if not plurals:
        return False
    # "Villages" is a plural of a common word; "Paris" is a name, not a plural of "pari".
    return lower.endswith("s") and lower[:-1] in common and lower.capitalize() not in proper


