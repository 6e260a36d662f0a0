"""benchmarks/bench_unseen.py and its data: the files are sound, the scoring counts what it says."""

from __future__ import annotations

import csv
import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks import bench_unseen
from benchmarks.bench_unseen import (CASES_FILE, CLASSES, DATA_DIR, NAMES_FILE, POINT_KM, UnseenCase,
                                     UnseenPlace, cases_table, main, read_cases, read_names, score_case,
                                     split_of, tolerance_km)
from benchmarks.geoparse_systems import Prediction

CASES = DATA_DIR / CASES_FILE
NAMES = DATA_DIR / NAMES_FILE


def raw_cases() -> list[dict]:
    return [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()]


def raw_names() -> list[dict]:
    with NAMES.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def expected_split(item_id: str) -> str:
    return "dev" if hashlib.sha1(item_id.encode("utf-8")).digest()[0] % 2 == 0 else "test"


# --- the data files -------------------------------------------------------------------------

def test_every_gold_offset_gives_the_gold_name() -> None:
    bad = [(c["id"], p["name"], c["text"][p["start"]:p["end"]]) for c in raw_cases() for p in c["places"]
           if c["text"][p["start"]:p["end"]] != p["name"]]
    assert bad == []


def test_every_case_and_name_point_is_a_coordinate() -> None:
    points = [(p["lat"], p["lon"]) for c in raw_cases() for p in c["places"]]
    points += [(float(r["latitude"]), float(r["longitude"])) for r in raw_names()]
    assert points and all(-90 <= lat <= 90 and -180 <= lon <= 180 for lat, lon in points)


def test_ids_are_unique_in_each_file() -> None:
    for ids in ([c["id"] for c in raw_cases()], [r["id"] for r in raw_names()]):
        assert [i for i, n in Counter(ids).items() if n > 1] == []


def test_each_stored_split_is_the_parity_of_the_ids_hash() -> None:
    rows = raw_cases() + raw_names()
    assert [r["id"] for r in rows if r["split"] != expected_split(r["id"])] == []
    assert {r["split"] for r in rows} == {"dev", "test"}


def test_split_of_is_the_parity_of_the_first_sha1_byte() -> None:
    ids = [f"case-{n}" for n in range(200)]
    assert [split_of(i) for i in ids] == [expected_split(i) for i in ids]
    assert {split_of(i) for i in ids} == {"dev", "test"}


def test_every_class_has_thirty_cases_or_more_in_both_halves_together_and_some_in_each() -> None:
    cases = read_cases(CASES)
    by_class = Counter(c.case_class for c in cases)
    assert set(by_class) == set(CLASSES)
    assert min(by_class.values()) >= 30
    assert {(c.case_class, c.split) for c in cases} == {(k, s) for k in CLASSES for s in ("dev", "test")}


def test_the_readers_accept_the_shipped_files() -> None:
    assert len(read_cases(CASES)) == len(raw_cases())
    assert len(read_names(NAMES)) == len(raw_names())


def test_names_cover_syria_and_iraq_with_known_precisions() -> None:
    names = read_names(NAMES)
    assert {n.country for n in names} == {"SY", "IQ"}
    assert {n.precision for n in names} <= {1, 2, 3}


# --- the readers reject bad rows, naming the line -------------------------------------------

GOOD = {"id": "qualifier-001", "class": "qualifier", "style": "wire", "region": "europe",
        "split": split_of("qualifier-001"), "text": "Rain in Paris.",
        "places": [{"start": 8, "end": 13, "name": "Paris", "lat": 48.85, "lon": 2.35, "kind": "city"}]}


def bad_case(**changes: object) -> dict:
    case = json.loads(json.dumps(GOOD))
    place = changes.pop("place", {})
    case["places"][0].update(place)
    case.update(changes)
    return case


@pytest.mark.parametrize("case, message", [
    (bad_case(place={"start": 7}), "not 'Paris'"),
    (bad_case(place={"lat": 91.0}), "latitude must be within"),
    (bad_case(place={"lon": "2.35"}), "longitude must be a number"),
    (bad_case(place={"kind": "planet"}), "kind 'planet'"),
    (bad_case(**{"class": "misc"}), "class 'misc'"),
    (bad_case(split="dev" if GOOD["split"] == "test" else "test"), "its hash says"),
])
def test_read_cases_rejects_a_bad_row_and_names_its_line(tmp_path: Path, case: dict, message: str) -> None:
    first = dict(GOOD, id="qualifier-000", split=split_of("qualifier-000"))
    path = tmp_path / CASES_FILE
    path.write_text(json.dumps(first) + "\n" + json.dumps(case) + "\n", encoding="utf-8")
    with pytest.raises((ValueError, TypeError), match=message) as raised:
        read_cases(path)
    assert "line 2" in str(raised.value)


def test_read_cases_rejects_an_id_used_twice(tmp_path: Path) -> None:
    path = tmp_path / CASES_FILE
    path.write_text(json.dumps(GOOD) + "\n" + json.dumps(GOOD) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="used twice"):
        read_cases(path)


