"""python benchmarks/bench_dask_ingest.py [--articles N]: ``ingest`` with 1 worker and with 2 (issue 16).

Generates N articles (default 100,000) as CSV collections of
``--rows-per-file`` rows (the sample articles' sentences shuffled, seeded,
each row dated), then runs the real command on them twice, each into a fresh
SQLite store:

- ``python -m geo_events ingest DIR --workers 1``: today's single-process path;
- ``python -m geo_events ingest DIR --workers 2``: a Dask LocalCluster of 2
  worker processes, one thread each, the client reading and storing.

For each: wall time of the whole command, articles/s over it, articles/s once
started (the wall time less that of the same command on a one-article file:
interpreter, gazetteer, cluster start-up), and the peak memory (RSS) of the
command's process and of each worker process, sampled from outside every
0.2 s (psutil), with the CPU seconds each had used at its last sample. As the
cores may be shared with other work, the ratio's ceiling is measured around
each run: two CPU-bound loops side by side against one alone. The ratio of the two rates is the point on a 2-core machine
(both cores also run the client and the scheduler). Both stores are checked
to hold the same articles and events. Progress to stderr; one markdown table
to stdout.
"""

from __future__ import annotations

import argparse
import csv
import logging
import os
import platform
import random
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # a plain script: make the repo's packages importable

import geo_events as ge  # noqa: E402
from geo_events.text import sentence_spans  # noqa: E402
from gazetteer import Gazetteer  # noqa: E402

log = logging.getLogger("bench_dask_ingest")

#: How often the process tree's memory is read, in seconds.
SAMPLE_SECONDS = 0.2


def write_collections(folder: Path, *, articles: int, rows_per_file: int, seed: int = 16) -> list[Path]:
    """``articles`` rows of shuffled sample sentences (as many a row as a sample article has on
    average), dated over a year, in CSV files of ``rows_per_file`` rows."""
    sample = ge.read_paths([ge.SAMPLE_ARTICLES_DIR]).articles
    pool = [a.text[s:e] for a in sample for s, e in sentence_spans(a.text)]
    per_article = max(1, round(len(pool) / len(sample)))
    rng = random.Random(seed)
    paths = []
    for first in range(0, articles, rows_per_file):
        path = folder / f"news-{first // rows_per_file:04d}.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["date", "title", "text", "url"])
            for i in range(first, min(first + rows_per_file, articles)):
                writer.writerow([f"2022-{1 + i % 12:02d}-{1 + i % 28:02d}", f"Report {i}",
                                 " ".join(rng.sample(pool, per_article)), f"https://example.org/{i}"])
        paths.append(path)
    return paths


@dataclass
class Run:
    seconds: float
    peak_mib: dict[str, float] = field(default_factory=dict)  # "client", "worker 1", ...
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    stderr: str = ""


def run_ingest(paths: list[Path], store: Path, *, workers: int) -> Run:
    """The command on ``paths``, its wall time and the peak RSS of each of its processes."""
    command = [sys.executable, "-m", "geo_events", "ingest", *map(str, paths), "--store", str(store),
               "--workers", str(workers), "--no-progress"]
    peaks: dict[int, tuple[str, float]] = {}
    cpu: dict[int, float] = {}
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, stderr=subprocess.PIPE, text=True)
    stop = threading.Event()

    def sample() -> None:
        root = psutil.Process(process.pid)
        while not stop.is_set():
            try:
                tree = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            for proc in tree:
                try:
                    rss = proc.memory_info().rss / 2**20
                    times = proc.cpu_times()
                    role = "client" if proc.pid == root.pid else _role(proc)
                except psutil.Error:
                    continue
                if role and rss > peaks.get(proc.pid, ("", 0.0))[1]:
                    peaks[proc.pid] = (role, rss)
                if role:
                    cpu[proc.pid] = times.user + times.system
            stop.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {process.returncode}:\n{stderr}")
    named: dict[str, float] = {}
    cpu_named: dict[str, float] = {}
    workers_seen = 0
    for pid in sorted(peaks):
        role, rss = peaks[pid]
        if role == "worker":
            workers_seen += 1
            role = f"worker {workers_seen}"
        named[role] = max(named.get(role, 0.0), rss)
        cpu_named[role] = cpu.get(pid, 0.0)
    return Run(seconds, named, cpu_named, stderr)


def _role(proc: psutil.Process) -> str | None:
    """A child of the command: a Dask worker (spawned by its nanny); None for helpers (the
    resource tracker)."""
    cmdline = " ".join(proc.cmdline())
    return "worker" if "spawn_main" in cmdline else None


#: A CPU-bound loop of about 2 s, for :func:`two_core_ceiling`.
_SPIN = "x = 0\nfor i in range(25_000_000):\n    x += i"


