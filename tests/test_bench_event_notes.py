"""benchmarks/bench_event_notes.py: the scoring on hand-made notes and events (no data files needed)."""

from __future__ import annotations

import json
import math
from dataclasses import asdict, replace
from datetime import date
from types import SimpleNamespace

import pytest

from benchmarks import bench_event_notes
from benchmarks.bench_event_notes import (EARTH_RADIUS_KM, FIELDS, RADIUS_KM, canonical_actor, confusion,
                                          confusion_table, field_table, load_notes, main, miss_lines,
                                          pattern_table, score_note, split_of, subtype_table)
from geo_events.models import Event

EVENT = Event(
    event_id="e1", article_id="a1", source="v001", title="", event_date=date(2020, 5, 7), time_precision=1,
    event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
    actor1="Syrian government forces", actor2="Civilians", fatalities=2, injuries=0, captured=0,
    location="Kansafra", matched_text="shelled", latitude=35.71, longitude=36.45, geo_precision=1,
    country="Syria", admin1="Idlib", geonameid=None, notes="", confidence=0.9, kind="event")
MENTION = replace(EVENT, event_id="m1", kind="mention", event_type="", sub_event_type="",
                  location="Idlib", latitude=35.93, longitude=36.63, geo_precision=3)


def note(**changes: object) -> dict:
    """A gold record with a shelling event at Kansafra; ``changes`` override its keys."""
    record = {
        "id": "v001", "text": "date 2020-05-08\nSyrian forces shelled Kansafra on Thursday, killing two civilians.",
        "event_type": "Explosions/Remote violence", "sub_event_type": "Shelling/artillery/missile attack",
        "event_date": "2020-05-07", "actor1": "Syrian government forces", "assoc_actor_1": "", "inter1": 1,
        "actor2": "Civilians (Syria)", "assoc_actor_2": "", "inter2": 7, "interaction": 17,
        "location": "Kansafra", "admin1": "Idlib", "admin2": "", "country": "Syria",
        "latitude": 35.71, "longitude": 36.45, "geo_precision": 1, "fatalities": 2, "patterns": ["passive"],
    }
    record.update(changes)
    return record


def no_event_note(**changes: object) -> dict:
    record = {"id": "n001", "text": "date 2020-05-08\nThe council met in Raqqa.", "event_type": "",
              "patterns": ["no event"]}
    record.update(changes)
    return record


def north_of(lat: float, lon: float, km: float) -> tuple[float, float]:
    """The point ``km`` due north (a meridian arc: the haversine distance is exactly that)."""
    return lat + math.degrees(km / EARTH_RADIUS_KM), lon


def with_inter(event: Event, **values: int) -> SimpleNamespace:
    """The event as a plain object with ACLED's inter codes, whether or not Event has them yet."""
    return SimpleNamespace(**{**asdict(event), **values})


# --- place -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("precision", [1, 2, 3])
@pytest.mark.parametrize("offset_km, right", [(-0.01, True), (0.01, False)])
def test_place_is_right_up_to_the_radius_of_the_gold_precision(precision, offset_km, right):
    lat, lon = north_of(35.71, 36.45, RADIUS_KM[precision] + offset_km)
    score = score_note(note(geo_precision=precision), [replace(EVENT, latitude=lat, longitude=lon)])
    assert score["right"]["place"] is right
    assert score["km"] == pytest.approx(RADIUS_KM[precision] + offset_km, abs=1e-6)


def test_the_radius_follows_the_gold_precision_not_the_predicted_one():
    lat, lon = north_of(35.71, 36.45, 40.0)
    event = replace(EVENT, latitude=lat, longitude=lon, geo_precision=3)
    assert score_note(note(geo_precision=1), [event])["right"]["place"] is False
    assert score_note(note(geo_precision=2), [event])["right"]["place"] is True


def test_an_event_without_coordinates_is_placed_wrong():
    score = score_note(note(), [replace(EVENT, latitude=None, longitude=None)])
    assert score["right"]["place"] is False
    assert score["km"] is None
    assert score["right"]["found"] is True


# --- actors ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, canonical", [
    ("Civilians (Syria)", "Civilians"),                 # the alias list's actor
    ("civilians", "Civilians"),
    ("Islamic State (Syria)", "Islamic State (ISIS)"),
    ("ISIS", "Islamic State (ISIS)"),
    ("Xolo  Quartet of Zib (Syria)", "xolo quartet of zib"),  # no alias (made up): lowercased, suffix gone
    ("Xolo Quartet (2000-) (Syria)", "xolo quartet"),
    ("", ""),
    ("   ", ""),
])
def test_canonical_actor(name, canonical):
    assert canonical_actor(name) == canonical


@pytest.mark.parametrize("gold, predicted, right", [
    ("Islamic State (Syria)", "ISIS", True),
    ("Civilians (Syria)", "Civilians", True),
    ("Xolo Quartet of Zib (Syria)", "xolo quartet of zib", True),
    ("Xolo Quartet of Zib (Syria)", "Xolo Quartet of Zib", True),
    ("Xolo Quartet of Zib (Syria)", "Xolo Quartet", False),
    ("", "", True),
    ("", "ISIS", False),
    ("Civilians (Syria)", "", False),
    ("Civilians (Syria)", "ISIS", False),
])
def test_actor2_is_right_for_the_same_canonical_actor_or_both_empty(gold, predicted, right):
    assert score_note(note(actor2=gold), [replace(EVENT, actor2=predicted)])["right"]["actor2"] is right


