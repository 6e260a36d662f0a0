"""What recognition rules read about a candidate span: the text's words and runs, and the
gazetteer and word lists behind them.

    >>> from gazetteer import Gazetteer
    >>> lookups = Lookups(Gazetteer.open())
    >>> lookups.prominent("Mosul"), lookups.prominent("Hajin"), lookups.recorded("Dayr az-Zawr")
    (True, False, True)

:class:`~geo_events.geoparse.recognize.PlaceFinder` builds one
:class:`SpanContext` per text and holds one :class:`Lookups`; the named rules
of :mod:`geo_events.geoparse.rules` read both and change neither.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from gazetteer import Candidate, Gazetteer
from geo_events import vocab
from geo_events.text.document import Token
from geo_events.vocab import PersonNames, is_common_word

from .resolve import MAX_CANDIDATES

__all__ = ["SpanContext", "Lookups", "PROMINENT_POPULATION", "TOWN_POPULATION", "ROAD_NUMBER",
           "ABBREVIATED_KINDS", "DIVISION_KINDS"]

#: A sentence-initial word is taken for a place only if it names a country,
#: region or a town at least this big, or the text also uses it mid-sentence.
PROMINENT_POPULATION = 100_000
_HOLDER_GAP = re.compile(r",[ \t]*")
#: A state's name this short after a comma is an abbreviation: "Ky." counts, "Del" does not.
_SHORT_HOLDER_CHARS = 3
#: A road number after a state's abbreviation or "County Road": "KY 80", "W.Va. 61".
ROAD_NUMBER = re.compile(r"[ \t]+\d")
#: What follows a dateline's place: "CHARLESTON, W.Va. --", "BEIRUT (AP) --", "BEIRUT: ".
_DATELINE_AFTER = re.compile(r"(?:,|:|[ \t]*\(|[ \t]+[-—–])")
#: Kinds an abbreviation may stand for.
ABBREVIATED_KINDS = frozenset({"country", "admin1", "region"})
#: Kinds whose name is a place in any sentence position, whatever else it is ("Turkey", "Chad").
DIVISION_KINDS = frozenset({"country", "admin1", "region"})
#: A town of some size: a run that reads as a person's name ("Santa Barbara", "Glen Burnie")
#: is still the place if a place of this many people, or a country, state or region, bears
#: exactly that name; a given name or ordinary word after a locative phrase ("captured
#: Palmyra") is the place if it names one of this many people.
TOWN_POPULATION = 1_000
#: Compass words that, before "of", put a place near: "10 km west of", "south-east of".
_COMPASS_WORDS = frozenset((*vocab.area_words("cardinal"), *vocab.area_words("intercardinal"),
                            *(f"{a}-{b}" for a in ("north", "south") for b in ("east", "west"))))
_WORD_GAP = re.compile(r"[ \t]+")
_NOT_LETTERS = re.compile(r"[\W_]+")
_DIVISION_SUFFIXES = vocab.place_types("division_suffix")
#: Words that, ending a name before a number, make it a road: "County Road 43".
_NUMBERED_ROAD_WORDS = vocab.place_types("numbered_road")


@dataclass(slots=True)
class SpanContext:
    """What the recognition rules need to know about one text: its words, their capitalised
    runs (-1: none), and what the text says elsewhere."""

    text: str
    tokens: Sequence[Token]
    runs: list[int]
    lower_words: set[str]
    sentence_initial: set[int]
    person_names: set[str] = field(default_factory=set)
    mid_sentence: set[str] = field(default_factory=set)
    #: Per token, the first token of its capitalised run (itself outside one): a rule
    #: looks back to it in constant time, not along the run.
    run_starts: list[int] = field(default_factory=list)
    #: Per token, how many tokens right before it are area words ("North", "Northeast").
    area_streaks: list[int] = field(default_factory=list)


class Lookups:
    """The gazetteer and word lists the rules consult; one instance serves many texts."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.not_places = vocab.not_place_words()
        self.titles = vocab.titles()
        self.people = PersonNames.load()
        self.locative = vocab.locative_words()
        self.before_of = self.locative | _COMPASS_WORDS | vocab.place_types("kind_before_of")

    def after_locative(self, context: SpanContext, i: int) -> bool:
        """Whether a locative phrase stands right before token ``i``: a preposition of place or
        a verb of taking, shelling or fleeing ("in", "captured", "shelled"), a compass or
        place-type word and "of" ("10 km west of", "the town of", "the outskirts of"), or "#"
        ("#Palmyra"). Reads at most three words back."""
        tokens, text = context.tokens, context.text
        if text[tokens[i].start - 1:tokens[i].start] == "#":
            return True
        before = [t.lower for t in _words_before(context, i, 3)]
        if not before:
            return False
        if before[0] in self.locative:
            return True
        if before[0] == "the":
            before = before[1:]
        return len(before) >= 2 and before[0] == "of" and before[1] in self.before_of

    @staticmethod
    def road(context: SpanContext, i: int, j: int) -> bool:
        """Whether tokens ``i..j`` name a road by its number: a state's capitals
        ("KY 80") or a name ending in "Road", "Route" or "Highway" ("County Road 43")."""
        tokens = context.tokens
        if not ROAD_NUMBER.match(context.text, tokens[j].end):
            return False
        return (i == j and tokens[i].text.isupper()) or tokens[j].lower in _NUMBERED_ROAD_WORDS

    def abbreviates_place(self, word: str) -> bool:
        """Whether an all-capitals word abbreviates a country, state or region it is recorded for:
        the initials of its name's words ("US", "UK", "DRC", "NY"), perhaps with one letter
        more ("USA"). A word merely written in capitals ("EST" for the region Est, "SANA"
        for Sana'a) is no abbreviation."""
        return any(c.kind in ABBREVIATED_KINDS and _abbreviates(word, c.name) for c in self.spelled_as(word))

    def dateline(self, context: SpanContext, i: int, j: int) -> bool:
        """Whether tokens ``i..j`` are a dateline's place: "CHARLESTON, W.Va. --".

        Capitals opening a sentence or a line, before a comma, a colon, "(" or a
        dash, spelled as a recorded place name.
        """
        return ((i in context.sentence_initial or _line_initial(context.text, context.tokens[i].start))
                and len(context.tokens[i].text) >= 3
                and bool(_DATELINE_AFTER.match(context.text, context.tokens[j].end))
                and self.recorded(context.text[context.tokens[i].start:context.tokens[j].end]))

    def followed_by_holder(self, context: SpanContext, i: int) -> bool:
        """Whether ", <country or state>" follows token ``i`` ("Palmyra, Syria", "Buffalo,
        New York", "Paris, Ky."): the state's name is one word or two of one capitalised
        run, not a possessive ("Supari, Indonesia's minister"), and a short one is written
        in capitals or with its full stop ("Still, Del Beccaro" is no Delaware)."""
        tokens, text = context.tokens, context.text
        if i + 1 >= len(tokens) or not _HOLDER_GAP.fullmatch(text, tokens[i].end, tokens[i + 1].start):
            return False
        holders = [i + 1]
        if i + 2 < len(tokens) and context.runs[i + 2] == context.runs[i + 1] >= 0:
            holders.append(i + 2)
        for last in holders:
            end = tokens[last].end
            name, after = text[tokens[i + 1].start:end], text[end:end + 2]
            if after in ("'s", "’s") or (len(name) <= _SHORT_HOLDER_CHARS and not name.isupper()
                                         and not after.startswith(".")):
                continue
            if any(c.kind in ("country", "admin1") for c in self.spelled_as(name)):
                return True
        return False

    def spelled_as(self, name: str) -> list[Candidate]:
        """The places that record ``name`` spelled just so (not merely folding alike)."""
        return [m.candidate for m in self.gazetteer.matches(name, limit=MAX_CANDIDATES)
                if m.spelled_alike]

    def recorded(self, name: str) -> bool:
        """Whether ``name``, spelled just so, is a recorded name of some place."""
        return bool(self.spelled_as(name))

    def prominent(self, word: str, *, own_name: bool = False) -> bool:
        """Whether ``word``, spelled just so, names a country, a region or a place (a state
        counting its towns) of :data:`PROMINENT_POPULATION` people or more. ``own_name``: only
        a town whose own name begins with it counts, not one it is an alternate name of ("Dave"
        is recorded for Dawei, "Augusta" for Augsburg; "Logan" for Logan City counts)."""
        letters = _letters(word) if own_name else ""
        return any(c.kind in ("country", "region")
                   or (c.kind != "admin2"  # "Taylor" for Taylor County
                       and c.population >= PROMINENT_POPULATION
                       and (not own_name or _letters(c.name).startswith(letters)))
                   for c in self.spelled_as(word))

    def division(self, word: str) -> bool:
        """Whether ``word``, spelled just so, names a country, a state or a region ("Turkey")."""
        return any(c.kind in DIVISION_KINDS for c in self.spelled_as(word))

    def exact_place(self, name: str) -> bool:
        """Whether a country, state or region, or a place of :data:`TOWN_POPULATION`
        people or more, has ``name`` as its own name, letter for letter ("Santa Barbara",
        "St Louis"; not "Ed Sullivan", which folds like Sullivan)."""
        letters = _letters(name)
        return any(letters in _own_names(c) and _sizeable(c) for c in self.spelled_as(name))

    def named_exactly(self, name: str) -> bool:
        """Whether some place has ``name`` as its own name, letter for letter, whatever its
        size: "Kurdistan region" names the Kurdistan Region; "Tigray region" is only
        recorded for Tigray."""
        letters = _letters(name)
        return any(_letters(c.name) == letters for c in self.spelled_as(name))

    def sizeable(self, word: str) -> bool:
        """Whether ``word``, spelled just so, names a country, state or region, or a place of
        :data:`TOWN_POPULATION` people or more ("Palmyra" is recorded for Tadmur)."""
        return any(_sizeable(c) for c in self.spelled_as(word))

    def unknown_word(self, word: str) -> bool:
        """Neither an ordinary word nor a prominent place: likely a surname after a given name."""
        return not is_common_word(word) and not self.prominent(word)


