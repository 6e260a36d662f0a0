"""Ranking features: one small function per signal, and the weights that combine them.

    >>> from gazetteer import Candidate, NameMatch
    >>> daraa = Candidate(name="Dar'a", latitude=32.6, longitude=36.1, kind="city",
    ...                   country_code="SY", population=97_969)
    >>> values = feature_vector(NameMatch(daraa, True), DocumentContext(frozenset({"SY"})))
    >>> values["spelled_as_written"], values["same_country"], round(values["log_population"], 2)
    (1.0, 1.0, 4.99)
    >>> with weights_in_use({**dict.fromkeys(FEATURE_NAMES, 0.0), "log_population": 1.0,
    ...                      "spelled_as_written": 5.0, "same_country": 3.0}):
    ...     weighted_sum(NameMatch(daraa, True), DocumentContext(frozenset({"SY"})))  # 4.99 + 5 + 3
    12.991...

Each feature ``feature(match, context) -> float`` gives a raw value (a
logarithm, a count, a decay in [0, 1], or 1.0/0.0 for a yes/no signal); a
candidate's score is ``sum(WEIGHTS[name] * FEATURES[name](match, context))``.
The place's kind and the namesake penalty are one-hot features per kind
(``kind_city``, ``namesake_admin1``), so their tables are weights like any
other. :mod:`geo_events.geoparse.ranking` sorts by that score and turns the
margins into confidences.

The weights in :data:`WEIGHTS` are fitted, not set by hand:
``scripts/train_ranker.py`` builds one row per candidate with
:func:`feature_vectors` from annotated news (LGL, GeoVirus and the development
half of our own cases), fits a conditional logit (each name's candidates
compete in a softmax of their scores), cross-validated by document, and writes
:data:`WEIGHTS_CSV`, which is read once at import (well under a millisecond).
So a score margin is the log-odds that the winner, not the runner-up, is the
right place. ``override`` is fixed (:data:`FIXED_WEIGHTS`): a correction wins.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from types import MappingProxyType

from gazetteer import (KINDS, Candidate, Kind, LatLon, NameMatch, fold_spelling, great_circle_km,
                       is_capital)

from geo_events.errors import LexiconError

from .anchors import Anchors, nearest_by_scan

__all__ = ["DocumentContext", "Region", "region_of", "Feature", "FEATURES", "FEATURE_NAMES",
           "WEIGHTS", "WEIGHTS_CSV", "FIXED_WEIGHTS", "load_weights", "weights_in_use", "Term",
           "feature_vector", "feature_vectors", "weighted_sum", "weighted_sums",
           "active_terms", "with_namesakes", "PLACE_FEATURES",
           "log_population", "population_gap", "log_alternate_names", "names_gap", "capital",
           "spelled_as_written", "override", "main_name", "same_country", "division_support",
           "another_names_place", "cue_kind", "inside_named_region", "holds_named_place", "proximity",
           "REGION_POPULATION", "DIVISION_SUPPORT_MAX", "PROXIMITY_SCALE_KM",
           "PROXIMITY_CUTOFF_DEGREES", "NAMESAKE_KINDS"]

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
    the name's spelling key. ``namesakes``: regions where one of the name's
    candidates spelled as written is a town and another a division
    (:func:`with_namesakes` sets it; ranking does).
    A :data:`Region` is ``(country_code, admin1)``, admin1 ``""`` for a whole country.
    """

    country_codes: frozenset[str] = field(default_factory=frozenset)
    #: A tuple, or :class:`~geo_events.geoparse.anchors.Anchors` (the resolver's: looked up by position).
    anchors: Sequence[LatLon] = ()
    division_support: Mapping[tuple[str, str], int] = field(default_factory=dict)
    kind_hint: Kind | None = None
    inside: frozenset[Region] = frozenset()
    holding: frozenset[Region] = frozenset()
    #: The name as written, folded by :func:`gazetteer.fold_spelling` ("" if not known).
    written: str = ""
    namesakes: frozenset[Region] = frozenset()
    #: ``log10(population + 10)`` of the most populous of the name's candidates
    #: spelled as written (:func:`with_namesakes` sets it; 0.0 when not known).
    largest: float = 0.0
    #: :func:`log_alternate_names` of the name's candidate spelled as written with the
    #: most names (:func:`with_namesakes` sets it; 0.0 when not known).
    most_named: float = 0.0
    #: The kind a phrase before the name states ("the province of Deir al-Zour"), which
    #: the resolver takes as a constraint, not a hint (a word after the name may qualify
    #: something else: "U.S. city councils").
    kind_stated: Kind | None = None


