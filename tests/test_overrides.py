"""Corrections from CSV: parsing, precedence over packaged data, appending."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo_events.geoparse import PlaceFinder, Resolver
from gazetteer import (CURATED_OVERRIDES, Gazetteer, GazetteerDataError, OverrideTable,
                       append_override)

HEADER = "name,aliases,latitude,longitude,kind,country\n"


def write(path: Path, *rows: str) -> Path:
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_curated_file_parses_and_finds_aliases() -> None:
    table = OverrideTable.from_csv([CURATED_OVERRIDES])
    assert len(table) >= 3
    assert [c.name for c in table.lookup("At-Tanf")] == ["Al-Tanf"]
    assert table.lookup("Amerli")[0].country_code == "IQ"


@pytest.mark.parametrize(("row", "message"), [
    ("X,,abc,40,city,SY", "line 2: latitude/longitude must be numbers"),
    ("X,,95,40,city,SY", "line 2: latitude must be within"),
    ("X,,35,40,planet,SY", "line 2: kind must be one of"),
    (",,35,40,city,SY", "line 2: empty name"),
    ("X,,35", "line 2: missing column"),
])
def test_bad_rows_name_file_and_line(tmp_path: Path, row: str, message: str) -> None:
    path = write(tmp_path / "bad.csv", row)
    with pytest.raises(GazetteerDataError, match=message) as info:
        OverrideTable.from_csv([path])
    assert "bad.csv" in str(info.value)


def test_missing_files_are_skipped(tmp_path: Path) -> None:
    assert len(OverrideTable.from_csv([tmp_path / "none.csv"])) == 0


def test_user_file_wins_over_curated_and_packaged(gazetteer: Gazetteer, tmp_path: Path) -> None:
    user = write(tmp_path / "user.csv", "Raqqa (corrected),Raqqa;Rakka,35.9,39.1,city,SY")
    corrected = Gazetteer(gazetteer.path, overrides=OverrideTable.from_csv([CURATED_OVERRIDES, user]))
    (resolved,) = [r for r in Resolver(corrected).resolve(
        PlaceFinder(corrected).find("Shelling hit Raqqa.")) if r.mention.text == "Raqqa"]
    assert resolved.place.name == "Raqqa (corrected)"
    assert resolved.place.source == "override:user.csv"


def test_override_makes_an_unknown_name_recognisable(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = "A convoy stopped in Khirbet Ammu, east of Qamishli."
    assert "Khirbet Ammu" not in [m.text for m in PlaceFinder(gazetteer).find(text)]
    user = write(tmp_path / "user.csv", "Khirbet Ammu,Kherbet Ammo,37.05,41.33,city,SY")
    corrected = Gazetteer(gazetteer.path, overrides=OverrideTable.from_csv([user]))
    assert "Khirbet Ammu" in [m.text for m in PlaceFinder(corrected).find(text)]


def test_append_override_round_trips_and_is_formula_safe(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "overrides.csv"
    append_override(path, name="Al-Hol camp", aliases=["al-Hol", "Al Hawl"], latitude=36.38,
                    longitude=41.15, kind="feature", country="SY")
    append_override(path, name="=HYPERLINK(1)", latitude=1, longitude=1)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(HEADER) and text.count("name,aliases") == 1
    assert "'=HYPERLINK(1)" in text
    table = OverrideTable.from_csv([path])
    assert table.lookup("Al Hawl")[0].latlon == (36.38, 41.15)


def test_append_override_refuses_bad_values(tmp_path: Path) -> None:
    with pytest.raises(GazetteerDataError, match="latitude"):
        append_override(tmp_path / "o.csv", name="X", latitude=123, longitude=1)
    assert not (tmp_path / "o.csv").exists()
