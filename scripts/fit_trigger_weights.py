"""Fit the weights of the trigger lexicon on the development half of the event notes.

    python scripts/fit_trigger_weights.py [--write] [--passes N] [--data PATH...]

Each row of ``geo_events/events/data/event_triggers.csv`` has a weight: within a clause
the heaviest row that matches names the event. The weights were first set by hand
(specific over generic: a weapon over the verb it comes with, what was prevented over
the weapon); this script learns them instead, by coordinate ascent on the notes of
``benchmarks/data/event_notes`` in the *development* half (``split_of(id) == "dev"``,
the same split the benchmark reports; the test half is never read here):

- the objective, per development note, is the score of the first event the extractor
  gives: +1 for the right event_type, +1 for the right sub_event_type, -1 for any event
  on a note that reports none (summed over notes);
- each pass tries, row by row, every weight from 1 to 10 and keeps the one with the best
  objective, the current weight on ties (so a weight moves only when the development
  notes say so, and by the least it must);
- the geoparse of every note is done once: only the event stage is rerun per weight.

``--write`` writes the fitted weights back into the CSV (nothing else of it changes);
without it the script only prints, per row, the weight it would set and the objective
before and after. Run ``python benchmarks/bench_event_notes.py`` afterwards to read the
effect on the test half.
"""

from __future__ import annotations

import argparse
import csv
import io
import logging
import sys
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import geo_events as ge  # noqa: E402
from benchmarks.bench_event_notes import DATA_DIR, load_notes, split_of  # noqa: E402
from gazetteer import Gazetteer  # noqa: E402
from geo_events.events import triggers as lexicon  # noqa: E402
from geo_events.events.extract import extract_events  # noqa: E402
from geo_events.text.heads import pattern_heads  # noqa: E402

log = logging.getLogger("fit_trigger_weights")

LEXICON = REPO / "geo_events" / "events" / "data" / "event_triggers.csv"
WEIGHTS = range(1, 11)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the fitted weights into the CSV")
    parser.add_argument("--passes", type=int, default=2, metavar="N", help="passes over the rows (default 2)")
    parser.add_argument("--data", nargs="+", type=Path, metavar="PATH", help="JSON-lines note files")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    records, problems = load_notes(args.data or sorted(DATA_DIR.glob("*.jsonl")))
    for problem in problems:
        log.warning("%s", problem)
    dev = [r for r in records if split_of(r["id"]) == "dev"]
    if not dev:
        log.error("no development notes found")
        return 1
    geoparser = ge.Geoparser(Gazetteer.open())
    names = geoparser.gazetteer.country_names()
    prepared = []
    for record in dev:
        article = ge.parse_article(record["text"], source=record["id"])
        document = geoparser.event_document(article.text, published=article.published)
        prepared.append((record, article, document))
    log.info("%d development notes, geoparsed once", len(prepared))

    rows = list(lexicon.triggers())
    weights = [row.weight for row in rows]

    def objective(candidate: list[int]) -> int:
        fitted = tuple(replace(row, weight=w) for row, w in zip(rows, candidate, strict=True))
        ordered = tuple((t, pattern_heads(t.pattern)) for t in sorted(fitted, key=lambda t: -t.weight))
        lexicon._heaviest_first.cache_clear()
        original = lexicon._heaviest_first
        lexicon._heaviest_first = lambda: ordered  # the one place the trigger search reads weights
        try:
            return sum(_score(record, extract_events(article, document, country_names=names,
                                                     admin1_name=geoparser.gazetteer.admin1_name))
                       for record, article, document in prepared)
        finally:
            lexicon._heaviest_first = original

    best = objective(weights)
    start = best
    log.info("objective with the weights as written: %d", best)
    for number in range(args.passes):
        moved = 0
        for k, row in enumerate(rows):
            for w in WEIGHTS:
                if w == weights[k]:
                    continue
                trial = weights[:k] + [w] + weights[k + 1:]
                score = objective(trial)
                if score > best:
                    best, weights, moved = score, trial, moved + 1
                    log.info("pass %d: %s / %s %d -> %d (objective %d)", number + 1, row.event_type,
                             row.sub_event_type, row.weight, w, best)
        if not moved:
            break
    print(f"objective on {len(prepared)} development notes: {start} as written, {best} fitted")
    for row, w in zip(rows, weights, strict=True):
        if w != row.weight:
            print(f"  {row.sub_event_type} ({row.pattern.pattern[15:60]}...): {row.weight} -> {w}")
    if args.write:
        _write_weights(weights)
        print(f"written to {LEXICON.relative_to(REPO)}")
    return 0


def _score(record: dict, events: list) -> int:
    first = next((e for e in events if e.kind == "event"), None)
    if not record["event_type"]:
        return -1 if first is not None else 0
    if first is None:
        return 0
    return int(first.event_type == record["event_type"]) + int(first.sub_event_type == record["sub_event_type"])


def _write_weights(weights: list[int]) -> None:
    """The CSV with each data row's weight replaced, in order; comments and patterns kept."""
    lines = LEXICON.read_text(encoding="utf-8").splitlines(keepends=True)
    out, k, header_seen = [], 0, False
    for line in lines:
        if line.startswith("#") or not line.strip():
            out.append(line)
            continue
        if not header_seen:
            header_seen = True
            out.append(line)
            continue
        cells = next(csv.reader(io.StringIO(line)))
        event_type, sub_event_type, _, rest = line.split(",", 3)
        assert cells[0] == event_type
        out.append(f"{event_type},{sub_event_type},{weights[k]},{rest}")
        k += 1
    LEXICON.write_text("".join(out), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
