"""Issue 12, case by case: no input crashes, hangs or silently drops a batch.

Each test reproduces one reported failure (the numbers refer to the issue's
list) and checks the promise that replaces it: the bad unit becomes a
problem naming it, the good units around it are still read, and the exit
code says something was skipped.
"""

from __future__ import annotations

import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest

from conftest import REPO

import geo_events as ge
from geo_events.errors import DeadlineError
from geo_events.io import read_uploads
from geo_events.io.batch import geoparse_lines, json_lines, resolve_lines
from geo_events.io.long_articles import split_long_article
from geo_events.io.readers import decode_bytes, read_input_bytes
from geo_events.io.tables import csv_rows
from geo_events.limits import check_deadline, deadline, run_unit

GOOD = " date 2023-01-20 A drone struck a base near Raqqa."
#: Issue 12, case 1: this sentence crashed the territory rule and every file after it was lost.
ARREST_AT_SENTENCE_END = " date 2023-01-24 In Mosul, police said six suspects were captured."


def run_cli(*args: str, stdin: bytes | None = None, timeout: float = 300) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "geo_events", *args], cwd=REPO, input=stdin,
                          capture_output=True, timeout=timeout, check=False)


def output_lines(done: subprocess.CompletedProcess[bytes]) -> list[dict]:
    return [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]


# 1. One sentence kills the whole batch.

