"""python benchmarks/bench_scale.py: ingest with 1 and 2 workers, and the event store at a million events.

Two parts (``--parts``, both by default):

- ``ingest``: ``--articles`` generated articles ingested by the real command
  with ``--workers 1`` and ``--workers 2`` (a Dask LocalCluster): articles/s,
  the ratio of the two, peak memory of the client and of each worker
  (``benchmarks/bench_dask_ingest.py``, which this runs, says how);
- ``store``: the store's write rate and its filter timings, below.

The store part:

Synthetic articles (content-hash-like ids, so keys arrive in random order as
real ones do), ten events each by default, are added the way ``ingest`` adds
files: one :meth:`~geo_events.EventStore.add` (one transaction) per file of
``--batch-articles`` articles. Only the ``add()`` calls are timed (making
the batches is not). Each backend runs in a fresh interpreter, so its peak
memory (RSS) is its own. PostgreSQL is a throwaway server started the way
the tests start theirs (``tests/pg_server.py``) but with PostgreSQL's
durable defaults (fsync, synchronous commit), as SQLite keeps its own
(``synchronous=FULL``); or the empty database of ``--postgres URL``.

Printed: per backend the write rate over all files and over the first and
last tenth of them (does it slow down as the store grows?), a file of
already-stored articles added again (skipped: idempotent re-ingest), the
store's size on disk, the client's peak memory.

    python benchmarks/bench_scale.py                     # 100,000 articles, 1,000,000 events
    python benchmarks/bench_scale.py --articles 5000     # a quick look
    python benchmarks/bench_scale.py --parts ingest      # only 1 against 2 workers
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # a plain script: make the repo's packages importable

log = logging.getLogger("bench_scale")

TYPES = (("Battles", "Armed clash"), ("Explosions/Remote violence", "Air/drone strike"),
         ("Violence against civilians", "Attack"), ("Protests", "Peaceful protest"),
         ("Riots", "Violent demonstration"), ("Strategic developments", "Arrests"))
NOTES = ("Clashes broke out between the two sides near the town on Friday, residents said.",
         "A drone struck a vehicle on the road south of the city, killing two people inside it.",
         "Hundreds gathered in the main square to protest against rising fuel prices.",
         "Security forces arrested six men suspected of planning attacks in the province.")
PLACES = 5_000


def synthetic_batch(first: int, count: int, events_per_article: int):
    """Articles ``first`` .. ``first + count - 1``, each with its events (the same on every call)."""
    from geo_events.models import Article, Event

    items = []
    for n in range(first, first + count):
        rng = random.Random(n)
        article_id = hashlib.blake2b(f"article {n}".encode(), digest_size=8).hexdigest()
        source = f"feeds/feed-{n // 1000:04d}.csv#{n % 1000}"
        day = date(2019, 1, 1) + timedelta(days=rng.randrange(5 * 365))
        article = Article(article_id, source, "", published=day, title=f"Report {n}",
                          url=f"https://example.org/{n}")
        events = []
        for k in range(events_per_article):
            place = rng.randrange(PLACES)
            kind, sub = rng.choice(TYPES)
            events.append(Event(f"{article_id}-{k}", article_id, source, article.title, day, 1, kind, sub,
                                "SDF", "ISIS", rng.randrange(5), 0, 0, f"Town {place}", f"Town {place}",
                                25 + (place % 170) / 10, 25 + (place // 170) / 10 * 1.2, 1, "Syria", None,
                                100_000 + place, rng.choice(NOTES), 0.9,
                                "event" if rng.random() < 0.7 else "mention", "SY", False, article.url))
        items.append((article, events))
    return items


# --- filter timings ----------------------------------------------------------------------------
def filter_changes():
    """The filter changes timed, as the page's sidebar and map make them."""
    from geo_events.dashboard.filters import EventFilters

    return [("every event (the first view)", EventFilters(), None),
            ("one event type", EventFilters(event_types=("Battles",)), None),
            ("one year", EventFilters(start=date(2022, 1, 1), end=date(2022, 12, 31)), None),
            ("a type and a month, town precision", EventFilters(event_types=("Protests",), start=date(2023, 3, 1),
                                                                end=date(2023, 3, 31), max_geo_precision=1), None),
            ("text search 'drone'", EventFilters(text="drone"), None),
            ("one place (a clicked circle)", EventFilters(), ("Town 7", 25.7, 25.0))]


def filter_timings(store) -> list[tuple[str, float]]:
    """The page's server side of each filter change on the filled store: the store's share of the
    view (counts, places, timeline, the latest 1,000 rows, asked in SQL:
    :func:`geo_events.dashboard.store_view.store_part`), then the map's events layer built and
    serialised (its size is the payload that grows with the store). ``(what, seconds)`` rows,
    the median of three, and the payload rows in MB."""
    import statistics

    import folium

    from geo_events.dashboard.event_map import summary_layer
    from geo_events.dashboard.store_view import query_of, store_part

    rows = []
    for label, filters, place in filter_changes():
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            part = store_part(store, query_of(filters, at_place=place), period="month")
            fmap = folium.Map(tiles=None)
            summary_layer(part.places).add_to(fmap)
            payload = len(fmap.get_root().render().encode("utf-8")) + len(part.rows.to_json(date_format="iso").encode("utf-8"))
            runs.append(time.perf_counter() - started)
        rows.append((f"{label}: {part.counts.rows:,} rows at {part.counts.places:,} places; payload "
                     f"{payload / 2**20:.2f} MB", statistics.median(runs)))
    return rows


