"""python benchmarks/bench_startup.py [--runs N]: seconds from `streamlit run app.py` to the first map.

A new analyst's first run (cold: empty cache and data folders, so the
gazetteer index is built) and the runs after it (warm: the same folders).
Each run starts the page on the built-in samples with Debian's chromium
(offline, as the tests drive it) and stops the clock when the map's iframe
shows its first marker. Printed: per run, the seconds to the first map, the
index build's own seconds as the server logged them, and the medians.
Target (issue 15): the first map within 20 s on a cold cache with 2 cores.
Needs chromium and Playwright (what the browser tests need).
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the browser helpers the tests use

from browser import CHROMIUM, MARKERS, MAP_FRAME, offline_browser, streamlit_app  # noqa: E402

log = logging.getLogger("bench_startup")
#: Longer than any first run should take: a run past it is reported, not waited for.
FIRST_MAP_DEADLINE_SECONDS = 240.0
_BUILD_LINE = re.compile(r"Gazetteer index ready: [\d,]+ places in ([\d.]+) s")


def first_map_seconds(cache: Path) -> tuple[float, float | None]:
    """Start the page with ``cache`` as its cache and data folders; seconds to the first
    marker, and the index build's seconds (``None``: no build, the index was there)."""
    os.environ["XDG_CACHE_HOME"] = str(cache / "cache")
    os.environ["XDG_DATA_HOME"] = str(cache / "data")
    os.environ.pop("GEO_EVENTS_GAZETTEER", None)
    with offline_browser() as browser:
        started = time.perf_counter()
        with streamlit_app() as server:
            browser.page.goto(server.url)
            browser.page.frame_locator(MAP_FRAME).locator(MARKERS).first.wait_for(
                timeout=FIRST_MAP_DEADLINE_SECONDS * 1000)
            seconds = time.perf_counter() - started
            built = _BUILD_LINE.search("".join(server.output))
    return seconds, float(built.group(1)) if built else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="cold runs, each followed by a warm one")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    if not CHROMIUM.exists():
        print(f"needs chromium at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 2
    rows: list[tuple[str, float, float | None]] = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="geo-events-first-run-") as folder:
            for kind in ("cold", "warm"):
                rows.append((kind, *first_map_seconds(Path(folder))))
    print(f"{'run':<6} {'first map s':>12} {'index build s':>14}")
    for kind, seconds, build in rows:
        print(f"{kind:<6} {seconds:>12.1f} {'-' if build is None else f'{build:.1f}':>14}")
    for kind in ("cold", "warm"):
        print(f"median {kind}: {statistics.median(s for k, s, _ in rows if k == kind):.1f} s "
              f"over {sum(k == kind for k, _, _ in rows)} runs ({os.cpu_count()} CPUs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
