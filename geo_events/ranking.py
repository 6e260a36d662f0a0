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

Scores add up a few explicit terms: the size of the place (log population),
its kind (a country or region beats a namesake village), whether the text
spells one of the place's recorded names (rather than a name that only folds
alike), whether its country is named in the same article, and closeness to
the article's confidently resolved towns, so "Bosra" beside Daraa is the
Syrian town, not Basrah. Confidence is the logistic of the winner's margin
over the runner-up (1.0 when there is no runner-up), so a long tail of tiny
namesakes does not dilute it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from geopy.distance import great_circle

from gazetteer import Candidate, LatLon, NameMatch

__all__ = ["DocumentContext", "rank_candidates", "score_candidate", "KIND_BONUS",
           "SAME_COUNTRY_BONUS", "SPELLING_BONUS", "OVERRIDE_BONUS", "PROXIMITY_BONUS", "PROXIMITY_SCALE_KM",
           "PROXIMITY_SHORTLIST"]

#: Added to a candidate's score by kind: a country is far likelier than a
#: village of the same name.
KIND_BONUS = {"country": 6.0, "region": 5.0, "admin1": 3.0, "city": 0.0, "feature": 0.0}
#: Added when the candidate's country is named elsewhere in the article.
SAME_COUNTRY_BONUS = 3.0
#: Added when the text spells one of the candidate's recorded names.
SPELLING_BONUS = 5.0
#: Added to a curated or user correction: corrections win over packaged data.
OVERRIDE_BONUS = 50.0
#: Added, at most, for a candidate close to the article's other places; it
#: decays with the distance to the nearest one (e-fold every PROXIMITY_SCALE_KM).
PROXIMITY_BONUS = 3.0
PROXIMITY_SCALE_KM = 300.0
#: Candidates (best by the other terms) that get the distance term.
PROXIMITY_SHORTLIST = 10


@dataclass(frozen=True, slots=True)
class DocumentContext:
    """What the article says about where it is: its countries and confident places."""

    country_codes: frozenset[str] = field(default_factory=frozenset)
    anchors: tuple[LatLon, ...] = ()


def score_candidate(match: NameMatch, context: DocumentContext) -> float:
    """The ranking score of one candidate."""
    return _base_score(match, context) + _proximity(match.candidate, context)


def _base_score(match: NameMatch, context: DocumentContext) -> float:
    candidate = match.candidate
    score = math.log10(candidate.population + 10)
    score += KIND_BONUS.get(candidate.kind, 0.0)
    if match.spelled_alike:
        score += SPELLING_BONUS
    if match.override:
        score += OVERRIDE_BONUS
    if candidate.country_code and candidate.country_code in context.country_codes:
        score += SAME_COUNTRY_BONUS
    return score


def _proximity(candidate: Candidate, context: DocumentContext) -> float:
    if not context.anchors:
        return 0.0
    nearest_km = min(great_circle(candidate.latlon, anchor).km for anchor in context.anchors)
    return PROXIMITY_BONUS * math.exp(-nearest_km / PROXIMITY_SCALE_KM)


def rank_candidates(matches: list[NameMatch], *,
                    context: DocumentContext) -> list[tuple[Candidate, float]]:
    """Candidates best first, each with its confidence in [0, 1].

    Distances are computed for the :data:`PROXIMITY_SHORTLIST` best
    candidates only: the rest trail by more than the proximity bonus can close.
    """
    if not matches:
        return []
    scored = sorted(((_base_score(m, context), m.candidate) for m in matches),
                    key=lambda pair: -pair[0])
    shortlist = [(s + _proximity(c, context), c) for s, c in scored[:PROXIMITY_SHORTLIST]]
    scored = sorted(shortlist + scored[PROXIMITY_SHORTLIST:], key=lambda pair: -pair[0])
    best = scored[0][0]
    runner_up = scored[1][0] if len(scored) > 1 else -math.inf
    ranked = [(scored[0][1], 1.0 / (1.0 + math.exp(runner_up - best)))]
    ranked += [(c, 1.0 / (1.0 + math.exp(best - s))) for s, c in scored[1:]]
    return ranked
