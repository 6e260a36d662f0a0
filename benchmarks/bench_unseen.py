"""python benchmarks/bench_unseen.py [--split dev|test|all] [--misses] [--data DIR]

Scores geo_events on test material written for this repository (never on the
evaluation corpora): ``benchmarks/data/unseen/cases.jsonl``, short news-like
texts with every place marked, and ``syria_iraq_names.csv``, place names as
Syria/Iraq event reports write them. ``benchmarks/data/unseen/README.md``
describes both files. One markdown table per file goes to stdout; progress to stderr.

    $ python benchmarks/bench_unseen.py --split dev --misses

For the cases, per class and split:

- ``acc``: the gold spans are given to the resolver
  (``OursSystem.resolve_spans``, as in ``bench_geoparse.py``); a span is right
  when its point lies within the place's tolerance of the gold point.
- ``e2e``: the text alone is geoparsed; a gold place counts when a predicted
  span overlapping it is placed within its tolerance (recall of gold places).
- ``false``: predicted places (spans placed on the map) that overlap no gold
  place. On the ``negative`` class (people and organisations named like
  places) this is the error that matters.

For the names: the share placed within 25 km when the name is resolved alone,
with its country given as context (``Resolver.resolve(..., countries={code})``).

Tolerance: a place's own ``tolerance_km`` (wide regions) if given; else 25 km
for the towns, villages, neighbourhoods and sites of the ``syria_iraq`` class;
else 161 km. The ``base`` columns are a baseline: the most populous candidate
among those spelled exactly as written (among all candidates when none is),
a demonym at its country; for the names, among the given country's candidates.
Use the ``dev`` split to look at misses and tune; report ``test``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import logging
import math
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # a plain script: make the repo's packages importable

from gazetteer import CURATED_OVERRIDES, Candidate, Gazetteer, demonym_country, fold_name  # noqa: E402
from geo_events.geoparse import PlaceFinder  # noqa: E402
from geo_events.geoparse.resolve import Resolver  # noqa: E402
from geo_events.models import Mention  # noqa: E402

from benchmarks.geoparse_metrics import ACC_KM, LatLon, error_km, overlaps  # noqa: E402
from benchmarks.geoparse_systems import GeoparseSystem, OursSystem, Prediction, most_populous  # noqa: E402

__all__ = ["UnseenPlace", "UnseenCase", "UnseenName", "CaseScore", "NameScore", "DATA_DIR",
           "CLASSES", "split_of", "tolerance_km", "read_cases", "read_names", "BaselineSystem",
           "score_cases", "score_names", "cases_table", "names_table", "main"]

log = logging.getLogger("bench_unseen")

DATA_DIR = REPO / "benchmarks" / "data" / "unseen"
CASES_FILE = "cases.jsonl"
NAMES_FILE = "syria_iraq_names.csv"
#: The case classes, in table order.
CLASSES = ("qualifier", "prominence", "namesake", "admin", "landmark", "region", "negative",
           "syria_iraq", "conflict_local")
SPLITS = ("dev", "test")
#: Kinds of gold place that are points on the ground (scored at ``POINT_KM`` in ``syria_iraq``).
POINT_KINDS = frozenset({"city", "town", "village", "neighbourhood", "airport", "landmark", "site"})
KINDS = POINT_KINDS | {"country", "admin1", "admin2", "region", "continent", "island", "water", "demonym"}
#: The bar of the Syria/Iraq cases and names: ACLED-style event places must be near the town.
POINT_KM = 25.0


def split_of(item_id: str) -> str:
    """``"dev"`` when the first byte of sha1(id) is even, else ``"test"``.

        >>> split_of("qualifier-003"), split_of("sy-quamishli")
        ('dev', 'test')
    """
    return "dev" if hashlib.sha1(item_id.encode("utf-8")).digest()[0] % 2 == 0 else "test"


@dataclass(frozen=True, slots=True)
class UnseenPlace:
    """One gold place of a case: ``text[start:end] == name``, its point and kind."""

    start: int
    end: int
    name: str
    point: LatLon
    kind: str
    tolerance_km: float | None = None


@dataclass(frozen=True, slots=True)
class UnseenCase:
    """One short text with every place in it marked (none, for most ``negative`` cases)."""

    case_id: str
    text: str
    places: tuple[UnseenPlace, ...]
    style: str
    region: str
    case_class: str
    split: str


@dataclass(frozen=True, slots=True)
class UnseenName:
    """A place name as reports write it, its country (ISO alpha-2) and point."""

    name_id: str
    name: str
    country: str
    point: LatLon
    precision: int
    kind: str
    split: str


def tolerance_km(case: UnseenCase, place: UnseenPlace) -> float:
    """How far from the gold point an answer may lie (see the module docstring)."""
    if place.tolerance_km is not None:
        return place.tolerance_km
    if case.case_class == "syria_iraq" and place.kind in POINT_KINDS:
        return POINT_KM
    return ACC_KM


def _point(value: object, where: str) -> LatLon:
    lat, lon = value  # type: ignore[misc]
    for name, number, limit in (("latitude", lat, 90.0), ("longitude", lon, 180.0)):
        if isinstance(number, bool) or not isinstance(number, (int, float)):
            raise TypeError(f"{where}: {name} must be a number, got {number!r} of type {type(number).__name__}")
        if math.isnan(number) or abs(number) > limit:
            raise ValueError(f"{where}: {name} must be within +/-{limit:g}, got {number!r}")
    return float(lat), float(lon)


def _case(row: dict, where: str) -> UnseenCase:
    text, case_class = row["text"], row["class"]
    if case_class not in CLASSES:
        raise ValueError(f"{where}: class {case_class!r} is not one of {CLASSES}")
    places = []
    for p in row["places"]:
        place = UnseenPlace(p["start"], p["end"], p["name"], _point((p["lat"], p["lon"]), where),
                            p["kind"], p.get("tolerance_km"))
        if not 0 <= place.start < place.end <= len(text):
            raise ValueError(f"{where}: offsets {place.start}:{place.end} are not a span of the "
                             f"{len(text)}-character text")
        if text[place.start:place.end] != place.name:
            raise ValueError(f"{where}: text[{place.start}:{place.end}] is "
                             f"{text[place.start:place.end]!r}, not {place.name!r}")
        if place.kind not in KINDS:
            raise ValueError(f"{where}: kind {place.kind!r} of {place.name!r} is not one of {sorted(KINDS)}")
        places.append(place)
    spans = sorted((p.start, p.end) for p in places)
    if any(overlaps(a, b) for a, b in pairwise(spans)):
        raise ValueError(f"{where}: gold places overlap: {spans}")
    return UnseenCase(row["id"], text, tuple(places), row["style"], row["region"], case_class, row["split"])


def _admit(item_id: str, split: str, seen: set[str], where: str) -> None:
    """Check one item's id is new and its split the one its hash gives, and note the id."""
    if item_id in seen:
        raise ValueError(f"{where}: id {item_id!r} is used twice")
    if split != split_of(item_id):
        raise ValueError(f"{where}: {item_id!r} is stored in {split!r}, its hash says {split_of(item_id)!r}")
    seen.add(item_id)