def _line_initial(text: str, start: int) -> bool:
    """Whether only spaces stand between the start of the text or of a line and ``start``."""
    k = start
    while k > 0 and text[k - 1] in " \t":
        k -= 1
    return k == 0 or text[k - 1] in "\r\n"


def _sizeable(place: Candidate) -> bool:
    return place.kind in DIVISION_KINDS or place.population >= TOWN_POPULATION


def _own_names(place: Candidate) -> tuple[str, ...]:
    """The letters of ``place``'s name, and of that name without a division type at its end
    ("Prince William County" is "Prince William")."""
    words = place.name.split()
    if len(words) > 1 and words[-1].lower() in _DIVISION_SUFFIXES:
        return _letters(place.name), _letters(" ".join(words[:-1]))
    return (_letters(place.name),)


def _letters(name: str) -> str:
    """``name``'s letters and digits, case and marks left out: "San José" -> "sanjose"."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return _NOT_LETTERS.sub("", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def _abbreviates(word: str, name: str) -> bool:
    """Whether ``word`` is the initials of ``name``'s words (two or more of them, small words
    left out), perhaps with one letter more: "DRC" of "Democratic Republic of the Congo",
    "USA" of "United States"; not "AIDS" of "Andaman Islands"."""
    connectors = vocab.connector_words()
    initials = "".join(w[0] for w in name.split() if w.lower() not in connectors).upper()
    return len(initials) >= 2 and word.startswith(initials) and len(word) <= len(initials) + 1


def _words_before(context: SpanContext, i: int, count: int) -> list[Token]:
    """Up to ``count`` tokens right before token ``i``, nearest first, each apart from the
    next by spaces only (a comma or a full stop ends the phrase)."""
    tokens, text = context.tokens, context.text
    found: list[Token] = []
    k = i
    while k > 0 and len(found) < count and _WORD_GAP.fullmatch(text, tokens[k - 1].end, tokens[k].start):
        k -= 1
        found.append(tokens[k])
    return found
