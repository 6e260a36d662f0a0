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
from collections.abc import Mapping
from dataclasses import dataclass, field

from geopy.distance import great_circle

from gazetteer import Candidate, Kind, LatLon, NameMatch, fold_spelling

__all__ = ["DocumentContext", "rank_candidates", "score_candidate", "KIND_BONUS",
           "SAME_COUNTRY_BONUS", "SPELLING_BONUS", "OVERRIDE_BONUS", "PROXIMITY_BONUS", "PROXIMITY_SCALE_KM",
           "PROXIMITY_SHORTLIST", "DIVISION_SUPPORT_BONUS", "DIVISION_SUPPORT_MAX",
           "CUE_KIND_BONUS", "CONTAINMENT_BONUS", "NAMESAKE_PENALTY", "MAIN_NAME_BONUS",
           "REGION_POPULATION", "Region", "region_of"]

#: Added to a candidate's score by kind: a country is far likelier than a
#: village of the same name.
KIND_BONUS = {"country": 6.0, "region": 5.0, "admin1": 3.0, "city": 0.0, "feature": 0.0,
              "admin2": -1.0}
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
#: Added for each other name of the article that has a place in the
#: candidate's first-level division ("Athens" beside "Henderson County" and
#: "Texas" is Athens, Texas), up to DIVISION_SUPPORT_MAX names.
DIVISION_SUPPORT_BONUS = 2.0
DIVISION_SUPPORT_MAX = 2
#: Taken from a division that shares its spelling with a town inside it (on top of
#: its kind bonus): a bare "Raqqa" is the town, "Raqqa province" the division.
NAMESAKE_PENALTY = 1.0
#: Added when the words beside the name give the candidate's kind ("Raqqa province").
CUE_KIND_BONUS = 4.0
#: Added when "X, Y" puts the candidate inside a place Y may be (Paris, Texas),
#: or, for Y, when Y may hold a place X may be.
CONTAINMENT_BONUS = 4.0
#: Added when the text spells the candidate's main name, not one of its
#: alternate or historical names ("Rogersville" is a town of that name before
#: it is an old name of Rogers Park).
MAIN_NAME_BONUS = 1.0
#: Population counted for a region that records none (Middle East, Levant), so
#: a namesake neighbourhood does not outrank it.
REGION_POPULATION = 10_000_000
#: Anchors further than this in latitude (about 1,100 km) add nothing to the distance term.
PROXIMITY_CUTOFF_DEGREES = 10.0
#: Candidates (best by the other terms) that get the distance term.
PROXIMITY_SHORTLIST = 10


#: ``(country_code, admin1)``; admin1 is ``""`` for a whole country.
Region = tuple[str, str]


@dataclass(frozen=True, slots=True)
class DocumentContext:
    """What the article says about where it is.

    ``country_codes``: countries it names or is sure of; ``anchors``: points of
    places it is sure of; ``division_support``: for a first-level division
    ``(country_code, admin1)``, how many of the article's other names have a
    place there. Per name, from the words beside it (:mod:`geo_events.geoparse.cues`):
    ``kind_hint``; ``inside``, regions the name lies in ("Paris, Texas");
    ``holding``, regions of places the name holds (Texas, there); ``written``,
    the name's spelling key.
    A :data:`Region` is ``(country_code, admin1)``, admin1 ``""`` for a whole country.
    """

    country_codes: frozenset[str] = field(default_factory=frozenset)
    anchors: tuple[LatLon, ...] = ()
    division_support: Mapping[tuple[str, str], int] = field(default_factory=dict)
    kind_hint: Kind | None = None
    inside: frozenset[Region] = frozenset()
    holding: frozenset[Region] = frozenset()
    #: The name as written, folded by :func:`gazetteer.fold_spelling` ("" if not known).
    written: str = ""


def score_candidate(match: NameMatch, context: DocumentContext) -> float:
    """The ranking score of one candidate."""
    return _base_score(match, context) + _proximity(match.candidate, context)


