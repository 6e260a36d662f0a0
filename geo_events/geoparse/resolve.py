"""Resolve mentions to places: gazetteer candidates, ranked in context.

    >>> from geo_events.geoparse.recognize import PlaceFinder
    >>> gaz = Gazetteer.open()
    >>> text = "Militias in Deir al-Zour, Syria."
    >>> [r.place.name for r in Resolver(gaz).resolve(PlaceFinder(gaz).find(text))]
    ['Deir ez-Zor', 'Syria']
"""

from __future__ import annotations

import logging
from collections import Counter

from geopy.distance import great_circle

from gazetteer import Candidate, FallbackGeocoder, Gazetteer, NameMatch, demonym_country, fold_spelling
from geo_events.models import Mention, ResolvedMention

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
    return not context.anchors or any(
        great_circle(place.latlon, anchor).km <= LOOSE_MATCH_MAX_KM for anchor in context.anchors)

log = logging.getLogger(__name__)


class Resolver:
    """Pick a place for each mention of one article, using the whole article."""

    def __init__(self, gazetteer: Gazetteer, *, geocoder: FallbackGeocoder | None = None) -> None:
        self.gazetteer = gazetteer
        self.geocoder = geocoder

    def resolve(self, mentions: list[Mention], *, text: str = "") -> list[ResolvedMention]:
        """One :class:`ResolvedMention` per mention, in order; unknown names stay unresolved.

        Two passes over the article's distinct names: the first ranks with the
        countries the article names; the second adds the countries and
        positions of the towns the first pass was sure of, so each name is
        ranked beside its neighbours (never beside its own first guess).
        Given the article ``text``, the words beside each mention add their
        cues (:func:`geo_events.geoparse.cues.mention_cues`).
        """
        demonyms = {m.text: self._demonym_place(m.text) for m in mentions if m.demonym}
        found = {m.text: self.gazetteer.matches(m.text, limit=MAX_CANDIDATES) for m in mentions
                 if not m.demonym}
        near = set()
        for name, matches in found.items():
            if not any(m.spelled_alike for m in matches):
                namesake, namesake_matches = self._namesake(name)
                if namesake is not None:
                    found[name] = namesake_matches
                    if namesake.near:
                        near.add(name)
        named = frozenset(m.candidate.country_code for matches in found.values() for m in matches
                          if m.candidate.kind == "country" and m.spelled_alike)
        # A town a river or a park is named after says nothing about the article's
        # whereabouts until the article points there.
        own = {name: matches for name, matches in found.items() if name not in near}
        named |= _sole_countries(own)
        named |= {place.country_code for place, _, _ in demonyms.values() if place is not None}
        divisions = {text: _divisions(matches) for text, matches in own.items()}
        support = {name: Counter(d for other, held in divisions.items() if other != name for d in held)
                   for name in found}
        cued = _cued(text, mentions, found)
        first = {name: _pick(name, matches, DocumentContext(named, division_support=support[name],
                                                            **cued[name]))
                 for name, matches in found.items()}
        sure = {place for place, confidence, _ in first.values()
                if place is not None and confidence >= ANCHOR_CONFIDENCE}
        final = {}
        for name, matches in found.items():
            own = first[name][0]
            others = [p for p in sure if own is None or p.latlon != own.latlon]
            context = DocumentContext(named | {p.country_code for p in others if p.country_code},
                                      tuple({p.latlon for p in others if p.kind in ANCHOR_KINDS}),
                                      support[name], **cued[name])
            final[name] = _pick(name, matches, context, near=name in near)
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
