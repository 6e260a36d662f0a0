"""The geoparsing metrics of Gritta et al. (2018): resolution, recognition, end to end.

    >>> from benchmarks.geoparse_metrics import resolution_scores
    >>> s = resolution_scores([0.0, 100.0, 500.0, None])
    >>> s.acc161, s.median_km, s.unresolved
    (0.5, 300.0, 1)

Pure functions on plain numbers and spans; nothing here knows a corpus or a
system. Undefined ratios (nothing to divide by) are ``math.nan``, never a
made-up 0 or 1. Spans are half-open ``(start, end)`` character offsets.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from geopy.distance import great_circle

__all__ = [
    "LatLon", "Span", "SpanPoint", "ACC_KM", "UNRESOLVED_KM",
    "ResolutionScores", "SpanMatchScores", "RecognitionScores", "EndToEndScores",
    "error_km", "resolution_scores", "recognition_scores", "end_to_end_acc", "overlaps",
]

LatLon = tuple[float, float]
Span = tuple[int, int]

#: 100 miles: the field's "correct" radius.
ACC_KM = 161.0
#: The error charged for an unresolved toponym (half the Earth's circumference, as in
#: Gritta et al. 2018); also the normaliser of AUC.
UNRESOLVED_KM = 20039.0


@dataclass(frozen=True, slots=True)
class SpanPoint:
    """A span with the point it was resolved to (``None``: recognised, not placed)."""

    start: int
    end: int
    point: LatLon | None


@dataclass(frozen=True, slots=True)
class ResolutionScores:
    """Scores of ``n`` resolution errors; ``unresolved`` of them were charged 20,039 km.

    ``auc`` is mean(ln(1 + km)) / ln(20039): 0 is perfect, lower is better.
    """

    acc161: float
    mean_km: float
    median_km: float
    auc: float
    n: int
    unresolved: int


@dataclass(frozen=True, slots=True)
class SpanMatchScores:
    """Precision from the predictions' side, recall from the gold side.

    ``matched_predicted`` of ``predicted`` spans match some gold span;
    ``matched_gold`` of ``gold`` spans are matched by some prediction.
    """

    precision: float
    recall: float
    f1: float
    matched_predicted: int
    predicted: int
    matched_gold: int
    gold: int


@dataclass(frozen=True, slots=True)
class RecognitionScores:
    """Span recognition scored by exact match and by overlap match."""

    exact: SpanMatchScores
    overlap: SpanMatchScores


@dataclass(frozen=True, slots=True)
class EndToEndScores:
    """``correct`` of ``n`` gold points found by an overlapping prediction within 161 km."""

    acc161: float
    correct: int
    n: int


def error_km(predicted: LatLon | None, gold: LatLon) -> float | None:
    """Great-circle distance in km, or ``None`` when nothing was predicted.

        >>> round(error_km((0.0, 0.0), (0.0, 1.0)), 1)
        111.2
    """
    return None if predicted is None else great_circle(predicted, gold).km


def resolution_scores(errors_km: Sequence[float | None], *, threshold_km: float = ACC_KM
                      ) -> ResolutionScores:
    """acc@161, mean, median and AUC of errors; ``None`` (unresolved) counts as 20,039 km.

        >>> resolution_scores([]).n
        0
    """
    unresolved = sum(e is None for e in errors_km)
    charged = [UNRESOLVED_KM if e is None else float(e) for e in errors_km]
    if not charged:
        return ResolutionScores(math.nan, math.nan, math.nan, math.nan, 0, 0)
    for km in charged:
        if math.isnan(km) or km < 0:
            raise ValueError(f"an error distance must be a number >= 0 km, got {km!r}")
    return ResolutionScores(
        acc161=sum(km <= threshold_km for km in charged) / len(charged),
        mean_km=statistics.fmean(charged),
        median_km=statistics.median(charged),
        auc=statistics.fmean(math.log1p(km) for km in charged) / math.log(UNRESOLVED_KM),
        n=len(charged),
        unresolved=unresolved,
    )


def overlaps(a: Span, b: Span) -> bool:
    """Whether two half-open spans share a character.

        >>> overlaps((0, 5), (4, 9)), overlaps((0, 5), (5, 9))
        (True, False)
    """
    return a[0] < b[1] and b[0] < a[1]


def recognition_scores(predicted: Sequence[Sequence[Span]], gold: Sequence[Sequence[Span]]
                       ) -> RecognitionScores:
    """P/R/F1 of predicted spans against gold spans, one sequence of spans per document.

        >>> s = recognition_scores([[(0, 5), (10, 12)]], [[(0, 5), (11, 20)]])
        >>> s.exact.precision, s.overlap.precision, s.overlap.recall
        (0.5, 1.0, 1.0)

    Exact: a prediction matches a gold span with the same offsets. Overlap: it
    shares at least one character with a gold span. A prediction counts once
    however many gold spans it matches, and so does a gold span.
    """
    if len(predicted) != len(gold):
        raise ValueError(f"predicted spans cover {len(predicted)} documents, gold spans {len(gold)}")
    exact = [0, 0, 0, 0]  # matched predicted, predicted, matched gold, gold
    overlap = [0, 0, 0, 0]
    for doc_predicted, doc_gold in zip(predicted, gold):
        gold_set, predicted_set = set(map(tuple, doc_gold)), set(map(tuple, doc_predicted))
        exact[0] += sum(tuple(p) in gold_set for p in doc_predicted)
        exact[2] += sum(tuple(g) in predicted_set for g in doc_gold)
        overlap[0] += sum(any(overlaps(p, g) for g in doc_gold) for p in doc_predicted)
        overlap[2] += sum(any(overlaps(g, p) for p in doc_predicted) for g in doc_gold)
        for counts in (exact, overlap):
            counts[1] += len(doc_predicted)
            counts[3] += len(doc_gold)
    return RecognitionScores(_span_match(*exact), _span_match(*overlap))


def end_to_end_acc(predicted: Sequence[Sequence[SpanPoint]], gold: Sequence[Sequence[SpanPoint]],
                   *, threshold_km: float = ACC_KM) -> EndToEndScores:
    """Share of gold points found by some overlapping prediction placed within ``threshold_km``.

        >>> gold = [[SpanPoint(0, 5, (0.0, 0.0)), SpanPoint(9, 12, None)]]
        >>> end_to_end_acc([[SpanPoint(0, 3, (0.0, 1.0))]], gold)
        EndToEndScores(acc161=1.0, correct=1, n=1)

    Gold spans without a point are left out (they have no right answer).
    """
    if len(predicted) != len(gold):
        raise ValueError(f"predictions cover {len(predicted)} documents, gold {len(gold)}")
    correct = n = 0
    for doc_predicted, doc_gold in zip(predicted, gold):
        for g in doc_gold:
            if g.point is None:
                continue
            n += 1
            correct += any(p.point is not None and overlaps((p.start, p.end), (g.start, g.end))
                           and great_circle(p.point, g.point).km <= threshold_km
                           for p in doc_predicted)
    return EndToEndScores(correct / n if n else math.nan, correct, n)


def _span_match(matched_predicted: int, predicted: int, matched_gold: int, gold: int
                ) -> SpanMatchScores:
    precision = matched_predicted / predicted if predicted else math.nan
    recall = matched_gold / gold if gold else math.nan
    if precision == 0 or recall == 0:  # nothing found, or nothing right: 0 even if the other is undefined
        f1 = 0.0
    elif math.isnan(precision) or math.isnan(recall):
        f1 = math.nan
    else:
        f1 = 2 * precision * recall / (precision + recall)
    return SpanMatchScores(precision, recall, f1, matched_predicted, predicted, matched_gold, gold)
