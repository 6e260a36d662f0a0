"""Ranking: each feature on hand-built candidates, the weighted sum, confidences, explanations."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from geopy.distance import great_circle
from hypothesis import given
from hypothesis import strategies as st

from gazetteer import KINDS, Candidate, NameMatch, fold_spelling, great_circle_km

from geo_events.errors import LexiconError
from geo_events.geoparse.anchors import Anchors
from geo_events.geoparse.features import (FEATURE_NAMES, FEATURES, FIXED_WEIGHTS, NAMESAKE_KINDS,
                                          PROXIMITY_SCALE_KM, REGION_POPULATION, WEIGHTS, WEIGHTS_CSV,
                                          DocumentContext, active_terms, another_names_place, load_weights,
                                          weights_in_use,
                                          cue_kind, division_support, feature_vector, feature_vectors,
                                          holds_named_place, inside_named_region, log_population,
                                          main_name, override, proximity, same_country,
                                          spelled_as_written, weighted_sum, with_namesakes)
from geo_events.geoparse.ranking import (PROXIMITY_SHORTLIST, confidences, explain_candidates,
                                         rank_candidates, score_candidate)


def place(name: str = "Town", kind: str = "city", cc: str = "SY", admin1: str = "04", *,
          population: int = 0, lat: float = 35.0, lon: float = 39.0) -> Candidate:
    return Candidate(name, lat, lon, kind, cc, admin1, population)


def match(candidate: Candidate | None = None, spelled: bool = True, corrected: bool = False) -> NameMatch:
    return NameMatch(candidate or place(), spelled, corrected)


NOTHING = DocumentContext()

#: Round weights for checking the arithmetic by hand (the packaged ones are fitted).
HAND = {name: 0.0 for name in FEATURE_NAMES} | {
    "log_population": 1.0, "kind_country": 6.0, "kind_region": 5.0, "kind_admin1": 3.0,
    "kind_admin2": -1.0, "spelled_as_written": 5.0, "override": 50.0, "main_name": 1.0,
    "same_country": 3.0, "division_support": 2.0, "cue_kind": 4.0, "inside_named_region": 4.0,
    "holds_named_place": 4.0, "namesake_admin1": -4.0, "proximity": 3.0}


@pytest.fixture(autouse=True)
def hand_weights() -> Iterator[None]:
    """Every test here ranks with :data:`HAND`, except those that read the packaged weights."""
    with weights_in_use(HAND):
        yield


def added_up(m: NameMatch, context: DocumentContext) -> float:
    """Every feature's weighted value added left to right, none skipped."""
    total = 0.0
    for name in FEATURE_NAMES:
        total += WEIGHTS[name] * FEATURES[name](m, context)
    return total


# --- one test per feature: a case where it fires, one where it does not ---

@pytest.mark.parametrize(("candidate", "expected"), [
    (place(population=990), 3.0),                                  # log10(990 + 10)
    (place(population=0), 1.0),                                    # log10(10): no recorded people
    (place("Levant", "region", "", "", population=0), math.log10(REGION_POPULATION + 10)),
    (place("Sahel", "region", "", "", population=90), 2.0),        # a recorded population is used
])
def test_log_population_is_log10_of_people_plus_ten(candidate: Candidate, expected: float) -> None:
    assert log_population(match(candidate), NOTHING) == pytest.approx(expected)


@pytest.mark.parametrize("kind", KINDS)
def test_kind_feature_fires_for_its_own_kind_only(kind: str) -> None:
    own = place(kind=kind)
    other = place(kind="feature" if kind != "feature" else "city")
    assert FEATURES[f"kind_{kind}"](match(own), NOTHING) == 1.0
    assert FEATURES[f"kind_{kind}"](match(other), NOTHING) == 0.0


def test_spelled_as_written_fires_for_a_recorded_spelling_only() -> None:
    assert spelled_as_written(match(spelled=True), NOTHING) == 1.0
    assert spelled_as_written(match(spelled=False), NOTHING) == 0.0


def test_override_fires_for_a_correction_only() -> None:
    assert override(match(corrected=True), NOTHING) == 1.0
    assert override(match(corrected=False), NOTHING) == 0.0