def two_core_ceiling() -> float:
    """What 2 processes get from the machine now against 1: the rate of two CPU-bound loops run
    side by side over the rate of one alone (2.0 on two idle cores; less when other work shares
    them). The best ratio the 2-worker run could reach at that moment."""
    def timed(copies: int) -> float:
        started = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-c", _SPIN]) for _ in range(copies)]
        for proc in procs:
            proc.wait()
        return time.perf_counter() - started

    alone = timed(1)
    return 2 * alone / timed(2)


def same_contents(one: Path, two: Path, *, compare_events: bool) -> bool:
    with ge.EventStore.open(one) as a, ge.EventStore.open(two) as b:
        if a.counts() != b.counts():
            return False
        if not compare_events:
            return True
        return sorted(a.events(), key=lambda e: e.event_id) == sorted(b.events(), key=lambda e: e.event_id)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000, metavar="N",
                        help="generated articles (default 100000)")
    parser.add_argument("--rows-per-file", type=int, default=2_000, metavar="N",
                        help="rows per generated CSV collection (default 2000)")
    args = parser.parse_args(argv)
    if args.articles < 1 or args.rows_per_file < 1:
        parser.error("--articles and --rows-per-file must be positive")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    Gazetteer.open(progress=log.info).close()  # build the index first, outside the timing

    rows, stored = [], {}
    loads: dict[int, tuple[float, float]] = {}  # 1-minute load average before and after each run
    ceilings: list[float] = []  # two_core_ceiling() before and after each run
    with tempfile.TemporaryDirectory(prefix="bench-dask-ingest-") as tmp:
        folder = Path(tmp) / "news"
        folder.mkdir()
        paths = write_collections(folder, articles=args.articles, rows_per_file=args.rows_per_file)
        one = Path(tmp) / "one.csv"
        write_collections(Path(tmp), articles=1, rows_per_file=1)[0].rename(one)
        log.info("%d articles in %d files", args.articles, len(paths))
        for workers in (1, 2):
            overhead = run_ingest([one], Path(tmp) / f"overhead-{workers}.sqlite3", workers=workers)
            store = Path(tmp) / f"workers-{workers}.sqlite3"
            log.info("ingest --workers %d ...", workers)
            load_before, ceiling_before = os.getloadavg()[0], two_core_ceiling()
            done = run_ingest([folder], store, workers=workers)
            loads[workers] = (load_before, os.getloadavg()[0])
            ceilings += [ceiling_before, two_core_ceiling()]
            log.info("  %.1f s; %s", done.seconds, done.stderr.strip().splitlines()[-1])
            with ge.EventStore.open(store) as opened:
                articles, events = opened.counts()
            stored[workers] = store
            rows.append((workers, articles, events, done, overhead.seconds))
        same = same_contents(stored[1], stored[2], compare_events=args.articles <= 20_000)

    lines = ["| workers | articles | events and mentions | s (whole command) | articles/s | "
             "start-up s | articles/s once started | peak RSS MiB: client | peak RSS MiB: each worker | "
             "CPU s: client, each worker |",
             "|--:|--:|--:|--:|--:|--:|--:|--:|---|---|"]
    rates = {}
    for workers, articles, events, done, overhead in rows:
        rate, steady = articles / done.seconds, articles / max(done.seconds - overhead, 1e-9)
        rates[workers] = (rate, steady)
        each = ", ".join(f"{v:,.0f}" for k, v in done.peak_mib.items() if k.startswith("worker")) or \
            "(none: in the client)"
        cpu = ", ".join(f"{v:,.0f}" for v in done.cpu_seconds.values())
        lines.append(f"| {workers} | {articles:,} | {events:,} | {done.seconds:,.1f} | {rate:,.0f} | "
                     f"{overhead:.1f} | {steady:,.0f} | {done.peak_mib.get('client', 0):,.0f} | {each} | {cpu} |")
    lines.append(f"\nRatio, 2 workers to 1: {rates[2][0] / rates[1][0]:.2f} over the whole command, "
                 f"{rates[2][1] / rates[1][1]:.2f} once started. Same articles and events in both stores: "
                 f"{'yes' if same else 'NO'} ({'every column compared' if args.articles <= 20_000 else 'counts'}).")
    lines.append("What the machine gave 2 processes against 1 (two CPU-bound loops side by side), before and "
                 "after each run, the ceiling of the ratio: " + ", ".join(f"{c:.2f}" for c in ceilings) + ".")
    lines.append("1-minute load average before and after each run (other work on the machine shows here): "
                 + "; ".join(f"{w} worker(s) {a:.1f} / {b:.1f}" for w, (a, b) in loads.items()) + ".")
    lines.append(f"`python benchmarks/bench_dask_ingest.py --articles {args.articles}` "
                 f"({args.rows_per_file:,} rows a file) — Python {platform.python_version()}, "
                 f"{os.cpu_count()} cores, {platform.machine()} {platform.system()}.")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
