"""Fit the place ranker's weights on annotated news, cross-validated by document.

    python scripts/train_ranker.py            # cross-validate, print the table
    python scripts/train_ranker.py --write    # ... and write the weights into the package

The model: a linear score over the documented features of
:mod:`geo_events.geoparse.features`, fitted as a conditional logit (scipy; see
:func:`fit`): a gold place name's candidates compete in a softmax of their
scores, the right ones being the nearest the gold point within 161 km. Score
margins are then log-odds that the winner is the right one, so the resolver's
confidence (the logistic of the margin) means what it says. It stays a weighted
sum: the app reads a CSV of weights and never imports scipy, ranking costs what
it cost, and the same input gives the same output.

Training data: LGL and GeoVirus (``../shared/eval``) and the development half
of our own written cases (``benchmarks/data/unseen``, world news in many
styles: its test half is kept for ``benchmarks/bench_unseen.py``), given the
gold spans, as the resolver sees them (:meth:`~geo_events.geoparse.resolve.Resolver.ranking_inputs`).
Each corpus's documents go to ``--folds`` folds by the SHA-1 of their id; each
fold is resolved with weights fitted on the other folds of both corpora, and
the table reports those held-out folds beside the development score (fitted
and scored on everything) and the weights in the package. The resolver's
second pass depends on its first, so each fit runs ``--rounds`` times, the
contexts rebuilt with the weights of the round before.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_unseen import CASES_FILE, DATA_DIR, read_cases  # noqa: E402
from benchmarks.eval_corpora import CORPORA, EvalDoc, GoldToponym  # noqa: E402
from gazetteer import Gazetteer, great_circle_km  # noqa: E402
from geo_events.geoparse.features import (FEATURE_NAMES, FIXED_WEIGHTS, WEIGHTS, WEIGHTS_CSV,  # noqa: E402
                                          feature_vectors, weights_in_use)
from geo_events.pipeline import Geoparser, _mentions  # noqa: E402
from geo_events.text.document import Document  # noqa: E402

log = logging.getLogger("train_ranker")

#: A candidate this close to the gold point is a right answer (the field's acc@161).
RIGHT_KM = 161.0
#: Candidates this much further than the nearest one still count as right (a town's
#: records from two sources).
SAME_PLACE_KM = 10.0
LEARNED = tuple(name for name in FEATURE_NAMES if name not in FIXED_WEIGHTS)


@dataclass(frozen=True, slots=True)
class Mention:
    """One gold place name's candidates as feature rows, and which are right."""

    corpus: str
    doc_id: str
    rows: np.ndarray      # candidates x LEARNED
    right: np.ndarray     # bool per candidate


def own_dev_cases(path: Path = DATA_DIR / CASES_FILE) -> list[EvalDoc]:
    """The development half of our own written cases (``benchmarks/data/unseen``) as
    documents; their test half is never read here (``bench_unseen.py`` scores it)."""
    return [EvalDoc(case.case_id, case.text,
                    tuple(GoldToponym(p.start, p.end, p.name, *p.point, gold_name=p.name)
                          for p in case.places))
            for case in read_cases(path) if case.split == "dev"]


def fold_of(doc_id: str, folds: int) -> int:
    """The fold of a document: its id's SHA-1, modulo ``folds``."""
    return int(hashlib.sha1(doc_id.encode("utf-8")).hexdigest(), 16) % folds


def extract(parser: Geoparser, corpus: str, docs: Sequence[EvalDoc]) -> list[Mention]:
    """Feature rows of every gold name with a point, with the weights in use."""
    found = []
    for doc in docs:
        spans = [(t.start, t.end) for t in doc.toponyms]
        mentions = _mentions(Document.from_text(doc.text), spans)
        inputs = parser.resolver.ranking_inputs(mentions, text=doc.text)
        for toponym in doc.toponyms:
            if not toponym.has_point or toponym.phrase not in inputs:
                continue
            matches, context = inputs[toponym.phrase]
            if not matches:
                continue
            gold = (toponym.latitude, toponym.longitude)
            vectors = feature_vectors(matches, context=context)
            rows = np.array([[v[name] for name in LEARNED] for v in vectors])
            km = np.array([great_circle_km(m.candidate.latlon, gold) for m in matches])
            # The nearest candidates are the right ones (when within 161 km): a town
            # and its province may both lie within 161 km, but the gold point says which.
            right = (km <= RIGHT_KM) & (km <= km.min() + SAME_PLACE_KM)
            found.append(Mention(corpus, doc.doc_id, rows, right))
    return found


