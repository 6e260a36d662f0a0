"""ACLED's actor columns: the actor-type vocabulary (inter1, inter2, interaction), reading them
from ACLED exports with assoc_actor_1/2 and admin2, and writing them in the exports."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from conftest import REPO

import geo_events as ge
from geo_events.errors import ArticleFormatError, GeoEventsError
from geo_events.io.readers import read_input_bytes
from geo_events.models import EVENT_FIELDS, Event
from geo_events.vocab import inter_code, inter_name, interaction_code

NEW_FIELDS = ("inter1", "inter2", "interaction", "assoc_actor_1", "assoc_actor_2", "admin2")


# --- the vocabulary ----------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "code"), [
    ("1", 1), (1, 1), (" 7 ", 7), ("8.0", 8),  # codes, as exports and spreadsheets write them
    ("State forces", 1), ("State Forces", 1), ("STATE FORCES", 1), ("state forces", 1),
    # ACLED's newer API writes the type as text, singular
    ("Rebel group", 2), ("Political militia", 3), ("Identity militia", 4), ("Rioters", 5),
    ("Protesters", 6), ("Civilians", 7), ("External/Other forces", 8),
    # older names, and acledR's labels
    ("Rebel Groups", 2), ("Political Militias", 3), ("Identity Militias", 4), ("External/Other Forces", 8),
    ("Others", 8), ("Military", 1), ("Police", 1),
    ("", 0), ("  ", 0), (None, 0), (0, 0), ("0", 0),  # no actor
])
def test_inter_code_reads_codes_and_names(value: str | int | None, code: int) -> None:
    assert inter_code(value) == code


@pytest.mark.parametrize("value", ["9", 9, -1, "-1", "1.5", "Bandits", "State", "nan", "1e400", "17",
                                   pytest.param(10**5000, id="5001 digits")])
def test_an_unknown_actor_type_is_a_value_error_of_the_project(value: str | int) -> None:
    with pytest.raises(ArticleFormatError, match="is not an ACLED actor type") as raised:
        inter_code(value)
    assert isinstance(raised.value, ValueError) and isinstance(raised.value, GeoEventsError)


@pytest.mark.parametrize("value", [1.0, True, ["1"]])
def test_an_actor_type_of_the_wrong_kind_is_a_type_error(value: object) -> None:
    with pytest.raises(TypeError, match=type(value).__name__):
        inter_code(value)  # type: ignore[arg-type]


def test_inter_name_is_the_name_inter_code_reads() -> None:
    names = [inter_name(code) for code in range(1, 9)]
    assert names == ["State forces", "Rebel groups", "Political militias", "Identity militias", "Rioters",
                     "Protesters", "Civilians", "External/Other forces"]
    assert [inter_code(name) for name in names] == list(range(1, 9))
    assert inter_name(0) == ""


@pytest.mark.parametrize("code", [9, -1, 10])
def test_inter_name_of_an_unknown_code_raises(code: int) -> None:
    with pytest.raises(ArticleFormatError, match=f"{code} is not an ACLED actor type code"):
        inter_name(code)


@pytest.mark.parametrize(("inter1", "inter2", "interaction"), [
    (0, 0, 0), (6, 0, 60), (0, 6, 60), (1, 7, 17), (7, 1, 17), (2, 2, 22), (8, 3, 38), (1, 8, 18),
])
def test_interaction_code_is_both_codes_smaller_first(inter1: int, inter2: int, interaction: int) -> None:
    assert interaction_code(inter1, inter2) == interaction


def test_interaction_code_of_an_unknown_type_raises() -> None:
    with pytest.raises(ArticleFormatError, match="9 is not"):
        interaction_code(1, 9)


def test_every_actor_type_of_the_actor_lexicon_is_known() -> None:
    """The extractor's lexicon writes types by name ("Political militia"): each has a code."""
    text = resources.files("geo_events.events").joinpath("data/actors.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    types = {row["inter"] for row in rows if row["inter"]}
    assert types and all(inter_code(t) in range(1, 9) for t in types)


# --- the event ---------------------------------------------------------------------------------

def test_event_fields_end_with_the_actor_columns_and_default_to_none() -> None:
    start = EVENT_FIELDS.index(NEW_FIELDS[0])  # after the fields of schema 1, before the edit marks
    assert EVENT_FIELDS[start:start + len(NEW_FIELDS)] == NEW_FIELDS
    assert EVENT_FIELDS[start + len(NEW_FIELDS):] == ("edited", "dismissed")
    event = Event("e", "a", "s", "", None, 3, "", "", "", "", 0, 0, 0, None, "", None, None, 3, None, None,
                  None, "", 0.5, "mention")
    assert tuple(getattr(event, f) for f in NEW_FIELDS) == (0, 0, 0, "", "", None)


# --- reading ACLED exports ---------------------------------------------------------------------

HEADER = ("event_id_cnty,event_date,event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,"
          "interaction,country,admin1,admin2,location,latitude,longitude,fatalities\n")


def read_acled(*rows: str, header: str = HEADER) -> tuple[list[Event], list[str]]:
    found = read_input_bytes("acled.csv", (header + "".join(rows)).encode("utf-8"))
    assert not found.articles
    return found.events, [str(p) for p in found.problems]


def test_acled_numeric_codes_and_associated_actors_are_read() -> None:
    (event,), problems = read_acled(
        "SYR1,2023-01-21,Battles,Military Forces of Syria (2000-),Police Forces of Syria (2000-),1,"
        "Civilians (Syria),Farmers (Syria); Teachers (Syria),7,17,Syria,Deir ez-Zor,Al Mayadin,Hajin,"
        "34.69,40.83,2\n")
    assert not problems
    assert (event.inter1, event.inter2, event.interaction) == (1, 7, 17)
    assert event.assoc_actor_1 == "Police Forces of Syria (2000-)"
    assert event.assoc_actor_2 == "Farmers (Syria); Teachers (Syria)"
    assert (event.admin1, event.admin2) == ("Deir ez-Zor", "Al Mayadin")


@pytest.mark.parametrize(("inter1", "inter2", "interaction", "expected"), [
    ("State forces", "Civilians", "State forces-Civilians", (1, 7, 17)),  # the newer API's text
    ("Protesters", "", "Protesters only", (6, 0, 60)),
    ("6", "", "", (6, 0, 60)),  # no interaction: computed
    ("7", "1", "", (7, 1, 17)),
    ("2", "3", "23", (2, 3, 23)),  # given: kept
    ("2", "3", "99", (2, 3, 23)),  # not an interaction code: computed
    ("2", "3", "32", (2, 3, 23)),  # larger code first: not ACLED's, computed
    ("", "", "", (0, 0, 0)),
])
def test_acled_actor_types_as_numbers_or_text(inter1: str, inter2: str, interaction: str,
                                             expected: tuple[int, int, int]) -> None:
    (event,), problems = read_acled(f"SYR1,2023-01-21,Battles,A,,{inter1},B,,{inter2},{interaction},Syria,"
                                    f"Idlib,,Sarmada,36.18,36.72,0\n")
    assert not problems
    assert (event.inter1, event.inter2, event.interaction) == expected
    assert (event.assoc_actor_1, event.assoc_actor_2, event.admin2) == ("", "", None)


def test_an_unknown_actor_type_is_a_row_problem_and_the_other_rows_are_read() -> None:
    events, problems = read_acled(
        "SYR1,2023-01-21,Protests,Protesters,,6,,,,60,Syria,Idlib,Harim,Sarmada,36.18,36.72,0\n",
        "SYR2,2023-01-22,Protests,Protesters,,Bandits,,,,60,Syria,Idlib,Harim,Sarmada,36.18,36.72,0\n",
        "SYR3,2023-01-23,Protests,Protesters,,6,,,12,60,Syria,Idlib,Harim,Sarmada,36.18,36.72,0\n")
    assert [e.event_id for e in events] == ["acled:SYR1"]
    assert problems[0].startswith("acled.csv, line 3: not a usable ACLED row (inter1 'Bandits' is not an ACLED")
    assert problems[1].startswith("acled.csv, line 4: not a usable ACLED row (inter2 '12' is not an ACLED")


def test_an_acled_export_without_the_actor_columns_reads_them_as_defaults() -> None:
    (event,), problems = read_acled("SYR1,2023-01-21,Battles,35.9,39.0\n",
                                    header="event_id_cnty,event_date,event_type,latitude,longitude\n")
    assert not problems
    assert tuple(getattr(event, f) for f in NEW_FIELDS) == (0, 0, 0, "", "", None)


# --- stored and written ------------------------------------------------------------------------

def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "geo_events", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=300, check=False)


