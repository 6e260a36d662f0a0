"""Rank a mention's gazetteer candidates, using the rest of the article.

    >>> from gazetteer import Candidate, NameMatch
    >>> sy = Candidate(name="Dar'a", latitude=32.6, longitude=36.1, kind="city",
    ...                country_code="SY", population=97_969)
    >>> gb = Candidate(name="Derry", latitude=55.0, longitude=-7.3, kind="city",
    ...                country_code="GB", population=83_652)
    >>> ranked = rank_candidates([NameMatch(gb, False), NameMatch(sy, True)],
    ...                          context=DocumentContext(frozenset({"SY"})))
    >>> ranked[0][0].name, ranked[0][1] > 0.9
    ("Dar'a", True)

A candidate's score is the weighted sum of its features
(:mod:`geo_events.geoparse.features`): the size of the place (log population),
its kind (a country or region beats a namesake village), whether the text
spells one of the place's recorded names (rather than a name that only folds
alike), whether its country is named in the same article, the words beside
the name, and closeness to the article's confidently resolved towns, so
"Bosra" beside Daraa is the Syrian town, not Basrah. Confidence is the
logistic of the winner's margin over the runner-up elsewhere (the best
candidate over :data:`SAME_POINT_KM` away; 1.0 when there is none), so a long
tail of tiny namesakes does not dilute it, nor does a namesake municipality at
the town's own point.
:func:`explain_candidates` shows each candidate's features and terms.

Ranking one name costs what its candidates cost (at most
:data:`~geo_events.geoparse.resolve.MAX_CANDIDATES`; distances for
:data:`PROXIMITY_SHORTLIST` of them), whatever the article's length: the
article's part is its :class:`DocumentContext`, whose anchors the resolver
gives as :class:`~geo_events.geoparse.anchors.Anchors`, looked up by position.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from operator import itemgetter

from gazetteer import Candidate, NameMatch, great_circle_km

from .features import (FEATURE_NAMES, WEIGHTS, DocumentContext, Region, active_terms, feature_vector,
                       region_of, weighted_sum, weighted_sums, with_namesakes)

__all__ = ["DocumentContext", "Region", "region_of", "rank_candidates", "score_candidate",
           "explain_candidates", "CandidateExplanation", "confidences", "PROXIMITY_SHORTLIST",
           "SAME_POINT_KM"]

#: Candidates (best by the other features) whose proximity is computed: the
#: distances were most of the cost of ranking, and a place far down the list
#: rarely makes up its lead.
PROXIMITY_SHORTLIST = 10
#: Candidates this close to the best one place the name at the same point (a town
#: and its namesake municipality): they do not lower the best one's confidence.
SAME_POINT_KM = 25.0
_FAR_DEGREES = 0.25

_NEAR = ("proximity",)
_BASE = tuple(name for name in FEATURE_NAMES if name not in _NEAR)


def score_candidate(match: NameMatch, context: DocumentContext) -> float:
    """The ranking score of one candidate: its features' weighted sum.

        >>> from gazetteer import Candidate
        >>> from geo_events.geoparse.features import weighted_sum
        >>> town = NameMatch(Candidate("Town", 0.0, 0.0, "city", population=990), True)
        >>> score_candidate(town, DocumentContext()) == weighted_sum(town, DocumentContext())
        True

    A namesake division is marked down only given ``context.namesakes``
    (:func:`~geo_events.geoparse.features.with_namesakes`), as :func:`rank_candidates` gives it.
    """
    return weighted_sum(match, context)


def _scored(matches: list[NameMatch],
            context: DocumentContext) -> tuple[list[tuple[float, NameMatch]], list[NameMatch]]:
    """``(score, match)`` best first, as :func:`rank_candidates` orders them, and
    the shortlist whose proximity was computed."""
    context = with_namesakes(matches, context)
    base = weighted_sums(matches, context, active_terms(_BASE, context))
    # Sorted by score alone, ties in their given order (reverse=True keeps it).
    scored = sorted(zip(base, matches), key=itemgetter(0), reverse=True)
    if not context.anchors:  # proximity is 0.0 for every candidate
        return scored, []
    near = active_terms(_NEAR, context)
    shortlist = [m for _, m in scored[:PROXIMITY_SHORTLIST]]
    lifted = [(s + p, m) for (s, m), p in zip(scored, weighted_sums(shortlist, context, near))]
    return sorted(lifted + scored[PROXIMITY_SHORTLIST:], key=itemgetter(0), reverse=True), shortlist


def confidences(scores: list[float]) -> list[float]:
    """Confidence of each of a ranking's scores (best first), in [0, 1].

        >>> [round(c, 3) for c in confidences([3.0, 1.0, 0.0])]
        [0.881, 0.119, 0.047]

    The best: the logistic of its margin over the runner-up (1.0 alone); each
    other: the logistic of its (negative) margin over the best.
    """
    if not scores:
        return []
    best = scores[0]
    runner_up = scores[1] if len(scores) > 1 else -math.inf
    return [1.0 / (1.0 + math.exp(runner_up - best))] + [1.0 / (1.0 + math.exp(best - s))
                                                          for s in scores[1:]]


def rank_candidates(matches: list[NameMatch], *,
                    context: DocumentContext) -> list[tuple[Candidate, float]]:
    """Candidates best first, each with its confidence in [0, 1] (:func:`confidences`).

    Distances are computed for the :data:`PROXIMITY_SHORTLIST` best
    candidates only, by the other features.
    """
    scored, _ = _scored(matches, context)
    return list(zip([m.candidate for _, m in scored], _point_confidences(scored)))


def _point_confidences(scored: list[tuple[float, NameMatch]]) -> list[float]:
    """:func:`confidences`, with the best's runner-up the best candidate elsewhere
    (over :data:`SAME_POINT_KM` away): a town and its namesake municipality at one point
    do not make each other doubtful, since either places the name at that point."""
    scores = [s for s, _ in scored]
    if len(scored) > 1:
        best = scored[0][1].candidate.latlon
        for j in range(1, len(scored)):
            other = scored[j][1].candidate.latlon
            # Over a quarter degree of latitude apart is over 27 km: no exact distance needed.
            if abs(other[0] - best[0]) > _FAR_DEGREES or great_circle_km(best, other) > SAME_POINT_KM:
                rest = scores[j:]
                break
        else:
            rest = []
        top = confidences([scores[0], *rest[:1]])[0]
        return [top] + confidences(scores)[1:]
    return confidences(scores)


@dataclass(frozen=True, slots=True)
class CandidateExplanation:
    """Why a candidate ranks where it does.

    ``features``: each feature's raw value; ``terms``: each weighted
    (``WEIGHTS[name] * value``); ``score``: the terms added up in order, what
    ranking sorts by. ``proximity`` is missing from both for a candidate outside
    the shortlist (ranking does not compute it there).
    """

    candidate: Candidate
    features: Mapping[str, float]
    terms: Mapping[str, float]
    score: float
    confidence: float

    def __str__(self) -> str:
        shown = ", ".join(f"{name} {term:+.2f}" for name, term in self.terms.items() if term)
        c = self.candidate
        where = "/".join(part for part in (c.country_code, c.admin1) if part) or "-"
        return (f"{c.name} ({c.kind}, {where}): "
                f"{self.score:.2f}, confidence {self.confidence:.3f} = {shown}")


def explain_candidates(matches: list[NameMatch], *,
                       context: DocumentContext) -> list[CandidateExplanation]:
    """:func:`rank_candidates`, with each candidate's features and weighted terms.

        >>> from gazetteer import Candidate
        >>> from geo_events.geoparse.features import WEIGHTS
        >>> town = Candidate("Town", 0.0, 0.0, "city", "SY", population=990)
        >>> best = explain_candidates([NameMatch(town, True)], context=DocumentContext(frozenset({"SY"})))[0]
        >>> best.features["same_country"], best.terms["same_country"] == WEIGHTS["same_country"]
        (1.0, True)
        >>> str(best).startswith("Town (city, SY): ")
        True

    For debugging a pick; ranking itself adds up only the terms that can fire.
    """
    scored, shortlist = _scored(matches, context)
    context = with_namesakes(matches, context)
    near = {id(m) for m in shortlist}
    explained = []
    for (score, match), confidence in zip(scored, _point_confidences(scored)):
        values = feature_vector(match, context)
        if id(match) not in near:
            del values["proximity"]
        explained.append(CandidateExplanation(
            match.candidate, values, {name: WEIGHTS[name] * value for name, value in values.items()},
            score, confidence))
    return explained
