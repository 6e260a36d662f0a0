"""One article's text, split once, that each stage annotates in turn.

    >>> doc = Document.from_text("Raids hit Raqqa's edge.\\n\\nU.S. forces left.")
    >>> [doc.text[s:e] for s, e in doc.sentences]
    ["Raids hit Raqqa's edge.", 'U.S. forces left.']
    >>> [t.text for t in doc.tokens][:4], doc.paragraph_breaks
    (['Raids', 'hit', 'Raqqa', 'edge'], (23,))

Like spaCy's ``Doc``: the text is split into sentences, paragraphs and word
tokens once, here, and the stages after add their layers to it without
splitting it again (``dataclasses.replace`` returns the document with one
more layer; every layer is a tuple in text order, with offsets into
``text``):

- ``places``: the resolved place mentions (:mod:`geo_events.geoparse`);
- ``actors``, ``dates``, ``clauses`` and ``triggers``: what the event stage
  reads before it assembles events (:mod:`geo_events.events.annotate`).

Building a document is linear in the length of the text: one pass of the
sentence splitter (:mod:`.sentences`) and one of the token pattern. Its
look-ups (:meth:`Document.sentence_at`, :meth:`Document.same_paragraph`,
:meth:`Document.dates_in`, and :func:`starting_in` for any layer) bisect a
layer: logarithmic in its length, so a stage may make one per sentence or
clause and stay linear.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple, TypeVar

from geo_events import vocab
from geo_events.models import ActorMatch, ResolvedMention, TriggerMatch

from .dates import TimeOffset, TimeRef
from .sentences import paragraph_breaks, sentence_spans

__all__ = ["Document", "Token", "Clause", "Span", "starting_in"]

#: ``(start, end)`` character offsets into a document's text.
Span = tuple[int, int]
_Item = TypeVar("_Item")

#: A word: letters, with inner apostrophes, ʿayn marks and hyphens ("al-Qaim", "Dayr az-Zawr's").
_WORD = re.compile(r"[^\W\d_]+(?:['’ʿʾ‘\-][^\W\d_]+)*")
_POSSESSIVE_ENDINGS = ("'s", "’s")
#: "al-Qaim", "as-Sukhnah": a lower-case article glued to a capitalised name.
_PREFIXED_CAPITAL = re.compile(r"^[a-z]{1,3}-[^\W\d_]")


class Token(NamedTuple):
    """A word at ``text[start:end]`` (a possessive "'s" left out); ``lower`` is its lower case.

    A named tuple, not a dataclass: a document makes one per word, and a tuple
    is made about three times faster (this is the hot path of geoparsing).
    """

    start: int
    end: int
    text: str
    lower: str
    #: Capitalised as a name is: "Mosul", "al-Qaim", "US"; not a function word ("In", "The").
    capital: bool


@dataclass(frozen=True, slots=True)
class Clause:
    """A part of a sentence that may report an event of its own: ``text[start:end]``.

    ``offset``: the clause opens with "a month after" or the like, so it happened
    that much before (or after) the clause it follows.
    """

    start: int
    end: int
    offset: TimeOffset | None = None


@dataclass(frozen=True)
class Document:
    """One article's text, its sentences, paragraph breaks and words, and the stages' layers.

    ``tokens`` are made on first use and kept (resolving given spans needs only
    the sentences); no slots, so that ``functools.cached_property`` can keep them.
    """

    text: str
    sentences: tuple[Span, ...]
    #: Where a blank line (a paragraph break) starts.
    paragraph_breaks: tuple[int, ...]
    published: date | None = None
    places: tuple[ResolvedMention, ...] = ()
    actors: tuple[ActorMatch, ...] = ()
    #: Date expressions in text order, each found within its sentence.
    dates: tuple[TimeRef, ...] = ()
    clauses: tuple[Clause, ...] = ()
    #: The event trigger of each clause (``None`` where the clause reports none).
    triggers: tuple[TriggerMatch | None, ...] = ()

    @classmethod
    def from_text(cls, text: str, *, published: date | None = None) -> Document:
        """Split ``text`` once; the layers start empty."""
        breaks = paragraph_breaks(text)
        return cls(text=text, sentences=tuple(sentence_spans(text, breaks=breaks)),
                   paragraph_breaks=tuple(breaks), published=published)

    @functools.cached_property
    def tokens(self) -> tuple[Token, ...]:
        """The words of the text, in order."""
        return tuple(_tokens(self.text))

    @functools.cached_property
    def _sentence_starts(self) -> tuple[int, ...]:
        return tuple(s for s, _ in self.sentences)

    @functools.cached_property
    def _date_starts(self) -> tuple[int, ...]:
        return tuple(d.start for d in self.dates)

    def sentence_at(self, offset: int) -> Span:
        """The sentence holding ``offset`` (the last one starting at or before it)."""
        return self.sentences[max(bisect.bisect_right(self._sentence_starts, offset) - 1, 0)]

    def same_paragraph(self, a: int, b: int) -> bool:
        """Whether no paragraph break falls strictly between offsets ``a`` and ``b``."""
        breaks = self.paragraph_breaks
        first_after = bisect.bisect_right(breaks, a)
        return first_after == len(breaks) or breaks[first_after] >= b

    def dates_in(self, start: int, end: int) -> tuple[TimeRef, ...]:
        """The ``dates`` layer's expressions starting in ``text[start:end]``."""
        return starting_in(self.dates, self._date_starts, start, end)


def starting_in(items: Sequence[_Item], starts: Sequence[int], lo: int, hi: int) -> Sequence[_Item]:
    """The ``items`` whose start lies in ``[lo, hi)``: a slice, found by bisection.

        >>> words = ["Raids", "near", "Mosul"]
        >>> starting_in(words, [0, 6, 11], 5, 12)
        ['near', 'Mosul']

    ``starts[k]`` is the start of ``items[k]``, in ascending order (a layer is
    in text order); the answer is what ``[x for x in items if lo <= start(x) < hi]``
    gives, found in time logarithmic in ``len(items)`` rather than linear (a scan per
    sentence or clause made the event stage quadratic in the article's length).
    """
    return items[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]


def _tokens(text: str) -> list[Token]:
    function_words = vocab.function_words()
    tokens = []
    for match in _WORD.finditer(text):
        word = match.group()
        if word.endswith(_POSSESSIVE_ENDINGS):
            word = word[:-2]
        lower = word.lower()
        tokens.append(Token(match.start(), match.start() + len(word), word, lower,
                            _is_capitalised(word, lower, function_words)))
    return tokens


def _is_capitalised(word: str, lower: str, function_words: frozenset[str]) -> bool:
    if lower in function_words and not (word.isupper() and len(word) > 1):
        return False  # "In", "The"; but "US" is not "us"
    return word[0].isupper() or bool(_PREFIXED_CAPITAL.match(word)
                                     and word.split("-", 1)[1][:1].isupper())