def test_an_arrest_at_the_end_of_a_sentence_no_longer_stops_the_batch(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARREST_AT_SENTENCE_END, encoding="utf-8")
    (tmp_path / "b.txt").write_text(GOOD, encoding="utf-8")
    done = run_cli("extract", "--events", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert done.returncode == 0, done.stderr
    rows = output_lines(done)
    assert {Path(r["source"]).name for r in rows} == {"a.txt", "b.txt"}
    assert any(r["sub_event_type"] == "Arrests" and r["captured"] == 6 for r in rows)


class Exploding:
    """A geoparser whose extraction fails on one article (a bug we have not met yet)."""

    def article_events(self, article: ge.Article) -> list[ge.Event]:
        if "explode" in article.text:
            raise AttributeError("'NoneType' object has no attribute 'end'")
        return []


def test_an_article_that_raises_is_a_problem_and_the_upload_goes_on(tmp_path: Path) -> None:
    from geo_events.dashboard import store_uploads

    with ge.EventStore.open(tmp_path / "s.sqlite3") as store:
        report = store_uploads([("a.txt", b" date 2023-01-20 explode"), ("b.txt", GOOD.encode())],
                               geoparser=Exploding(), store=store)
        assert store.known(["x"]) == set()
    lines = [str(s) for s in report]
    assert lines[0].startswith("✗ a.txt: internal error (AttributeError")
    assert lines[-1].startswith("✓ b.txt: 1 new")


# 2. Bounded work: a size limit per article and a deadline per unit.

def test_an_article_over_the_limit_is_read_in_parts_and_nothing_is_cut() -> None:
    text = ("Raids near Mosul. " * 50 + "\n\n") * 30
    found = read_input_bytes("big.txt", (" date 2023-01-20 " + text).encode(), max_article_chars=5_000)
    assert len(found.articles) > 1
    assert all(len(a.text) <= 5_000 and a.published.isoformat() == "2023-01-20" for a in found.articles)
    assert "".join(a.text for a in found.articles).replace("\n", "").replace(" ", "") == \
        text.replace("\n", "").replace(" ", "")
    (note,) = found.problems
    assert note.kept and "read as" in note.message and "parts" in note.message


def test_a_text_with_no_break_is_still_split_at_the_limit() -> None:
    article = ge.Article("a", "x.txt", "x" * 25)
    parts, note = split_long_article(article, max_chars=10)
    assert [len(p.text) for p in parts] == [10, 10, 5] and "at the limit" in note.message


def test_a_unit_past_its_deadline_is_stopped_and_named() -> None:
    outcome = run_unit("slow.txt", check_deadline, deadline_seconds=0)
    assert outcome.problem is not None and outcome.problem.source == "slow.txt"
    assert "deadline" in outcome.problem.message
    check_deadline()  # outside a deadline block: never raises


def test_the_stages_check_the_deadline(geoparser: ge.Geoparser) -> None:
    article = ge.parse_article(GOOD, source="x")
    with deadline(0), pytest.raises(DeadlineError):
        geoparser.article_events(article)
    with deadline(0), pytest.raises(DeadlineError):
        geoparser.geoparse("Raids near Mosul. Clashes in Raqqa.")


def test_a_line_past_the_deadline_gets_an_error_and_the_next_line_is_answered(
        geoparser: ge.Geoparser) -> None:
    lines = ['{"text": "Raids near Mosul."}'] * 2
    out = [json.loads(line) for line in geoparse_lines(lines, geoparser, deadline_seconds=0)]
    assert all("deadline" in o["error"] for o in out) and len(out) == 2


# 3. JSON that fails to decode in unusual ways.

NESTED = "[" * 100_000 + "]" * 100_000
HUGE_INT = '{"text": ' + "9" * 5_000 + "}"


def test_absurd_json_lines_get_errors_and_later_lines_their_answers(geoparser: ge.Geoparser) -> None:
    lines = [NESTED, HUGE_INT, '{"text": "Raids near Mosul."}']
    out = [json.loads(line) for line in geoparse_lines(lines, geoparser)]
    assert "nested too deeply" in out[0]["error"] and "number too long" in out[1]["error"]
    assert out[2]["toponyms"][0]["name"] == "Mosul"
    out = [json.loads(line) for line in resolve_lines(lines, geoparser)]
    assert "error" in out[0] and "error" in out[1] and out[2]["error"]  # no spans given


def test_absurd_json_on_stdin_ends_with_exit_1_and_every_line_answered() -> None:
    stdin = "\n".join([NESTED, HUGE_INT, '{"text": "Clashes in Raqqa."}']).encode() + b"\n"
    done = run_cli("geoparse", stdin=stdin)
    assert done.returncode == 1
    out = output_lines(done)
    assert len(out) == 3 and "error" in out[0] and "error" in out[1] and out[2]["toponyms"]
    assert b"Traceback" not in done.stderr


def test_absurd_jsonl_rows_are_skipped_and_the_text_beside_them_is_stored(tmp_path: Path) -> None:
    (tmp_path / "bad.jsonl").write_text(f'{NESTED}\n{HUGE_INT}\n{{"text": "Clashes in Raqqa."}}\n',
                                        encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    store = tmp_path / "s.sqlite3"
    done = run_cli("ingest", str(tmp_path), "--store", str(store), "--no-progress")
    assert done.returncode == 1, done.stderr
    stderr = done.stderr.decode()
    assert "bad.jsonl, line 1: not JSON this program can read: nested too deeply" in stderr
    assert "bad.jsonl, line 2" in stderr and "stored 2 new article" in stderr


# 4. Bad ACLED values.

ACLED_HEADER = "event_id_cnty,event_date,event_type,latitude,longitude,fatalities\n"


@pytest.mark.parametrize("row, why", [
    ("SYR2,2023-01-21,Battles\n", "latitude"),  # missing cells: float(None) before
    ("SYR3,2023-01-21,Battles,35.9,39.0,1e400\n", "fatalities"),
    ("SYR4,2023-01-21,Battles,35.9,39.0,99999999999999999999999\n", "fatalities"),
    ("SYR5,2023-01-21,Battles,nan,39.0,0\n", "latitude"),
    ("SYR1,2023-01-22,Battles,35.9,39.0,0\n", "already on line 2"),  # a repeated id
])
def test_a_bad_acled_row_is_named_and_the_others_are_stored(tmp_path: Path, row: str, why: str) -> None:
    path = tmp_path / "acled.csv"
    path.write_text(ACLED_HEADER + "SYR1,2023-01-20,Battles,35.9,39.0,2\n" + row
                    + "SYR9,2023-01-23,Riots,36.3,43.1,0\n", encoding="utf-8")
    store = tmp_path / "s.sqlite3"
    done = run_cli("ingest", str(path), "--store", str(store), "--no-progress")
    assert done.returncode == 1, done.stderr
    assert f"acled.csv, line 3: " in done.stderr.decode() and why in done.stderr.decode()
    with sqlite3.connect(store) as db:
        ids = sorted(r[0] for r in db.execute("SELECT event_id FROM events"))
    assert ids == ["acled:SYR1", "acled:SYR9"]


# 5. Lone surrogates.

def test_lone_surrogates_are_replaced_not_fatal(geoparser: ge.Geoparser) -> None:
    line = json.dumps({"text": "Near Mosul\ud800 x", "spans": [[5, 10]]})
    (out,) = [json.loads(x) for x in resolve_lines([line], geoparser)]
    assert out["places"][0]["name"] == "Mosul"
    article = ge.parse_article(" date 2023-01-20 Raids near Mosul\ud800.", source="x")
    assert "\ud800" not in article.text and len(article.text) == len("Raids near Mosul\ufffd.")
    assert geoparser.geoparse("Raids near Mosul\udfff.")[0].place.name == "Mosul"
    assert any(e.location == "Mosul" for e in geoparser.article_events(article))


# 6. CSV: big cells and unclosed quotes.

def test_a_cell_over_128_kb_is_read_with_the_rows_around_it() -> None:
    big = "Raids near Mosul. " * 10_000
    text = f"text,date\nfirst,2023-01-01\n\"{big}\",2023-01-02\nlast,2023-01-03\n"
    rows = list(csv_rows(text, source="t.csv"))
    assert [r[1]["date"] for r in rows] == ["2023-01-01", "2023-01-02", "2023-01-03"]
    assert len(rows[1][1]["text"]) == len(big)


def test_an_unclosed_quote_is_reported_and_the_rows_after_it_are_read() -> None:
    found = read_input_bytes("t.csv", b'text,date\n"Raids in Raqqa,2023-01-01\nClashes in Mosul,2023-01-02\n'
                                      b"Fires in Homs,2023-01-03\n")
    assert [a.text for a in found.articles] == ["Clashes in Mosul", "Fires in Homs"]
    (problem,) = found.problems
    assert problem.source == "t.csv, line 2" and "never closed" in problem.message and not problem.kept


def test_a_header_with_text_twice_is_noted_and_the_first_is_read() -> None:
    found = read_input_bytes("t.csv", b"text,date,text\nRaids in Raqqa,2023-01-01,other\n")
    assert [a.text for a in found.articles] == ["Raids in Raqqa"]
    assert "column 'text' appears 2 times" in found.problems[0].message and found.problems[0].kept


def test_a_bad_csv_line_does_not_lose_the_rest_of_the_file() -> None:
    found = read_input_bytes("t.csv", b"text,date\nRaids in Raqqa,2023-01-01\n\"a\"b\"c\"\n"
                                      b"Fires in Homs,2023-01-03\n")
    assert [a.text for a in found.articles][0] == "Raids in Raqqa"
    assert found.articles[-1].text == "Fires in Homs"


# 7. The smaller ones.

def test_an_unwritable_output_exits_2_with_a_message(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "dir" / "out.jsonl"
    for command in (["geoparse", "-o", str(target)], ["extract", GOOD_PATH, "-o", str(target)]):
        done = run_cli(*command, stdin=b'{"text": "Raids near Mosul."}\n')
        assert done.returncode == 2, (command, done.stderr)
        assert b"cannot write" in done.stderr and b"Traceback" not in done.stderr


GOOD_PATH = str(REPO / "geo_events" / "sample_articles" / "2018-12-14-hajin-captured.txt")


def test_a_bare_carriage_return_in_a_geoparse_file_stays_inside_its_line(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b'{"text": "Raids\rnear Mosul."}\n{"text": "Clashes in Raqqa."}\n')
    for done in (run_cli("geoparse", str(source)), run_cli("geoparse", stdin=source.read_bytes())):
        out = output_lines(done)
        assert len(out) == 2 and out[0]["toponyms"][0]["name"] == "Mosul", done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_fifo_named_like_an_article_is_refused_not_waited_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "x.txt")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    done = run_cli("extract", str(tmp_path), timeout=120)
    assert done.returncode == 1
    assert b"x.txt: not a regular file" in done.stderr and b"Raqqa" in done.stdout
    done = run_cli("geoparse", str(tmp_path / "x.txt"), timeout=120)
    assert done.returncode == 2 and b"not a regular file" in done.stderr


@pytest.mark.parametrize("codec", ["utf-16", "utf-32", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_utf16_and_utf32_are_read_and_named(codec: str) -> None:
    found = read_input_bytes("a.txt", GOOD.encode(codec))
    assert [a.text for a in found.articles] == ["A drone struck a base near Raqqa."]
    notes = [p.message for p in found.problems]
    assert notes == [] if codec == "utf-8-sig" else notes[0].startswith("read as UTF-")


def test_a_legacy_encoding_is_refused_with_a_guess_and_binary_is_called_binary() -> None:
    with pytest.raises(ge.GeoEventsError, match="not UTF-8 text .*it may be"):
        decode_bytes("Kämpfe in Mossul; die Bürger flohen über die Brücke.".encode("cp1252"))
    with pytest.raises(ge.GeoEventsError, match="binary"):
        decode_bytes(b"\x00\x01\x02\x03PK\x05\x06" * 10)
    for few_bytes in (b"\x00\x01", b"\x00\x01binary"):  # decode to "text" in UTF-16, but are not
        with pytest.raises(ge.GeoEventsError, match="binary"):
            decode_bytes(few_bytes)


def test_each_read_problem_is_logged_once_with_its_path_once(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    done = run_cli("extract", str(tmp_path))
    stderr = done.stderr.decode()
    assert stderr.count("bad.txt") == 1, stderr
    assert f"{tmp_path / 'bad.txt'}: looks like a binary file" in stderr


def zipped(members: dict[str, bytes], *, compression: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_nested_zips_and_backslash_names_are_named_not_dropped() -> None:
    found = read_uploads([("up.zip", zipped({"inner.zip": zipped({"a.txt": GOOD.encode()}),
                                             "..\\..\\evil.txt": GOOD.encode(), "doc.pdf": b"%PDF"}))])
    by_name = {f.name: f.input for f in found}
    assert "zip inside the zip" in by_name["up.zip/inner.zip"].problems[0].message
    assert len(by_name["up.zip/evil.txt"].articles) == 1
    assert "points outside the zip" in by_name["up.zip/evil.txt"].problems[0].message
    assert "not a .csv" in by_name["up.zip/doc.pdf"].problems[0].message


def test_a_folders_other_files_are_named(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK")
    (tmp_path / ".DS_Store").write_bytes(b"\x00")
    problems = ge.read_paths([tmp_path]).problems
    assert [p.message for p in problems] == ["1 file(s) not read, not .csv, .jsonl, .txt: notes.docx"]


def test_a_small_zip_holding_a_huge_article_is_refused_by_the_article_limit() -> None:
    huge = zipped({"a.txt": b"Raids near Mosul. " * 1_200_000, "b.txt": GOOD.encode()},
                  compression=zipfile.ZIP_DEFLATED)
    assert len(huge) < 100_000  # 21 MB of text in a small zip
    found = {f.name: f.input for f in read_uploads([("up.zip", huge)])}
    assert "over the 2,000,000-byte limit of an article file" in found["up.zip/a.txt"].problems[0].message
    assert len(found["up.zip/b.txt"].articles) == 1


def test_a_million_line_article_is_read_in_parts_and_stored(tmp_path: Path) -> None:
    # Issue 12, case 2: a 1 MB file of a million lines ran past 600 s and lost what came after it.
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(" date 2023-01-20\n" + ("Raids near Mosul.\n" + "\n" * 99) * 10_000,
                                  encoding="utf-8")
    (folder / "b.txt").write_text(GOOD, encoding="utf-8")
    store = tmp_path / "s.sqlite3"
    done = run_cli("ingest", str(folder), "--store", str(store), "--no-progress")
    assert done.returncode == 0, done.stderr
    split = re.search(rb"a\.txt: [\d,]+ characters is over the 200,000-character article limit: "
                      rb"read as (\d+) parts", done.stderr)
    assert split, done.stderr
    assert f"stored {int(split.group(1)) + 1} new article".encode() in done.stderr


def test_an_offset_in_hours_keeps_event_dates_dates(geoparser: ge.Geoparser) -> None:
    # Found after case 1 was fixed: "36 hours after" made a datetime, and comparing it with the
    # article's date raised TypeError in 8 LGL articles (each a batch lost before isolation).
    article = ge.parse_article(" date 2020-01-05 Police raided a house in Mosul on Friday, "
                               "36 hours after a bomb exploded in Raqqa.", source="x")
    events = [e for e in geoparser.article_events(article) if e.kind == "event"]
    assert events and all(type(e.event_date) is date for e in events)