def read_cases(path: Path) -> list[UnseenCase]:
    """The cases of a JSON-lines file, checked (offsets, points, ids, splits); errors name the line."""
    cases: list[UnseenCase] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            where = f"{path}, line {number}"
            try:
                case = _case(json.loads(line), where)
            except (KeyError, json.JSONDecodeError) as err:
                raise ValueError(f"{where}: not a case: {err!r}") from err
            _admit(case.case_id, case.split, seen, where)
            cases.append(case)
    return cases


def read_names(path: Path) -> list[UnseenName]:
    """The names of the CSV file, checked like :func:`read_cases`."""
    names: list[UnseenName] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            where = f"{path}, line {number}"
            try:
                point = _point((float(row["latitude"]), float(row["longitude"])), where)
                name = UnseenName(row["id"], row["name"], row["country"], point, int(row["precision"]),
                                  row["kind"], row["split"])
            except (KeyError, TypeError) as err:
                raise ValueError(f"{where}: not a name row: {err!r}") from err
            _admit(name.name_id, name.split, seen, where)
            names.append(name)
    return names


def _best(gazetteer: Gazetteer, name: str, *, country: str | None = None) -> Candidate | None:
    """Most populous candidate spelled as written (any candidate when none is); a demonym's country."""
    code = demonym_country(name)
    if code is not None and country is None:
        return gazetteer.country(code)
    matches = [m for m in gazetteer.matches(name)
               if country is None or m.candidate.country_code == country]
    alike = [m.candidate for m in matches if m.spelled_alike]
    return most_populous(matches)


def _prediction(start: int, end: int, text: str, place: Candidate | None) -> Prediction:
    point = None if place is None else place.latlon
    label = "unresolved" if place is None else f"{place.name} ({place.kind}, {place.country_code or '-'})"
    return Prediction(start, end, text, point, label)


class BaselineSystem:
    """Most populous, exact spelling first (:func:`_best`); our recogniser's spans end to end."""

    name = "most populous, exact spelling first"

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.finder = PlaceFinder(gazetteer)

    def geoparse(self, text: str) -> list[Prediction]:
        return [_prediction(m.start, m.end, m.text, _best(self.gazetteer, m.text)) for m in self.finder.find(text)]

    def resolve_spans(self, text: str, spans: Sequence[tuple[int, int]]) -> list[Prediction]:
        return [_prediction(s, e, text[s:e], _best(self.gazetteer, text[s:e])) for s, e in spans]