@pytest.mark.parametrize(("name", "spelled", "written", "expected"), [
    ("Rogersville", True, "Rogersville", 1.0),   # the place's own name, as written
    ("Rogers Park", True, "Rogersville", 0.0),   # written is one of its other names
    ("Rogersville", False, "Rogersville", 0.0),  # only folds alike
    ("Rogersville", True, "", 0.0),              # the written name is not known
])
def test_main_name_fires_when_the_text_spells_the_main_name(name: str, spelled: bool, written: str,
                                                              expected: float) -> None:
    context = DocumentContext(written=fold_spelling(written) if written else "")
    assert main_name(match(place(name), spelled), context) == expected


@pytest.mark.parametrize(("cc", "named", "expected"), [
    ("SY", {"SY", "IQ"}, 1.0),
    ("GB", {"SY", "IQ"}, 0.0),
    ("", {""}, 0.0),             # a place without a country is in no named country
])
def test_same_country_fires_when_the_article_names_its_country(cc: str, named: set[str],
                                                                 expected: float) -> None:
    assert same_country(match(place(cc=cc)), DocumentContext(frozenset(named))) == expected


@pytest.mark.parametrize(("support", "expected"), [(0, 0.0), (1, 1.0), (2, 2.0), (5, 2.0)])
def test_division_support_counts_other_names_in_the_division_up_to_two(support: int,
                                                                        expected: float) -> None:
    context = DocumentContext(division_support={("US", "TX"): support, ("US", "GA"): 9})
    assert division_support(match(place("Athens", cc="US", admin1="TX")), context) == expected


def test_division_support_needs_a_division() -> None:
    context = DocumentContext(division_support={("US", ""): 3})
    assert division_support(match(place("Athens", cc="US", admin1="")), context) == 0.0


@pytest.mark.parametrize(("kind", "hint", "expected"), [
    ("admin1", "admin1", 1.0), ("city", "admin1", 0.0), ("admin1", None, 0.0)])
def test_cue_kind_fires_when_the_words_beside_give_the_kind(kind: str, hint: str | None,
                                                            expected: float) -> None:
    assert cue_kind(match(place("Raqqa", kind)), DocumentContext(kind_hint=hint)) == expected


@pytest.mark.parametrize(("inside", "expected"), [
    ({("US", "TX")}, 1.0),    # "Paris, Texas"
    ({("US", "")}, 1.0),      # "Paris, USA"
    ({("US", "GA")}, 0.0),
    (set(), 0.0),
])
def test_inside_named_region_fires_inside_the_place_written_after(inside: set, expected: float) -> None:
    paris = place("Paris", cc="US", admin1="TX")
    assert inside_named_region(match(paris), DocumentContext(inside=frozenset(inside))) == expected


@pytest.mark.parametrize(("candidate", "expected"), [
    (place("Texas", "admin1", "US", "TX"), 1.0),
    (place("United States", "country", "US", "XX"), 1.0),   # a country holds by country alone
    (place("Texas", "city", "US", "TX"), 0.0),               # a town holds nothing
    (place("Texas", "admin1", "US", "GA"), 0.0),
])
def test_holds_named_place_fires_for_a_division_holding_the_name_before(candidate: Candidate,
                                                                         expected: float) -> None:
    context = DocumentContext(holding=frozenset({("US", "TX"), ("US", "")}))
    assert holds_named_place(match(candidate), context) == expected


@pytest.mark.parametrize("kind", NAMESAKE_KINDS)
def test_namesake_feature_fires_for_a_division_named_after_its_town(kind: str) -> None:
    feature = FEATURES[f"namesake_{kind}"]
    division = place("Raqqa", kind)
    context = DocumentContext(namesakes=frozenset({("SY", "04")}))
    assert feature(match(division), context) == 1.0
    assert feature(match(division, spelled=False), context) == 1.0   # its town's spelling counts
    assert feature(match(place("Raqqa", "city")), context) == 0.0
    assert feature(match(division), NOTHING) == 0.0
    cued = DocumentContext(namesakes=frozenset({("SY", "04")}), kind_hint=kind)
    assert feature(match(division), cued) == 0.0                      # "Raqqa province"


