"""Typed values passed between the stages: article -> mention -> place.

    >>> from datetime import date
    >>> a = Article(article_id="a1", source="x.txt", text="Raqqa.", published=date(2017, 6, 1))
    >>> a.is_dated
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gazetteer import Candidate

__all__ = ["source_file", "Article", "Mention", "ResolvedMention", "IngestProblem", "Event", "EVENT_FIELDS", "ActorMatch",
           "TriggerMatch"]


def source_file(source: str) -> str:
    """The file (or upload, or paste) an article's or a problem's ``source`` names.

    Sources are the file's name or path, then a row ("x.csv#7"), a part of a
    long article ("x.txt (part 2)") or a line ("x.csv, line 7"):

        >>> [source_file(s) for s in ("x.csv#7", "x.csv, line 7", "long.txt (part 2)", "pasted.txt")]
        ['x.csv', 'x.csv', 'long.txt', 'pasted.txt']
    """
    return source.split(", line ", 1)[0].split("#", 1)[0].split(" (part ", 1)[0]


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as read from a file, a row or the page.

    ``raw`` keeps the text exactly as it arrived (marker lines included).
    """

    article_id: str
    source: str
    text: str
    published: date | None = None
    title: str = ""
    raw: str = ""
    url: str = ""

    @property
    def is_dated(self) -> bool:
        return self.published is not None


@dataclass(frozen=True, slots=True)
class Mention:
    """A place name found in an article's text: ``text == article.text[start:end]``.

    ``demonym`` marks an adjective or people's name ("Syrian", "Iranians"):
    it points to a country, a weaker cue than the country's name.
    """

    start: int
    end: int
    text: str
    key: str
    sentence_start: int
    sentence_end: int
    demonym: bool = False


@dataclass(frozen=True, slots=True)
class ResolvedMention:
    """A mention with the place it was resolved to (``None`` when unresolved).

    ``near`` is true when the gazetteer lacks the name itself and ``place`` is
    the place it is named after: "Mosul Dam" at the town of Mosul, so the
    named feature lies there or nearby (ACLED's geo_precision 2).
    """

    mention: Mention
    place: Candidate | None
    confidence: float
    candidates: int
    near: bool = False

    @property
    def needs_review(self) -> bool:
        return self.place is None or self.confidence < 0.6

    @property
    def identity(self) -> tuple:
        """What makes two mentions of an article the same place (an unresolved name: its key)."""
        place = self.place
        return (("place", place.geonameid, place.name, place.latlon) if place
                else ("unresolved", self.mention.key))


@dataclass(frozen=True, slots=True)
class Event:
    """One dated, placed thing that happened, or (``kind == "mention"``) a place an
    article names with no event of its own. Field names follow ACLED's export
    where ACLED has the field, so the two merge.

    ``time_precision`` and ``geo_precision`` are ACLED's: 1 the day / the town
    itself, 2 the week or month / near the town or part of it, 3 the year or
    vaguer / a region, province or country. ``sources`` lists every source
    reporting it once duplicates are merged (``source_count`` of them).

    ``inter1`` and ``inter2`` are ACLED's actor type codes of ``actor1`` and
    ``actor2``: 1 State forces, 2 Rebel groups, 3 Political militias,
    4 Identity militias, 5 Rioters, 6 Protesters, 7 Civilians, 8 External/Other
    forces, 0 no actor (:func:`geo_events.vocab.inter_code` reads the names).
    ``interaction`` is the two codes as a two-digit number, smaller first (17:
    state forces and civilians), a lone actor's code times ten (60: protesters
    alone), 0 none (:func:`geo_events.vocab.interaction_code`).
    ``assoc_actor_1`` and ``assoc_actor_2`` name the actors acting with each
    side (ACLED separates several with "; "); ``admin2`` is the second-level
    division (district, county), ``None`` when unknown.

    ``edited`` and ``dismissed`` come from an analyst's edits
    (:meth:`geo_events.EventStore.edit`), not from the text: ``edited`` sums up
    each field changed, "event_type: Battles -> Protests (2024-05-01T09:30:00+00:00)",
    joined by "; " ("" when untouched); ``dismissed`` marks an event the analyst
    said is not an event (kept and listed, left off the map).
    """

    event_id: str
    article_id: str
    source: str
    title: str
    event_date: date | None
    time_precision: int
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    fatalities: int
    injuries: int
    captured: int
    location: str | None
    matched_text: str
    latitude: float | None
    longitude: float | None
    geo_precision: int
    country: str | None
    admin1: str | None
    geonameid: int | None
    notes: str
    confidence: float
    kind: str
    country_code: str | None = None
    needs_review: bool = False
    url: str = ""
    source_count: int = 1
    sources: str = ""
    inter1: int = 0
    inter2: int = 0
    interaction: int = 0
    assoc_actor_1: str = ""
    assoc_actor_2: str = ""
    admin2: str | None = None
    edited: str = ""
    dismissed: bool = False


#: The event table's columns, in order (the fields of :class:`Event`).
EVENT_FIELDS: tuple[str, ...] = tuple(Event.__dataclass_fields__)


@dataclass(frozen=True, slots=True)
class IngestProblem:
    """An input that could not be read, or (``kept``) was read with a caveat, and why.

    ``source`` names the unit (a file, ``"x.csv, line 7"``, a zip member) and
    ``message`` says why without repeating it.
    """

    source: str
    message: str
    #: True when the input was still read (undated, split, re-encoded); False when it was skipped.
    kept: bool = False

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """An actor named at ``text[start:end]``; ``inter`` is its ACLED actor type ("State
    forces", "Political militias", ...; "" if unknown); ``passive`` when "by" comes right
    before it; ``country``: the ISO code of the state whose forces it is ("" for others)."""

    start: int
    end: int
    actor: str
    inter: str = ""
    passive: bool = False
    country: str = ""


@dataclass(frozen=True, slots=True)
class TriggerMatch:
    """A trigger word of an event type found at ``text[start:end]``; ``alone``: whether it
    makes an event by itself, or (a word news also uses figuratively: "stormed",
    "exploded") only beside an actor or a count of people hurt or held."""

    start: int
    end: int
    event_type: str
    sub_event_type: str
    weight: int
    alone: bool = True