def region_of(candidate: Candidate) -> Region:
    """The region a candidate stands for when it holds other places.

        >>> region_of(Candidate("Texas", 31.3, -99.2, "admin1", "US", "TX"))
        ('US', 'TX')
    """
    return (candidate.country_code, "" if candidate.kind == "country" else candidate.admin1)


def with_namesakes(matches: Sequence[NameMatch], context: DocumentContext) -> DocumentContext:
    """``context`` with :attr:`~DocumentContext.namesakes` and
    :attr:`~DocumentContext.largest` read from one name's candidates.

        >>> town = Candidate("Raqqa", 35.9, 39.0, "city", "SY", "04")
        >>> province = Candidate("Raqqa", 35.9, 39.0, "admin1", "SY", "04")
        >>> with_namesakes([NameMatch(town, True), NameMatch(province, True)], DocumentContext()).namesakes
        frozenset({('SY', '04')})
    """
    towns, divisions = set(), set()
    population = names = -1
    for m in matches:  # one pass: this runs for every name, twice
        candidate = m.candidate
        kind = candidate.kind
        if kind in NAMESAKE_KINDS:
            divisions.add((candidate.country_code, candidate.admin1))
        if m.spelled_alike:
            if kind == "city":
                towns.add((candidate.country_code, candidate.admin1))
            people = candidate.population or (REGION_POPULATION if kind == "region" else 0)
            population = people if people > population else population
            names = candidate.alternate_names if candidate.alternate_names > names else names
    # A division may be recorded under other spellings than its town.
    namesakes = towns & divisions
    largest = math.log10(population + 10) if population >= 0 else 0.0
    most_named = math.log10(1 + names) if names >= 0 else 0.0
    if namesakes == context.namesakes and largest == context.largest and most_named == context.most_named:
        return context
    # Not dataclasses.replace, which inspects the fields on every call.
    return DocumentContext(context.country_codes, context.anchors, context.division_support,
                           context.kind_hint, context.inside, context.holding, context.written,
                           frozenset(namesakes), largest, most_named, context.kind_stated)


#: A feature: a candidate's raw value for one signal, given the article.
Feature = Callable[[NameMatch, DocumentContext], float]

#: Population counted for a region that records none (Middle East, Levant), so
#: a namesake neighbourhood does not outrank it.
REGION_POPULATION = 10_000_000
#: Other names of the article counted, at most, by :func:`division_support`.
DIVISION_SUPPORT_MAX = 2
#: :func:`proximity` falls by a factor e every this many km.
PROXIMITY_SCALE_KM = 300.0
#: Anchors further than this in latitude (about 1,100 km) are left out of
#: :func:`proximity` (their weighted term would be under 0.1).
PROXIMITY_CUTOFF_DEGREES = 10.0
#: Kinds of division that may be named after a town inside them ("Raqqa").
NAMESAKE_KINDS: tuple[Kind, ...] = ("admin1", "admin2")


def log_population(match: NameMatch, context: DocumentContext) -> float:
    """``log10(population + 10)``: the size of the place; a region that records
    no population counts :data:`REGION_POPULATION`."""
    candidate = match.candidate
    population = candidate.population
    if not population and candidate.kind == "region":
        population = REGION_POPULATION
    return math.log10(population + 10)


def population_gap(match: NameMatch, context: DocumentContext) -> float:
    """How much smaller the candidate is than the name's most populous candidate spelled
    as written, in orders of magnitude (0.0 for that one, negative for the others):
    the "most populous place of that name" baseline as a feature."""
    if not context.largest:
        return 0.0
    gap = log_population(match, context) - context.largest
    return gap if gap < 0.0 else 0.0