def fit(mentions: Sequence[Mention], *, l2: float) -> dict[str, float]:
    """Weights of every feature fitted on ``mentions`` (fixed ones as they are).

    A conditional logit (McFadden): a gold name's candidates compete in a softmax of
    their scores, and the fit maximises the probability given to the right ones,
    less ``l2`` times the squared weights. Each gold name weighs the same within
    its corpus and each corpus the same in all (US local news must not outvote
    world news by its size). L-BFGS from zero weights: deterministic.
    """
    from scipy.optimize import minimize
    from scipy.special import logsumexp

    useful = [m for m in mentions if m.right.any() and not m.right.all()]
    per_corpus = Counter(m.corpus for m in useful)
    share = np.array([1.0 / per_corpus[m.corpus] / len(per_corpus) for m in useful])
    # One padded block (names x candidates x features): padding scores -inf.
    width = max(len(m.rows) for m in useful)
    x = np.zeros((len(useful), width, len(LEARNED)))
    real = np.zeros((len(useful), width), dtype=bool)
    right = np.zeros((len(useful), width), dtype=bool)
    for i, m in enumerate(useful):
        x[i, :len(m.rows)], real[i, :len(m.rows)], right[i, :len(m.rows)] = m.rows, True, m.right

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = x @ w
        s_all = np.where(real, s, -np.inf)
        s_right = np.where(right, s, -np.inf)
        lse_all, lse_right = logsumexp(s_all, axis=1), logsumexp(s_right, axis=1)
        p_all = np.exp(s_all - lse_all[:, None])
        p_right = np.exp(s_right - lse_right[:, None])
        total = l2 * float(w @ w) - float(share @ (lse_right - lse_all))
        grad = 2.0 * l2 * w - np.einsum("i,ij,ijk->k", share, p_right - p_all, x)
        return total, grad

    result = minimize(loss, np.zeros(len(LEARNED)), jac=True, method="L-BFGS-B",
                      options={"maxiter": 2000})
    weights = dict(zip(LEARNED, (round(float(v), 4) for v in result.x)))
    weights.update(FIXED_WEIGHTS)
    return weights


def accuracy(parser: Geoparser, docs: Sequence[EvalDoc]) -> tuple[int, int]:
    """``(right, total)``: gold names with a point resolved within 161 km, given the spans."""
    right = total = 0
    for doc in docs:
        spans = [(t.start, t.end) for t in doc.toponyms]
        for toponym, resolved in zip(doc.toponyms, parser.resolve_spans(doc.text, spans)):
            if not toponym.has_point:
                continue
            total += 1
            if resolved.place is not None and great_circle_km(
                    resolved.place.latlon, (toponym.latitude, toponym.longitude)) <= RIGHT_KM:
                right += 1
    return right, total


def fit_rounds(parser: Geoparser, corpora: Mapping[str, Sequence[EvalDoc]], *, l2: float,
               rounds: int, start: Mapping[str, float]) -> dict[str, float]:
    """Fit, rebuild the contexts with the fitted weights, fit again, ``rounds`` times."""
    weights = dict(start)
    for _ in range(rounds):
        with weights_in_use(weights):
            mentions = [m for name, docs in corpora.items() for m in extract(parser, name, docs)]
        weights = fit(mentions, l2=l2)
    return weights


def write_weights(weights: Mapping[str, float], path: Path, *, header: Sequence[str]) -> None:
    lines = [f"# {line}" for line in header] + ["feature,weight"]
    lines += [f"{name},{weights[name]:g}" for name in FEATURE_NAMES]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser_ = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser_.add_argument("--folds", type=int, default=5)
    parser_.add_argument("--rounds", type=int, default=2)
    parser_.add_argument("--l2", type=float, default=0.001, help="L2 penalty on the weights")
    parser_.add_argument("--no-own", action="store_true",
                         help="leave out the development half of our own cases (benchmarks/data/unseen)")
    parser_.add_argument("--write", action="store_true", help="write the weights fitted on all data")
    args = parser_.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    corpora = {spec.name: spec.read() for spec in CORPORA.values()}
    if not args.no_own:
        corpora["own cases (dev half)"] = own_dev_cases()
    parser = Geoparser(Gazetteer.open())
    shipped = dict(WEIGHTS)

    held_out = {name: [0, 0] for name in corpora}
    for fold in range(args.folds):
        train = {name: [d for d in docs if fold_of(d.doc_id, args.folds) != fold]
                 for name, docs in corpora.items()}
        weights = fit_rounds(parser, train, l2=args.l2, rounds=args.rounds, start=shipped)
        with weights_in_use(weights):
            for name, docs in corpora.items():
                right, total = accuracy(parser, [d for d in docs if fold_of(d.doc_id, args.folds) == fold])
                held_out[name][0] += right
                held_out[name][1] += total
        log.info("fold %d of %d fitted", fold + 1, args.folds)
    final = fit_rounds(parser, corpora, l2=args.l2, rounds=args.rounds, start=shipped)
    rows = []
    for name, docs in corpora.items():
        shipped_right, total = accuracy(parser, docs)
        with weights_in_use(final):
            dev_right, _ = accuracy(parser, docs)
        rows.append((name, held_out[name][0] / held_out[name][1], dev_right / total, shipped_right / total))
    print(f"| corpus | held-out folds ({args.folds}, by document) | development (fit on all) "
          "| weights in the package |")
    print("|---|--:|--:|--:|")
    for name, held, dev, ship in rows:
        print(f"| {name} | {held:.1%} | {dev:.1%} | {ship:.1%} |")
    print()
    print("| feature | fitted on all | in the package |")
    print("|---|--:|--:|")
    for name in FEATURE_NAMES:
        print(f"| {name} | {final[name]:+.3f} | {shipped[name]:+.3f} |")
    if args.write:
        header = [f"Fitted by scripts/train_ranker.py --l2 {args.l2:g} --rounds {args.rounds} on "
                  f"{' and '.join(corpora)} (all documents, gold spans); conditional logit.",
                  "Held-out acc@161 (" + str(args.folds) + " folds by document): "
                  + ", ".join(f"{name} {held:.1%}" for name, held, _, _ in rows)
                  + "; development: " + ", ".join(f"{name} {dev:.1%}" for name, _, dev, _ in rows) + ".",
                  "override is fixed (a correction always wins), not fitted."]
        write_weights(final, WEIGHTS_CSV, header=header)
        print(f"\nwrote {WEIGHTS_CSV}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
