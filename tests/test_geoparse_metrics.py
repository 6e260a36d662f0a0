"""benchmarks/geoparse_metrics.py: resolution, recognition and end-to-end scores on hand-made inputs."""

from __future__ import annotations

import math

import pytest

from benchmarks.geoparse_metrics import (ACC_KM, UNRESOLVED_KM, SpanPoint, end_to_end_acc, error_km,
                                         overlaps, recognition_scores, resolution_scores)

LN_MAX = math.log(UNRESOLVED_KM)


@pytest.mark.parametrize(("errors", "acc", "mean", "median", "auc", "unresolved"), [
    ([0.0], 1.0, 0.0, 0.0, 0.0, 0),
    ([161.0], 1.0, 161.0, 161.0, math.log(162.0) / LN_MAX, 0),   # 161 km itself counts as right
    ([161.5], 0.0, 161.5, 161.5, math.log(162.5) / LN_MAX, 0),
    ([0.0, 100.0, 500.0, 1000.0], 0.5, 400.0, 300.0,
     (math.log(1) + math.log(101) + math.log(501) + math.log(1001)) / 4 / LN_MAX, 0),
    ([None], 0.0, UNRESOLVED_KM, UNRESOLVED_KM, math.log1p(UNRESOLVED_KM) / LN_MAX, 1),
    ([10.0, None, 20.0], 2 / 3, (30.0 + UNRESOLVED_KM) / 3, 20.0,
     (math.log(11) + math.log1p(UNRESOLVED_KM) + math.log(21)) / 3 / LN_MAX, 1),
])
def test_resolution_scores(errors: list[float | None], acc: float, mean: float, median: float,
                           auc: float, unresolved: int) -> None:
    scores = resolution_scores(errors)
    assert scores.acc161 == pytest.approx(acc)
    assert scores.mean_km == pytest.approx(mean)
    assert scores.median_km == pytest.approx(median)
    assert scores.auc == pytest.approx(auc)
    assert (scores.n, scores.unresolved) == (len(errors), unresolved)


def test_unresolved_counts_as_20039_km() -> None:
    unresolved, charged = resolution_scores([None, 0.0]), resolution_scores([UNRESOLVED_KM, 0.0])
    assert (unresolved.acc161, unresolved.mean_km, unresolved.median_km, unresolved.auc) == \
        (charged.acc161, charged.mean_km, charged.median_km, charged.auc) == \
        (0.5, UNRESOLVED_KM / 2, UNRESOLVED_KM / 2, math.log1p(UNRESOLVED_KM) / 2 / LN_MAX)
    assert (unresolved.unresolved, charged.unresolved) == (1, 0)


def test_resolution_of_nothing_is_undefined_not_zero() -> None:
    scores = resolution_scores([])
    assert (scores.n, scores.unresolved) == (0, 0)
    assert all(math.isnan(v) for v in (scores.acc161, scores.mean_km, scores.median_km, scores.auc))


@pytest.mark.parametrize("bad", [-1.0, math.nan])
def test_resolution_rejects_impossible_distances(bad: float) -> None:
    with pytest.raises(ValueError, match="error distance"):
        resolution_scores([1.0, bad])


def test_error_km_is_great_circle_and_none_when_unresolved() -> None:
    assert error_km((0.0, 0.0), (0.0, 1.0)) == pytest.approx(111.19, abs=0.01)
    assert error_km((51.5, -0.13), (51.5, -0.13)) == 0.0
    assert error_km(None, (0.0, 0.0)) is None


@pytest.mark.parametrize(("a", "b", "expected"), [
    ((0, 5), (4, 9), True), ((0, 5), (5, 9), False), ((3, 4), (0, 10), True), ((0, 1), (2, 3), False),
])
def test_overlaps_is_half_open(a: tuple[int, int], b: tuple[int, int], expected: bool) -> None:
    assert overlaps(a, b) is expected and overlaps(b, a) is expected


# predicted spans per doc, gold spans per doc, exact (P, R, F1), overlap (P, R, F1)
RECOGNITION_CASES = [
    pytest.param([[(0, 5)]], [[(0, 5)]], (1.0, 1.0, 1.0), (1.0, 1.0, 1.0), id="perfect"),
    pytest.param([[(0, 5), (10, 12)]], [[(0, 5), (11, 20)]], (0.5, 0.5, 0.5), (1.0, 1.0, 1.0),
                 id="one-exact-one-partial"),
    pytest.param([[(0, 12)]], [[(0, 5), (6, 12)]], (0.0, 0.0, 0.0), (1.0, 1.0, 1.0),
                 id="one-long-prediction-covers-two-golds"),
    pytest.param([[(0, 3), (3, 5)]], [[(0, 5)]], (0.0, 0.0, 0.0), (1.0, 1.0, 1.0),
                 id="two-short-predictions-in-one-gold"),
    pytest.param([[(0, 5), (30, 35)], [(7, 9)]], [[(0, 5)], [(7, 9), (20, 25)]],
                 (2 / 3, 2 / 3, 2 / 3), (2 / 3, 2 / 3, 2 / 3), id="two-docs-pooled"),
    pytest.param([[(7, 9)], []], [[], [(7, 9)]], (0.0, 0.0, 0.0), (0.0, 0.0, 0.0),
                 id="right-span-wrong-doc"),
]


