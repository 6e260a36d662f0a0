"""What else to look up when the gazetteer lacks a name as written.

    >>> [(f.name, f.near) for f in namesake_names("Khabur River")]
    [('Khabur', True)]
    >>> [(f.name, f.near) for f in namesake_names("Loudon Co.")]
    [('Loudon County', False)]
    >>> [f.name for f in namesake_names("Ohioans")][0]
    'Ohio'

The offline gazetteer holds towns, divisions and regions, not rivers, parks,
townships or stations. A name it lacks is often built on a place it has:

- a feature or a part named after a town, by a head word after or before it:
  "Khabur River", "Hamilton Township", "Greer Station", "Santa Clara Valley",
  "Lake Robinson", "Port of Los Angeles", "South Los Angeles". The town is
  where such a place is, or next to it (``near``: ACLED's geo_precision 2);
- an abbreviation spelled out: "Loudon Co." is Loudon County, "W. Columbia"
  West Columbia;
- the people of a state or a continent: "Ohioans", "Minnesotan", "European",
  "Dagestani", "New Yorkers" (``kinds``: only a division, region or country
  counts, never a town that happens to share the stem);
- a building or a site in a town, by a feature word (``feature_words.csv`` in
  the gazetteer's vocabulary: an airfield or a landmark) after the town, or
  after the feature's own name with the town given by a possessive or a
  preposition: "Kabul airport", "Tabqa airbase", "Aleppo University", "University
  of Aleppo", "Toronto's Pearson airport", "Pearson airport in Toronto", "the
  airport in Kandahar", "Raqqa's National Hospital". The feature's own name
  ("Pearson airport") is tried first, as a gazetteer feature; then the town,
  whose place :meth:`Namesake.place` turns into the feature's: the town's
  airport for an airfield word (:func:`town_airfield`), else the town's point,
  typed ``"feature"``.

Each alternative is a :class:`Namesake`, most faithful first; the resolver
takes the first one the gazetteer knows. Every rule is about English word
formation, none about one place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from gazetteer import ARTICLE_TOKENS, Candidate, Kind, fold_name
from gazetteer.sources.airports import MAX_TOWN_KM, Airfield, airfields_near, feature_words
from geo_events import vocab

__all__ = ["Namesake", "namesake_names", "town_airfield", "FEATURE_HEADS_AFTER", "FEATURE_HEADS_BEFORE",
           "PART_WORDS", "ABBREVIATED_WORDS", "PEOPLE_ENDINGS", "AIRFIELD_WORDS", "LANDMARK_WORDS",
           "FEATURE_KINDS"]

#: Words after a name that make it a feature or a part of the place it names:
#: "Khabur River", "Hamilton Township", "Santa Clara Valley".
FEATURE_HEADS_AFTER = vocab.place_types("feature_after")
#: Words after a name for the land around the place ("countryside", "outskirts").
AREA_HEADS_AFTER = vocab.area_after_words()
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

#: Words naming an airfield: "Kabul airport", "Tabqa air base" is the town's airfield.
AIRFIELD_WORDS = feature_words("airfield")
#: Words naming a building or site inside a town: "Aleppo University", "Wembley Stadium".
LANDMARK_WORDS = feature_words("landmark")
#: Kinds the feature's own name ("Pearson airport" of "Toronto's Pearson airport") may have.
FEATURE_KINDS: frozenset[Kind] = frozenset({"feature"})

_HEAD_WORDS = FEATURE_HEADS_AFTER | PART_WORDS
_SPACE = re.compile(r"[ \t]+")
_MIN_BASE_CHARS = 3
#: Feature words as their words, longest first ("air base" before "base").
_FEATURE_TERMS = tuple(sorted((tuple(w.split(" ")) for w in (*AIRFIELD_WORDS, *LANDMARK_WORDS)),
                              key=len, reverse=True))
_AIRFIELD_TERMS = frozenset(AIRFIELD_WORDS)
#: Words between a town and its feature word that say what kind of feature it is: "Kabul
#: International Airport", "Mosul General Hospital".
_NAME_PARTS = frozenset(feature_words("name_part"))
#: A word that makes the name before it a person's: "Jackson Memorial Hospital".
_HONOURS = frozenset(feature_words("honour"))
#: Words in an airport's name that make it a town's main airport: "International".
_MAIN_AIRPORT_WORDS = frozenset(feature_words("main"))
#: "<town>'s <feature>": "Toronto's Pearson airport", "Raqqa's National Hospital".
_POSSESSIVE = re.compile(r"(?:the )?(?P<town>[A-Z][^'’]*?)['’]s (?P<feature>.+)")
#: "<feature> in <town>": "Pearson airport in Toronto", "the airport in Kandahar",
#: "University of Aleppo".
_LOCATED = re.compile(r"(?P<feature>.+?) (?:in|at|near|outside|of) (?:the )?(?P<town>[A-Z].*)")
_ARTICLE = re.compile(r"^(?:the|a|an) ", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Namesake:
    """A name to look up instead: ``near`` when the place found is only where
    the named one is or next to it; ``kinds`` limits the kinds accepted
    (``None``: any); ``feature``, the feature word (lower case: "airport",
    "hospital") when the named place is a building or site in the place found,
    which :meth:`place` turns into the feature's place."""

    name: str
    near: bool = False
    kinds: frozenset[Kind] | None = None
    feature: str = ""

    def place(self, town: Candidate, *, written: str) -> Candidate:
        """Where the feature ``written`` is, given the place its town resolved to.

            >>> kabul = Candidate("Kabul", 34.53, 69.17, "city", "AF", "13", population=3_043_532)
            >>> Namesake("Kabul", near=True, feature="airport").place(kabul, written="Kabul airport").name
            'Kabul International Airport'
            >>> aleppo = Candidate("Aleppo", 36.20, 37.16, "city", "SY", "09", population=1_602_264)
            >>> hall = Namesake("Aleppo", near=True, feature="university").place(aleppo, written="Aleppo University")
            >>> hall.name, hall.kind, hall.latlon, hall.population
            ('Aleppo University', 'feature', (36.2, 37.16), 0)

        For an airfield word, the town's airfield (:func:`town_airfield`), in the
        town's first-level division when in its country; otherwise, and for
        other feature words, the town's point under the written name. Not a
        feature namesake: ``town`` itself.
        """
        if not self.feature:
            return town
        if self.feature in _AIRFIELD_TERMS:
            airfield = town_airfield(town, written_town=self.name)
            if airfield is not None:
                place = airfield.place
                return replace(place, admin1=town.admin1) if place.country_code == town.country_code \
                    and not place.admin1 else place
        return replace(town, name=written, kind="feature", population=0, geonameid=None)


