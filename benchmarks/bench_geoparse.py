"""python benchmarks/bench_geoparse.py [--corpus lgl|geovirus|all] [--limit N] [--json FILE] [--errors N]

Scores geoparsers on the hand-annotated corpora in ../shared/eval (LGL, GeoVirus):
resolution of the gold spans (acc@161, mean/median error km, AUC), recognition
(precision/recall/F1, exact and overlap), end-to-end acc@161, and one-core
throughput. Progress is logged to stderr; one markdown table goes to stdout.
``--errors N`` also lists, on stderr, the N gold phrases our resolver gets wrong
most often. Exits 0 with "skipped: ... absent" when the corpora are not there.

    $ python benchmarks/bench_geoparse.py --corpus geovirus --limit 20
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import platform
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # a plain script: make the repo's packages importable

from gazetteer import CURATED_OVERRIDES, Gazetteer  # noqa: E402

from benchmarks.machine import pin_one_core  # noqa: E402
from benchmarks.eval_corpora import CORPORA, EVAL_DIR, CorpusSpec, EvalDoc  # noqa: E402
from benchmarks.geoparse_metrics import (ACC_KM, EndToEndScores, RecognitionScores,  # noqa: E402
                                         ResolutionScores, SpanPoint, end_to_end_acc, error_km,
                                         recognition_scores, resolution_scores)
from benchmarks.geoparse_systems import (GeoparseSystem, GeotextSystem, MostPopulousSystem,  # noqa: E402
                                         OursSystem, Prediction)

__all__ = ["SystemResult", "WrongAnswer", "evaluate", "markdown_table", "main"]

log = logging.getLogger("bench_geoparse")

#: The compared systems, in table order; each is built on a freshly opened gazetteer.
SYSTEMS: tuple[Callable[[Gazetteer], GeoparseSystem], ...] = (OursSystem, MostPopulousSystem,
                                                              GeotextSystem)


@dataclass(frozen=True, slots=True)
class WrongAnswer:
    """A gold toponym resolved wrongly (unresolved, or more than 161 km off)."""

    phrase: str
    gold_name: str
    gold_point: tuple[float, float]
    predicted: str
    predicted_point: tuple[float, float] | None
    km: float | None


@dataclass(frozen=True, slots=True)
class SystemResult:
    """One system's scores on one corpus (throughputs in documents per second)."""

    corpus: str
    system: str
    docs: int
    resolution: ResolutionScores
    recognition: RecognitionScores
    end_to_end: EndToEndScores
    geoparse_docs_per_s: float
    gold_spans_docs_per_s: float
    dropped_demonyms: int
    shares_recognition_with: str = ""
    #: Seconds from opening the gazetteer to a system ready for its first document, the
    #: first time in the process (see :func:`_timed_pass`).
    setup_s: float = math.nan


def _timed_pass(factory: Callable[[Gazetteer], GeoparseSystem], docs: Sequence[EvalDoc],
                run: Callable[[GeoparseSystem, EvalDoc], list[Prediction]]
                ) -> tuple[list[list[Prediction]], float, float]:
    """Run ``run`` on every doc with a system on a freshly opened gazetteer: the answers,
    docs/s, and the seconds opening the gazetteer and building the system took (what it
    reads once per process, such as its vocabularies, only the first time)."""
    started = time.perf_counter()
    gazetteer = open_gazetteer()
    system = factory(gazetteer)
    ready = time.perf_counter()
    answers = [run(system, doc) for doc in docs]
    elapsed = time.perf_counter() - ready
    gazetteer.close()
    return answers, (len(docs) / elapsed if elapsed > 0 else math.nan), ready - started


def open_gazetteer() -> Gazetteer:
    """The packaged index with the curated corrections only (not this user's own file)."""
    return Gazetteer.open(override_paths=[CURATED_OVERRIDES])