def log_alternate_names(match: NameMatch, context: DocumentContext) -> float:
    """``log10(1 + spellings)``: how many names the gazetteer records for the place.
    A place the world writes about has dozens (Paris, Oxford), a namesake village one."""
    return math.log10(1 + match.candidate.alternate_names)


def names_gap(match: NameMatch, context: DocumentContext) -> float:
    """:func:`log_alternate_names` of the candidate less that of the name's most-named
    candidate spelled as written (0.0 for that one, negative for the others): the
    place the world writes about most, among those of one name."""
    if not context.most_named:
        return 0.0
    gap = log_alternate_names(match, context) - context.most_named
    return gap if gap < 0.0 else 0.0


def capital(match: NameMatch, context: DocumentContext) -> float:
    """1.0 for a town that is its country's capital (:func:`gazetteer.is_capital`):
    bare "Washington" in news is the capital far more often than the state."""
    candidate = match.candidate
    return 1.0 if candidate.kind == "city" and is_capital(candidate) else 0.0


def _kind_is(kind: Kind) -> Feature:
    def is_kind(match: NameMatch, context: DocumentContext) -> float:
        return 1.0 if match.candidate.kind == kind else 0.0

    is_kind.__name__ = is_kind.__qualname__ = f"kind_{kind}"
    is_kind.__doc__ = (f"1.0 for a candidate of kind {kind!r}: a country is far likelier "
                       "than a village of its name.")
    return is_kind


def spelled_as_written(match: NameMatch, context: DocumentContext) -> float:
    """1.0 when the text spells one of the candidate's recorded names, 0.0 when
    only the transliteration-folded keys meet ("Daraa" finding Darayya). A division
    named after its town (:attr:`DocumentContext.namesakes`) has its town's spellings:
    "Deir al-Zour" spells the governorate as well as the town."""
    if match.spelled_alike:
        return 1.0
    candidate = match.candidate
    return 1.0 if (context.namesakes and candidate.kind in NAMESAKE_KINDS
                   and region_of(candidate) in context.namesakes) else 0.0


def override(match: NameMatch, context: DocumentContext) -> float:
    """1.0 for a curated or user correction, which wins over packaged data."""
    return 1.0 if match.override else 0.0


def main_name(match: NameMatch, context: DocumentContext) -> float:
    """1.0 when the text spells the candidate's main name, not one of its alternate
    or historical names (a town called "Stalino" today is that town before it is the
    old name of Donetsk)."""
    return 1.0 if (context.written and match.spelled_alike
                   and fold_spelling(match.candidate.name) == context.written) else 0.0


def same_country(match: NameMatch, context: DocumentContext) -> float:
    """1.0 when the candidate's country is named (or implied) elsewhere in the article."""
    code = match.candidate.country_code
    return 1.0 if code and code in context.country_codes else 0.0


def division_support(match: NameMatch, context: DocumentContext) -> float:
    """How many of the article's other names have a place in the candidate's
    first-level division, up to :data:`DIVISION_SUPPORT_MAX` ("Athens" beside
    "Henderson County" and "Texas" is Athens, Texas)."""
    candidate = match.candidate
    if not candidate.admin1 or not context.division_support:
        return 0.0
    support = context.division_support.get((candidate.country_code, candidate.admin1), 0)
    return float(support if support < DIVISION_SUPPORT_MAX else DIVISION_SUPPORT_MAX)


def cue_kind(match: NameMatch, context: DocumentContext) -> float:
    """1.0 when the words beside the name give the candidate's kind ("Raqqa province")."""
    return 1.0 if context.kind_hint is not None and match.candidate.kind == context.kind_hint else 0.0


def inside_named_region(match: NameMatch, context: DocumentContext) -> float:
    """1.0 when "X, Y" puts the candidate inside a place Y may be ("Paris, Texas"),
    by its first-level division or its country."""
    candidate = match.candidate
    return 1.0 if context.inside and ((candidate.country_code, candidate.admin1) in context.inside
                                      or (candidate.country_code, "") in context.inside) else 0.0


