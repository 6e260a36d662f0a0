"""python benchmarks/bench_store_filters.py [--events N] [--backend sqlite|postgresql|both] [--page-runs N]: the page on a big store.

A store of N generated events (default 1,000,000: ten per article, over
5,000 towns between the Aegean and Afghanistan, six types, forty actors, five
years) is written with the store's own ``add`` (a file's worth of articles
per transaction), on SQLite and on a throwaway PostgreSQL server (Debian's,
as the tests start it; or ``--postgres URL``). Then the page is timed the
way an analyst uses it: the whole script rerun after each filter change
(Streamlit's AppTest, the store's answers not cached yet; ``--page-runs``
passes, each from empty caches: the median and the slowest of the script's
own time, as ``app.py`` logs it, beside AppTest's whole rerun), and, apart, the
store's share of one view (counts, places, timeline, latest rows, asked in
SQL) with the map layer built and serialised. Printed: seconds per filter
change, the payload (map layer, table, timeline), the store write rate and
its size. Target (issue 16): a filter change under 2 s server side and a
payload under 5 MB at 1,000,000 events, on both backends.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # a plain script: make the repo's packages importable
sys.path.insert(1, str(REPO / "tests"))  # the PostgreSQL server the tests start

import geo_events as ge  # noqa: E402
from geo_events.dashboard.event_map import TYPE_COLOURS, MENTION_LABEL, summary_layer  # noqa: E402
from geo_events.dashboard.filters import EventFilters  # noqa: E402
from geo_events.dashboard.store_view import query_of, store_part  # noqa: E402
from geo_events.models import Event  # noqa: E402
from gazetteer import Gazetteer  # noqa: E402
from bench_map import towns  # noqa: E402  (the same towns as the map benchmark)

log = logging.getLogger("bench_store_filters")
EVENTS_PER_ARTICLE = 10
ARTICLES_PER_FILE = 100
PLACES = 5_000
ACTORS = [f"Actor group {n}" for n in range(40)]
FIRST_DAY = date(2019, 1, 1)
#: The filter changes timed, as the sidebar makes them.
CHANGES: list[tuple[str, EventFilters]] = [
    ("all events (first view)", EventFilters()),
    ("one event type", EventFilters(event_types=("Battles",))),
    ("one year", EventFilters(start=date(2022, 1, 1), end=date(2022, 12, 31))),
    ("one country", EventFilters(countries=("IQ",))),
    ("one actor", EventFilters(actors=("Actor group 7",))),
    ("text search", EventFilters(text="drone")),
    ("type + month + precision", EventFilters(event_types=("Protests",), start=date(2023, 3, 1),
                                              end=date(2023, 3, 31), max_geo_precision=1)),
    ("only the map's view (northern Iraq)", EventFilters(in_view=True)),
]
#: The map's box for "only the map's view": (south, west, north, east), about Mosul to Kirkuk.
MAP_BOX = (34.5, 42.0, 37.5, 45.5)


def files(events: int, places: list[tuple]) -> list[list[tuple[ge.Article, list[Event]]]]:
    """The generated articles with their events, a file's worth per list."""
    rng = random.Random(events)
    types = [t for t in TYPE_COLOURS if t != MENTION_LABEL]
    words = ["drone strike", "raid", "clashes", "shelling", "protest", "arrests", "ambush", "curfew"]
    batches, batch = [], []
    for number in range(events // EVENTS_PER_ARTICLE):
        day = FIRST_DAY + timedelta(days=rng.randrange(5 * 365))
        article = ge.parse_article(f" date {day.isoformat()} Generated report {number}.", source=f"gen/{number // ARTICLES_PER_FILE}.txt")
        happened = []
        for k in range(EVENTS_PER_ARTICLE):
            name, lat, lon, country = places[rng.randrange(len(places))]
            happened.append(Event(
                f"{article.article_id}-{k}", article.article_id, article.source, "", day - timedelta(days=k % 3),
                rng.choice((1, 1, 2, 3)), rng.choice(types), "", rng.choice(ACTORS), rng.choice(ACTORS),
                rng.randrange(4), 0, 0, name, name, lat, lon, rng.choice((1, 1, 2, 3)), country, None, None,
                f"A {rng.choice(words)} near {name} was reported.", 0.9, rng.choice(("event", "event", "mention")),
                country, False))
        batch.append((article, happened))
        if len(batch) == ARTICLES_PER_FILE:
            batches.append(batch)
            batch = []
    return [*batches, batch] if batch else batches


def write(location, batches) -> tuple[float, int]:
    """Add every file in its own transaction; (seconds, events stored)."""
    started = time.perf_counter()
    stored = 0
    with ge.EventStore.open(location) as store:
        for number, batch in enumerate(batches, start=1):
            stored += store.add(batch).events
            if number % 100 == 0:
                log.info("  %d files, %d events stored", number, stored)
    return time.perf_counter() - started, stored


def share_seconds(location, filters: EventFilters) -> tuple[float, float, int]:
    """The store's share of one view and its map layer: (seconds, layer MB, places)."""
    started = time.perf_counter()
    with ge.EventStore.open(location) as store:
        part = store_part(store, query_of(filters, bounds=MAP_BOX), period="month")
    import folium

    fmap = folium.Map(tiles=None)
    summary_layer(part.places).add_to(fmap)
    layer = fmap.get_root().render()
    return time.perf_counter() - started, len(layer.encode("utf-8")) / 2**20, len(part.places)


class _RunTimes(logging.Handler):
    """The script's own time of each run, as ``app.py`` logs it (debug) when it ends."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.seconds: list[float] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("page drawn in"):
            self.seconds.append(float(record.args[0]))


def page_seconds(location) -> list[tuple[str, float, float]]:
    """The page rerun after each filter change (AppTest): (change, AppTest's seconds, the
    script's own seconds). AppTest compiles the script again on every run (a third of a second
    here); the server compiles it once, so the script's own time is what a user waits for."""
    from streamlit.testing.v1 import AppTest

    os.environ.update(GEO_EVENTS_TILES="none", GEO_EVENTS_STORE=str(location))
    page_log = logging.getLogger("geo_events.page")
    times = _RunTimes()
    page_log.addHandler(times)
    page_log.setLevel(logging.DEBUG)
    page_log.propagate = False  # the times go to the table, not the console
    found = []

    def run(label: str, change) -> None:
        started = time.perf_counter()
        change()
        found.append((label, time.perf_counter() - started, times.seconds[-1]))

    import streamlit as st

    st.cache_data.clear()  # each pass asks the store again, as a new server would
    st.cache_resource.clear()
    try:
        with tempfile.TemporaryDirectory() as empty:
            sys.argv = ["app.py", empty]
            app = AppTest.from_file(str(REPO / "app.py"), default_timeout=600)
            app.session_state["show_store:0"] = True
            run("first view", app.run)
            for label, key, value in (("one event type", "types", ["Battles"]),
                                      ("two types", "types", ["Battles", "Protests"]),
                                      ("one country", "countries", ["IQ"]),
                                      ("one actor", "actors", ["Actor group 7"]),
                                      ("no filter again", "types", [])):
                run(label, app.multiselect(key=key).set_value(value).run)
                if key != "types":  # back to every country or actor before the next change
                    app.multiselect(key=key).set_value([]).run()
            south, west, north, east = MAP_BOX  # as the map reports its view
            app.session_state["map"] = {"bounds": {"_southWest": {"lat": south, "lng": west},
                                                   "_northEast": {"lat": north, "lng": east}}}
            run("only the map's view", app.toggle(key="in_view").set_value(True).run)
            app.toggle(key="in_view").set_value(False).run()
            run("text search", app.text_input(key="search").set_value("drone").run)
            if app.exception:
                raise RuntimeError(f"app.py failed: {app.exception}")
    finally:
        page_log.removeHandler(times)
        page_log.propagate = True
    return found


def page_passes(location, runs: int) -> list[list[tuple[str, float, float]]]:
    """:func:`page_seconds`, ``runs`` passes, in a fresh interpreter: a server that did not just
    write a million events (this process holds them, and its page reruns were up to twice as
    slow as the same page in a new process)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--page-only", str(location),
               "--page-runs", str(runs)]
    done = subprocess.run(command, cwd=REPO, check=True, stdout=subprocess.PIPE, text=True)
    return [[tuple(step) for step in found] for found in json.loads(done.stdout)]


@contextlib.contextmanager
def postgres(url: str | None):
    if url:
        yield url
        return
    from pg_server import running_server

    with running_server() as server:
        yield server.create_database("bench_filters")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="events to store (default 1,000,000)")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--postgres", default=None, help="a PostgreSQL URL to use instead of a throwaway server")
    parser.add_argument("--page-runs", type=int, default=3,
                        help="passes of the page's filter changes, each from empty caches (default 3)")
    parser.add_argument("--page-only", metavar="STORE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    if args.page_only:  # one process's page passes, as JSON (page_passes)
        store = args.page_only if "://" in args.page_only else Path(args.page_only)
        sys.stdout.write(json.dumps([page_seconds(store) for _ in range(args.page_runs)]))
        return 0
    gazetteer = Gazetteer.open()
    batches = files(args.events, towns(gazetteer, PLACES))
    lines = []
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        for backend in backends:
            location = Path(tmp) / "events.sqlite3" if backend == "sqlite" else stack.enter_context(postgres(args.postgres))
            log.info("%s: writing %d events", backend, args.events)
            seconds, stored = write(location, batches)
            lines.append(f"\n### {backend}: {stored:,} events in {len(batches):,} files\n")
            lines.append(f"Written by `EventStore.add` (a file per transaction) in {seconds:.0f} s: "
                         f"{stored / seconds:,.0f} events/s, {stored / EVENTS_PER_ARTICLE / seconds:,.0f} articles/s.\n")
            lines += ["| filter change | store's share + map layer, s | layer MB | places |", "|---|--:|--:|--:|"]
            for label, filters in CHANGES:
                runs = [share_seconds(location, filters) for _ in range(3)]
                lines.append(f"| {label} | {statistics.median(r[0] for r in runs):.2f} | {runs[0][1]:.2f} | {runs[0][2]:,} |")
            passes = page_passes(location, args.page_runs)
            lines += ["", f"| the page rerun after (median of {args.page_runs} passes) | the script, s | "
                          "slowest pass | AppTest, s |", "|---|--:|--:|--:|"]
            for step, (label, _, _) in enumerate(passes[0]):
                script = [found[step][2] for found in passes]
                whole = [found[step][1] for found in passes]
                lines.append(f"| {label} | {statistics.median(script):.2f} | {max(script):.2f} | "
                             f"{statistics.median(whole):.2f} |")
    lines.append(f"\n`python benchmarks/bench_store_filters.py --events {args.events}` — Python "
                 f"{platform.python_version()}, {os.cpu_count()} cores, {platform.machine()} {platform.system()}. "
                 "Target: a filter change under 2 s server side, payload under 5 MB.")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