@settings(max_examples=60, deadline=None)
@given(text=st.text(min_size=1, max_size=40), data=st.data())
def test_a_case_reads_back_exactly_when_its_offsets_hold(tmp_path_factory: pytest.TempPathFactory,
                                                          text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    shift = data.draw(st.integers(-2, 2))
    name = text[start:end]
    case = dict(GOOD, text=text, places=[{"start": start + shift, "end": end + shift, "name": name,
                                          "lat": 0.0, "lon": 0.0, "kind": "city"}])
    path = tmp_path_factory.mktemp("cases") / CASES_FILE
    path.write_text(json.dumps(case) + "\n", encoding="utf-8")
    if text[start + shift:end + shift] == name and start + shift >= 0:
        [read] = read_cases(path)
        assert read.text == text and read.places[0].name == name
    else:
        with pytest.raises(ValueError, match="line 1"):
            read_cases(path)


# --- scoring -----------------------------------------------------------------------------------

class FixedSystem:
    """Answers from a table: span text -> point (``None``: recognised, not placed)."""

    name = "fixed"

    def __init__(self, points: dict[str, tuple[float, float] | None]) -> None:
        self.points = points

    def resolve_spans(self, text: str, spans: list[tuple[int, int]]) -> list[Prediction]:
        return [Prediction(s, e, text[s:e], self.points.get(text[s:e])) for s, e in spans]

    def geoparse(self, text: str) -> list[Prediction]:
        found = []
        for name, point in self.points.items():
            start = text.find(name)
            if start >= 0:
                found.append(Prediction(start, start + len(name), name, point))
        return found


def case_of(text: str, *places: tuple[str, float, float, str], case_class: str = "qualifier") -> UnseenCase:
    gold = tuple(UnseenPlace(text.index(n), text.index(n) + len(n), n, (lat, lon), kind)
                 for n, lat, lon, kind in places)
    return UnseenCase("x-1", text, gold, "wire", "europe", case_class, "dev")


def test_a_span_placed_within_161_km_counts_and_one_beyond_does_not() -> None:
    case = case_of("Paris and Lyon.", ("Paris", 48.85, 2.35, "city"), ("Lyon", 45.75, 4.85, "city"))
    score = score_case(FixedSystem({"Paris": (48.0, 2.35), "Lyon": (43.3, 5.4)}), case)  # 95 km, 277 km
    assert (score.gold, score.resolved, score.found, score.false) == (2, 1, 1, 0)


def test_a_syria_iraq_town_must_be_within_25_km_but_its_governorate_within_161() -> None:
    case = case_of("Raids near Hajin, Deir ez-Zor.", ("Hajin", 34.69, 40.83, "city"),
                   ("Deir ez-Zor", 35.0, 40.5, "admin1"), case_class="syria_iraq")
    assert [tolerance_km(case, p) for p in case.places] == [POINT_KM, 161.0]
    score = score_case(FixedSystem({"Hajin": (34.69, 41.2), "Deir ez-Zor": (35.9, 40.5)}), case)  # 34 km, 100 km
    assert (score.resolved, score.found) == (1, 1)


def test_a_placed_prediction_on_no_gold_place_is_false_and_an_unplaced_one_is_not() -> None:
    case = case_of("Paris Hilton met Al Gore.", case_class="negative")
    score = score_case(FixedSystem({"Paris": (48.85, 2.35), "Gore": None}), case)
    assert (score.gold, score.false) == (0, 1)
    assert any("false 'Paris'" in line for line in score.misses)


def test_an_overlapping_prediction_finds_a_gold_place_end_to_end() -> None:
    case = case_of("Flights at Baghdad International Airport resumed.",
                   ("Baghdad International Airport", 33.26, 44.23, "airport"))
    score = score_case(FixedSystem({"Baghdad": (33.34, 44.40)}), case)  # 18 km: recognised inside the name
    assert (score.resolved, score.found, score.false) == (0, 1, 0)


def test_the_cases_table_has_a_row_per_class_and_split_and_a_total() -> None:
    case = case_of("Paris.", ("Paris", 48.85, 2.35, "city"))
    scores = {(s, "qualifier", "dev"): score_case(FixedSystem({"Paris": (48.85, 2.35)}), case)
              for s in (bench_unseen.OursSystem.name, bench_unseen.BaselineSystem.name)}
    lines = cases_table(scores, ["dev"])
    assert [line.split("|")[1].strip() for line in lines[2:]] == ["qualifier", "all"]
    assert lines[2].count("100.0%") == 4  # acc and e2e, ours and the baseline


# --- the benchmark end to end, on a few of the shipped cases and names -------------------------

def test_the_benchmark_runs_on_a_few_cases_and_names(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    few = [next(c for c in raw_cases() if c["class"] == k and c["split"] == "dev")
           for k in ("qualifier", "negative", "syria_iraq")]
    (tmp_path / CASES_FILE).write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in few),
                                       encoding="utf-8")
    rows = [r for r in raw_names() if r["split"] == "dev"][:3]
    with (tmp_path / NAMES_FILE).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert main(["--data", str(tmp_path), "--split", "dev", "--misses"]) == 0
    out = capsys.readouterr().out
    table = [line for line in out.splitlines() if line.startswith("| ")]
    assert [line.split("|")[1].strip() for line in table] == [
        "class", "qualifier", "negative", "syria_iraq", "all", "country", rows[0]["country"], "all"]
    assert "geo_events misses:" in out


def test_the_benchmark_places_mosul_given_iraq(gazetteer) -> None:
    name = bench_unseen.UnseenName("iq-mosul", "Mosul", "IQ", (36.335, 43.119), 1, "city", "dev")
    scores = bench_unseen.score_names(gazetteer, [name])
    assert scores[(bench_unseen.OursSystem.name, "IQ", "dev")].near == 1