def test_an_event_without_actor_attributes_counts_as_empty_actors():
    event = SimpleNamespace(kind="event", event_type="Battles", latitude=None, longitude=None)
    score = score_note(note(actor1="", actor2="Civilians (Syria)"), [event])
    assert score["right"]["actor1"] is True
    assert score["right"]["actor2"] is False


# --- the other fields --------------------------------------------------------------------------------

def test_the_predicted_event_is_the_first_event_row_not_a_mention():
    second = replace(EVENT, event_type="Battles", sub_event_type="Armed clash")
    score = score_note(note(), [MENTION, EVENT, second])
    assert score["predicted_type"] == "Explosions/Remote violence"
    assert all(score["right"][f] for f in ("found", "event_type", "sub_event_type", "place", "geo_precision",
                                           "date", "actor1", "actor2", "fatalities"))


def test_a_note_with_only_mentions_is_wrong_on_every_field():
    score = score_note(note(actor1="", actor2=""), [MENTION])
    assert score["any_event"] is False
    assert score["right"] == dict.fromkeys(FIELDS, False)
    assert score["false_positive"] is None


def test_dates_compare_as_iso_strings():
    assert score_note(note(event_date="2020-05-07"), [EVENT])["right"]["date"] is True
    assert score_note(note(event_date="2020-05-06"), [EVENT])["right"]["date"] is False
    assert score_note(note(), [replace(EVENT, event_date=None)])["right"]["date"] is False


def test_inter_codes_missing_from_the_event_are_wrong_and_reported():
    score = score_note(note(), [EVENT if not hasattr(EVENT, "inter1") else _without_inter(EVENT)])
    assert {score["right"][f] for f in ("inter1", "inter2", "interaction")} == {False}
    assert score["missing"] == ("inter1", "inter2", "interaction")
    assert "n/a: the predicted events have no inter1, inter2, interaction" in field_table([score])


def _without_inter(event: Event) -> SimpleNamespace:
    fields = {k: v for k, v in asdict(event).items() if k not in ("inter1", "inter2", "interaction")}
    return SimpleNamespace(**fields)


def test_inter_codes_are_compared_when_the_event_has_them():
    score = score_note(note(inter1=1, inter2=7, interaction=17),
                       [with_inter(EVENT, inter1=1, inter2=2, interaction=17)])
    assert (score["right"]["inter1"], score["right"]["inter2"], score["right"]["interaction"]) == (True, False, True)
    assert score["missing"] == ()
    assert "n/a" not in field_table([score])


def test_false_positives_count_no_event_notes_with_an_event_row():
    assert score_note(no_event_note(), [EVENT])["false_positive"] is True
    assert score_note(no_event_note(), [MENTION])["false_positive"] is False
    assert score_note(no_event_note(), [])["right"] == {}


# --- split ---------------------------------------------------------------------------------------------

def test_the_split_is_the_parity_of_the_ids_sha1():
    assert split_of("v001") == "test"  # sha1("v001") is odd
    assert split_of("v002") == "dev"
    assert {split_of(f"v{i:03d}") for i in range(20)} == {"dev", "test"}


def test_the_split_does_not_depend_on_the_file_order(tmp_path):
    records = [note(id=f"v{i:03d}") for i in range(30)]
    forward, backward = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    forward.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    backward.write_text("".join(json.dumps(r) + "\n" for r in reversed(records)), encoding="utf-8")
    halves = [{s["id"]: s["split"] for s in (score_note(r, []) for r in load_notes([p])[0])}
              for p in (forward, backward)]
    assert halves[0] == halves[1]
    assert len(halves[0]) == 30


# --- loading -------------------------------------------------------------------------------------------