@dataclass(slots=True)
class CaseScore:
    """Counts of one (class, split) for one system; ``misses`` are report lines."""

    cases: int = 0
    gold: int = 0
    resolved: int = 0
    found: int = 0
    false: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: CaseScore) -> None:
        self.cases += other.cases
        self.gold += other.gold
        self.resolved += other.resolved
        self.found += other.found
        self.false += other.false


def _where(point: LatLon | None) -> str:
    return "-" if point is None else f"{point[0]:.2f},{point[1]:.2f}"


def _km(km: float | None) -> str:
    return "unresolved" if km is None else f"{km:,.0f} km"


def score_case(system: GeoparseSystem, case: UnseenCase) -> CaseScore:
    """One case scored for one system (see the module docstring)."""
    score = CaseScore(cases=1, gold=len(case.places))
    answers = system.resolve_spans(case.text, [(p.start, p.end) for p in case.places])
    predicted = system.geoparse(case.text)
    for place, answer in zip(case.places, answers, strict=True):
        bar = tolerance_km(case, place)
        km = error_km(answer.point, place.point)
        if km is not None and km <= bar:
            score.resolved += 1
        else:
            score.misses.append(f"{case.case_id} span {place.name!r} -> {answer.label} {_where(answer.point)}, "
                                f"{_km(km)} from {_where(place.point)} (bar {bar:g} km)")
        near = [p for p in predicted if overlaps((p.start, p.end), (place.start, place.end))]
        if any((d := error_km(p.point, place.point)) is not None and d <= bar for p in near):
            score.found += 1
        else:
            got = "; ".join(f"{p.text!r} -> {p.label}" for p in near) or "not recognised"
            score.misses.append(f"{case.case_id} e2e {place.name!r}: {got}")
    for p in predicted:
        if p.point is not None and not any(overlaps((p.start, p.end), (g.start, g.end)) for g in case.places):
            score.false += 1
            score.misses.append(f"{case.case_id} false {p.text!r} -> {p.label}")
    return score


def score_cases(systems: Sequence[GeoparseSystem], cases: Iterable[UnseenCase]
                ) -> dict[tuple[str, str, str], CaseScore]:
    """``{(system name, class, split): CaseScore}`` over ``cases``."""
    scores: dict[tuple[str, str, str], CaseScore] = defaultdict(CaseScore)
    for case in cases:
        for system in systems:
            one = score_case(system, case)
            total = scores[(system.name, case.case_class, case.split)]
            total.add(one)
            total.misses.extend(one.misses)
    return dict(scores)


@dataclass(slots=True)
class NameScore:
    """Names of one (country, split) for one system placed within ``POINT_KM``."""

    names: int = 0
    near: int = 0
    misses: list[str] = field(default_factory=list)


def _resolve_alone(resolver: Resolver, name: UnseenName) -> Candidate | None:
    mention = Mention(0, len(name.name), name.name, fold_name(name.name), 0, len(name.name))
    [resolved] = resolver.resolve([mention], text=name.name, countries=frozenset({name.country}))
    return resolved.place


def score_names(gazetteer: Gazetteer, names: Iterable[UnseenName]) -> dict[tuple[str, str, str], NameScore]:
    """``{(system name, country, split): NameScore}``: ours and the baseline."""
    resolver = Resolver(gazetteer)
    pickers: tuple[tuple[str, Callable[[UnseenName], Candidate | None]], ...] = (
        (OursSystem.name, lambda n: _resolve_alone(resolver, n)),
        (BaselineSystem.name, lambda n: _best(gazetteer, n.name, country=n.country)))
    scores: dict[tuple[str, str, str], NameScore] = defaultdict(NameScore)
    for name in names:
        for system, pick in pickers:
            place = pick(name)
            km = error_km(place.latlon if place else None, name.point)
            score = scores[(system, name.country, name.split)]
            score.names += 1
            if km is not None and km <= POINT_KM:
                score.near += 1
            else:
                label = "unresolved" if place is None else f"{place.name} ({place.kind}, {place.country_code})"
                score.misses.append(f"{name.name_id} {name.name!r} ({name.country}) -> {label} "
                                    f"{_where(place.latlon if place else None)}, {_km(km)}")
    return dict(scores)


def _pct(part: int, whole: int) -> str:
    return "–" if whole == 0 else f"{100 * part / whole:.1f}%"


