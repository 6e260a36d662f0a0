"""``python -m geo_events extract``: formats, files, exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, SEED_PLACES, seed_place_error

import geo_events as ge
from geo_events.models import EVENT_FIELDS
from geo_events.cli import main


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "geo_events", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=300, check=False)


def test_extract_seed_jsonl_places_the_five_seed_places(seed_path: Path) -> None:
    done = run_cli("extract", str(seed_path), "--format", "jsonl")
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    by_text = {r["matched_text"]: r for r in rows}
    for written in SEED_PLACES:
        row = by_text[written]
        assert seed_place_error(written, row["latitude"], row["longitude"], row["geonameid"]) is None


def test_bad_path_exits_2_with_a_clear_message(tmp_path: Path) -> None:
    done = run_cli("extract", str(tmp_path / "missing.txt"))
    assert done.returncode == 2
    assert "no such file or folder" in done.stderr and "missing.txt" in done.stderr
    assert done.stdout == ""


def test_unknown_format_exits_2() -> None:
    done = run_cli("extract", str(ge.SAMPLE_ARTICLES_DIR), "--format", "xml")
    assert done.returncode == 2 and "invalid choice" in done.stderr


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "geojson"])
def test_output_file_in_each_format(tmp_path: Path, fmt: str, sample_rows) -> None:
    out = tmp_path / f"rows.{fmt}"
    assert main(["extract", str(ge.SAMPLE_ARTICLES_DIR), "--format", fmt, "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    if fmt == "jsonl":
        assert len(text.splitlines()) == len(sample_rows)
    elif fmt == "csv":
        assert len(text.splitlines()) == len(sample_rows) + 1
    else:
        assert len(json.loads(text)["features"]) == len(sample_rows)


def test_unwritable_output_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "no-such-dir" / "rows.jsonl"
    assert main(["extract", str(ge.SAMPLE_ARTICLES_DIR), "-o", str(out)]) == 2


def test_unreadable_file_is_reported_and_the_rest_still_load(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(" date 2020-01-01 Clashes in Raqqa.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00\x01")
    done = run_cli("extract", str(tmp_path))
    assert done.returncode == 0
    assert "bad.txt" in done.stderr
    assert [json.loads(line)["location"] for line in done.stdout.splitlines()] == ["Ar Raqqah"]


def test_columns_option_selects_and_orders(tmp_path: Path) -> None:
    out = tmp_path / "rows.csv"
    assert main(["extract", str(ge.SAMPLE_ARTICLES_DIR), "--format", "csv",
                 "--columns", "location,event_date", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").splitlines()[0] == "location,event_date"


def test_unknown_column_exits_2() -> None:
    done = run_cli("extract", str(ge.SAMPLE_ARTICLES_DIR), "--columns", "location,nope")
    assert done.returncode == 2 and "unknown column(s) nope" in done.stderr


def run_cli_input(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "geo_events", *args], cwd=REPO, input=stdin,
                          capture_output=True, text=True, timeout=300, check=False)


def test_geoparse_streams_stdin_one_line_per_input() -> None:
    lines = [json.dumps({"text": "Drones hit Bukamal."}), "oops", json.dumps({"text": "Calm."})]
    done = run_cli_input("geoparse", stdin="\n".join(lines) + "\n")
    assert done.returncode == 1  # one line could not be read
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(out) == 3
    assert out[0]["toponyms"][0]["geonameid"] == 174448  # Albu Kamal
    assert "error" in out[1] and out[2] == {"toponyms": []}
    assert "1 input line(s) could not be read" in done.stderr


def test_resolve_reads_a_file_and_writes_a_file(tmp_path: Path) -> None:
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(json.dumps({"text": "Raids near Mosul.", "spans": [[11, 16]]}) + "\n",
                      encoding="utf-8")
    done = run_cli("resolve", str(source), "-o", str(target))
    assert done.returncode == 0, done.stderr
    (out,) = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert out["places"][0]["name"] == "Mosul"


def test_geoparse_missing_input_file_exits_2(tmp_path: Path) -> None:
    done = run_cli("geoparse", str(tmp_path / "nope.jsonl"))
    assert done.returncode == 2 and "no such input file" in done.stderr


def extract_events(tmp_path: Path, fmt: str) -> Path:
    """``extract --events`` of our own article in ``fmt``; the output file."""
    out = tmp_path / f"events.{fmt}"
    done = run_cli("extract", "tests/data/own_events_article.txt", "--events", "--format", fmt,
                   "-o", str(out))
    assert done.returncode == 0, done.stderr
    return out


def test_extract_events_writes_the_event_table(tmp_path: Path) -> None:
    out = extract_events(tmp_path, "csv")
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header == list(EVENT_FIELDS)
    assert "Air/drone strike" in out.read_text(encoding="utf-8")


def test_ingest_is_idempotent_and_events_reads_the_store(tmp_path: Path) -> None:
    store = tmp_path / "events.sqlite3"
    first = run_cli("ingest", "tests/data/own_events_article.txt", "--store", str(store))
    again = run_cli("ingest", "tests/data/own_events_article.txt", "--store", str(store), "--no-progress")
    assert first.returncode == 0 and again.returncode == 0, first.stderr + again.stderr
    assert "stored 1 new article" in first.stderr and "1 already stored" in again.stderr
    assert "100%" in first.stderr  # the progress bar
    done = run_cli("events", "--store", str(store), "--format", "jsonl")
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert {r["kind"] for r in rows} == {"event", "mention"}
    assert any(r["sub_event_type"] == "Arrests" and r["captured"] == 5 for r in rows)


def test_ingest_bad_file_is_reported_and_the_rest_stored(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "good.txt").write_text(" date 2023-01-20 A drone struck a base near Raqqa.",
                                       encoding="utf-8")
    store = tmp_path / "events.sqlite3"
    done = run_cli("ingest", str(tmp_path), "--store", str(store), "--no-progress")
    assert done.returncode == 1, done.stderr  # something was skipped; the good file is still stored
    assert "binary" in done.stderr and "stored 1 new article" in done.stderr
    assert done.stderr.count("bad.txt") == 1  # named once, not twice


def test_ingest_missing_path_exits_2(tmp_path: Path) -> None:
    done = run_cli("ingest", str(tmp_path / "nope"), "--store", str(tmp_path / "s.sqlite3"))
    assert done.returncode == 2 and "no such file or folder" in done.stderr


@pytest.mark.parametrize(("options", "message"), [
    (["--workers", "0"], "use 1 to 64 workers"),
    (["--workers", "65"], "use 1 to 64 workers"),
    (["--workers", "two"], "not a whole number of workers"),
    (["--scheduler", "http://10.0.0.5:8786"], "tcp://HOST:PORT or tls://HOST:PORT"),
    (["--scheduler", "tcp://10.0.0.5"], "tcp://HOST:PORT or tls://HOST:PORT"),
    (["--workers", "2", "--scheduler", "tcp://10.0.0.5:8786"], "not allowed with argument"),
    (["--scheduler", "tcp://10.0.0.5:8786", "--scheduler-timeout-seconds", "0"], "above 0"),
])
def test_ingest_refuses_bad_cluster_options_before_reading_anything(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str], message: str) -> None:
    store = tmp_path / "events.sqlite3"
    with pytest.raises(SystemExit) as stopped:
        main(["ingest", "tests/data/own_events_article.txt", "--store", str(store), *options])
    assert stopped.value.code == 2 and message in capsys.readouterr().err
    assert not store.exists()


def test_ingest_help_documents_workers_and_scheduler(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["ingest", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--workers N" in text and "Dask LocalCluster" in text
    assert "--scheduler tcp://HOST:PORT" in text and "python -m gazetteer build" in text


def test_bad_table_columns_exit_2() -> None:
    done = run_cli("extract", "tests/data/own_events_article.txt", "--table-columns", "nonsense")
    assert done.returncode == 2 and "FIELD=COLUMN" in done.stderr


NEWS = ("published,headline,body,link\n"
        "2023-01-20,Drone strike,A drone struck a car near Raqqa on Friday.,https://a\n"
        "2023-01-21,Raids,Raids were reported near Mosul.,https://b\n")
AMBIGUOUS = ("published,headline,body,content,link\n"
             "2023-01-20,Drone strike,A drone struck a car near Raqqa on Friday.,Raqqa,https://a\n"
             "2023-01-21,Raids,Raids were reported near Mosul.,Mosul,https://b\n")


def test_a_table_named_published_headline_body_link_is_read_without_warnings(tmp_path: Path) -> None:
    (tmp_path / "news.csv").write_text(NEWS, encoding="utf-8")
    done = run_cli("extract", str(tmp_path / "news.csv"), "--format", "csv",
                   "--columns", "title,event_date,matched_text")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["title,event_date,matched_text", "Drone strike,2023-01-20,Raqqa",
                                        "Raids,2023-01-21,Mosul"]
    assert "WARNING" not in done.stderr and "news.csv" not in done.stderr


def test_a_table_whose_columns_are_unclear_exits_2_naming_them_and_the_mapping(tmp_path: Path) -> None:
    (tmp_path / "news.csv").write_text(AMBIGUOUS, encoding="utf-8")
    done = run_cli("extract", str(tmp_path / "news.csv"))
    assert done.returncode == 2 and done.stdout == ""
    (message,) = done.stderr.splitlines()  # one message, no line per row
    assert str(tmp_path / "news.csv") in message and "the text could be in body or content" in message
    assert "columns found: published, headline, body, content, link" in message
    assert message.endswith("run again with --table-columns text=body,date=published,title=headline,url=link "
                            "(or with text=content)")


def test_the_mapping_the_message_proposes_reads_the_table(tmp_path: Path) -> None:
    (tmp_path / "news.csv").write_text(AMBIGUOUS, encoding="utf-8")
    refused = run_cli("extract", str(tmp_path / "news.csv"))
    mapping = refused.stderr.split("run again with --table-columns ", 1)[1].split(" ", 1)[0]
    done = run_cli("extract", str(tmp_path / "news.csv"), "--table-columns", mapping, "--format", "csv",
                   "--columns", "title,matched_text")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["title,matched_text", "Drone strike,Raqqa", "Raids,Mosul"]


def test_ingest_stops_before_storing_anything_when_a_table_is_unclear(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(" date 2023-01-20 Clashes erupted in Raqqa.", encoding="utf-8")
    (tmp_path / "news.csv").write_text(AMBIGUOUS, encoding="utf-8")
    store = tmp_path / "events.sqlite3"
    done = run_cli("ingest", str(tmp_path), "--store", str(store), "--no-progress")
    assert done.returncode == 2 and not store.exists()
    assert "news.csv" in done.stderr and "--table-columns text=body" in done.stderr


def test_extract_events_geojson_is_a_feature_collection(tmp_path: Path) -> None:
    out = extract_events(tmp_path, "geojson")
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    kinds = {f["properties"]["kind"] for f in collection["features"]}
    assert kinds == {"event", "mention"}
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert (lat, lon) == (feature["properties"]["latitude"], feature["properties"]["longitude"])


def test_edit_changes_a_stored_event_and_events_shows_it(tmp_path: Path) -> None:
    store = tmp_path / "events.sqlite3"
    assert run_cli("ingest", "tests/data/own_events_article.txt", "--store", str(store),
                   "--no-progress").returncode == 0
    rows = [json.loads(line) for line in run_cli("events", "--store", str(store)).stdout.splitlines()]
    chosen = next(r for r in rows if r["kind"] == "event")
    done = run_cli("edit", chosen["event_id"], "event_type=Riots", "sub_event_type=Mob violence",
                   "actor1=Local residents", "--store", str(store))
    assert done.returncode == 0 and "changed: event_type, sub_event_type, actor1" in done.stderr, done.stderr
    bad = run_cli("edit", chosen["event_id"], "event_date=yesterday", "--store", str(store))
    assert bad.returncode == 2 and "event_date must be a date YYYY-MM-DD, got 'yesterday'" in bad.stderr
    assert run_cli("edit", chosen["event_id"], "dismissed=1", "--store", str(store)).returncode == 0
    out = run_cli("events", "--store", str(store), "--format", "csv")
    (edited,) = [r for r in csv.DictReader(io.StringIO(out.stdout)) if r["event_id"] == chosen["event_id"]]
    assert (edited["event_type"], edited["actor1"], edited["dismissed"]) == ("Riots", "Local residents", "True")
    assert edited["edited"].startswith(f"event_type: {chosen['event_type']} -> Riots (")
