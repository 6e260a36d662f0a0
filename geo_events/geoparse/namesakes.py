"""What else to look up when the gazetteer lacks a name as written.

    >>> [(f.name, f.near) for f in namesake_names("Neches River")]
    [('Neches', True)]
    >>> [(f.name, f.near) for f in namesake_names("Loudon Co.")]
    [('Loudon County', False)]
    >>> [f.name for f in namesake_names("Ohioans")][0]
    'Ohio'

The offline gazetteer holds towns, divisions and regions, not rivers, parks,
townships or stations. A name it lacks is often built on a place it has:

- a feature or a part named after a town, by a head word after or before it:
  "Neches River", "Hamilton Township", "Greer Station", "Santa Clara Valley",
  "Lake Robinson", "Port of Los Angeles", "South Los Angeles". The town is
  where such a place is, or next to it (``near``: ACLED's geo_precision 2);
- an abbreviation spelled out: "Loudon Co." is Loudon County, "W. Columbia"
  West Columbia;
- the people of a state or a continent: "Ohioans", "Minnesotan", "European",
  "Dagestani", "New Yorkers" (``kinds``: only a division, region or country
  counts, never a town that happens to share the stem).

Each alternative is a :class:`Namesake`, most faithful first; the resolver
takes the first one the gazetteer knows. Every rule is about English word
formation, none about one place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from gazetteer import Kind
from geo_events import vocab

__all__ = ["Namesake", "namesake_names", "FEATURE_HEADS_AFTER", "FEATURE_HEADS_BEFORE",
           "PART_WORDS", "ABBREVIATED_WORDS", "PEOPLE_ENDINGS"]

#: Words after a name that make it a feature or a part of the place it names:
#: "Neches River", "Hamilton Township", "Santa Clara Valley".
FEATURE_HEADS_AFTER = vocab.place_types("feature_after")
#: Several-word heads after a name: "Zion National Park".
_LONG_HEADS_AFTER = re.compile(
    r"[ \t]+(?:national|state|county|regional|memorial)[ \t]+"
    r"(?:park|lakeshore|seashore|forest|monument|recreation[ \t]+area|wildlife[ \t]+refuge)$",
    re.IGNORECASE)
#: Words before a name that do the same: "Lake Robinson", "Port of Los Angeles".
FEATURE_HEADS_BEFORE = (*vocab.ordered_place_types("feature_before"),
                        *(f"{word} of" for word in vocab.ordered_place_types("feature_before_of")))
#: Words before a name that make the whole a part of that place: "South Los Angeles".
PART_WORDS = frozenset(vocab.area_words("part"))
#: Shortened words spelled out before looking up again: "Loudon Co.", "W. Columbia".
ABBREVIATED_WORDS = {f"{short}.": word for short, word in vocab.abbreviations("spelled_out").items()}
#: How a people's name is formed from its place's name, as ``(ending, place
#: ending)``: Minnesotan from Minnesota, Ohioan from Ohio, European from Europe,
#: Texan from Texas, Ontarian from Ontario, Dagestani from Dagestan, New Yorker
#: from New York. Tried in this order after a plural "s" is dropped.
PEOPLE_ENDINGS = (("an", ""), ("an", "a"), ("n", ""), ("ean", "e"), ("an", "as"),
                  ("ian", "io"), ("ian", "y"), ("i", ""), ("er", ""), ("ite", ""))
#: Kinds a people's name may stand for: a state's people are not a town's.
PEOPLE_KINDS: frozenset[Kind] = frozenset({"country", "admin1", "region"})

_HEAD_WORDS = FEATURE_HEADS_AFTER | PART_WORDS
_SPACE = re.compile(r"[ \t]+")
_MIN_BASE_CHARS = 3


@dataclass(frozen=True, slots=True)
class Namesake:
    """A name to look up instead: ``near`` when the place found is only where
    the named one is or next to it; ``kinds`` limits the kinds accepted
    (``None``: any)."""

    name: str
    near: bool = False
    kinds: frozenset[Kind] | None = None


def namesake_names(name: str) -> list[Namesake]:
    """Alternatives to look up for ``name``, most faithful first (``[]`` if none)."""
    name = _SPACE.sub(" ", name.strip())
    found: list[Namesake] = []
    spelled = _spell_out(name)
    if spelled != name:
        found.append(Namesake(spelled))
    for candidate in (spelled, name) if spelled != name else (name,):
        found.extend(Namesake(base, near=True) for base in _feature_bases(candidate)
                     if base[:1].isupper() and base.lower() not in _HEAD_WORDS)
    if not found:
        found.extend(Namesake(base, kinds=PEOPLE_KINDS) for base in _people_bases(name))
    unique: dict[str, Namesake] = {}
    for alternative in found:
        if len(alternative.name) >= _MIN_BASE_CHARS and alternative.name != name:
            unique.setdefault(alternative.name, alternative)
    return list(unique.values())


def _spell_out(name: str) -> str:
    words = name.split(" ")
    return " ".join(ABBREVIATED_WORDS.get(w.lower(), w) for w in words)


def _feature_bases(name: str) -> Iterator[str]:
    """The place inside ``name``: without its head word, or without its part word."""
    words = name.split(" ")
    long_head = _LONG_HEADS_AFTER.search(name)
    if long_head:
        yield name[:long_head.start()]
    elif len(words) >= 2 and words[-1].lower() in FEATURE_HEADS_AFTER:
        yield " ".join(words[:-1])
    lower = name.lower()
    for head in FEATURE_HEADS_BEFORE:
        if lower.startswith(head + " ") and len(name) > len(head) + 1:
            rest = name[len(head) + 1:]
            if rest[:1].isupper():
                yield rest
    if len(words) >= 2 and words[0].lower() in PART_WORDS:
        yield " ".join(words[1:])


def _people_bases(name: str) -> Iterator[str]:
    """Place names ``name`` may be the people of ("Ohioans" -> "Ohio")."""
    if not name[:1].isupper() or not name[-1:].isalpha() or name.split(" ")[-1].lower() in _HEAD_WORDS:
        return
    singular = name[:-1] if name.endswith("s") and not name.endswith("ss") else name
    for ending, place_ending in PEOPLE_ENDINGS:
        if singular.endswith(ending) and len(singular) > len(ending) + 2:
            yield singular[:len(singular) - len(ending)] + place_ending
