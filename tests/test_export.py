"""Exports: JSON Lines, spreadsheet-safe CSV, RFC 7946 GeoJSON."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

import geo_events as ge
from geo_events.errors import ExportFormatError
from geo_events.io import csv_safe, rows_to_text, to_geojson


@pytest.fixture()
def rows(geoparser: ge.Geoparser) -> pd.DataFrame:
    articles = [
        ge.parse_article(" date 2021-10-18 =cmd|' /C calc'!A0 A car bomb hit Manbij.", source="a.txt"),
        ge.parse_article("Undated clashes near al-Zubaydi.", source="b.txt"),
    ]
    return geoparser.extract(articles)


@pytest.mark.parametrize(("value", "safe"), [
    ("=SUM(A1)", "'=SUM(A1)"), ("+1", "'+1"), ("-2+3", "'-2+3"), ("@cmd", "'@cmd"),
    ("\tx", "'\tx"), ("Manbij", "Manbij"), (-12.5, -12.5), (None, None),
])
def test_csv_safe(value: object, safe: object) -> None:
    assert csv_safe(value) == safe


def test_csv_neutralises_formulas_and_keeps_numbers(rows: pd.DataFrame) -> None:
    out = io.StringIO()
    ge.write_rows(rows, out, fmt="csv")
    records = list(csv.DictReader(io.StringIO(out.getvalue())))
    manbij = next(r for r in records if r["matched_text"] == "Manbij")
    assert manbij["title"].startswith("'=cmd")
    assert manbij["event_date"] == "2021-10-18"
    assert float(manbij["longitude"]) == pytest.approx(37.95, abs=0.1)
    assert len(records) == len(rows)


def test_jsonl_has_one_object_per_row_with_the_issue_fields(rows: pd.DataFrame) -> None:
    out = io.StringIO()
    ge.write_rows(rows, out, fmt="jsonl")
    objects = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(objects) == len(rows)
    for field in ("source", "event_date", "location", "matched_text", "latitude",
                  "longitude", "country", "notes"):
        assert all(field in o for o in objects)
    undated = next(o for o in objects if o["matched_text"] == "al-Zubaydi")
    assert undated["event_date"] is None and undated["latitude"] is None


def test_geojson_is_a_feature_collection_with_lon_lat_order(rows: pd.DataFrame) -> None:
    collection = to_geojson(rows)
    assert collection["type"] == "FeatureCollection"
    manbij = next(f for f in collection["features"] if f["properties"]["matched_text"] == "Manbij")
    lon, lat = manbij["geometry"]["coordinates"]
    assert (round(lat), round(lon)) == (37, 38)
    unresolved = next(f for f in collection["features"]
                      if f["properties"]["matched_text"] == "al-Zubaydi")
    assert unresolved["geometry"] is None
    json.dumps(collection, allow_nan=False)  # strict JSON: no NaN anywhere


def test_unknown_format_is_refused(rows: pd.DataFrame) -> None:
    with pytest.raises(ExportFormatError, match="xlsx"):
        ge.write_rows(rows, io.StringIO(), fmt="xlsx")  # type: ignore[arg-type]


def test_csv_export_has_the_edited_values_and_what_was_edited(tmp_path) -> None:
    from datetime import date

    from geo_events.io.rows import event_rows

    a = ge.parse_article(" date 2023-01-23 Clashes in Raqqa.", source="t.txt")
    event = ge.Event(f"{a.article_id}-1", a.article_id, "t.txt", "", date(2023, 1, 20), 1, "Battles",
                     "Armed clash", "SDF", "ISIS", 1, 0, 0, "Raqqa", "Raqqa", 35.95, 39.01, 1, "Syria", None,
                     163915, "note", 0.9, "event", "SY")
    with ge.EventStore.open(tmp_path / "s.sqlite3") as store:
        store.add([(a, [event])])
        store.edit(event.event_id, {"event_type": "Riots", "sub_event_type": "Mob violence"})
        table = event_rows(store.events())
    (row,) = csv.DictReader(io.StringIO(rows_to_text(table, fmt="csv")))
    assert (row["event_type"], row["sub_event_type"], row["dismissed"]) == ("Riots", "Mob violence", "False")
    assert row["edited"].startswith("event_type: Battles -> Riots (") and "sub_event_type: Armed clash" in row["edited"]
    (feature,) = to_geojson(table)["features"]
    assert feature["properties"]["edited"] == row["edited"]
