"""python benchmarks/bench_playback.py: server time of one playback frame at 10,000 events.

A frame is what the page computes when the timer steps: the frame's rows out
of the filtered table (:func:`geo_events.dashboard.frame_rows`), the events
layer for them (:func:`geo_events.dashboard.place_layer`) and that layer
serialised to the script streamlit-folium sends (the base map is kept). The
synthetic table is bench_map's (towns between the Aegean and Afghanistan,
dates over five years). Printed per step: frames, median and slowest frame
in ms, and the median layer payload in kB. Target (issue 15): frames well
under the 1 s a frame the page plays at.
"""

from __future__ import annotations

import logging
import os
import platform
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # a plain script: make the repo's packages importable
sys.path.insert(0, str(REPO / "benchmarks"))

import folium  # noqa: E402

import geo_events as ge  # noqa: E402
from bench_map import synthetic_table, towns  # noqa: E402
from geo_events.dashboard import STEPS, frame_rows, frame_starts, place_layer  # noqa: E402
from geo_events.text import sentence_spans  # noqa: E402
from gazetteer import Gazetteer  # noqa: E402

log = logging.getLogger("bench_playback")
EVENTS = 10_000
#: Frames timed per step (spread over the whole span).
FRAMES_TIMED = 60


def frame_payload(rows) -> str:
    """The events layer as the script streamlit-folium sends for ``feature_group_to_add``."""
    holder = folium.Map(tiles=None)
    layer = place_layer(rows)
    layer.add_to(holder)
    holder.get_root().render()  # names every element, as st_folium does before reading the script
    return "".join(child._template.module.script(child) for child in [layer, *layer._children.values()]
                   if hasattr(child._template.module, "script"))


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    gazetteer = Gazetteer.open(progress=log.info)
    sample = ge.read_paths([ge.SAMPLE_ARTICLES_DIR]).articles
    sentences = [a.text[s:e] for a in sample for s, e in sentence_spans(a.text)]
    table = synthetic_table(EVENTS, towns(gazetteer, EVENTS // 10), sentences)
    lines = ["| step | frames | median frame, ms | slowest, ms | layer payload, kB |", "|---|--:|--:|--:|--:|"]
    for step in STEPS:
        starts = frame_starts(table, step=step)
        chosen = starts[:: max(1, len(starts) // FRAMES_TIMED)]
        times, sizes = [], []
        for start in chosen:
            began = time.perf_counter()
            payload = frame_payload(frame_rows(table, start, step=step))
            times.append(time.perf_counter() - began)
            sizes.append(len(payload.encode("utf-8")))
        lines.append(f"| {step} | {len(starts):,} | {1000 * statistics.median(times):.0f} | "
                     f"{1000 * max(times):.0f} | {statistics.median(sizes) / 1024:.0f} |")
    lines.append(f"\n`python benchmarks/bench_playback.py` — {EVENTS:,} events; Python "
                 f"{platform.python_version()}, {os.cpu_count()} cores, {platform.machine()} {platform.system()}.")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