def evaluate(spec: CorpusSpec, docs: Sequence[EvalDoc],
             factory: Callable[[Gazetteer], GeoparseSystem]) -> tuple[SystemResult, list[WrongAnswer]]:
    """Score one system on one corpus: gold-span resolution, recognition, end to end.

        >>> result, wrong = evaluate(CORPORA["geovirus"], docs[:5], OursSystem)  # doctest: +SKIP
    """
    resolved, gold_rate, setup_s = _timed_pass(
        factory, docs, lambda s, d: s.resolve_spans(d.text, [(t.start, t.end) for t in d.toponyms]))
    parsed, parse_rate, _ = _timed_pass(factory, docs, lambda s, d: s.geoparse(d.text))
    name = getattr(factory, "name", factory.__name__)

    errors: list[float | None] = []
    wrong: list[WrongAnswer] = []
    for doc, answers in zip(docs, resolved, strict=True):
        for gold, answer in zip(doc.toponyms, answers, strict=True):
            if not gold.has_point:
                continue
            gold_point = (gold.latitude, gold.longitude)
            km = error_km(answer.point, gold_point)
            errors.append(km)
            if km is None or km > ACC_KM:
                wrong.append(WrongAnswer(gold.phrase, gold.gold_name, gold_point, answer.label,
                                         answer.point, km))

    dropped = 0
    if not spec.count_demonyms:
        kept = [[p for p in doc_predictions if not p.demonym] for doc_predictions in parsed]
        dropped = sum(map(len, parsed)) - sum(map(len, kept))
        parsed = kept
    recognition = recognition_scores([[(p.start, p.end) for p in ps] for ps in parsed],
                                     [[(t.start, t.end) for t in d.toponyms] for d in docs])
    end_to_end = end_to_end_acc(
        [[SpanPoint(p.start, p.end, p.point) for p in ps] for ps in parsed],
        [[SpanPoint(t.start, t.end, (t.latitude, t.longitude) if t.has_point else None)
          for t in d.toponyms] for d in docs])
    result = SystemResult(spec.name, name, len(docs), resolution_scores(errors), recognition,
                          end_to_end, parse_rate, gold_rate, dropped,
                          getattr(factory, "shares_recognition_with", ""), setup_s)
    log.info("%s / %s: acc@161 %.3f, exact F1 %.3f, e2e %.3f; %.0f docs/s geoparse, %.0f docs/s gold spans",
             spec.name, name, result.resolution.acc161, recognition.exact.f1, end_to_end.acc161,
             parse_rate, gold_rate)
    return result, wrong


def _num(value: float, spec: str) -> str:
    return "–" if math.isnan(value) else format(value, spec)


def markdown_table(results: Sequence[SystemResult]) -> list[str]:
    """The results as markdown lines: one row per (corpus, system), footnotes after."""
    header = ["corpus", "system", "acc@161", "mean km", "median km", "AUC", "P", "R", "F1",
              "P ovl", "R ovl", "F1 ovl", "e2e acc@161", "docs/s geoparse", "docs/s gold spans", "setup s"]
    rows = []
    notes: dict[str, str] = {}
    for r in results:
        system = r.system
        if r.shares_recognition_with:
            mark = "¹"
            notes[mark] = (f"{mark} recognition (P/R/F1) is that of the {r.shares_recognition_with} recogniser "
                           "(the same numbers by construction): "
                           "its spans, each placed at the most populous gazetteer candidate of its name")
            system += mark
        res, ex, ov = r.resolution, r.recognition.exact, r.recognition.overlap
        rows.append([r.corpus, system, _num(res.acc161 * 100, ".1f") + "%", _num(res.mean_km, ",.0f"),
                     _num(res.median_km, ",.1f"), _num(res.auc, ".3f"),
                     _num(ex.precision, ".3f"), _num(ex.recall, ".3f"), _num(ex.f1, ".3f"),
                     _num(ov.precision, ".3f"), _num(ov.recall, ".3f"), _num(ov.f1, ".3f"),
                     _num(r.end_to_end.acc161 * 100, ".1f") + "%",
                     _num(r.geoparse_docs_per_s, ",.0f"), _num(r.gold_spans_docs_per_s, ",.0f"),
                     _num(r.setup_s, ".2f")])
    widths = [max(len(h), *(len(row[i]) for row in rows)) if rows else len(h) for i, h in enumerate(header)]
    lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |",
             "|" + "|".join("-" * (w + 1) + (":" if i > 1 else "-") for i, w in enumerate(widths)) + "|"]
    lines += ["| " + " | ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w)
                                in enumerate(zip(row, widths))) + " |" for row in rows]
    return lines + [""] + list(notes.values())


def corpus_notes(results: Sequence[SystemResult], sizes: dict[str, tuple[int, int, int]],
                 policies: dict[str, bool]) -> list[str]:
    notes = []
    for corpus, (docs, toponyms, with_points) in sizes.items():
        dropped = {r.system: r.dropped_demonyms for r in results if r.corpus == corpus and r.dropped_demonyms}
        dropped_text = ", ".join(f"{system} {n:,}" for system, n in dropped.items())
        policy = ("demonyms count as toponyms" if policies[corpus] else
                  "predicted demonym spans dropped" + (f" ({dropped_text})" if dropped else ""))
        notes.append(f"{corpus}: {docs} docs, {toponyms:,} gold toponyms ({with_points:,} with a gold "
                     f"point: the resolution and e2e denominators); {policy}.")
    notes.append("acc@161, mean/median km, AUC (lower is better): gold spans given to the resolver; "
                 "an unresolved span counts as 20,039 km. P/R/F1: predicted vs gold spans, exact offsets "
                 "and any overlap. e2e: a gold point counts when an overlapping predicted span is placed "
                 "within 161 km.")
    return notes