def holds_named_place(match: NameMatch, context: DocumentContext) -> float:
    """1.0 when the candidate, a country or division, may hold a place the name is
    written after ("Texas" in "Paris, Texas")."""
    candidate = match.candidate
    return 1.0 if (context.holding and candidate.kind in ("country", "admin1", "admin2")
                   and region_of(candidate) in context.holding) else 0.0


def _namesake(kind: Kind) -> Feature:
    def is_namesake(match: NameMatch, context: DocumentContext) -> float:
        candidate = match.candidate
        return 1.0 if (candidate.kind == kind and context.kind_hint != kind
                       and region_of(candidate) in context.namesakes) else 0.0

    is_namesake.__name__ = is_namesake.__qualname__ = f"namesake_{kind}"
    is_namesake.__doc__ = (f"1.0 for a division of kind {kind!r} that shares its written name "
                           "with a town in it among the same name's candidates "
                           "(:attr:`DocumentContext.namesakes`), unless the words beside the name "
                           "give that kind: a bare \"Raqqa\" is the town, \"Raqqa province\" "
                           "the division.")
    return is_namesake


def proximity(match: NameMatch, context: DocumentContext) -> float:
    """``exp(-km / PROXIMITY_SCALE_KM)`` to the nearest of the article's anchors, in
    [0, 1] ("Bosra" beside Daraa is the Syrian town, not Basrah); 0.0 without one
    within :data:`PROXIMITY_CUTOFF_DEGREES` of latitude. The nearest by a flat-earth
    estimate (:func:`~geo_events.geoparse.anchors.flat_key`; of equals, the smaller
    ``(lat, lon)``), looked up by position when the anchors are
    :class:`~geo_events.geoparse.anchors.Anchors`."""
    lat, lon = match.candidate.latlon
    anchors = context.anchors
    # The nearest anchor by a flat-earth estimate (fine within the cutoff band), then
    # one exact distance (a great-circle one per candidate is the cost of ranking).
    if isinstance(anchors, Anchors):  # the resolver's: looked up by position
        nearest = anchors.nearest(lat, lon, max_lat_degrees=PROXIMITY_CUTOFF_DEGREES)
    else:
        nearest = nearest_by_scan(anchors, lat, lon, max_lat_degrees=PROXIMITY_CUTOFF_DEGREES)
    if nearest is None:
        return 0.0
    return math.exp(-great_circle_km(match.candidate.latlon, nearest) / PROXIMITY_SCALE_KM)


def another_names_place(match: NameMatch, context: DocumentContext) -> float:
    """1.0 when the candidate is the very place (same point) another name of the article
    surely is: "Mexico" beside "Mexico City" is seldom the city again, two names one place
    being rarer than a place and its namesake (the weight is learned)."""
    return 1.0 if context.anchors and match.candidate.latlon in context.anchors else 0.0


#: Every feature by name, in the order their weighted terms are added. The order
#: is kept from the hand-written score this replaced, so scores are the same floats;
#: proximity comes last because ranking computes it for a shortlist only.
FEATURES: Mapping[str, Feature] = MappingProxyType({
    "log_population": log_population,
    "population_gap": population_gap,
    "log_alternate_names": log_alternate_names,
    "names_gap": names_gap,
    "capital": capital,
    **{f"kind_{kind}": _kind_is(kind) for kind in KINDS},
    "spelled_as_written": spelled_as_written,
    "override": override,
    "main_name": main_name,
    "same_country": same_country,
    "division_support": division_support,
    "cue_kind": cue_kind,
    "inside_named_region": inside_named_region,
    "holds_named_place": holds_named_place,
    **{f"namesake_{kind}": _namesake(kind) for kind in NAMESAKE_KINDS},
    "another_names_place": another_names_place,
    "proximity": proximity,
})
FEATURE_NAMES: tuple[str, ...] = tuple(FEATURES)

