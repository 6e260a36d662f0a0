"""The ranker's training script: its model prefers what the data prefers, deterministically."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("scipy")

from scripts.train_ranker import LEARNED, Mention, fit, fold_of  # noqa: E402


def toy_mentions(n: int, *, feature: str, corpus: str = "toy") -> list[Mention]:
    """Names whose right candidate always has ``feature`` 1.0 and the others 0.0."""
    column = LEARNED.index(feature)
    found = []
    for i in range(n):
        rows = np.zeros((3, len(LEARNED)))
        rows[i % 3, column] = 1.0
        right = np.zeros(3, dtype=bool)
        right[i % 3] = True
        found.append(Mention(corpus, f"doc{i}", rows, right))
    return found


def test_fit_gives_weight_to_the_feature_that_picks_the_right_candidate() -> None:
    weights = fit(toy_mentions(30, feature="same_country"), l2=0.001)
    assert weights["same_country"] > 1.0
    assert all(abs(weights[name]) < 1e-3 for name in LEARNED if name != "same_country")
    assert weights["override"] == 50.0   # fixed, not fitted


def test_fit_is_deterministic() -> None:
    mentions = toy_mentions(20, feature="proximity") + toy_mentions(10, feature="capital", corpus="other")
    assert fit(mentions, l2=0.01) == fit(mentions, l2=0.01)


def test_each_corpus_weighs_the_same_whatever_its_size() -> None:
    # 100 names say capital wins, 10 say proximity wins: balanced, both get weight.
    weights = fit(toy_mentions(100, feature="capital", corpus="big")
                  + toy_mentions(10, feature="proximity", corpus="small"), l2=0.01)
    assert weights["proximity"] == pytest.approx(weights["capital"], rel=0.05)


def test_folds_are_stable_and_reach_every_fold() -> None:
    assert fold_of("doc-1", 5) == fold_of("doc-1", 5)
    assert {fold_of(f"doc-{i}", 5) for i in range(100)} == set(range(5))
