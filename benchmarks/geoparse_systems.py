"""The geoparsers the benchmark compares, behind one small interface.

    >>> from gazetteer import Gazetteer
    >>> from benchmarks.geoparse_systems import OursSystem
    >>> ours = OursSystem(Gazetteer.open())
    >>> [(p.start, p.end, p.point is not None) for p in ours.geoparse("Flooding in Mosul.")]
    [(12, 17, True)]

Each system answers two questions about a text: which spans are places and
where they are (:meth:`geoparse`), and where given gold spans are
(:meth:`resolve_spans`, one answer per span, in order). Answers are
:class:`Prediction` values, so the scoring code never sees a system's own types.

- :class:`OursSystem`: ``geo_events.Geoparser``.
- :class:`MostPopulousSystem`: our recogniser's spans, each placed at the most
  populous gazetteer candidate of its name (recognition is therefore ours).
- :class:`GeotextSystem`: the ``geotext`` package (a baseline only): its city
  and country names, placed with its own GeoNames cities file (most populous
  city of the name) or, for country names, our gazetteer's country point.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from gazetteer import Candidate, Gazetteer, NameMatch

import geo_events as ge
from geo_events.geoparse import PlaceFinder

from benchmarks.geoparse_metrics import LatLon, Span

__all__ = ["Prediction", "GeoparseSystem", "OursSystem", "MostPopulousSystem", "GeotextSystem",
           "most_populous", "geotext_cities"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Prediction:
    """A system's answer for one span: where it is (``point=None``: not placed).

    ``label`` says what the span was resolved to ("Paris (city, FR)"), for error
    listings; ``demonym`` is true for adjectival forms ("Syrian"), which some
    corpora do not count as toponyms.
    """

    start: int
    end: int
    text: str
    point: LatLon | None
    label: str = ""
    demonym: bool = False


class GeoparseSystem(Protocol):
    """What the benchmark needs from a system."""

    name: str

    def geoparse(self, text: str) -> list[Prediction]: ...

    def resolve_spans(self, text: str, spans: Sequence[Span]) -> list[Prediction]: ...


def _label(place: Candidate | None) -> str:
    if place is None:
        return "unresolved"
    return f"{place.name} ({place.kind}, {place.country_code or '-'})"


def _from_place(start: int, end: int, text: str, place: Candidate | None, *, demonym: bool
                ) -> Prediction:
    point = None if place is None else (place.latitude, place.longitude)
    return Prediction(start, end, text, point, _label(place), demonym)


class OursSystem:
    """``geo_events.Geoparser`` over ``gazetteer`` (our recogniser and resolver)."""

    name = "geo_events"

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.parser = ge.Geoparser(gazetteer)

    def geoparse(self, text: str) -> list[Prediction]:
        return [self._prediction(r) for r in self.parser.geoparse(text)]

    def resolve_spans(self, text: str, spans: Sequence[Span]) -> list[Prediction]:
        return [self._prediction(r) for r in self.parser.resolve_spans(text, list(spans))]

    @staticmethod
    def _prediction(resolved: ge.ResolvedMention) -> Prediction:
        m = resolved.mention
        return _from_place(m.start, m.end, m.text, resolved.place,
                           demonym=bool(getattr(m, "demonym", False)))


def most_populous(matches: Iterable[NameMatch]) -> Candidate | None:
    """The most populous candidate spelled as written, else the most populous found
    only by loose folding (the first of equals); ``None`` if none.

        >>> a, b = Candidate("A", 0.0, 0.0, "city", population=5), Candidate("B", 1.0, 1.0, "city", population=9)
        >>> most_populous([NameMatch(a, True), NameMatch(b, True)]).name, most_populous([])
        ('B', None)
        >>> most_populous([NameMatch(a, True), NameMatch(b, False)]).name
        'A'
    """
    best: NameMatch | None = None
    for match in matches:
        if best is None or ((match.spelled_alike, match.candidate.population)
                            > (best.spelled_alike, best.candidate.population)):
            best = match
    return best.candidate if best is not None else None


class MostPopulousSystem:
    """Baseline: every name goes to its most populous candidate in our gazetteer,
    among those spelled as written when there are any (exact spellings first).

    End to end it places our recogniser's spans (``Geoparser.finder``), so its
    recognition scores are ours by construction.
    """

    name = "most populous"
    shares_recognition_with = OursSystem.name

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.finder = PlaceFinder(gazetteer)

    def geoparse(self, text: str) -> list[Prediction]:
        return [_from_place(m.start, m.end, m.text, most_populous(self.gazetteer.matches(m.text)),
                            demonym=bool(getattr(m, "demonym", False)))
                for m in self.finder.find(text)]

    def resolve_spans(self, text: str, spans: Sequence[Span]) -> list[Prediction]:
        return [_from_place(s, e, text[s:e], most_populous(self.gazetteer.matches(text[s:e])),
                            demonym=False) for s, e in spans]


@dataclass(frozen=True, slots=True)
class _City:
    name: str
    latitude: float
    longitude: float
    country_code: str
    population: int


def _geotext_data_dir() -> Path:
    import geotext  # imported here: geotext builds its whole index on import

    return Path(geotext.__file__).resolve().parent / "data"


@lru_cache(maxsize=1)
def geotext_cities() -> dict[str, _City]:
    """geotext's ``cities15000.txt`` as lower-cased name -> most populous city of that name.

    Keyed like geotext keys its own index (the GeoNames ``name`` column, lower-cased),
    read from the installed package: the file is never copied into this repository.
    """
    path = _geotext_data_dir() / "cities15000.txt"
    cities: dict[str, _City] = {}
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if line.startswith("#"):
                continue
            columns = line.rstrip("\n").split("\t")
            try:
                city = _City(columns[1], float(columns[4]), float(columns[5]), columns[8],
                             int(columns[14] or 0))
            except (IndexError, ValueError) as err:
                raise ValueError(f"{path}, line {number}: not a GeoNames cities row: {err}") from err
            key = city.name.lower()
            if key not in cities or city.population > cities[key].population:
                cities[key] = city
    return cities


class GeotextSystem:
    """Baseline: the ``geotext`` package's city and country names.

    geotext returns names without offsets (in text order, one per occurrence);
    each is given the first whole-word occurrence of that name, left to right,
    that no earlier name of the same document has taken. A country name is
    placed at our gazetteer's first ``kind == "country"`` candidate; any other
    name at the most populous city of that exact name in geotext's own cities
    file (geotext's ~90 "city patches" have no point there: recognised, not
    placed). Gold spans are placed the same way, following geotext's own rule
    that a country name is never a city.
    """

    name = "geotext"

    def __init__(self, gazetteer: Gazetteer) -> None:
        from geotext import GeoText  # slow import (builds its index): keep it out of module import

        self._geotext = GeoText
        self._countries: dict[str, str] = GeoText.index.countries
        self._city_names: dict[str, str] = GeoText.index.cities
        self._cities = geotext_cities()
        self.gazetteer = gazetteer
        self.unplaced_occurrences = 0  # names geotext returned that the text lacks as a whole word

    def geoparse(self, text: str) -> list[Prediction]:
        found = self._geotext(text)
        taken: list[Span] = []
        predictions = []
        for names in (found.countries, found.cities):
            cursor = 0
            for name in names:
                span = _next_occurrence(text, name, cursor, taken)
                if span is None:
                    self.unplaced_occurrences += 1
                    log.debug("geotext returned %r, not found as a whole word", name)
                    continue
                taken.append(span)
                cursor = span[1]
                predictions.append(self._locate(span[0], span[1], text))
        predictions.sort(key=lambda p: (p.start, p.end))
        return predictions

    def resolve_spans(self, text: str, spans: Sequence[Span]) -> list[Prediction]:
        return [self._locate(s, e, text) for s, e in spans]

    def _locate(self, start: int, end: int, text: str) -> Prediction:
        name = text[start:end]
        key = name.lower()
        if key in self._countries:
            country = next((c for c in self.gazetteer.lookup(name) if c.kind == "country"), None)
            return _from_place(start, end, name, country, demonym=False)
        city = self._cities.get(key)
        if city is None:
            label = "unresolved (geotext patch name)" if key in self._city_names else "unresolved"
            return Prediction(start, end, name, None, label)
        return Prediction(start, end, name, (city.latitude, city.longitude),
                          f"{city.name} (city, {city.country_code})")


def _next_occurrence(text: str, name: str, cursor: int, taken: list[Span]) -> Span | None:
    """The first whole-word occurrence of ``name`` at or after ``cursor`` (else anywhere) not yet taken."""
    pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
    for begin in (cursor, 0):
        for match in pattern.finditer(text, begin):
            span = match.span()
            if not any(span[0] < t[1] and t[0] < span[1] for t in taken):
                return span
    return None