def town_airfield(town: Candidate, *, written_town: str = "",
                  max_km: float = MAX_TOWN_KM) -> Airfield | None:
    """The airfield "<town> airport" means: of the airfields within ``max_km`` of the town,
    the first one named after it (as written, or by its gazetteer name), then one with an
    IATA code (airlines fly there), then one whose name says it is the main one
    ("International"), then the nearest.

        >>> tabqa = Candidate("Al-Tabqa", 35.84, 38.55, "city", "SY", "04")
        >>> town_airfield(tabqa, written_town="Tabqa").place.name
        'Tabqa Airport'
    """
    near = airfields_near(town.latitude, town.longitude, max_km=max_km)
    if not near:
        return None
    names = [_folded_words(n) for n in (written_town, town.name) if n]

    def order(pair: tuple[float, Airfield]) -> tuple[bool, bool, bool, float]:
        km, airfield = pair
        words = _folded_words(airfield.place.name)
        named = any(_holds(words, n) for n in names if n)
        main = any(w in _MAIN_AIRPORT_WORDS for w in airfield.place.name.casefold().split(" "))
        return (not named, not airfield.iata, not main, km)

    return min(near, key=order)[1]


def namesake_names(name: str) -> list[Namesake]:
    """Alternatives to look up for ``name``, most faithful first (``[]`` if none)."""
    name = _SPACE.sub(" ", name.strip())
    words = name.split(" ")
    # "Deir ez-Zor countryside": the land around the place, placed at the place.
    found: list[Namesake] = [Namesake(" ".join(words[:-1]))] if (
        len(words) >= 2 and words[-1].lower() in AREA_HEADS_AFTER) else []
    found += list(_feature_namesakes(name))
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


def _feature_namesakes(name: str) -> Iterator[Namesake]:
    """The feature's own name and its town, for a building or site named by a feature word."""
    for pattern in (_POSSESSIVE, _LOCATED):
        match = pattern.fullmatch(name)
        if match is None:
            continue
        words = _ARTICLE.sub("", match["feature"], count=1).split(" ")
        split = _feature_word(words)
        if split is None:
            continue
        own, term = split
        town = match["town"]
        if [w for w in own if w.casefold() not in _NAME_PARTS]:
            yield Namesake(" ".join([*own, *words[len(own):]]), kinds=FEATURE_KINDS)  # "Pearson airport"
        yield Namesake(town, near=True, feature=term)
        return
    words = name.split(" ")
    split = _feature_word(words)
    if split is None:
        return
    own, term = split
    if any(w.casefold() in _HONOURS for w in own):
        return  # "Jackson Memorial Hospital" honours a person
    plain = list(own)
    while plain and plain[-1].casefold() in _NAME_PARTS:
        plain.pop()  # "Kabul International", "Mosul General"
    for base in dict.fromkeys((" ".join(own), " ".join(plain))):
        if base[:1].isupper():
            yield Namesake(base, near=True, feature=term)


def _feature_word(words: list[str]) -> tuple[list[str], str] | None:
    """``(the words before it, the feature word)`` when ``words`` end with a feature word
    ("Tabqa air base" -> ``(["Tabqa"], "air base")``); a feature word opening them, as in
    "University of Aleppo", leaves no words before it."""
    folded = [w.casefold() for w in words]
    for term in _FEATURE_TERMS:
        if tuple(folded[-len(term):]) == term:
            return words[:-len(term)], " ".join(term)
    return None


def _folded_words(name: str) -> list[str]:
    """The words of ``name``, each folded, without Arabic articles: "Al-Tabqa" -> ``["tabka"]``."""
    return [fold_name(w) for w in re.split(r"[\s/-]+", name) if w and w.casefold() not in ARTICLE_TOKENS]


def _holds(words: list[str], part: list[str]) -> bool:
    """Whether ``part`` stands, word after word, inside ``words``."""
    return bool(part) and any(words[k:k + len(part)] == part for k in range(len(words) - len(part) + 1))


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