def test_a_namesake_division_spelled_otherwise_has_its_towns_spelling() -> None:
    context = DocumentContext(namesakes=frozenset({("SY", "04")}))
    assert spelled_as_written(match(place("Raqqa", "admin1"), spelled=False), context) == 1.0
    assert spelled_as_written(match(place("Raqqa", "admin1"), spelled=False), NOTHING) == 0.0
    assert spelled_as_written(match(place("Raqqa", "city"), spelled=False), context) == 0.0


@pytest.mark.parametrize(("anchors", "expected"), [
    (((35.0, 39.0),), 1.0),                                          # on the anchor
    (((35.0, 39.0 + 300.0 / (111.195 * math.cos(math.radians(35.0)))),), math.exp(-1.0)),  # ~300 km
    (((35.0, 45.0), (35.0, 39.0)), 1.0),                             # the nearest anchor counts
    (((46.0, 39.0),), 0.0),                                          # over 10 degrees of latitude off
    ((), 0.0),
])
def test_proximity_decays_with_the_distance_to_the_nearest_anchor(anchors: tuple,
                                                                  expected: float) -> None:
    value = proximity(match(place()), DocumentContext(anchors=anchors))
    assert value == pytest.approx(expected, abs=0.01)
    assert 0.0 <= value <= 1.0


def test_proximity_measures_across_the_date_line() -> None:
    fiji = place("Labasa", lat=-16.4, lon=179.4)
    assert proximity(match(fiji), DocumentContext(anchors=((-16.4, -179.9),))) > 0.7


# --- the weights ---

def test_weights_cover_exactly_the_features_in_order() -> None:
    assert tuple(WEIGHTS) == tuple(FEATURES) == FEATURE_NAMES


def test_the_packaged_weights_are_read_from_their_csv() -> None:
    packaged = load_weights(WEIGHTS_CSV)
    assert tuple(packaged) == FEATURE_NAMES and packaged["override"] == FIXED_WEIGHTS["override"]
    assert all(math.isfinite(w) for w in packaged.values())
    # Fitted, so the features that generalise carry weight the right way round.
    assert packaged["spelled_as_written"] > 0 and packaged["same_country"] > 0
    assert packaged["proximity"] > 0 and packaged["inside_named_region"] > 0


def test_weights_in_use_are_restored_after_the_block() -> None:
    with weights_in_use({**HAND, "same_country": 7.5}):
        assert WEIGHTS["same_country"] == 7.5
    assert WEIGHTS["same_country"] == HAND["same_country"]
    with pytest.raises(LexiconError, match="no weight for"):
        with weights_in_use({"log_population": 1.0}):
            pass


@pytest.mark.parametrize(("rows", "message"), [
    ("feature,weight\nlog_population,1\n", "no weight for"),
    ("feature,weight\nnot_a_feature,1\n", "unknown or repeated"),
    ("feature,weight\nlog_population,x\n", "not a number"),
    ("feature,weight\nlog_population,inf\n", "not finite"),
])
def test_bad_weight_files_are_refused_naming_the_row(tmp_path: Path, rows: str, message: str) -> None:
    path = tmp_path / "weights.csv"
    path.write_text("# a comment\n" + rows, encoding="utf-8")
    with pytest.raises(LexiconError, match=message):
        load_weights(path)


def test_weights_cannot_be_changed_in_place() -> None:
    with pytest.raises(TypeError):
        WEIGHTS["override"] = 0.0  # type: ignore[index]


# --- the weighted sum ---

CONTEXTS = [
    NOTHING,
    DocumentContext(frozenset({"SY"}), anchors=((35.5, 39.5),), division_support={("SY", "04"): 1},
                    kind_hint="admin1", inside=frozenset({("SY", "")}),
                    holding=frozenset({("SY", "04")}), written=fold_spelling("Raqqa"),
                    namesakes=frozenset({("SY", "04")})),
]
MATCHES = [match(place("Raqqa", kind, population=200_000), spelled) for kind in KINDS
           for spelled in (True, False)] + [match(corrected=True)]