def _base_score(match: NameMatch, context: DocumentContext) -> float:
    candidate = match.candidate
    population = candidate.population
    if not population and candidate.kind == "region":
        population = REGION_POPULATION
    score = math.log10(population + 10)
    score += KIND_BONUS.get(candidate.kind, 0.0)
    if match.spelled_alike:
        score += SPELLING_BONUS
    if match.override:
        score += OVERRIDE_BONUS
    if context.written and match.spelled_alike and fold_spelling(candidate.name) == context.written:
        score += MAIN_NAME_BONUS
    if candidate.country_code and candidate.country_code in context.country_codes:
        score += SAME_COUNTRY_BONUS
    if candidate.admin1 and context.division_support:
        support = context.division_support.get((candidate.country_code, candidate.admin1), 0)
        score += DIVISION_SUPPORT_BONUS * min(support, DIVISION_SUPPORT_MAX)
    if context.kind_hint is not None and candidate.kind == context.kind_hint:
        score += CUE_KIND_BONUS
    if context.inside and ((candidate.country_code, candidate.admin1) in context.inside
                           or (candidate.country_code, "") in context.inside):
        score += CONTAINMENT_BONUS
    if context.holding and candidate.kind in ("country", "admin1", "admin2") \
            and region_of(candidate) in context.holding:
        score += CONTAINMENT_BONUS
    return score


def _namesake_penalty(match: NameMatch, towns: set[Region]) -> float:
    """A division named after its own town ("Raqqa", "Karbala") is, written bare, the town.

    The division loses its kind bonus and :data:`NAMESAKE_PENALTY` more; a
    cue ("Raqqa province") brings it back.
    """
    candidate = match.candidate
    if candidate.kind in ("admin1", "admin2") and match.spelled_alike \
            and region_of(candidate) in towns:
        return KIND_BONUS.get(candidate.kind, 0.0) + NAMESAKE_PENALTY
    return 0.0


def region_of(candidate: Candidate) -> Region:
    """The region a candidate stands for when it holds other places."""
    return (candidate.country_code, "" if candidate.kind == "country" else candidate.admin1)


def _proximity(candidate: Candidate, context: DocumentContext) -> float:
    """The distance term; anchors over :data:`PROXIMITY_CUTOFF_DEGREES` of latitude away
    are left out (their bonus would be under 0.1), which spares most distance computations."""
    lat, lon = candidate.latlon
    near = [a for a in context.anchors if abs(a[0] - lat) <= PROXIMITY_CUTOFF_DEGREES]
    if not near:
        return 0.0
    # The nearest anchor by a flat-earth estimate (fine within the cutoff band), then
    # one exact distance: geopy builds two Points per call, the cost of ranking.
    stretch = math.cos(math.radians(lat))
    nearest = min(near, key=lambda a: (a[0] - lat) ** 2
                  + (((a[1] - lon + 180.0) % 360.0 - 180.0) * stretch) ** 2)
    nearest_km = great_circle(candidate.latlon, nearest).km
    return PROXIMITY_BONUS * math.exp(-nearest_km / PROXIMITY_SCALE_KM)


def rank_candidates(matches: list[NameMatch], *,
                    context: DocumentContext) -> list[tuple[Candidate, float]]:
    """Candidates best first, each with its confidence in [0, 1].

    Distances are computed for the :data:`PROXIMITY_SHORTLIST` best
    candidates only: the rest trail by more than the proximity bonus can close.
    """
    if not matches:
        return []
    towns = {region_of(m.candidate) for m in matches
             if m.spelled_alike and m.candidate.kind == "city"}
    scored = sorted(((_base_score(m, context) - _namesake_penalty(m, towns), m.candidate)
                     for m in matches), key=lambda pair: -pair[0])
    shortlist = [(s + _proximity(c, context), c) for s, c in scored[:PROXIMITY_SHORTLIST]]
    scored = sorted(shortlist + scored[PROXIMITY_SHORTLIST:], key=lambda pair: -pair[0])
    best = scored[0][0]
    runner_up = scored[1][0] if len(scored) > 1 else -math.inf
    ranked = [(scored[0][1], 1.0 / (1.0 + math.exp(runner_up - best)))]
    ranked += [(c, 1.0 / (1.0 + math.exp(best - s))) for s, c in scored[1:]]
    return ranked