def test_bad_lines_are_reported_by_line_and_id_and_skipped(tmp_path):
    path = tmp_path / "violent.jsonl"
    lines = [json.dumps(note(id="v001")),
             "{not json",
             json.dumps({k: v for k, v in note(id="v003").items() if k != "latitude"}),
             json.dumps(note(id="v004", geo_precision=4)),
             json.dumps(note(id="v005", fatalities="two")),
             json.dumps(note(id="v006", event_date="8 May 2020")),
             "[1, 2]",
             "",
             json.dumps(note(id="v001")),
             json.dumps(no_event_note(id="n001")),
             json.dumps(note(id="v011", latitude=float("nan")))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records, problems = load_notes([path, tmp_path / "absent.jsonl"])
    assert [r["id"] for r in records] == ["v001", "n001"]
    assert len(problems) == 9
    expected = [("line 2", "not JSON"), ("line 3 (id v003)", "missing latitude"),
                ("line 4 (id v004)", "geo_precision"), ("line 5 (id v005)", "fatalities"),
                ("line 6 (id v006)", "event_date"), ("line 7", "not an object"),
                ("line 9 (id v001)", "already used at"), ("line 11 (id v011)", "latitude"),
                ("absent.jsonl", "cannot read")]
    for problem, (where, why) in zip(problems, expected):
        assert where in problem and why in problem, problem


def test_a_no_event_note_needs_only_id_text_and_event_type(tmp_path):
    path = tmp_path / "nonviolent.jsonl"
    path.write_text(json.dumps({"id": "n1", "text": "x", "event_type": ""}) + "\n"
                    + json.dumps({"id": "n2", "text": "x"}) + "\n", encoding="utf-8")
    records, problems = load_notes([path])
    assert [r["id"] for r in records] == ["n1"]
    assert problems == [f"{path}, line 2 (id n2): missing event_type; skipped"]


def test_no_readable_record_exits_1_without_running_the_extractor(tmp_path, capsys):
    path = tmp_path / "bad.jsonl"
    path.write_text("{oops\n", encoding="utf-8")
    assert main(["--data", str(path)]) == 1
    assert capsys.readouterr().out == ""


def test_a_run_with_a_bad_line_still_scores_the_rest(tmp_path, capsys, caplog, monkeypatch):
    monkeypatch.setattr(bench_event_notes, "pin_one_core", lambda: "not pinned (test)")  # keep pytest's CPUs
    path = tmp_path / "notes.jsonl"
    path.write_text(json.dumps(note(id="v001")) + "\n{oops\n" + json.dumps(no_event_note(id="n001")) + "\n",
                    encoding="utf-8")
    assert main(["--data", str(path), "--misses", "2", "--split", "test"]) == 0
    captured = capsys.readouterr()
    assert "| found |" in captured.out and "| false positives (lower is better) |" in captured.out
    assert "1 bad records skipped" in captured.out
    assert "line 2: not JSON" in caplog.text and "listing misses of the test half" in caplog.text
    assert "  v001: gold " in captured.err  # the misses themselves


# --- tables --------------------------------------------------------------------------------------------

def scored_set() -> list[dict]:
    battle = replace(EVENT, event_type="Battles", sub_event_type="Armed clash")
    return [
        score_note(note(id="a", event_type="Battles", sub_event_type="Armed clash"), [battle]),
        score_note(note(id="b", event_type="Battles", sub_event_type="Armed clash"), [MENTION, battle]),
        score_note(note(id="c", event_type="Battles", sub_event_type="Armed clash"), [MENTION]),
        score_note(note(id="d", event_type="Riots", sub_event_type="Mob violence"), [battle]),
        score_note(note(id="e"), [EVENT]),
        score_note(no_event_note(id="f"), [replace(EVENT, event_type="Protests")]),
        score_note(no_event_note(id="g"), []),
        score_note(no_event_note(id="h"), [replace(EVENT, event_type="")]),
    ]


def test_the_confusion_counts_gold_against_the_first_event_row():
    assert confusion(scored_set()) == {
        ("Battles", "Battles"): 2, ("Battles", "(none)"): 1, ("Riots", "Battles"): 1,
        ("Explosions/Remote violence", "Explosions/Remote violence"): 1,
        ("(none)", "Protests"): 1, ("(none)", "(none)"): 1, ("(none)", "(untyped)"): 1,
    }


def test_the_confusion_table_puts_none_last_with_row_totals():
    lines = confusion_table(scored_set()).splitlines()
    assert lines[0] == ("| gold \\ predicted | (untyped) | Battles | Explosions/Remote violence | Protests "
                        "| (none) | total |")
    rows = {line.split(" | ")[0].lstrip("| "): line for line in lines[2:]}
    assert list(rows) == ["Battles", "Explosions/Remote violence", "Riots", "(none)"]
    assert rows["Battles"] == "| Battles | . | 2 | . | . | 1 | 3 |"
    assert rows["(none)"] == "| (none) | 1 | . | . | 1 | 1 | 3 |"


def test_subtype_and_pattern_tables():
    scores = scored_set()
    assert "| Armed clash | 3 | 66.7% | 66.7% |" in subtype_table(scores)
    patterns = pattern_table(scores)
    assert "| passive | 5 |" in patterns
    assert "| no event | 0 | - | - | - | 3 | 66.7% |" in patterns


def test_the_field_table_splits_by_half_and_lists_targets():
    scores = scored_set()
    table = field_table(scores)
    assert "| found | " in table and ">= 90 |" in table
    all_found = sum(s["right"]["found"] for s in scores if s["right"])
    assert f"| {100 * all_found / 5:.1f}% (5) | >= 90 |" in table


def test_misses_are_listed_for_the_chosen_half_only():
    scores = scored_set()
    dev = {s["id"] for s in scores if s["split"] == "dev"}
    listed = {line.split(":")[0].strip() for line in miss_lines(scores, split="dev", limit=10)
              if line.startswith("  ")}
    assert listed and listed <= dev
    everything = miss_lines(scores, split="all", limit=1)
    assert everything[:2] == ["found: 1 of 5 wrong (all)", "  c: gold Battles | predicted (none)"]
