"""Issue 12's promises on hostile input: no reader raises on bad content, and no unit
(row, line, zip member) is lost. Minimal reproductions of what property tests found."""

from __future__ import annotations

import io
import zipfile

import pytest

from geo_events.io import read_uploads
from geo_events.io.readers import InputFile, read_input_bytes
from geo_events.models import IngestProblem

GOOD = b" date 2023-01-20 A drone struck a base near Raqqa."


def zipped(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


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


# A zip member whose local header holds a name that is not UTF-8 (a corrupt byte; the central
# directory is intact): zipfile's open() raises UnicodeDecodeError, which the member loop did
# not catch, so the whole zip became one "internal error" and its good members were lost.

def test_a_member_with_a_garbled_local_name_is_refused_and_the_others_are_read() -> None:
    data = bytearray(zipped([("é.txt", GOOD), ("b.txt", GOOD)]))
    assert data[30:32] == "é".encode()  # the first member's name in its local header
    data[30] ^= 0xFF
    found = {f.name: f.input for f in read_uploads([("up.zip", bytes(data))])}
    assert set(found) == {"up.zip/é.txt", "up.zip/b.txt"}, found
    assert "cannot unpack" in found["up.zip/é.txt"].problems[0].message
    assert len(found["up.zip/b.txt"].articles) == 1


# A zip whose central directory asks for a newer zip version than Python reads (here a
# corrupt byte: "version needed to extract" 23.5): zipfile.ZipFile() raises
# NotImplementedError, which was not among the errors read as "not a readable zip", so the
# upload was reported as an internal error ("please report it") instead.

def test_a_zip_of_an_unknown_version_is_not_readable_not_an_internal_error() -> None:
    data = bytearray(zipped([("a.txt", GOOD)]))
    central = data.index(b"PK\x01\x02")
    data[central + 6] = 0xEB  # version needed to extract: 23.5
    (found,) = read_uploads([("up.zip", bytes(data))])
    assert found.name == "up.zip"
    assert [p.message for p in found.input.problems] == ["not a readable zip: zip file version 23.5"]


# A zip member whose name starts with a NUL byte (zipfile cuts names at the first NUL, so the
# name is ""): ZipInfo.is_dir() indexes filename[-1] and raised IndexError on Python 3.11,
# so the whole zip became one "internal error" and its good members were lost.

def test_a_member_with_an_empty_name_is_named_and_the_others_are_read() -> None:
    data = bytearray(zipped([("a.txt", GOOD), ("b.txt", GOOD)]))
    central = data.index(b"PK\x01\x02")
    data[central + 46] = 0  # the first byte of the first member's name in the central directory
    found = {f.name: f.input for f in read_uploads([("up.zip", bytes(data))])}
    assert len(found["up.zip/b.txt"].articles) == 1, found
    assert len(found) == 2 and all(f.problems for name, f in found.items() if name != "up.zip/b.txt")


# A zip whose end record gives a central directory offset past the real one (a corrupt byte):
# zipfile shifts every member's header offset below 0 and open() raised "negative seek value"
# (ValueError), which the member loop did not catch: the whole zip was an "internal error".

def test_a_zip_with_a_corrupt_directory_offset_names_its_members() -> None:
    data = bytearray(zipped([("a.txt", GOOD), ("b.txt", GOOD)]))
    end = data.rindex(b"PK\x05\x06")
    data[end + 19] = 0x01  # the central directory's offset, plus 16 MB
    found = {f.name: f.input for f in read_uploads([("up.zip", bytes(data))])}
    assert set(found) == {"up.zip/a.txt", "up.zip/b.txt"}, found
    assert all("cannot unpack" in f.problems[0].message for f in found.values())