#: The fitted weights (:mod:`scripts.train_ranker` writes them): ``feature,weight`` rows.
WEIGHTS_CSV = Path(__file__).with_name("data") / "ranker_weights.csv"
#: Weights not learned from data: a curated or user correction always wins.
FIXED_WEIGHTS: Mapping[str, float] = MappingProxyType({"override": 50.0})


def load_weights(path: Path = WEIGHTS_CSV) -> Mapping[str, float]:
    """``{feature: weight}`` in :data:`FEATURE_NAMES` order, read from ``path``.

    Lines starting with ``#`` are comments (the training script records there what
    the weights were fitted on). Every feature must have exactly one finite weight;
    :data:`FIXED_WEIGHTS` are the same whatever the file says.
    """
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise LexiconError(f"cannot read the ranking weights {path}: {err}") from err
    weights: dict[str, float] = {}
    for number, row in enumerate(rows, start=2):
        name, raw = (row.get("feature") or "").strip(), (row.get("weight") or "").strip()
        if name not in FEATURES or name in weights:
            raise LexiconError(f"{path}: row {number}: unknown or repeated feature {name!r}")
        try:
            weights[name] = float(raw)
        except ValueError:
            raise LexiconError(f"{path}: row {number}: weight {raw!r} is not a number") from None
        if not math.isfinite(weights[name]):
            raise LexiconError(f"{path}: row {number}: weight {raw!r} is not finite")
    missing = [name for name in FEATURE_NAMES if name not in weights]
    if missing:
        raise LexiconError(f"{path}: no weight for {', '.join(missing)}")
    weights.update(FIXED_WEIGHTS)
    return MappingProxyType({name: weights[name] for name in FEATURE_NAMES})


#: The weight of each feature: the score is ``sum(WEIGHTS[n] * FEATURES[n](...))``,
#: fitted on annotated news (see :data:`WEIGHTS_CSV`).
_WEIGHTS: dict[str, float] = dict(load_weights())
WEIGHTS: Mapping[str, float] = MappingProxyType(_WEIGHTS)

#: Features that are 0.0 for every candidate while this field of the context is
#: empty; :func:`active_terms` leaves them out then, which saves most calls.
_CONTEXT_FIELD: Mapping[str, str] = MappingProxyType({
    "main_name": "written", "same_country": "country_codes", "division_support": "division_support",
    "cue_kind": "kind_hint", "inside_named_region": "inside", "holds_named_place": "holding",
    **{f"namesake_{kind}": "namesakes" for kind in NAMESAKE_KINDS}, "another_names_place": "anchors",
    "proximity": "anchors",
})

Term = tuple[float, Feature]
_CONTEXT_FIELDS = tuple(dict.fromkeys(_CONTEXT_FIELD.values()))
_context_fields = attrgetter(*_CONTEXT_FIELDS)
#: :func:`active_terms` by feature names and which context fields are set (a few hundred at most).
_TERMS: dict[tuple[tuple[str, ...], tuple[bool, ...]], tuple[Term, ...]] = {}
#: The weight of each kind's ``kind_*`` feature (of which one fires per candidate).
_KIND_WEIGHTS: dict[str, float] = {kind: WEIGHTS[f"kind_{kind}"] for kind in KINDS}


@contextmanager
def weights_in_use(weights: Mapping[str, float]) -> Iterator[None]:
    """Rank with ``weights`` (every feature's; :data:`FIXED_WEIGHTS` kept) inside the
    ``with`` block, then with the weights as they were: how a script fitting them
    scores a candidate set of weights. Not thread-safe: for scripts, not the app."""
    missing = [name for name in FEATURE_NAMES if name not in weights]
    if missing:
        raise LexiconError(f"no weight for {', '.join(missing)}")
    saved = dict(_WEIGHTS)

    def install(values: Mapping[str, float]) -> None:
        _WEIGHTS.update({name: float(values[name]) for name in FEATURE_NAMES})
        _WEIGHTS.update(FIXED_WEIGHTS)
        _KIND_WEIGHTS.update({kind: _WEIGHTS[f"kind_{kind}"] for kind in KINDS})
        _TERMS.clear()
        _PLACE_CACHE.clear()

    install(weights)
    try:
        yield
    finally:
        install(saved)