@pytest.mark.parametrize(("predicted", "gold", "exact", "overlap"), RECOGNITION_CASES)
def test_recognition_scores(predicted: list, gold: list, exact: tuple, overlap: tuple) -> None:
    scores = recognition_scores(predicted, gold)
    assert (scores.exact.precision, scores.exact.recall, scores.exact.f1) == pytest.approx(exact)
    assert (scores.overlap.precision, scores.overlap.recall, scores.overlap.f1) == pytest.approx(overlap)


def test_recognition_counts_precision_from_predictions_and_recall_from_golds() -> None:
    scores = recognition_scores([[(0, 12), (20, 22)]], [[(0, 5), (6, 12), (30, 31)]]).overlap
    assert (scores.matched_predicted, scores.predicted) == (1, 2)
    assert (scores.matched_gold, scores.gold) == (2, 3)
    assert (scores.precision, scores.recall) == pytest.approx((1 / 2, 2 / 3))


@pytest.mark.parametrize(("predicted", "gold", "precision", "recall", "f1"), [
    ([], [], None, None, None),
    ([[]], [[]], None, None, None),
    ([[]], [[(0, 5)]], None, 0.0, 0.0),          # found nothing: F1 is 0, precision undefined
    ([[(0, 5)]], [[]], 0.0, None, 0.0),          # only false alarms
])
def test_recognition_of_empty_inputs(predicted: list, gold: list, precision: float | None,
                                     recall: float | None, f1: float | None) -> None:
    for scores in recognition_scores(predicted, gold).exact, recognition_scores(predicted, gold).overlap:
        for value, expected in ((scores.precision, precision), (scores.recall, recall), (scores.f1, f1)):
            assert math.isnan(value) if expected is None else value == expected


def test_recognition_needs_one_span_list_per_document() -> None:
    with pytest.raises(ValueError, match="documents"):
        recognition_scores([[(0, 1)]], [[(0, 1)], []])


LONDON, NEAR_LONDON, PARIS = (51.507, -0.128), (51.75, -1.26), (48.857, 2.352)  # Oxford ~83 km off


@pytest.mark.parametrize(("predicted", "gold", "correct", "n"), [
    pytest.param([[SpanPoint(0, 6, LONDON)]], [[SpanPoint(0, 6, LONDON)]], 1, 1, id="same-span-same-point"),
    pytest.param([[SpanPoint(2, 4, NEAR_LONDON)]], [[SpanPoint(0, 6, LONDON)]], 1, 1,
                 id="overlap-within-161-km"),
    pytest.param([[SpanPoint(0, 6, PARIS)]], [[SpanPoint(0, 6, LONDON)]], 0, 1, id="right-span-too-far"),
    pytest.param([[SpanPoint(6, 9, LONDON)]], [[SpanPoint(0, 6, LONDON)]], 0, 1,
                 id="right-point-adjacent-span"),
    pytest.param([[SpanPoint(0, 6, None)]], [[SpanPoint(0, 6, LONDON)]], 0, 1, id="recognised-unresolved"),
    pytest.param([[SpanPoint(0, 6, PARIS), SpanPoint(0, 3, LONDON)]], [[SpanPoint(0, 6, LONDON)]], 1, 1,
                 id="any-overlapping-prediction-may-be-right"),
    pytest.param([[SpanPoint(0, 6, LONDON)]], [[SpanPoint(0, 6, LONDON), SpanPoint(10, 15, None)]], 1, 1,
                 id="gold-without-point-left-out"),
])
def test_end_to_end_acc(predicted: list, gold: list, correct: int, n: int) -> None:
    scores = end_to_end_acc(predicted, gold)
    assert (scores.correct, scores.n) == (correct, n)
    assert scores.acc161 == pytest.approx(correct / n)


def test_end_to_end_of_nothing_is_undefined() -> None:
    scores = end_to_end_acc([[SpanPoint(0, 6, LONDON)]], [[SpanPoint(0, 6, None)]])
    assert (scores.correct, scores.n) == (0, 0) and math.isnan(scores.acc161)


def test_end_to_end_threshold_is_161_km() -> None:
    gold = [[SpanPoint(0, 6, (0.0, 0.0))]]
    just_inside, just_outside = (0.0, 160.9 / 111.195), (0.0, 161.1 / 111.195)
    assert end_to_end_acc([[SpanPoint(0, 6, just_inside)]], gold).correct == 1
    assert end_to_end_acc([[SpanPoint(0, 6, just_outside)]], gold).correct == 0
    assert ACC_KM == 161.0
