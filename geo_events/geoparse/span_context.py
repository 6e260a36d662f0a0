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
from collections.abc import Sequence
from dataclasses import dataclass, field

from gazetteer import Candidate, Gazetteer
from geo_events import vocab
from geo_events.text.document import Token
from geo_events.vocab import PersonNames, is_common_word

from .resolve import MAX_CANDIDATES

__all__ = ["SpanContext", "Lookups", "PROMINENT_POPULATION", "ROAD_NUMBER", "ABBREVIATED_KINDS"]

#: A sentence-initial word is taken for a place only if it names a country,
#: region or a town at least this big, or the text also uses it mid-sentence.
PROMINENT_POPULATION = 100_000
_HOLDER_GAP = re.compile(r",[ \t]*")
#: A road number after a state's abbreviation or "County Road": "KY 80", "W.Va. 61".
ROAD_NUMBER = re.compile(r"[ \t]+\d")
#: What follows a dateline's place: "CHARLESTON, W.Va. --", "BEIRUT (AP) --".
_DATELINE_AFTER = re.compile(r"(?:,|[ \t]*\(|[ \t]+[-—–])")
#: Kinds an abbreviation may stand for.
ABBREVIATED_KINDS = frozenset({"country", "admin1", "region"})
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

    @staticmethod
    def road(context: SpanContext, i: int, j: int) -> bool:
        """Whether tokens ``i..j`` name a road by its number: a state's capitals
        ("KY 80") or a name ending in "Road", "Route" or "Highway" ("County Road 43")."""
        tokens = context.tokens
        if not ROAD_NUMBER.match(context.text, tokens[j].end):
            return False
        return (i == j and tokens[i].text.isupper()) or tokens[j].lower in _NUMBERED_ROAD_WORDS

    def abbreviates_place(self, word: str) -> bool:
        """Whether an all-capitals word is a recorded name of a country or state: US, UK, DRC."""
        return any(c.kind in ABBREVIATED_KINDS for c in self.spelled_as(word))

    def dateline(self, context: SpanContext, i: int, j: int) -> bool:
        """Whether tokens ``i..j`` are a dateline's place: "CHARLESTON, W.Va. --".

        Capitals opening a sentence, before a comma, "(" or a dash, spelled as
        a recorded place name.
        """
        return (i in context.sentence_initial and len(context.tokens[i].text) >= 3
                and bool(_DATELINE_AFTER.match(context.text, context.tokens[j].end))
                and self.recorded(context.text[context.tokens[i].start:context.tokens[j].end]))

    def followed_by_holder(self, context: SpanContext, i: int) -> bool:
        """Whether ", <country or state>" follows token ``i`` ("Palmyra, Syria")."""
        tokens, text = context.tokens, context.text
        if i + 1 >= len(tokens) or not _HOLDER_GAP.fullmatch(text, tokens[i].end, tokens[i + 1].start):
            return False
        return any(c.kind in ("country", "admin1") for c in self.spelled_as(tokens[i + 1].text))

    def spelled_as(self, name: str) -> list[Candidate]:
        """The places that record ``name`` spelled just so (not merely folding alike)."""
        return [m.candidate for m in self.gazetteer.matches(name, limit=MAX_CANDIDATES)
                if m.spelled_alike]

    def recorded(self, name: str) -> bool:
        """Whether ``name``, spelled just so, is a recorded name of some place."""
        return bool(self.spelled_as(name))

    def prominent(self, word: str) -> bool:
        """Whether ``word``, spelled just so, names a country, a region or a place (a state
        counting its towns) of :data:`PROMINENT_POPULATION` people or more."""
        return any(c.kind in ("country", "region")
                   or (c.kind != "admin2"  # "Taylor" for Taylor County
                       and c.population >= PROMINENT_POPULATION)
                   for c in self.spelled_as(word))

    def unknown_word(self, word: str) -> bool:
        """Neither an ordinary word nor a prominent place: likely a surname after a given name."""
        return not is_common_word(word) and not self.prominent(word)