def _markdown(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |",
             "|" + "|".join("-" * (w + 2) if i < 2 else "-" * (w + 1) + ":" for i, w in enumerate(widths)) + "|"]
    return lines + ["| " + " | ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w)
                                      in enumerate(zip(row, widths))) + " |" for row in rows]


def cases_table(scores: dict[tuple[str, str, str], CaseScore], splits: Sequence[str]) -> list[str]:
    """One row per (class, split) and a total per split: ours and the baseline side by side."""
    ours, base = OursSystem.name, BaselineSystem.name
    header = ["class", "split", "cases", "gold", "acc", "acc base", "e2e", "e2e base", "false", "false base"]
    rows = []
    for split in splits:
        totals = {ours: CaseScore(), base: CaseScore()}
        for case_class in CLASSES:
            pair = {s: scores.get((s, case_class, split)) for s in (ours, base)}
            if pair[ours] is None:
                continue
            for s in totals:
                totals[s].add(pair[s])
            rows.append(_case_row(case_class, split, pair[ours], pair[base]))
        rows.append(_case_row("all", split, totals[ours], totals[base]))
    return _markdown(header, rows)


def _case_row(case_class: str, split: str, ours: CaseScore, base: CaseScore) -> list[str]:
    return [case_class, split, str(ours.cases), str(ours.gold), _pct(ours.resolved, ours.gold),
            _pct(base.resolved, base.gold), _pct(ours.found, ours.gold), _pct(base.found, base.gold),
            str(ours.false), str(base.false)]


def names_table(scores: dict[tuple[str, str, str], NameScore], splits: Sequence[str]) -> list[str]:
    """One row per (country, split) and a total per split: share within 25 km."""
    ours, base = OursSystem.name, BaselineSystem.name
    header = ["country", "split", "names", f"within {POINT_KM:g} km", "base"]
    rows = []
    for split in splits:
        countries = sorted({c for (s, c, sp) in scores if s == ours and sp == split})
        total = {ours: NameScore(), base: NameScore()}
        for country in countries:
            pair = {s: scores[(s, country, split)] for s in (ours, base)}
            for s in total:
                total[s].names += pair[s].names
                total[s].near += pair[s].near
            rows.append([country, split, str(pair[ours].names), _pct(pair[ours].near, pair[ours].names),
                         _pct(pair[base].near, pair[base].names)])
        rows.append(["all", split, str(total[ours].names), _pct(total[ours].near, total[ours].names),
                     _pct(total[base].near, total[base].names)])
    return _markdown(header, rows)


def open_gazetteer() -> Gazetteer:
    """The packaged index with the curated corrections only (as ``bench_geoparse.py`` opens it)."""
    return Gazetteer.open(override_paths=[CURATED_OVERRIDES])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[2])
    parser.add_argument("--split", choices=[*SPLITS, "all"], default="all",
                        help="score the dev half, the test half, or both (default; one row each)")
    parser.add_argument("--misses", action="store_true",
                        help="after the tables, list geo_events' misses (wrong spans, e2e misses, false places)")
    parser.add_argument("--data", type=Path, default=DATA_DIR, metavar="DIR",
                        help=f"the folder holding {CASES_FILE} and {NAMES_FILE}")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    splits = SPLITS if args.split == "all" else (args.split,)

    cases = [c for c in read_cases(args.data / CASES_FILE) if c.split in splits]
    names = [n for n in read_names(args.data / NAMES_FILE) if n.split in splits]
    log.info("%d cases, %d names (%s); opening the gazetteer", len(cases), len(names), ", ".join(splits))
    gazetteer = open_gazetteer()
    case_scores = score_cases([OursSystem(gazetteer), BaselineSystem(gazetteer)], cases)
    name_scores = score_names(gazetteer, names)
    gazetteer.close()

    command = " ".join(["python", "benchmarks/bench_unseen.py", *(argv if argv is not None else sys.argv[1:])])
    lines = [(f"Cases ({CASES_FILE}): acc = gold spans resolved within tolerance; e2e = gold places found "
              "and placed from the text alone; false = predicted places overlapping no gold place; "
              "base = most populous, exact spelling first."), ""]
    lines += cases_table(case_scores, splits)
    lines += ["", f"Names ({NAMES_FILE}): each name resolved alone, its country given.", ""]
    lines += names_table(name_scores, splits)
    lines += ["", f"`{command}`"]
    if args.misses:
        lines += ["", "geo_events misses:"]
        for key in sorted(k for k in case_scores if k[0] == OursSystem.name):
            lines += [f"  [{key[1]}/{key[2]}] {m}" for m in case_scores[key].misses]
        for key in sorted(k for k in name_scores if k[0] == OursSystem.name):
            lines += [f"  [names {key[1]}/{key[2]}] {m}" for m in name_scores[key].misses]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