def store_size_mb(store, location: str) -> float:
    if store.backend == "sqlite":
        return Path(location).stat().st_size / 2**20
    import psycopg

    with psycopg.connect(location) as db:
        return db.execute("SELECT pg_database_size(current_database())").fetchone()[0] / 2**20


def measure(backend: str, location: str, *, articles: int, events_per_article: int, batch_articles: int) -> dict:
    """Fill a new store at ``location``, file by file; what it took (run in its own interpreter)."""
    import geo_events as ge
    from geo_events.store import as_location

    seconds: list[float] = []
    stored_events = 0
    with ge.EventStore.open(as_location(location)) as store:
        if store.counts() != (0, 0):
            raise SystemExit(f"{store.location} is not empty: give an empty database")
        for first in range(0, articles, batch_articles):
            items = synthetic_batch(first, min(batch_articles, articles - first), events_per_article)
            started = time.perf_counter()
            added = store.add(items)
            seconds.append(time.perf_counter() - started)
            stored_events += added.events
            if len(seconds) % max(1, len(range(0, articles, batch_articles)) // 10) == 0:
                log.info("%s: %d articles, %d events, %.0f events/s so far", backend, first + len(items),
                         stored_events, stored_events / sum(seconds))
        again = synthetic_batch(0, min(batch_articles, articles), events_per_article)
        started = time.perf_counter()
        skipped = store.add(again).skipped
        again_seconds = time.perf_counter() - started
        counts = store.counts()
        size = store_size_mb(store, location)
        filters = filter_timings(store)
    tenth = max(1, len(seconds) // 10)
    per_file = batch_articles * events_per_article
    unit = 2**20 if sys.platform == "darwin" else 2**10
    return {"backend": backend, "articles": counts[0], "events": counts[1], "seconds": sum(seconds),
            "first_tenth_events_s": tenth * per_file / sum(seconds[:tenth]),
            "last_tenth_events_s": tenth * per_file / sum(seconds[-tenth:]),
            "again_ms": again_seconds * 1000, "again_skipped": skipped, "size_mb": size,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / unit, "filters": filters}


def run_backend(backend: str, location: str, args: argparse.Namespace) -> dict:
    """:func:`measure` in a fresh interpreter (its own peak memory)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--measure", backend, location,
               "--articles", str(args.articles), "--events-per-article", str(args.events_per_article),
               "--batch-articles", str(args.batch_articles)]
    done = subprocess.run(command, cwd=REPO, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(done.stdout)


def table(results: list[dict], args: argparse.Namespace) -> str:
    lines = ["| store | articles | events | write time, s | events/s | articles/s | events/s, first / last tenth "
             "| a stored file again | size, MB | peak memory, MB |",
             "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for r in results:
        lines.append(f"| {r['backend']} | {r['articles']:,} | {r['events']:,} | {r['seconds']:.1f} | "
                     f"{r['events'] / r['seconds']:,.0f} | {r['articles'] / r['seconds']:,.0f} | "
                     f"{r['first_tenth_events_s']:,.0f} / {r['last_tenth_events_s']:,.0f} | "
                     f"{r['again_ms']:.0f} ms, {r['again_skipped']} skipped | {r['size_mb']:,.0f} | "
                     f"{r['peak_mb']:,.0f} |")
    for r in results:
        lines.extend(f"| {r['backend']}: {what} | {seconds:.3f} s |" for what, seconds in r["filters"])
    lines.append(f"\n`python benchmarks/bench_scale.py --articles {args.articles}` — one add() per file of "
                 f"{args.batch_articles} articles ({args.batch_articles * args.events_per_article:,} events); "
                 f"Python {platform.python_version()}, {os.cpu_count()} cores, {platform.machine()} "
                 f"{platform.system()}.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000, help="articles to store (default 100,000)")
    parser.add_argument("--events-per-article", type=int, default=10, help="events of each (default 10)")
    parser.add_argument("--batch-articles", type=int, default=100, help="articles per file: one add() each")
    parser.add_argument("--backends", default="sqlite,postgresql", help="which stores (default: both)")
    parser.add_argument("--postgres", metavar="URL", default=None,
                        help="an empty PostgreSQL database to fill (default: start a throwaway server)")
    parser.add_argument("--parts", default="ingest,store",
                        help="what to measure: ingest (1 and 2 workers), store (write rate, filters); default both")
    parser.add_argument("--measure", nargs=2, metavar=("BACKEND", "LOCATION"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    if args.measure:
        backend, location = args.measure
        sys.stdout.write(json.dumps(measure(backend, location, articles=args.articles,
                                            events_per_article=args.events_per_article,
                                            batch_articles=args.batch_articles)) + "\n")
        return 0
    parts = set(args.parts.split(","))
    if not parts or parts - {"ingest", "store"}:
        parser.error(f"--parts takes ingest and/or store, got {args.parts!r}")
    if "ingest" in parts:
        import bench_dask_ingest

        sys.stdout.write("## Ingest: 1 worker against 2\n\n")
        sys.stdout.flush()
        if bench_dask_ingest.main(["--articles", str(args.articles)]) != 0:
            return 1
        if "store" not in parts:
            return 0
        sys.stdout.write("\n## Store\n\n")
    wanted = args.backends.split(",")
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        if "sqlite" in wanted:
            results.append(run_backend("sqlite", str(Path(tmp) / "events.sqlite3"), args))
        if "postgresql" in wanted:
            if args.postgres:
                results.append(run_backend("postgresql", args.postgres, args))
            else:
                sys.path.insert(0, str(REPO / "tests"))
                from pg_server import running_server

                with running_server(durable=True) as server:
                    results.append(run_backend("postgresql", server.create_database("bench_scale"), args))
    sys.stdout.write(table(results, args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
