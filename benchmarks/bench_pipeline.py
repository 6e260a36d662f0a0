"""python benchmarks/bench_pipeline.py [--quick]: time the gazetteer and geoparsing stages.

Builds a throw-away index in a temporary folder (never the user's cache), then times a
fresh process's first lookup, lookup latency, a fresh process's peak memory, one-core
geoparse throughput and the seed article. Progress is logged to stderr; one markdown
table goes to stdout.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # a plain script: make the repo's packages importable

import geo_events as ge  # noqa: E402
from geo_events.text import sentence_spans  # noqa: E402
from gazetteer import Gazetteer, build_index  # noqa: E402

log = logging.getLogger("bench_pipeline")

SEED = REPO.parent / "shared" / "seed" / "centcom-raid-2023-01-23.txt"
#: Places the sample articles and the seed name, in the spellings they use.
KNOWN_NAMES = ("Mosul", "Raqqa", "Ar Raqqah", "Deir ez-Zor", "Deir al-Zour", "Qamishli", "Bukamal",
               "Albu Kamal", "Sinjar", "Kobani", "Tikrit", "Palmyra", "Ramadi", "Manbij", "Tal Afar",
               "Afrin", "Daraa", "Hajin", "Khan Shaykhun", "Ras al-Ain", "Saraqib", "Al-Bab",
               "Hasakah", "Sweida", "Baghdad", "Damascus", "Aleppo", "Idlib", "Tabqa", "Syria")
#: Names that resolve to nothing (or should): the not-found path.
MISSING_NAMES = ("Buccino", "Zubaydi", "Qwertyville", "Xanadu Springs", "CENTCOM", "Levant Gate",
                 "Northshire", "Al-Nowhere", "Fakeabad", "Pentagon")
_CAPITALISED_RUN = re.compile(r"[A-Z][\w'-]+(?: (?:al-|ez-|el-)?[A-Z][\w'-]+){0,2}")

Row = tuple[str, str, str]


def percentile_ms(samples_s: list[float], pct: int) -> float:
    return statistics.quantiles(samples_s, n=100, method="inclusive")[pct - 1] * 1000


#: Linux carries ru_maxrss across fork+exec, so a child of this (large) process would
#: report at least this process's RSS; a small launcher process in between avoids that.
VIA_LAUNCHER = "import subprocess, sys; sys.exit(subprocess.call([sys.executable, *sys.argv[1:]]))"


def run_python(code: str, *args: str, launcher: bool = False) -> dict:
    """Run ``code`` in a fresh interpreter (cwd = repo root) and parse its JSON stdout."""
    command = [sys.executable, "-c", code, *args]
    if launcher:
        command[1:1] = ["-c", VIA_LAUNCHER]
    done = subprocess.run(command, cwd=REPO, check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


COLD_LOAD = """
import json, sys, time
started = time.perf_counter()
from gazetteer import Gazetteer
imported = time.perf_counter()
Gazetteer(sys.argv[1]).lookup("Mosul")
print(json.dumps({"import_s": imported - started, "open_lookup_s": time.perf_counter() - imported}))
"""

PEAK_MEMORY = """
import json, resource, sys
at_start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
from gazetteer import Gazetteer
import geo_events as ge
rows = ge.Geoparser(Gazetteer(sys.argv[1])).extract(ge.read_paths([ge.SAMPLE_ARTICLES_DIR]).articles)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
unit = 2**20 if sys.platform == "darwin" else 2**10
print(json.dumps({"peak_mb": peak / unit, "start_mb": at_start / unit, "rows": len(rows)}))
"""


def lookup_names(articles: list[ge.Article]) -> list[str]:
    """Fixed known and missing names plus every short capitalised run in the sample texts."""
    harvested = {m.group() for a in articles for m in _CAPITALISED_RUN.finditer(a.text)}
    return list(dict.fromkeys([*KNOWN_NAMES, *MISSING_NAMES, *sorted(harvested)]))


def time_each(calls: list[Callable[[], object]]) -> list[float]:
    samples: list[float] = []
    for call in calls:
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return samples


def bench_lookups(path: Path, names: list[str], total: int) -> list[Row]:
    rng = random.Random(0)
    mixed = [rng.choice(names) for _ in range(total)]
    gaz = Gazetteer(path)
    found = sum(bool(gaz.lookup(n)) for n in names)  # also warms the LRU for the cached row
    cached = time_each([lambda n=n: gaz.lookup(n) for n in mixed])
    # Uncached: a fresh Gazetteer (empty LRU, new SQLite connection) per pass over the
    # distinct names, so every timed lookup() is a first lookup of that name.
    uncached: list[float] = []
    while len(uncached) < total:
        fresh = Gazetteer(path)
        uncached += time_each([lambda n=n: fresh.lookup(n) for n in names])
        fresh.close()
    label = f"{len(names)} distinct names, {found} found"
    return [
        (f"lookup p50, uncached (fresh Gazetteer per pass; {label}), ms",
         f"{percentile_ms(uncached, 50):.3f}", ""),
        (f"lookup p99, uncached ({len(uncached):,} lookups), ms", f"{percentile_ms(uncached, 99):.3f}", "< 1"),
        (f"lookup p50, LRU-cached (repeated names; {total:,} lookups), ms",
         f"{percentile_ms(cached, 50):.3f}", ""),
        ("lookup p99, LRU-cached, ms", f"{percentile_ms(cached, 99):.3f}", "< 1"),
    ]


def synthetic_corpus(articles: list[ge.Article], count: int) -> list[ge.Article]:
    """``count`` articles of sample sentences shuffled across articles (seeded)."""
    rng = random.Random(0)
    pool = [a.text[s:e] for a in articles for s, e in sentence_spans(a.text)]
    per_article = max(1, round(len(pool) / len(articles)))
    return [ge.parse_article(f" date 2020-01-01 {' '.join(rng.sample(pool, per_article))}",
                             source=f"synthetic-{i}") for i in range(count)]


def throughput(path: Path, articles: list[ge.Article]) -> float:
    parser = ge.Geoparser(Gazetteer(path))
    started = time.perf_counter()
    rows = parser.extract(articles)
    elapsed = time.perf_counter() - started
    log.info("extract: %d articles -> %d rows in %.2f s", len(articles), len(rows), elapsed)
    return len(articles) / elapsed


def bench_seed(path: Path, repeats: int) -> list[Row]:
    if not SEED.is_file():
        return [("seed article geoparse, ms", "skipped", f"{SEED} absent")]
    article = ge.read_paths([SEED]).articles
    parser = ge.Geoparser(Gazetteer(path))
    cold = time_each([lambda: parser.extract(article)])[0]
    warm = statistics.median(time_each([lambda: parser.extract(article)] * repeats))
    words = len(article[0].text.split())
    return [(f"seed article geoparse, first call (fresh Gazetteer; {words} words), ms", f"{cold * 1000:.1f}", ""),
            (f"seed article geoparse, warm (median of {repeats}), ms", f"{warm * 1000:.1f}", "")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (about 4x less work)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    lookups, min_articles, cold_runs, seed_repeats = (500, 120, 1, 3) if args.quick else (2000, 500, 3, 10)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-gazetteer-") as tmp:
        path = Path(tmp) / "gazetteer.sqlite3"
        started = time.perf_counter()
        build_index(path, progress=log.info)
        rows.append(("index build (temp dir), s", f"{time.perf_counter() - started:.1f}", ""))
        rows.append(("index file size, MB", f"{path.stat().st_size / 2**20:.1f}", ""))

        log.info("cold load: %d fresh process(es)", cold_runs)
        cold = [run_python(COLD_LOAD, str(path)) for _ in range(cold_runs)]
        rows.append((f"cold Gazetteer(path) + lookup('Mosul'), fresh process, warm OS cache "
                     f"(median of {cold_runs}), ms",
                     f"{statistics.median(c['open_lookup_s'] for c in cold) * 1000:.1f}", "< 500"))
        rows.append(("  (import gazetteer in that process, not in the above), ms",
                     f"{statistics.median(c['import_s'] for c in cold) * 1000:.1f}", ""))

        sample = ge.read_paths([ge.SAMPLE_ARTICLES_DIR]).articles
        log.info("lookups: %d", lookups)
        rows += bench_lookups(path, lookup_names(sample), lookups)

        log.info("peak memory: fresh process geoparsing %d sample articles", len(sample))
        memory = run_python(PEAK_MEMORY, str(path), launcher=True)
        log.info("peak RSS %.0f MB (%.0f MB before imports)", memory["peak_mb"], memory["start_mb"])
        rows.append((f"peak RSS, fresh process: open + geoparse sample corpus ({memory['rows']} rows), MB",
                     f"{memory['peak_mb']:.0f}", "< 200"))

        copies = -(-min_articles // len(sample))
        replicated = sample * copies
        words = round(statistics.mean(len(a.text.split()) for a in sample))
        rows.append((f"throughput, sample corpus x{copies} ({len(replicated)} articles of ~{words} words, "
                     "identical text: LRU warm), articles/s", f"{throughput(path, replicated):.0f}", ">= 200"))
        synthetic = synthetic_corpus(sample, len(replicated))
        rows.append((f"throughput, synthetic shuffled-sentence corpus ({len(synthetic)} articles, "
                     "fresh Gazetteer), articles/s", f"{throughput(path, synthetic):.0f}", ">= 200"))
        rows += bench_seed(path, seed_repeats)

    width = max(len(m) for m, _, _ in rows)
    lines = [f"| {'metric':<{width}} | value | target |", f"|{'-' * (width + 2)}|------:|--------|"]
    lines += [f"| {m:<{width}} | {v:>5} | {t:<6} |" for m, v, t in rows]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
