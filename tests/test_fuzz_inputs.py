"""Issue 12's promises on hostile input: no reader raises on bad content, and no unit
(row, line, zip member) is lost. Minimal reproductions of what property tests found."""

from __future__ import annotations

import pytest

from geo_events.io.readers import InputFile, read_input_bytes
from geo_events.models import IngestProblem


def assert_problems_name_their_unit(found: InputFile, name: str) -> None:
    for problem in found.problems:
        assert isinstance(problem, IngestProblem)
        assert problem.source == name or problem.source.startswith((f"{name}, line ", f"{name}#")), problem
        assert problem.message.strip(), problem
        assert "internal error" not in problem.message, problem  # a bug the safety net caught
    for article in found.articles:
        assert article.source.startswith(name) and article.text.strip() == article.text and article.text


def assert_nothing_dropped_silently(found: InputFile) -> None:
    assert found.articles or found.events or found.problems, "input gave nothing and said nothing"


# --- What the properties found, as minimal reproductions (fixed) -----------------------------------

# A CSV whose lines end in a bare \r (classic Mac OS, some spreadsheet exports): the readers
# read such lines (csv_rows), but the header check split the text at \n only and handed the
# whole file to the csv module as one line, which raised "new-line character seen in
# unquoted field" out of read_input_bytes (and lost the whole file as an internal error
# in read_uploads / read_paths).

@pytest.mark.parametrize("data", [b"\r,text\n", b"text,date\rRaids\r"])
def test_a_bare_carriage_return_in_a_csv_header_line_does_not_raise(data: bytes) -> None:
    found = read_input_bytes("h.csv", data)
    assert_problems_name_their_unit(found, "h.csv")
    assert_nothing_dropped_silently(found)


def test_a_csv_with_bare_carriage_return_line_ends_is_read_row_by_row() -> None:
    found = read_input_bytes("mac.csv", b"text,date\rRaids near Raqqa,2023-01-01\rClashes in Mosul,2023-01-02\r")
    assert [(a.source, a.text) for a in found.articles] == [("mac.csv#2", "Raids near Raqqa"),
                                                          ("mac.csv#3", "Clashes in Mosul")]
    assert found.problems == []


def test_an_acled_export_with_bare_carriage_return_line_ends_is_read_as_events() -> None:
    found = read_input_bytes("acled.csv", b"event_id_cnty,event_date,event_type,latitude,longitude\r"
                                          b"SYR1,2023-01-20,Battles,35.9,39.0\r")
    assert [e.event_id for e in found.events] == ["acled:SYR1"] and not found.problems
