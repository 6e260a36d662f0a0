"""Resolve mentions to places: gazetteer candidates, ranked in context.

    >>> from geo_events.geoparse.recognize import PlaceFinder
    >>> gaz = Gazetteer.open()
    >>> text = "Militias in Deir al-Zour, Syria."
    >>> [r.place.name for r in Resolver(gaz).resolve(PlaceFinder(gaz).find(text))]
    ['Deir ez-Zor', 'Syria']

Linear in the number of mentions: two passes over the article's distinct
names; what the rest of the article says about each name (the countries and
points of the places the first pass is sure of, the divisions of the other
names) is one table for the article less the name's own part, never a copy
per name, and a candidate's nearest sure point is looked up by position
(:mod:`.anchors`), not among all of them.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping

from geopy.distance import great_circle

from gazetteer import (Candidate, FallbackGeocoder, Gazetteer, LatLon, NameMatch, demonym_country,
                       fold_spelling)
from geo_events.limits import check_deadline
from geo_events.models import Mention, ResolvedMention

from .anchors import Anchors
from .cues import mention_cues
from .namesakes import Namesake, namesake_names
from .ranking import DocumentContext, Region, rank_candidates, region_of

__all__ = ["Resolver", "MAX_CANDIDATES", "ANCHOR_CONFIDENCE", "LOOSE_MATCH_MAX_KM",
           "GEOCODER_CONFIDENCE", "DEMONYM_CONFIDENCE"]

#: Candidates ranked per mention, most populous first.
MAX_CANDIDATES = 50
#: A first-pass pick at least this confident anchors the second pass.
ANCHOR_CONFIDENCE = 0.8
#: Kinds of places that hold others ("Texas" in "Paris, Texas").
HOLDING_KINDS = frozenset({"country", "admin1", "admin2"})
#: Kinds of confident places whose position anchors the article's other names.
ANCHOR_KINDS = frozenset({"city", "admin2", "feature"})
#: A place found only through loose transliteration folding is accepted when
#: its country is named in the article and it lies this close to one of the
#: article's confidently resolved towns (when there are any).
LOOSE_MATCH_MAX_KM = 300.0
#: Confidence of a demonym's country: "Syrian" says Syria, though not where in it.
DEMONYM_CONFIDENCE = 0.9
#: Confidence given to the online fallback's answer: below the review bar, so
#: the analyst sees it was not found offline.
GEOCODER_CONFIDENCE = 0.5


def _supported(place: Candidate, context: DocumentContext) -> bool:
    if place.country_code not in context.country_codes:
        return False
    anchors = context.anchors
    if not anchors:
        return True
    if isinstance(anchors, Anchors):
        return anchors.any_within_km(place.latlon, LOOSE_MATCH_MAX_KM)
    return any(great_circle(place.latlon, anchor).km <= LOOSE_MATCH_MAX_KM for anchor in anchors)

log = logging.getLogger(__name__)


class Resolver:
    """Pick a place for each mention of one article, using the whole article."""

    def __init__(self, gazetteer: Gazetteer, *, geocoder: FallbackGeocoder | None = None) -> None:
        self.gazetteer = gazetteer
        self.geocoder = geocoder

    def resolve(self, mentions: list[Mention], *, text: str = "",
                countries: frozenset[str] = frozenset()) -> list[ResolvedMention]:
        """One :class:`ResolvedMention` per mention, in order; unknown names stay unresolved.

        Two passes over the article's distinct names: the first ranks with the
        countries the article names; the second adds the countries and
        positions of the towns the first pass was sure of, so each name is
        ranked beside its neighbours (never beside its own first guess).
        Given the article ``text``, the words beside each mention add their
        cues (:func:`geo_events.geoparse.cues.mention_cues`). ``countries``: ISO codes the
        article points to by other means than place names (the states whose forces or
        home-grown groups it names: "regime forces" point to Syria), counted with the
        countries it names.
        """
        demonyms = {m.text: self._demonym_place(m.text) for m in mentions if m.demonym}
        found = {m.text: self.gazetteer.matches(m.text, limit=MAX_CANDIDATES) for m in mentions
                 if not m.demonym}
        near = set()
        features: dict[str, Namesake] = {}  # a building or site in the town found ("Kabul airport")
        for name, matches in found.items():
            check_deadline()
            if not any(m.spelled_alike for m in matches):
                namesake, namesake_matches = self._namesake(name)
                if namesake is not None:
                    found[name] = namesake_matches
                    if namesake.near:
                        near.add(name)
                    if namesake.feature:
                        features[name] = namesake
        named = frozenset(m.candidate.country_code for matches in found.values() for m in matches
                          if m.candidate.kind == "country" and m.spelled_alike)
        # A town a river or a park is named after says nothing about the article's
        # whereabouts until the article points there.
        own = {name: matches for name, matches in found.items() if name not in near}
        named |= _sole_countries(own)
        named |= {place.country_code for place, _, _ in demonyms.values() if place is not None}
        named |= countries
        divisions = {text: _divisions(matches) for text, matches in own.items()}
        support = _Support.of_each(found, divisions)
        cued = _cued(text, mentions, found)
        first = {name: _pick(name, matches, DocumentContext(named, division_support=support[name],
                                                            **cued[name]))
                 for name, matches in found.items()}
        sure = {place for place, confidence, _ in first.values()
                if place is not None and confidence >= ANCHOR_CONFIDENCE}
        # Each name is ranked beside the sure places not at its own first pick's point:
        # their countries and their points (the anchors), each minus that point.
        anchors = Anchors(p.latlon for p in sure if p.kind in ANCHOR_KINDS)
        countries = _SureCountries(sure)
        final = {}
        for name, matches in found.items():
            check_deadline()  # the unit's deadline (geo_events.limits), once per distinct name
            own = first[name][0]
            point = own.latlon if own is not None else None
            context = DocumentContext(named | countries.without(point), anchors.without(point),
                                      support[name], **cued[name])
            # A feature inside a town is where the town is, wherever the article points.
            final[name] = _pick(name, matches, context, near=name in near and name not in features)
            if name in features and final[name][0] is not None:
                final[name] = (features[name].place(final[name][0], written=name), *final[name][1:])
            if final[name][0] is None and self.geocoder is not None:
                final[name] = self._ask_geocoder(name, context, candidates=len(matches))
        final.update(demonyms)
        return [ResolvedMention(m, *final[m.text], near=m.text in near) for m in mentions]

    def _namesake(self, name: str) -> tuple[Namesake | None, list[NameMatch]]:
        """The first of ``name``'s namesakes (:mod:`.namesakes`) the gazetteer
        records as spelled, with its matches of the kinds it allows."""
        for namesake in namesake_names(name):
            matches = [m for m in self.gazetteer.matches(namesake.name, limit=MAX_CANDIDATES)
                       if m.spelled_alike and (namesake.kinds is None or m.candidate.kind in namesake.kinds)]
            if matches:
                return namesake, matches
        return None, []

    def _demonym_place(self, text: str) -> tuple[Candidate | None, float, int]:
        code = demonym_country(text)
        place = self.gazetteer.country(code) if code else None
        return (place, DEMONYM_CONFIDENCE, 1) if place else (None, 0.0, 0)

    def _ask_geocoder(self, text: str, context: DocumentContext, *,
                      candidates: int) -> tuple[Candidate | None, float, int]:
        """The online fallback's answer, limited to the article's countries; flagged for review."""
        place = self.geocoder.geocode(text, country_codes=sorted(context.country_codes))
        if place is None:
            return None, 0.0, candidates
        return place, GEOCODER_CONFIDENCE, candidates + 1


def _cued(text: str, mentions: list[Mention],
          found: dict[str, list[NameMatch]]) -> dict[str, dict]:
    """Per distinct name, the cue fields of its :class:`DocumentContext` (see :mod:`.cues`)."""
    kinds: dict[str, Counter] = {name: Counter() for name in found}
    inside: dict[str, set[Region]] = {name: set() for name in found}
    holding: dict[str, set[Region]] = {name: set() for name in found}
    cues = mention_cues(text, mentions) if text else []
    for mention, cue in zip(mentions, cues):
        if mention.text not in found:
            continue  # a demonym
        if cue.kind is not None:
            kinds[mention.text][cue.kind] += 1
        outer = mentions[cue.container].text if cue.container is not None else None
        if outer in found:
            inside[mention.text] |= {region_of(m.candidate) for m in found[outer]
                                     if m.spelled_alike and m.candidate.kind in HOLDING_KINDS}
            holding[outer] |= {r for m in found[mention.text] if m.spelled_alike
                               for r in ((m.candidate.country_code, m.candidate.admin1),
                                         (m.candidate.country_code, ""))}
    return {name: {"kind_hint": kinds[name].most_common(1)[0][0] if kinds[name] else None,
                   "inside": frozenset(inside[name]), "holding": frozenset(holding[name]),
                   "written": fold_spelling(name)}
            for name in found}


class _Support(Mapping[Region, int]):
    """For one name, how many of the article's other names have a place in each division:
    the count over all names, less the name's own (no copy of the whole count per name)."""

    def __init__(self, total: Counter[Region], own: frozenset[Region] | set[Region]) -> None:
        self._total = total
        self._own = own
        self._size = len(total) - sum(1 for d in own if total[d] == 1)

    @classmethod
    def of_each(cls, names: Iterable[str],
                divisions: dict[str, set[Region]]) -> dict[str, Mapping[Region, int]]:
        """``{name: Counter(d for other, held in divisions.items() if other != name for d in held)}``,
        in time linear in the divisions' sizes rather than in their number squared."""
        total = Counter(d for held in divisions.values() for d in held)
        return {name: cls(total, divisions[name]) if name in divisions else total for name in names}

    def __getitem__(self, division: Region) -> int:
        count = self._total.get(division, 0) - (division in self._own)
        if count <= 0:
            raise KeyError(division)
        return count

    def __iter__(self) -> Iterator[Region]:
        return (d for d, count in self._total.items() if count - (d in self._own) > 0)

    def __len__(self) -> int:
        return self._size


