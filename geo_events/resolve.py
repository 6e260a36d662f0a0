"""Resolve mentions to places: gazetteer candidates, ranked in context.

    >>> from geopy.distance import great_circle

from gazetteer import Candidate, Gazetteer, NameMatch
    >>> from geo_events.recognize import PlaceFinder
    >>> gaz = Gazetteer.open()
    >>> text = "Militias in Deir al-Zour, Syria."
    >>> [r.place.name for r in Resolver(gaz).resolve(PlaceFinder(gaz).find(text))]
    ['Deir ez-Zor', 'Syria']
"""

from __future__ import annotations

import logging

from geopy.distance import great_circle

from gazetteer import Candidate, Gazetteer, NameMatch

from .models import Mention, ResolvedMention
from .ranking import DocumentContext, rank_candidates

__all__ = ["Resolver", "MAX_CANDIDATES", "ANCHOR_CONFIDENCE", "LOOSE_MATCH_MAX_KM"]

#: Candidates ranked per mention, most populous first.
MAX_CANDIDATES = 50
#: A first-pass pick at least this confident anchors the second pass.
ANCHOR_CONFIDENCE = 0.8
#: A place found only through loose transliteration folding is accepted when
#: its country is named in the article and it lies this close to one of the
#: article's confidently resolved towns (when there are any).
LOOSE_MATCH_MAX_KM = 300.0


def _supported(place: Candidate, context: DocumentContext) -> bool:
    if place.country_code not in context.country_codes:
        return False
    return not context.anchors or any(
        great_circle(place.latlon, anchor).km <= LOOSE_MATCH_MAX_KM for anchor in context.anchors)

log = logging.getLogger(__name__)


class Resolver:
    """Pick a place for each mention of one article, using the whole article."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def resolve(self, mentions: list[Mention]) -> list[ResolvedMention]:
        """One :class:`ResolvedMention` per mention, in order; unknown names stay unresolved.

        Two passes: the first ranks with the countries the article names; the
        second adds the countries and positions of the towns the first pass
        was sure of, so each mention is ranked beside its neighbours.
        """
        candidates = [self.gazetteer.matches(m.text)[:MAX_CANDIDATES] for m in mentions]
        named = frozenset(m.candidate.country_code for found in candidates for m in found
                          if m.candidate.kind == "country" and m.spelled_alike)
        first = [self._rank(m, found, DocumentContext(named)) for m, found in zip(mentions, candidates)]
        sure = [(m.key, r.place) for m, r in zip(mentions, first)
                if r.place is not None and r.confidence >= ANCHOR_CONFIDENCE and r.place.kind == "city"]
        resolved = []
        for mention, found in zip(mentions, candidates):
            # A name must not vote for itself: its own first guess is left out.
            others = [place for key, place in sure if key != mention.key]
            context = DocumentContext(named | {p.country_code for p in others},
                                      tuple({p.latlon for p in others}))
            resolved.append(self._rank(mention, found, context))
        return resolved

    @staticmethod
    def _rank(mention: Mention, found: list[NameMatch], context: DocumentContext) -> ResolvedMention:
        ranked = rank_candidates(found, context=context)
        if not ranked:
            log.debug("no gazetteer candidate for %r", mention.text)
            return ResolvedMention(mention, None, 0.0, 0)
        place, confidence = ranked[0]
        alike = any(m.spelled_alike and m.candidate is place for m in found)
        if not alike and not _supported(place, context):
            # Only the loose transliteration key matched, and the rest of the
            # article does not point there: flag it rather than guess.
            log.debug("%r only loosely matches %s (%s); left unresolved",
                      mention.text, place.name, place.country_code)
            return ResolvedMention(mention, None, 0.0, len(found))
        return ResolvedMention(mention, place, confidence, len(found))
