"""The issue's Syrian and Iraqi place names, as news agencies spell them, resolve within 25 km."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from geopy.distance import great_circle

import geo_events as ge

PLACES = Path(__file__).parent / "data" / "syria_iraq_places.csv"
TOLERANCE_KM = 25.0
ROWS = list(csv.DictReader(PLACES.open(encoding="utf-8")))


@pytest.mark.parametrize("row", ROWS, ids=[r["name"] for r in ROWS])
def test_news_spelling_resolves_within_25_km(geoparser: ge.Geoparser, row: dict[str, str]) -> None:
    text = f"Fighting was reported in {row['name']}, {row['country']}, on Monday."
    (resolved,) = [r for r in geoparser.geoparse(text) if r.mention.text == row["name"]]
    assert resolved.place is not None, f"{row['name']} was not resolved"
    reference = (float(row["latitude"]), float(row["longitude"]))
    distance = great_circle(resolved.place.latlon, reference).km
    assert distance <= TOLERANCE_KM, f"{row['name']} -> {resolved.place.name}: {distance:.0f} km"


def test_the_list_has_thirty_names_or_more() -> None:
    assert len(ROWS) >= 30
