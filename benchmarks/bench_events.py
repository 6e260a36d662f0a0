"""python benchmarks/bench_events.py [--articles N]: events per second, geoparse + events, one core.

Times :meth:`geo_events.Geoparser.events` (recognise, resolve, then dated,
typed, placed events and mentions) on the built-in sample corpus and on a
synthetic corpus of N (default 5,000) articles made of the sample's sentences
shuffled, on a fresh geoparser each (the user's gazetteer index, built on
first use), pinned to one CPU. Also times storing the synthetic corpus's
events in a throw-away SQLite store. Progress to stderr; one markdown table to
stdout. Target (issue 5): >= 200 articles/s for geoparse + events.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # a plain script: make the repo's packages importable

import geo_events as ge  # noqa: E402
from benchmarks.machine import pin_one_core  # noqa: E402
from benchmarks.bench_pipeline import synthetic_corpus  # noqa: E402
from gazetteer import Gazetteer  # noqa: E402

log = logging.getLogger("bench_events")

Row = tuple[str, int, int, float, float, str]


def time_events(articles: list[ge.Article], parser: ge.Geoparser | None = None
                ) -> tuple[list[ge.Event], float]:
    parser = parser or ge.Geoparser(Gazetteer.open())
    started = time.perf_counter()
    events = parser.events(articles)
    return events, time.perf_counter() - started


def row(name: str, articles: list[ge.Article], events: list[ge.Event], seconds: float) -> Row:
    found = sum(e.kind == "event" for e in events)
    return (name, len(articles), found, len(articles) / seconds, found / seconds, ">= 200 articles/s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000, metavar="N",
                        help="synthetic corpus size (default 5000)")
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error(f"--articles must be positive, got {args.articles}")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    pinned = pin_one_core()
    Gazetteer.open(progress=log.info).close()  # build the index first, outside the timing

    sample = ge.read_paths([ge.SAMPLE_ARTICLES_DIR]).articles
    rows = []
    warm = ge.Geoparser(Gazetteer.open())
    events, seconds = time_events(sample, warm)
    rows.append(row("sample corpus, first pass (fresh geoparser: lexicons, caches cold)",
                    sample, events, seconds))
    events, seconds = time_events(sample, warm)
    rows.append(row("sample corpus, second pass", sample, events, seconds))
    synthetic = synthetic_corpus(sample, args.articles)
    events, seconds = time_events(synthetic)
    rows.append(row("synthetic corpus (sample sentences shuffled)", synthetic, events, seconds))
    log.info("%d articles -> %d rows in %.1f s", len(synthetic), len(events), seconds)

    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        by_article: dict[str, list[ge.Event]] = {}
        for event in events:
            by_article.setdefault(event.article_id, []).append(event)
        with ge.EventStore.open(Path(tmp) / "events.sqlite3") as store:
            started = time.perf_counter()
            store.add([(a, by_article.get(a.article_id, [])) for a in synthetic])
            stored = time.perf_counter() - started
    lines = ["| corpus | articles | events | articles/s | events/s | target |",
             "|---|--:|--:|--:|--:|---|"]
    lines += [f"| {n} | {a:,} | {e:,} | {aps:,.0f} | {eps:,.0f} | {t} |" for n, a, e, aps, eps, t in rows]
    lines.append(f"\nStoring the synthetic corpus's {len(events):,} events and mentions in SQLite "
                 f"(one transaction): {stored:.2f} s.")
    lines.append(f"`python benchmarks/bench_events.py` — Python {platform.python_version()}, "
                 f"{os.cpu_count()} cores ({pinned}), {platform.machine()} {platform.system()}.")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