@pytest.mark.parametrize("context", CONTEXTS)
def test_score_is_the_weighted_sum_of_every_feature(context: DocumentContext) -> None:
    for m in MATCHES:
        assert weighted_sum(m, context) == score_candidate(m, context) == added_up(m, context)


def test_weighted_sum_of_a_town_by_hand() -> None:
    town = match(place(population=990))
    context = DocumentContext(frozenset({"SY"}), division_support={("SY", "04"): 1})
    assert weighted_sum(town, context) == 3.0 + 5.0 + 3.0 + 2.0


def test_active_terms_leave_out_features_that_cannot_fire() -> None:
    names = [feature.__name__ for _, feature in active_terms(FEATURE_NAMES, NOTHING)]
    assert names == ["_place_term", "spelled_as_written", "override"]
    everything = [feature.__name__ for _, feature in active_terms(FEATURE_NAMES, CONTEXTS[1])]
    assert everything[-1] == "proximity" and "cue_kind" in everything and "namesake_admin1" in everything
    assert "namesake_admin2" not in everything   # its weight is 0.0


def test_with_namesakes_reads_regions_holding_a_town_and_a_division() -> None:
    town, division = place("Raqqa"), place("Raqqa", "admin1")
    elsewhere = place("Raqqa", "admin2", admin1="09")
    context = DocumentContext(frozenset({"SY"}), written="raqa")
    found = with_namesakes([match(town), match(division), match(elsewhere)], context)
    assert found.namesakes == {("SY", "04")}
    assert (found.country_codes, found.written) == (context.country_codes, context.written)
    # A division spelled otherwise than its town is still its namesake ("Deir al-Zour").
    assert with_namesakes([match(town), match(division, spelled=False)], context).namesakes == {("SY", "04")}
    assert with_namesakes([match(town, spelled=False), match(division)], context).namesakes == frozenset()
    assert with_namesakes([match(town), match(division), match(elsewhere)], found) is found


def test_with_namesakes_reads_the_largest_and_most_named_spelled_candidate() -> None:
    big = Candidate("Paris", 48.9, 2.3, "city", "FR", "11", population=2_000_000, alternate_names=99)
    small = Candidate("Paris", 33.7, -95.6, "city", "US", "TX", population=25_000, alternate_names=9)
    loose = Candidate("Parys", -26.9, 27.5, "city", "ZA", population=50_000_000, alternate_names=999)
    found = with_namesakes([NameMatch(small, True), NameMatch(big, True), NameMatch(loose, False)],
                           NOTHING)
    assert found.largest == pytest.approx(math.log10(2_000_010))
    assert found.most_named == pytest.approx(2.0)
    rows = feature_vectors([NameMatch(small, True), NameMatch(big, True)], context=NOTHING)
    assert rows[1]["population_gap"] == rows[1]["names_gap"] == 0.0
    assert rows[0]["population_gap"] == pytest.approx(math.log10(25_010) - math.log10(2_000_010))
    assert rows[0]["names_gap"] == pytest.approx(-1.0)


def test_feature_vectors_fill_in_the_namesakes() -> None:
    rows = feature_vectors([match(place("Raqqa")), match(place("Raqqa", "admin1"))], context=NOTHING)
    assert [row["namesake_admin1"] for row in rows] == [0.0, 1.0]
    assert list(rows[0]) == list(FEATURE_NAMES)
    assert feature_vector(match(place("Raqqa", "admin1")), NOTHING)["namesake_admin1"] == 0.0


# --- ranking and confidence ---

def test_confidence_is_the_logistic_of_the_margin() -> None:
    town = match(place("Big", population=99_990))                 # 5 + 5 = 10
    village = match(place("Small", population=990, lat=30.0))      # 3 + 5 = 8, far away
    (first, top), (second, other) = rank_candidates([village, town], context=NOTHING)
    assert (first.name, second.name) == ("Big", "Small")
    assert top == pytest.approx(1.0 / (1.0 + math.exp(-2.0)))
    assert other == pytest.approx(1.0 / (1.0 + math.exp(2.0)))