def print_errors(wrong: Sequence[WrongAnswer], corpus: str, system: str, top: int) -> None:
    """The ``top`` gold phrases most often resolved wrongly, to stderr (a report, not a log)."""
    by_phrase: dict[str, list[WrongAnswer]] = defaultdict(list)
    for w in wrong:
        by_phrase[w.phrase].append(w)
    ranked = sorted(by_phrase.items(), key=lambda item: (-len(item[1]), item[0]))[:top]
    out = [f"\n{system} on {corpus}: the {len(ranked)} gold phrases most often resolved wrongly "
           f"(gold spans; unresolved or > {ACC_KM:.0f} km; {len(wrong)} wrong in all)",
           "| n wrong | phrase | predicted (most common) | predicted point | gold (most common) | "
           "gold point | median km |", "|--:|---|---|---|---|---|--:|"]
    for phrase, items in ranked:
        (predicted, predicted_point), n_predicted = Counter(
            (w.predicted, w.predicted_point) for w in items).most_common(1)[0]
        (gold_name, gold_point), n_gold = Counter((w.gold_name, w.gold_point) for w in items).most_common(1)[0]
        km = statistics.median(math.inf if w.km is None else w.km for w in items)
        out.append(f"| {len(items)} | {phrase} | {predicted} ×{n_predicted} | {_point(predicted_point)} | "
                   f"{gold_name or '?'} ×{n_gold} | {_point(gold_point)} | "
                   f"{'unresolved' if math.isinf(km) else f'{km:,.0f}'} |")
    sys.stderr.write("\n".join(out) + "\n")


def _point(point: tuple[float, float] | None) -> str:
    return "–" if point is None else f"{point[0]:.2f}, {point[1]:.2f}"


def _jsonable(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[2])
    parser.add_argument("--corpus", choices=[*CORPORA, "all"], default="all")
    parser.add_argument("--limit", type=int, default=None, metavar="N",
                        help="only the first N documents of each corpus (a quick run)")
    parser.add_argument("--json", type=Path, default=None, metavar="FILE",
                        help="also write the numbers to FILE as JSON")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="list on stderr the N gold phrases geo_events resolves wrongly most often")
    args = parser.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        parser.error(f"--limit must be a positive number of documents, got {args.limit}")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)

    keys = list(CORPORA) if args.corpus == "all" else [args.corpus]
    present = [k for k in keys if CORPORA[k].path(EVAL_DIR).is_file()]
    if not present:
        missing = ", ".join(str(CORPORA[k].path(EVAL_DIR)) for k in keys)
        sys.stdout.write(f"skipped: the evaluation corpora ({missing}) are absent\n")
        return 0
    for key in sorted(set(keys) - set(present)):
        log.warning("skipped %s: %s absent", CORPORA[key].name, CORPORA[key].path(EVAL_DIR))

    started = time.perf_counter()
    pinned = pin_one_core()
    log.info("opening the gazetteer (built on first use) and loading geotext; not timed")
    gazetteer = open_gazetteer()
    GeotextSystem(gazetteer)  # imports geotext (it builds its index on import) before any timing
    index_names = len(gazetteer)
    gazetteer.close()

    results: list[SystemResult] = []
    sizes: dict[str, tuple[int, int, int]] = {}
    for key in present:
        spec = CORPORA[key]
        docs = spec.read(EVAL_DIR)[:args.limit]
        toponyms = [t for d in docs for t in d.toponyms]
        sizes[spec.name] = (len(docs), len(toponyms), sum(t.has_point for t in toponyms))
        log.info("%s: %d docs, %d toponyms", spec.name, len(docs), len(toponyms))
        for factory in SYSTEMS:
            result, wrong = evaluate(spec, docs, factory)
            results.append(result)
            if args.errors > 0 and factory is OursSystem:
                print_errors(wrong, spec.name, result.system, args.errors)
    elapsed = time.perf_counter() - started

    command = " ".join(["python", "benchmarks/bench_geoparse.py", *(argv if argv is not None else sys.argv[1:])])
    machine = (f"Python {platform.python_version()}, {os.cpu_count()} cores ({pinned}), "
               f"{platform.machine()} {platform.system()}, gazetteer {index_names:,} names")
    lines = markdown_table(results) + corpus_notes(results, sizes, {s.name: s.count_demonyms
                                                                    for s in CORPORA.values()})
    lines.append(f"`{command}` — {machine}; whole run {elapsed:.0f} s.")
    sys.stdout.write("\n".join(lines) + "\n")
    if args.json is not None:
        payload = {"command": command, "machine": machine, "run_seconds": elapsed,
                   "corpora": {name: {"docs": d, "toponyms": t, "with_points": p}
                               for name, (d, t, p) in sizes.items()},
                   "results": [asdict(r) for r in results]}
        args.json.write_text(json.dumps(_jsonable(payload), indent=2) + "\n", encoding="utf-8")
        log.info("wrote %s", args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
