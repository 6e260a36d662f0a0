"""Where an event happened, as coders place it: the words around its place names.

    >>> text = "Gunmen attacked a checkpoint in Thiban town, Deir ez-Zor."
    >>> [text[s:e] for s, e in unlisted_names(text, [(0, len(text))], taken=[(45, 56)])]
    ['Thiban']

Event notes place an event in a handful of ways, each handled here:

- **a place the gazetteer lacks**, named as one by the words around it: "Thiban
  town", "the village of Kansafra", "in Kansafra, Idlib", "shelled Kansafra in
  Idlib countryside" (:func:`unlisted_names`). It is placed at the place it is
  said to be in (:func:`container_of`: "X, Y", "X in Y", "X town of Y", "X
  near Y"), at geo_precision 2 (a town or district) or 3 (a province), and keeps
  its own name as the event's ``location``, marked ``needs_review``;
- **part of a place's area**: "Idlib countryside", "the Hama front", "Deir
  ez-Zor desert", "Raqqa outskirts" (:data:`AREA_AFTER`): geo_precision 2;
- **between two places**: "in the area between Tal Tamr and Ayn Issa": the
  first, at geo_precision 2 (:func:`between_pair`); the second places nothing;
- **a country or place that qualifies an actor**: "Turkey-backed factions",
  "Iraq's army", "Military Forces of Syria" (:func:`qualifies_actor`): never
  where the event happened.

Linear in the length of the text: one pass of the name pattern per sentence,
each name reading a fixed window around it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence

from gazetteer import demonym_country
from geo_events import vocab

__all__ = ["unlisted_names", "container_of", "between_pair", "qualifies_actor", "dateline_end", "AREA_AFTER",
           "BETWEEN_BEFORE"]

_SETTLEMENT_WORDS = (r"town|village|city|hamlet|camp|neighbou?rhood|district|sub-?district|farms?|"
                     r"valley|hill|mountain|plain|locality|settlement|quarter|township|municipality|"
                     r"checkpoint|crossing|oil field|airport|airbase|air base|prison")
#: After a name: its area, not the place itself ("Idlib countryside"): geo_precision 2.
AREA_AFTER = re.compile(r"[ \t]+(?:countryside|outskirts|suburbs?|front|frontline|axis|desert|"
                        r"environs|periphery|plains?|rural areas?|badia|steppe)\b", re.IGNORECASE)
#: A run of capitalised words: "Kafr Nabl", "Tal Abyad", "Daraa al-Balad", "Khirbet al Jouz".
_NAME = re.compile(r"(?<![\w'’-])[A-Z][\w'’]*(?:-[\w'’]+)*"
                   r"(?:[ ](?:(?:al|el|ad|ar|as|az|ash|ez|an|at|ed|et|bin|ibn|abu|umm|de|du|la|le)[- ])?"
                   r"[A-Z][\w'’]*(?:-[\w'’]+)*){0,3}")
_SETTLEMENT_AFTER = re.compile(rf"[ \t]+(?:{_SETTLEMENT_WORDS})\b", re.IGNORECASE)
_SETTLEMENT_BEFORE = re.compile(rf"\b(?:{_SETTLEMENT_WORDS}|outskirts|countryside|vicinity|area|"
                                r"villages|towns)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
#: Right before a name placed by its container: a preposition of place or a verb with a place object.
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|near|from|to|towards?|outside|around|into|on|shelled|struck|"
                              r"hit|attacked|stormed|raided|entered|captured|targett?ed|bombed|besieged|"
                              r"seized|recaptured|reached)\s+(?:the\s+)?$")
#: Between a name and the place holding it: "X, Y", "X in Y", "X town in Y", "X near Y".
_CONTAINER_GAP = re.compile(rf"(?:[ \t]+(?:{_SETTLEMENT_WORDS}|area|region))?(?:,[ \t]*(?:in[ \t]+)?|[ \t]+(?:in|of|near|outside)"
                            r"[ \t]+)(?:(?:about|some|around|nearly|roughly)[ \t]+)?(?:\d+(?:\.\d+)?[ \t]*"
                            r"(?:km|kilometres|kilometers|miles)[ \t]+(?:north|south|east|west)(?:-?(?:east|west))?"
                            r"(?:ern)?[ \t]+of[ \t]+)?(?:the[ \t]+)?(?:(?:western|eastern|northern|southern|central|"
                            r"north-?eastern|north-?western|south-?eastern|south-?western|rural)[ \t]+)?",
                            re.IGNORECASE)
BETWEEN_BEFORE = re.compile(r"\bbetween\s+(?:the\s+)?(?:towns?\s+|villages?\s+|cities\s+)?(?:of\s+)?$",
                             re.IGNORECASE)
_AND_GAP = re.compile(r"(?:[ \t]+(?:town|village|city))?[ \t]+and[ \t]+(?:the[ \t]+)?", re.IGNORECASE)
#: After a place: it names who acts, not where ("Turkey-backed", "Iraq's army").
_QUALIFIER_AFTER = re.compile(
    r"(?:-(?:backed|linked|led|aligned|allied|affiliated|supported|sponsored|based|funded|trained)\b|"
    r"['’]s[ \t]+(?:army|armed forces|forces|military|troops|government|ministry|air force|navy|police|"
    r"intelligence|president|prime minister|foreign|defen[cs]e|security|regime|proxies|allies)\b)",
    re.IGNORECASE)
#: After a place, a word that makes it part of an organisation's or a group's name
#: ("the Badr Organisation", "the Bani Malik tribe"), not where anything happened.
_NAME_WORD_AFTER = re.compile(r"[ \t]+(?:Organi[sz]ation|Party|Movement|Front|Brigades?|Corps|Division|"
                              r"Militias?|Group|Council|Committee|Union|Association|Company|Bank|University|"
                              r"Embassy|Consulate|Ministry|tribes?|clans?|Province\)|Command)\b")
#: Before a place: part of an actor's name ("Military Forces of Syria", "Government of Iraq").
_QUALIFIER_BEFORE = re.compile(r"\b(?:Military Forces|Police Forces|Government|Ministry of \w+|"
                               r"Armed Forces|Embassy|Ambassador|President|Prime Minister|Army) of\s+(?:the\s+)?$",
                               re.IGNORECASE)
_WINDOW = 30
_NOT_NAMES = frozenset(w.lower() for w in (*vocab.months(), *vocab.weekdays())) | vocab.function_words()
#: Words the vocabulary marks as never a place ("Christian", "Sunni").
_NOT_PLACES = vocab.not_place_words()


def unlisted_names(text: str, sentences: Iterable[tuple[int, int]], *,
                   taken: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """``(start, end)`` of names the words around them make places: "Thiban town",
    "the village of Kansafra", "in Kansafra, Idlib", "shelled Kansafra in Idlib"
    (a place named right after them, see :func:`container_of`); none overlapping
    ``taken`` (the spans of known places and actors, in text order)."""
    found = []
    starts = [s for s, _ in taken]
    for s_start, s_end in sentences:
        for match in _NAME.finditer(text, s_start, s_end):
            start, end = match.span()
            words = match.group().split()
            while words and words[0].lower() in _NOT_NAMES:  # "The", "On"
                start += len(words.pop(0)) + 1
            if not words or words[-1].lower() in _NOT_NAMES or len(match.group()) < 3:
                continue
            if len(words) == 1 and (words[0].lower() in _NOT_PLACES or demonym_country(words[0])):
                continue  # "a largely Christian town", "a Kurdish village": a word, not a name
            k = bisect.bisect_left(starts, end)
            if k and taken[k - 1][1] > start:
                continue  # overlaps a known place or an actor
            before = text[max(s_start, start - _WINDOW):start]
            if _SETTLEMENT_AFTER.match(text, end) or _SETTLEMENT_BEFORE.search(before) or (
                    _LOCATIVE_BEFORE.search(before) and (_CONTAINER_GAP.match(text, end)
                                                         or AREA_AFTER.match(text, end))):
                found.append((start, end))
    return found


def container_of(text: str, end: int, next_start: int) -> bool:
    """Whether the place starting at ``next_start`` holds the name ending at ``end``:
    only a container's words stand between them ("Thiban town, Deir ez-Zor",
    "Kansafra in Idlib", "Hazm village in western Aleppo")."""
    gap = _CONTAINER_GAP.match(text, end)
    return gap is not None and gap.end() == next_start


def between_pair(text: str, first: tuple[int, int], second_start: int) -> bool:
    """Whether ``text[first]`` and the place at ``second_start`` are the ends of
    "between X and Y" (the event lies between them: placed at the first)."""
    if not BETWEEN_BEFORE.search(text, max(0, first[0] - _WINDOW), first[0]):
        return False
    gap = _AND_GAP.match(text, first[1])
    return gap is not None and gap.end() == second_start


def qualifies_actor(text: str, start: int, end: int) -> bool:
    """Whether the place at ``text[start:end]`` qualifies an actor ("Turkey-backed",
    "Iraq's army", "Military Forces of Syria") rather than locating anything."""
    return bool(_QUALIFIER_AFTER.match(text, end) or _NAME_WORD_AFTER.match(text, end)
                or _QUALIFIER_BEFORE.search(text, max(0, start - _WINDOW), start))


#: A dateline opening an article: "KYIV -", "TRIPOLI (Reuters) -", "KHARTOUM, Sudan —".
_DATELINE = re.compile(r"\s*[A-Z][A-Z'’. -]{1,40}?(?:,[ \t]*[A-Z][\w .]{1,30}?)?[ \t]*(?:\([^)\n]{0,30}\)[ \t]*)?"
                       r"[-–—:][ \t]")


def dateline_end(text: str) -> int:
    """Where the dateline opening ``text`` ends (0 when it has none): the place a
    report was filed from, which names no event's place when the text names others."""
    match = _DATELINE.match(text)
    return match.end() if match else 0