class _SureCountries:
    """The countries of the places the first pass is sure of, and those of all but the
    places at one point (a name's own pick), each answer made once."""

    def __init__(self, sure: Iterable[Candidate]) -> None:
        points: dict[str, set[LatLon]] = {}
        for place in sure:
            if place.country_code:
                points.setdefault(place.country_code, set()).add(place.latlon)
        self._all = frozenset(points)
        self._only_at: dict[LatLon, set[str]] = {}
        for code, where in points.items():
            if len(where) == 1:
                self._only_at.setdefault(next(iter(where)), set()).add(code)
        self._made: dict[LatLon | None, frozenset[str]] = {}

    def without(self, point: LatLon | None) -> frozenset[str]:
        """The countries of the sure places not at ``point``."""
        if point not in self._made:
            self._made[point] = self._all - self._only_at.get(point, set())
        return self._made[point]


def _sole_countries(found: dict[str, list[NameMatch]]) -> frozenset[str]:
    """Countries that are the only country of some name's recorded spellings:
    a "Crestwood" found only in the US says the article is about the US."""
    sole = set()
    for matches in found.values():
        countries = {m.candidate.country_code for m in matches if m.spelled_alike}
        if len(countries) == 1:
            sole |= countries
    return frozenset(sole - {""})


def _divisions(matches: list[NameMatch]) -> set[tuple[str, str]]:
    """First-level divisions ``(country_code, admin1)`` holding a place spelled as written."""
    return {(m.candidate.country_code, m.candidate.admin1) for m in matches
            if m.spelled_alike and m.candidate.admin1 and m.candidate.kind in ("city", "admin1", "admin2")}


def _pick(text: str, matches: list[NameMatch], context: DocumentContext, *,
          near: bool = False) -> tuple[Candidate | None, float, int]:
    """The best place for ``text`` with its confidence and candidate count.

    ``near``: the matches are of the place ``text`` is named after ("Neches"
    for "Neches River"); one is taken only where the article points (as a
    loose match is), since a river or a lake may be named after a town far away.
    """
    ranked = rank_candidates(matches, context=context)
    if not ranked:
        log.debug("no gazetteer candidate for %r", text)
        return None, 0.0, 0
    alike = {id(m.candidate) for m in matches if m.spelled_alike}
    for place, confidence in ranked:
        # A candidate found only through the loose transliteration key must be
        # backed by the article (its country named, near its other towns).
        if (id(place) in alike and not near) or _supported(place, context):
            return place, confidence, len(matches)
    log.debug("%r only loosely matches places the article does not point to; left unresolved", text)
    return None, 0.0, len(matches)
