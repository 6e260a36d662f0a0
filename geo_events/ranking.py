"""Rank a mention's gazetteer candidates, using the rest of the article.

    >>> from gazetteer import Candidate
    >>> sy = Candidate(name="Dar'a", latitude=32.6, longitude=36.1, kind="city",
    ...                country_code="SY", population=97_969)
    >>> gb = Candidate(name="Derry", latitude=55.0, longitude=-7.3, kind="city",
    ...                country_code="GB", population=83_652)
    >>> ranked = rank_candidates("Deraa", [gb, sy], context=DocumentContext({"SY"}))
    >>> ranked[0][0].name, ranked[0][1] > 0.5
    ("Dar'a", True)

Scores add up a few explicit terms: the size of the place (log population),
its kind (a country or region beats a namesake village), whether its country
is named in the same article, and whether the name as written equals the
candidate's own name. Confidence is the logistic of the winner's margin over the
runner-up (1.0 when there is no runner-up), so a long tail of tiny namesakes
does not dilute it. Proximity uses the article's confidently resolved
towns as anchors, so "Bosra" beside Daraa is the Syrian town, not Basrah.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from geopy.distance import great_circle

from gazetteer import Candidate, LatLon

__all__ = ["DocumentContext", "rank_candidates", "score_candidate", "KIND_BONUS",
           "SAME_COUNTRY_BONUS", "EXACT_NAME_BONUS", "PROXIMITY_BONUS", "PROXIMITY_SCALE_KM"]

#: Added to a candidate's score by kind: a country is far likelier than a
#: village of the same name.
KIND_BONUS = {"country": 6.0, "region": 5.0, "admin1": 3.0, "city": 0.0, "feature": 0.0}
#: Added when the candidate's country is named elsewhere in the article.
SAME_COUNTRY_BONUS = 3.0
#: Added when the text spells the candidate's own (not an alternate) name.
EXACT_NAME_BONUS = 1.0
#: Added, at most, for a candidate close to the article's other places; it
#: decays with the distance to the nearest one (e-fold every PROXIMITY_SCALE_KM).
PROXIMITY_BONUS = 3.0
PROXIMITY_SCALE_KM = 300.0


@dataclass(frozen=True, slots=True)
class DocumentContext:
    """What the article says about where it is: its countries and confident places."""

    country_codes: frozenset[str] = field(default_factory=frozenset)
    anchors: tuple[LatLon, ...] = ()


def score_candidate(written: str, candidate: Candidate, context: DocumentContext) -> float:
    """The ranking score of one candidate for the name as ``written``."""
    score = math.log10(candidate.population + 10)
    score += KIND_BONUS.get(candidate.kind, 0.0)
    if candidate.country_code and candidate.country_code in context.country_codes:
        score += SAME_COUNTRY_BONUS
    if _plain(candidate.name) == _plain(written):
        score += EXACT_NAME_BONUS
    if context.anchors:
        nearest_km = min(great_circle(candidate.latlon, anchor).km for anchor in context.anchors)
        score += PROXIMITY_BONUS * math.exp(-nearest_km / PROXIMITY_SCALE_KM)
    return score


def _plain(name: str) -> str:
    return " ".join(name.casefold().split())


def rank_candidates(written: str, candidates: list[Candidate], *,
                    context: DocumentContext) -> list[tuple[Candidate, float]]:
    """Candidates best first, each with its confidence in [0, 1]."""
    if not candidates:
        return []
    scored = sorted(((score_candidate(written, c, context), c) for c in candidates),
                    key=lambda pair: -pair[0])
    best = scored[0][0]
    runner_up = scored[1][0] if len(scored) > 1 else -math.inf
    ranked = [(scored[0][1], 1.0 / (1.0 + math.exp(runner_up - best)))]
    ranked += [(c, 1.0 / (1.0 + math.exp(best - s))) for s, c in scored[1:]]
    return ranked
