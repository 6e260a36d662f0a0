"""python benchmarks/bench_event_notes.py [--data PATH...] [--split dev|test|all] [--misses N]

Scores the event extractor on a hand-coded development set of short
ACLED-style event reports (``benchmarks/data/event_notes/*.jsonl``, one JSON
object a line: the article's text and its gold ACLED fields; ``event_type``
"" for a note that reports no event). Each note is parsed with
:func:`geo_events.parse_article` and run through one
:meth:`geo_events.Geoparser.events`; the first ``kind == "event"`` row is the
note's predicted event. Progress to stderr; markdown tables to stdout.

    $ python benchmarks/bench_event_notes.py --misses 5       # tables, then dev misses on stderr

Scoring (each field as % of the notes whose gold has an event; a note with
no predicted event is wrong on every field):

- found: at least one event row; event_type, sub_event_type, geo_precision,
  fatalities, inter1, inter2, interaction: equal to the gold value;
- place: the predicted point within 25 / 50 / 150 km (haversine) of the gold
  one for gold geo_precision 1 / 2 / 3;
- date: ``event_date`` equal (ISO strings);
- actor1, actor2: both empty, or the same :func:`canonical_actor`;
- false positives: among the notes whose gold has no event, the % that gave
  any event row (lower is better).

Split by document, never by file order: a note is in the "dev" half when the
SHA-1 of its id (UTF-8), read as an integer, is even, else in the "test" half
(:func:`split_of`). Tune rules on dev misses only (``--misses N``); the test
half is for the figure. Bad records (invalid JSON, missing keys, bad values,
repeated ids) are reported on stderr by file and line and skipped. Exit code
0, or 1 when no record could be read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import math
import os
import platform
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # a plain script: make the repo's packages importable

import geo_events as ge  # noqa: E402
from benchmarks.machine import pin_one_core  # noqa: E402
from gazetteer import Gazetteer  # noqa: E402
from geo_events.events import find_actors  # noqa: E402

__all__ = ["FIELDS", "TARGETS", "RADIUS_KM", "split_of", "haversine_km", "canonical_actor", "same_actor",
           "load_notes", "predicted_event", "score_note", "confusion", "field_table", "confusion_table",
           "subtype_table", "pattern_table", "miss_lines", "main"]

log = logging.getLogger("bench_event_notes")

DATA_DIR = REPO / "benchmarks" / "data" / "event_notes"

#: The scored fields, in table order.
FIELDS: tuple[str, ...] = ("found", "event_type", "sub_event_type", "place", "geo_precision", "date",
                           "actor1", "actor2", "inter1", "inter2", "interaction", "fatalities")
#: Targets, % of the notes with a gold event.
TARGETS: dict[str, float] = {"found": 90.0, "event_type": 75.0, "sub_event_type": 60.0, "place": 70.0,
                             "date": 88.0}
#: How far the predicted point may lie from the gold one, by gold geo_precision.
RADIUS_KM: dict[int, float] = {1: 25.0, 2: 50.0, 3: 150.0}
#: Fields an older :class:`geo_events.Event` may lack (read with getattr; missing = wrong).
OPTIONAL_ATTRIBUTES: tuple[str, ...] = ("inter1", "inter2", "interaction")
EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)

#: Keys every record needs, and the further keys a record with a gold event needs.
_ALWAYS = ("id", "text", "event_type")
_EVENT_KEYS = ("sub_event_type", "event_date", "actor1", "actor2", "inter1", "inter2", "interaction",
               "latitude", "longitude", "geo_precision", "fatalities")
_PARENTHESISED = re.compile(r"\([^()]*\)")
_NONE = "(none)"
#: One untimed article first, so the rate leaves out loading the lexicons (a once-per-process cost).
_WARM_UP = "date 2020-05-08\nSyrian government forces shelled Kansafra in Idlib on Thursday, killing two civilians."
_UNTYPED = "(untyped)"  # an event row without an event_type


def split_of(note_id: str) -> str:
    """"dev" or "test": the parity of the SHA-1 of the id, so a note keeps its half
    whatever the file order or the other notes.

        >>> split_of("v001"), split_of("v001") == split_of("v001")
        ('test', True)
    """
    return "dev" if int(hashlib.sha1(note_id.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "test"


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points in km (haversine, mean Earth radius)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def canonical_actor(name: str) -> str:
    """The actor :func:`geo_events.events.find_actors` reads first in ``name``; else the name
    lowercased, without ACLED's parenthesised parts ("(Syria)", "(2000-)"), spaces collapsed.

        >>> canonical_actor("Civilians (Syria)"), canonical_actor("Xolo  Quartet (2000-)")
        ('Civilians', 'xolo quartet')
    """
    name = (name or "").strip()
    if not name:
        return ""
    matches = find_actors(name)
    if matches:
        return matches[0].actor
    return " ".join(_PARENTHESISED.sub(" ", name).lower().split())


def same_actor(gold: str, predicted: str) -> bool:
    """Both empty, or the same canonical actor (compared without case)."""
    return canonical_actor(gold).casefold() == canonical_actor(predicted).casefold()


def load_notes(paths: Iterable[Path]) -> tuple[list[dict[str, Any]], list[str]]:
    """The valid records of JSON-lines files, in order, and one message per skipped line.

    A record is skipped (never raised on) when its line is not a JSON object,
    lacks a key, has a value of the wrong type or range, or repeats an id.
    A file that cannot be read is one problem.
    """
    records: list[dict[str, Any]] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    for path in paths:
        path = Path(path)
        try:
            lines = path.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as err:
            problems.append(f"{path}: cannot read ({err}); skipped")
            continue
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            where = f"{path}, line {number}"
            try:
                record = json.loads(line)
            except (ValueError, RecursionError) as err:
                problems.append(f"{where}: not JSON ({err}); skipped")
                continue
            if not isinstance(record, dict):
                problems.append(f"{where}: a JSON {type(record).__name__}, not an object; skipped")
                continue
            note_id = record.get("id")
            if isinstance(note_id, str) and note_id:
                where += f" (id {note_id})"
            error = _record_error(record)
            if error is None and note_id in seen:
                error = f"id {note_id!r} already used at {seen[note_id]}"
            if error is not None:
                problems.append(f"{where}: {error}; skipped")
                continue
            seen[note_id] = f"{path}, line {number}"
            records.append(record)
    return records, problems


def _record_error(record: dict[str, Any]) -> str | None:
    """Why a record cannot be scored (``None`` when it can)."""
    missing = [key for key in _ALWAYS if key not in record]
    if not missing and record["event_type"]:
        missing = [key for key in _EVENT_KEYS if key not in record]
    if missing:
        return f"missing {', '.join(missing)}"
    for key in ("id", "text", "event_type"):
        if not isinstance(record[key], str):
            return f"{key} must be a string, got {record[key]!r} ({type(record[key]).__name__})"
    if not record["id"]:
        return "id is empty"
    patterns = record.get("patterns", [])
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        return f"patterns must be a list of strings, got {patterns!r}"
    if not record["event_type"]:
        return None
    for key in ("sub_event_type", "event_date", "actor1", "actor2"):
        if not isinstance(record[key], str):
            return f"{key} must be a string, got {record[key]!r} ({type(record[key]).__name__})"
    try:
        date.fromisoformat(record["event_date"])
    except ValueError:
        return f"event_date must be YYYY-MM-DD, got {record['event_date']!r}"
    for key in ("inter1", "inter2", "interaction", "geo_precision", "fatalities"):
        value = record[key]
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            return f"{key} must be a whole number >= 0, got {value!r} ({type(value).__name__})"
    if record["geo_precision"] not in RADIUS_KM:
        return f"geo_precision must be 1, 2 or 3, got {record['geo_precision']!r}"
    for key, limit in (("latitude", 90.0), ("longitude", 180.0)):
        value = record[key]
        if (not isinstance(value, (int, float)) or isinstance(value, bool) or math.isnan(value)
                or abs(value) > limit):
            return f"{key} must be a number within +/-{limit:g}, got {value!r} ({type(value).__name__})"
    return None


def predicted_event(events: Sequence[Any]) -> Any | None:
    """The first ``kind == "event"`` row, in the order returned (``None`` when there is none)."""
    return next((e for e in events if getattr(e, "kind", None) == "event"), None)


def score_note(record: dict[str, Any], events: Sequence[Any]) -> dict[str, Any]:
    """One note's scores against the rows the extractor gave for it.

    Returns ``id``, ``split``, ``patterns``, ``gold_type``/``gold_subtype``
    ("" for no event), ``predicted_type`` ("" when no event row), ``any_event``,
    ``right`` (field -> bool, for each of :data:`FIELDS`; empty when the gold
    has no event), ``false_positive`` (``None`` when the gold has an event),
    ``missing`` (attributes of :data:`OPTIONAL_ATTRIBUTES` the predicted event
    lacks), ``gold``/``predicted`` (field -> value shown in miss listings) and
    ``km`` (predicted point to gold, ``None`` without both).
    """
    event = predicted_event(events)
    has_gold = bool(record["event_type"])
    score: dict[str, Any] = {
        "id": record["id"], "split": split_of(record["id"]), "patterns": list(record.get("patterns", [])),
        "gold_type": record["event_type"], "gold_subtype": record.get("sub_event_type", "") if has_gold else "",
        "predicted_type": "" if event is None else (getattr(event, "event_type", "") or _UNTYPED),
        "any_event": event is not None, "right": {}, "false_positive": None, "missing": (),
        "gold": {}, "predicted": {}, "km": None,
    }
    if event is not None:
        score["missing"] = tuple(a for a in OPTIONAL_ATTRIBUTES if not hasattr(event, a))
    if not has_gold:
        score["false_positive"] = event is not None
        score["predicted"] = {"found": _describe_event(event)}
        return score

    gold_point = (float(record["latitude"]), float(record["longitude"]))
    lat, lon = (getattr(event, "latitude", None), getattr(event, "longitude", None)) if event else (None, None)
    km = haversine_km(gold_point, (lat, lon)) if lat is not None and lon is not None else None
    event_date = getattr(event, "event_date", None)
    predicted = {
        "found": _describe_event(event),
        "event_type": getattr(event, "event_type", None),
        "sub_event_type": getattr(event, "sub_event_type", None),
        "place": _NONE if event is None else _describe_place(getattr(event, "location", None), lat, lon,
                                                            getattr(event, "geo_precision", None), km),
        "geo_precision": getattr(event, "geo_precision", None),
        "date": event_date.isoformat() if isinstance(event_date, date) else event_date,
        "actor1": getattr(event, "actor1", None),
        "actor2": getattr(event, "actor2", None),
        **{a: getattr(event, a, None) for a in OPTIONAL_ATTRIBUTES},
        "fatalities": getattr(event, "fatalities", None),
    }
    gold = {
        "found": record["event_type"], "event_type": record["event_type"],
        "sub_event_type": record["sub_event_type"],
        "place": _describe_place(record.get("location"), *gold_point, record["geo_precision"], None),
        "geo_precision": record["geo_precision"], "date": record["event_date"],
        "actor1": record["actor1"], "actor2": record["actor2"],
        **{a: record[a] for a in OPTIONAL_ATTRIBUTES}, "fatalities": record["fatalities"],
    }
    right = dict.fromkeys(FIELDS, False)
    if event is not None:
        right["found"] = True
        for field in ("event_type", "sub_event_type", "geo_precision", "date", *OPTIONAL_ATTRIBUTES,
                      "fatalities"):
            right[field] = predicted[field] == gold[field]
        right["place"] = km is not None and km <= RADIUS_KM[record["geo_precision"]]
        for field in ("actor1", "actor2"):
            right[field] = same_actor(gold[field], predicted[field] or "")
    score.update(right=right, gold=gold, predicted=predicted, km=km)
    return score


def _describe_event(event: Any | None) -> str:
    if event is None:
        return _NONE
    return f"{getattr(event, 'event_type', '')} / {getattr(event, 'sub_event_type', '')}"


def _describe_place(name: str | None, lat: float | None, lon: float | None, precision: int | None,
                    km: float | None) -> str:
    point = f"({lat:.3f}, {lon:.3f})" if lat is not None and lon is not None else "(no point)"
    text = f"{name or '?'} {point} precision {precision}"
    return text if km is None else f"{text}, {km:,.0f} km off"


# --- tables -----------------------------------------------------------------------------------------

def _percent(hits: int, n: int, *, with_n: bool = True) -> str:
    if n == 0:
        return "- (0)" if with_n else "-"
    text = f"{100.0 * hits / n:.1f}%"
    return f"{text} ({n})" if with_n else text


def _rate(scores: Iterable[dict[str, Any]], field: str) -> tuple[int, int]:
    """(right, n) over the scored notes with a gold event; ``field`` "false positives" counts those without."""
    if field == "false positives":
        rows = [s["false_positive"] for s in scores if s["false_positive"] is not None]
    else:
        rows = [s["right"][field] for s in scores if s["right"]]
    return sum(rows), len(rows)


def field_table(scores: Sequence[dict[str, Any]]) -> str:
    """Per-field accuracy on the dev half, the test half and all notes, with targets."""
    halves = {half: [s for s in scores if s["split"] == half] for half in ("dev", "test")}
    lines = ["| field | dev % (n) | test % (n) | all % (n) | target |", "|---|--:|--:|--:|---|"]
    for field in (*FIELDS, "false positives"):
        cells = [_percent(*_rate(halves[half], field)) for half in ("dev", "test")]
        target = f">= {TARGETS[field]:g}" if field in TARGETS else "-"
        name = "false positives (lower is better)" if field == "false positives" else field
        lines.append(f"| {name} | {cells[0]} | {cells[1]} | {_percent(*_rate(scores, field))} | {target} |")
    missing = sorted({a for s in scores for a in s["missing"]}, key=OPTIONAL_ATTRIBUTES.index)
    if missing:
        lines.append(f"\nn/a: the predicted events have no {', '.join(missing)} attribute "
                     "(geo_events.models.Event lacks it); scored as wrong.")
    return "\n".join(lines)


def confusion(scores: Iterable[dict[str, Any]]) -> Counter[tuple[str, str]]:
    """(gold event_type, predicted event_type) -> notes, "(none)" for no event; over all notes."""
    return Counter((s["gold_type"] or _NONE, s["predicted_type"] or _NONE) for s in scores)


def confusion_table(scores: Sequence[dict[str, Any]]) -> str:
    """Rows gold event type, columns predicted, "(none)" last in both."""
    counts = confusion(scores)

    def order(types: Iterable[str]) -> list[str]:
        return sorted(set(types), key=lambda t: (t == _NONE, t))

    rows, columns = order(g for g, _ in counts), order(p for _, p in counts)
    lines = ["| gold \\ predicted | " + " | ".join(columns) + " | total |",
             "|---|" + "--:|" * (len(columns) + 1)]
    for gold in rows:
        cells = [str(counts.get((gold, p), 0) or ".") for p in columns]
        lines.append(f"| {gold} | " + " | ".join(cells) + f" | {sum(counts[gold, p] for p in columns)} |")
    return "\n".join(lines)


def subtype_table(scores: Sequence[dict[str, Any]]) -> str:
    """Per gold sub_event_type: notes, % with any event row, % with the right sub_event_type."""
    by_subtype: dict[str, list[dict[str, Any]]] = {}
    for s in scores:
        if s["right"]:
            by_subtype.setdefault(s["gold_subtype"] or "(no subtype)", []).append(s)
    lines = ["| gold sub_event_type | n | found % | subtype right % |", "|---|--:|--:|--:|"]
    for subtype, rows in sorted(by_subtype.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        n = len(rows)
        lines.append(f"| {subtype} | {n} | {_percent(sum(r['right']['found'] for r in rows), n, with_n=False)} | "
                     f"{_percent(sum(r['right']['sub_event_type'] for r in rows), n, with_n=False)} |")
    return "\n".join(lines)


def pattern_table(scores: Sequence[dict[str, Any]]) -> str:
    """Per pattern (a record's "patterns"): place and actor accuracy over its notes with a gold
    event, and the false-positive rate over its notes without."""
    patterns = Counter(p for s in scores for p in dict.fromkeys(s["patterns"]))
    lines = ["| pattern | event notes | place % | actor1 % | actor2 % | no-event notes | false positives % |",
             "|---|--:|--:|--:|--:|--:|--:|"]
    for pattern, _ in sorted(patterns.items(), key=lambda kv: (-kv[1], kv[0])):
        rows = [s for s in scores if pattern in s["patterns"]]
        events = [s for s in rows if s["right"]]
        others = [s for s in rows if s["false_positive"] is not None]
        cells = [_percent(sum(s["right"][f] for s in events), len(events), with_n=False)
                 for f in ("place", "actor1", "actor2")]
        fp = _percent(sum(s["false_positive"] for s in others), len(others), with_n=False)
        lines.append(f"| {pattern} | {len(events)} | " + " | ".join(cells) + f" | {len(others)} | {fp} |")
    return "\n".join(lines)


def miss_lines(scores: Sequence[dict[str, Any]], *, split: str, limit: int) -> list[str]:
    """Up to ``limit`` misses per field among the notes of ``split`` ("dev", "test" or "all")."""
    chosen = [s for s in scores if split == "all" or s["split"] == split]
    lines = []
    for field in FIELDS:
        wrong = [s for s in chosen if s["right"] and not s["right"][field]]
        if not wrong:
            continue
        lines.append(f"{field}: {len(wrong)} of {sum(1 for s in chosen if s['right'])} wrong ({split})")
        for s in wrong[:limit]:
            gold, predicted = s["gold"][field], s["predicted"][field]
            if field in ("actor1", "actor2"):
                gold = f"{gold!r} -> {canonical_actor(gold)!r}"
                predicted = f"{predicted!r} -> {canonical_actor(predicted or '')!r}"
            lines.append(f"  {s['id']}: gold {gold} | predicted {predicted}")
    wrong = [s for s in chosen if s["false_positive"]]
    if wrong:
        lines.append(f"false positives: {len(wrong)} of "
                     f"{sum(1 for s in chosen if s['false_positive'] is not None)} no-event notes ({split})")
        lines += [f"  {s['id']}: predicted {s['predicted']['found']}" for s in wrong[:limit]]
    return lines


# --- the run ----------------------------------------------------------------------------------------

def _default_paths() -> list[Path]:
    return sorted(DATA_DIR.glob("*.jsonl"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", nargs="+", type=Path, metavar="PATH",
                        help="JSON-lines files of notes (default benchmarks/data/event_notes/*.jsonl)")
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev",
                        help="whose misses --misses lists (default dev; tune on dev only)")
    parser.add_argument("--misses", type=int, default=0, metavar="N",
                        help="list up to N misses per field on stderr (default 0)")
    args = parser.parse_args(argv)
    if args.misses < 0:
        parser.error(f"--misses must be 0 or more, got {args.misses}")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)

    paths = args.data if args.data is not None else _default_paths()
    if not paths:
        log.error("no data: %s/*.jsonl matches no file (or pass --data PATH...)", DATA_DIR)
        return 1
    records, problems = load_notes(paths)
    for problem in problems:
        log.warning("bad record: %s", problem)
    if not records:
        log.error("no record could be read from %s", ", ".join(map(str, paths)))
        return 1
    log.info("%d notes from %d files (%d skipped)", len(records), len(paths), len(problems))

    pinned = pin_one_core()
    Gazetteer.open(progress=log.info).close()  # build the index first, outside the timing
    geoparser = ge.Geoparser(Gazetteer.open())
    geoparser.events([ge.parse_article(_WARM_UP, source="warm-up")])  # lexicons and caches, untimed
    scores, seconds, failed = [], 0.0, []
    for record in records:
        article = ge.parse_article(record["text"], source=record["id"])
        started = time.perf_counter()
        try:
            events = geoparser.events([article])
        except Exception as err:  # noqa: BLE001 - one note's failure is reported, the run goes on
            seconds += time.perf_counter() - started
            log.error("note %s: the extractor raised %s: %s; scored as no event", record["id"],
                      type(err).__name__, err)
            failed.append(record["id"])
            events = []
        else:
            seconds += time.perf_counter() - started
        scores.append(score_note(record, events))

    counts = Counter(s["split"] for s in scores)
    with_gold = sum(1 for s in scores if s["right"])
    out = [(f"## Event notes: {len(scores)} notes ({with_gold} with an event), "
            f"dev {counts['dev']} / test {counts['test']}\n"),
           field_table(scores),
           "\n## Event types (all notes; rows gold, columns predicted: the first event row)\n",
           confusion_table(scores),
           "\n## Sub-event types (notes with a gold event)\n",
           subtype_table(scores),
           "\n## Patterns\n",
           pattern_table(scores),
           "\n## Speed (one core; only the events() calls, after one untimed warm-up article)\n",
           "| notes | events() seconds | articles/s |", "|--:|--:|--:|",
           f"| {len(scores):,} | {seconds:.2f} | {len(scores) / seconds if seconds else float('inf'):,.0f} |",
           ""]
    if problems:
        out.append(f"{len(problems)} bad records skipped (listed on stderr).")
    if failed:
        out.append(f"The extractor raised on {len(failed)} notes ({', '.join(failed[:10])}); scored as no event.")
    out.append(f"`python benchmarks/bench_event_notes.py` — Python {platform.python_version()}, "
               f"{os.cpu_count()} cores ({pinned}), {platform.machine()} {platform.system()}; "
               "split: parity of sha1(id).")
    sys.stdout.write("\n".join(out) + "\n")

    if args.misses:
        if args.split != "dev":
            log.warning("listing misses of %s: rules tuned on test notes make the test figures "
                        "optimistic; develop on --split dev only",
                        "the test half" if args.split == "test" else "all notes, the test half too")
        lines = miss_lines(scores, split=args.split, limit=args.misses)
        sys.stderr.write("\n".join(lines or [f"no misses among the {args.split} notes"]) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