#: Features that read the candidate alone (not the article): :func:`_place_term`
#: adds them up once per candidate.
PLACE_FEATURES = ("log_population", "log_alternate_names", "capital")
#: candidate id -> (candidate, its weighted :data:`PLACE_FEATURES` and kind); cleared
#: when the weights change or it grows past :data:`_PLACE_CACHE_SIZE`.
_PLACE_CACHE: dict[int, tuple[Candidate, float]] = {}
_PLACE_CACHE_SIZE = 200_000


def _place_term(match: NameMatch, context: DocumentContext) -> float:
    """The weighted features of the candidate alone (:data:`PLACE_FEATURES`, its kind)
    added up, kept per candidate: the gazetteer hands out the same candidates again
    for each article that names them."""
    candidate = match.candidate
    entry = _PLACE_CACHE.get(id(candidate))
    if entry is not None and entry[0] is candidate:
        return entry[1]
    total = _KIND_WEIGHTS.get(candidate.kind, 0.0)
    for name in PLACE_FEATURES:
        total += _WEIGHTS[name] * FEATURES[name](match, context)
    if len(_PLACE_CACHE) >= _PLACE_CACHE_SIZE:
        _PLACE_CACHE.clear()
    _PLACE_CACHE[id(candidate)] = (candidate, total)
    return total


def active_terms(names: tuple[str, ...], context: DocumentContext) -> tuple[Term, ...]:
    """``(weight, feature)`` for the ``names`` that can add anything in ``context``,
    in order: a zero weight, or a feature whose context field is empty, adds 0.0.

        >>> [feature.__name__ for _, feature in active_terms(("cue_kind", "override"), DocumentContext())]
        ['override']

    The features of the candidate alone (:data:`PLACE_FEATURES` and the ``kind_*``
    ones, of which one fires) are one term (weight 1.0, :func:`_place_term`), at the
    place of the first.
    """
    key = (names, tuple(map(bool, _context_fields(context))))
    if key not in _TERMS:
        fired = dict(zip(_CONTEXT_FIELDS, key[1]))
        terms: list[Term] = []
        for name in names:
            if name.startswith("kind_") or name in PLACE_FEATURES:
                if (1.0, _place_term) not in terms:
                    terms.append((1.0, _place_term))
            elif WEIGHTS[name] != 0.0 and (name not in _CONTEXT_FIELD or fired[_CONTEXT_FIELD[name]]):
                terms.append((WEIGHTS[name], FEATURES[name]))
        _TERMS[key] = tuple(terms)
    return _TERMS[key]


def weighted_sums(matches: Sequence[NameMatch], context: DocumentContext,
                  terms: Sequence[Term]) -> list[float]:
    """Each candidate's ``weight * feature(match, context)`` added up in order, left
    to right (not :func:`sum`, which compensates rounding from Python 3.12:
    scores must not change with the interpreter)."""
    sums = []
    for match in matches:
        total = 0.0
        for weight, feature in terms:
            total += weight * feature(match, context)
        sums.append(total)
    return sums


def weighted_sum(match: NameMatch, context: DocumentContext) -> float:
    """The candidate's score: every feature's weighted value, added up in :data:`FEATURES` order.

    The namesake features see ``context.namesakes`` only (see :func:`with_namesakes`).
    """
    return weighted_sums([match], context, active_terms(FEATURE_NAMES, context))[0]


def feature_vector(match: NameMatch, context: DocumentContext) -> dict[str, float]:
    """Every feature's raw value for one candidate, in :data:`FEATURE_NAMES` order."""
    return {name: feature(match, context) for name, feature in FEATURES.items()}


def feature_vectors(matches: Sequence[NameMatch], *,
                    context: DocumentContext) -> list[dict[str, float]]:
    """:func:`feature_vector` of each of one name's candidates, in order, with
    the namesake features filled in from the candidates (:func:`with_namesakes`):
    the rows a script fitting :data:`WEIGHTS` needs."""
    context = with_namesakes(matches, context)
    return [feature_vector(m, context) for m in matches]