def test_a_candidate_at_the_same_point_does_not_lower_the_best_ones_confidence() -> None:
    town = match(place("Big", population=99_990))                        # 10
    municipality = match(place("Big", "admin2", population=99_990))      # 9, same point
    far = match(place("Small", population=990, lat=30.0))               # 8, 550 km away
    ranked = rank_candidates([far, municipality, town], context=NOTHING)
    assert [c.kind for c, _ in ranked][:2] == ["city", "admin2"]
    assert ranked[0][1] == pytest.approx(1.0 / (1.0 + math.exp(-2.0)))   # against "Small"
    alone = rank_candidates([municipality, town], context=NOTHING)
    assert alone[0][1] == 1.0


def test_confidences_of_a_lone_candidate_and_of_none() -> None:
    assert confidences([4.0]) == [1.0]
    assert confidences([]) == []


def test_equal_scores_keep_the_given_order() -> None:
    a, b = match(place("A")), match(place("B"))
    assert [c.name for c, _ in rank_candidates([a, b], context=NOTHING)] == ["A", "B"]
    assert [c.name for c, _ in rank_candidates([b, a], context=NOTHING)] == ["B", "A"]


def test_a_bare_namesake_is_the_town_and_a_cue_brings_the_division_back() -> None:
    town = match(place("Raqqa", population=200_000))
    province = match(place("Raqqa", "admin1", population=900_000))
    assert rank_candidates([province, town], context=NOTHING)[0][0].kind == "city"
    cued = DocumentContext(kind_hint="admin1")
    assert rank_candidates([province, town], context=cued)[0][0].kind == "admin1"


def test_only_the_shortlist_gets_proximity() -> None:
    # Eleven far, bigger places outrank a near village before proximity is added.
    far = [match(place(f"Far{i}", population=1_000_000 - i, lat=-40.0)) for i in range(PROXIMITY_SHORTLIST)]
    near = match(place("Near", population=999_000))
    context = DocumentContext(anchors=((35.0, 39.0),))
    explained = explain_candidates(far + [near], context=context)
    assert explained[-1].candidate.name == "Near" and "proximity" not in explained[-1].features
    assert all(e.features["proximity"] == 0.0 for e in explained[:-1])
    assert score_candidate(near, context) > explained[0].score   # it would win with the term


# --- explanations ---

def test_explanations_follow_the_ranking_and_add_up() -> None:
    context = CONTEXTS[1]
    explained = explain_candidates(MATCHES, context=context)
    ranked = rank_candidates(MATCHES, context=context)
    assert [(e.candidate, e.confidence) for e in explained] == ranked
    for e in explained:
        total = 0.0
        for name, term in e.terms.items():
            assert term == WEIGHTS[name] * e.features[name]
            total += term
        assert total == e.score


def test_explanation_reads_as_the_terms_that_fired() -> None:
    town = match(place("Town", population=990))
    explained = explain_candidates([town], context=DocumentContext(frozenset({"SY"})))
    assert str(explained[0]) == ("Town (city, SY/04): 11.00, confidence 1.000 = "
                                 "log_population +3.00, spelled_as_written +5.00, same_country +3.00")
    assert explain_candidates([], context=NOTHING) == []


def test_another_names_place_fires_on_a_sure_point_of_another_name_only() -> None:
    city = place("Mexico City", lat=19.43, lon=-99.13)
    context = DocumentContext(anchors=Anchors([(19.43, -99.13), (25.0, -100.0)]))
    assert another_names_place(match(city), context) == 1.0
    # The name's own point left out of the anchors (as the resolver does) no longer counts.
    assert another_names_place(match(city), DocumentContext(anchors=Anchors([(19.43, -99.13), (25.0, -100.0)]
                                                                            ).without((19.43, -99.13)))) == 0.0
    assert another_names_place(match(place("Elsewhere", lat=20.0, lon=-99.0)), context) == 0.0


@given(st.floats(-90, 90), st.floats(-180, 180), st.floats(-90, 90), st.floats(-180, 180))
def test_great_circle_km_is_geopys_great_circle(lat1, lon1, lat2, lon2):
    """The ranking's own distance is geopy's great-circle distance (same formula and radius)."""
    assert great_circle_km((lat1, lon1), (lat2, lon2)) == pytest.approx(
        great_circle((lat1, lon1), (lat2, lon2)).km, rel=1e-12, abs=1e-9)