EXPORT_ROW = ("SYR1,2023-01-21,Battles,Military Forces of Syria,=HYPERLINK(\"http://x\"),State forces,"
              "Civilians (Syria),Farmers (Syria); Teachers (Syria),Civilians,,Syria,Deir ez-Zor,+Al Mayadin,"
              "Hajin,34.69,40.83,2\n")


def csv_records(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_extract_and_the_store_write_the_actor_columns_spreadsheet_safe(tmp_path: Path) -> None:
    acled = tmp_path / "acled.csv"
    acled.write_text(HEADER + EXPORT_ROW, encoding="utf-8")
    extracted = run_cli("extract", str(acled), "--events", "--format", "csv")
    store = tmp_path / "s.sqlite3"
    ingested = run_cli("ingest", str(acled), "--store", str(store), "--no-progress")
    stored = run_cli("events", "--store", str(store), "--format", "csv")
    for done in (extracted, ingested, stored):
        assert done.returncode == 0, done.stderr
    for text in (extracted.stdout, stored.stdout):
        assert text.splitlines()[0].split(",") == list(EVENT_FIELDS)
        (row,) = csv_records(text)
        assert (row["inter1"], row["inter2"], row["interaction"]) == ("1", "7", "17")
        assert row["assoc_actor_1"] == "'=HYPERLINK(\"http://x\")"  # not a formula in a spreadsheet
        assert row["assoc_actor_2"] == "Farmers (Syria); Teachers (Syria)"
        assert row["admin2"] == "'+Al Mayadin"


def test_the_event_table_has_integer_actor_types_even_when_empty() -> None:
    assert {str(ge.event_rows([])[f].dtype) for f in ("inter1", "inter2", "interaction")} == {"int64"}
