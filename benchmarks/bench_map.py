"""python benchmarks/bench_map.py: the dashboard's map at 1k, 10k and 50k events.

For each size, a synthetic event table (events spread over one place per ten
events, towns drawn from the gazetteer between the Aegean and Afghanistan, dates over
five years, sentences from the sample corpus) is filtered to its last four years
the way the page does after a filter change, then the map is built (one GeoJSON
layer, clustered past 200 places) and serialised to the HTML streamlit-folium
sends. Printed: seconds for filter + build + serialise, the payload size, and how
much of it the town names are (the same map without them, serialised apart).
Targets (issue 6): under 1 s and under 5 MB at 50k events; the names (issue 15):
well under 1 MB.
"""

from __future__ import annotations

import logging
import os
import platform
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # a plain script: make the repo's packages importable

import pandas as pd  # noqa: E402

import geo_events as ge  # noqa: E402
from geo_events.dashboard import EventFilters, TYPE_COLOURS, apply_filters, build_map, count_places, use_local_assets  # noqa: E402
from geo_events.text import sentence_spans  # noqa: E402
from gazetteer import Gazetteer  # noqa: E402

log = logging.getLogger("bench_map")
SIZES = (1_000, 10_000, 50_000)
EVENTS_PER_PLACE = 10


def towns(gazetteer: Gazetteer, count: int) -> list[tuple[str, float, float, str]]:
    rows = gazetteer._db.execute(  # read-only benchmark access to the index
        "SELECT name, latitude, longitude, country_code FROM places WHERE kind = 'city' "
        "AND latitude BETWEEN 25 AND 42 AND longitude BETWEEN 25 AND 60 ORDER BY id LIMIT ?",
        (count,)).fetchall()
    return [tuple(r) for r in rows]


def synthetic_table(size: int, places: list[tuple], sentences: list[str]) -> pd.DataFrame:
    rng = random.Random(size)
    types = [t for t in TYPE_COLOURS if t != "Mentioned only"]
    chosen = places[: max(1, size // EVENTS_PER_PLACE)]
    first = date(2019, 1, 1)
    records = []
    for n in range(size):
        name, lat, lon, country = chosen[n % len(chosen)]
        records.append({"event_id": f"e{n}", "article_id": f"a{n // 3}", "source": f"synthetic/{n // 3}.txt",
                        "title": "", "event_date": first + timedelta(days=rng.randrange(5 * 365)),
                        "time_precision": rng.choice((1, 1, 2, 3)), "event_type": rng.choice(types),
                        "sub_event_type": "", "actor1": "SDF", "actor2": "ISIS",
                        "fatalities": rng.randrange(5), "injuries": 0, "captured": 0, "location": name,
                        "matched_text": name, "latitude": lat, "longitude": lon, "geo_precision": 1,
                        "country": country, "admin1": None, "geonameid": None,
                        "notes": rng.choice(sentences), "confidence": 0.9,
                        "kind": rng.choice(("event", "event", "mention")), "country_code": country,
                        "needs_review": False, "url": f"https://example.org/{n // 3}",
                        "source_count": 1, "sources": ""})
    frame = pd.DataFrame.from_records(records)
    frame["event_date"] = pd.to_datetime(frame["event_date"])
    return frame


def app_rerun_seconds() -> float:
    """Median time of a full rerun of app.py after an event-type filter change."""
    import statistics
    import tempfile

    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update(GEO_EVENTS_TILES="none", GEO_EVENTS_STORE=str(Path(tmp) / "events.sqlite3"))
        sys.argv = ["app.py"]
        app = AppTest.from_file(str(REPO / "app.py"), default_timeout=300)
        app.run()
        times = []
        for choice in (["Battles"], ["Protests"], [], ["Battles"], ["Riots", "Protests"]):
            started = time.perf_counter()
            app.multiselect(key="types").set_value(choice).run()
            times.append(time.perf_counter() - started)
        if app.exception:
            raise RuntimeError(f"app.py failed: {app.exception}")
    return statistics.median(times)


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    gazetteer = Gazetteer.open(progress=log.info)
    places = towns(gazetteer, max(SIZES) // EVENTS_PER_PLACE)
    sample = ge.read_paths([ge.SAMPLE_ARTICLES_DIR]).articles
    sentences = [a.text[s:e] for a in sample for s, e in sentence_spans(a.text)]
    lines = ["| events | places drawn | filter + build + serialise, s | payload, MB | of which town names, kB "
             "| target |", "|--:|--:|--:|--:|--:|---|"]
    for size in SIZES:
        table = synthetic_table(size, places, sentences)
        started = time.perf_counter()
        shown = apply_filters(table, EventFilters(start=date(2020, 1, 1)))
        fmap = use_local_assets(build_map(shown, tiles=None, gazetteer=gazetteer), base_url="../leaflet/",
                                cluster_base_url="../cluster/")
        payload = fmap.get_root().render()
        seconds = time.perf_counter() - started
        megabytes = len(payload.encode("utf-8")) / 2**20
        unnamed = use_local_assets(build_map(shown, tiles=None, labels=False), base_url="../leaflet/",
                                   cluster_base_url="../cluster/").get_root().render()
        names_kb = (len(payload.encode("utf-8")) - len(unnamed.encode("utf-8"))) / 1000
        log.info("%d events: %.2f s, %.2f MB (%.0f kB of names)", size, seconds, megabytes, names_kb)
        lines.append(f"| {size:,} | {count_places(shown):,} | {seconds:.2f} | {megabytes:.2f} | {names_kb:.0f} | "
                     "< 1 s, < 5 MB |")
    lines.append(f"\nThe page on the sample corpus (Streamlit AppTest, caches warm): a filter change "
                 f"reruns the whole script in {app_rerun_seconds():.2f} s (median of 5; target: well under 1 s).")
    lines.append(f"\n`python benchmarks/bench_map.py` — Python {platform.python_version()}, "
                 f"{os.cpu_count()} cores, {platform.machine()} {platform.system()}.")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
