"""Regions from data/regions.csv (gazetteer.sources.regions)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gazetteer import Candidate, GazetteerDataError
from gazetteer.sources import regions as regions_module
from gazetteer.sources.regions import region_records, regions_signature

Records = list[tuple[Candidate, list[str]]]


@pytest.fixture(scope="module")
def regions() -> Records:
    return list(region_records())


def test_regions_include_the_middle_east_and_levant(regions: Records) -> None:
    by_name = {c.name: (c, n) for c, n in regions}
    for name in ("Middle East", "Levant", "Persian Gulf", "Kurdistan", "Balkans"):
        assert by_name[name][0].kind == "region"
    assert "Arabian Gulf" in by_name["Persian Gulf"][1]
    assert by_name["Kurdistan Region"][0].country_code == "IQ"


def test_regions_do_not_repeat_the_continents(regions: Records) -> None:
    continents = {"Africa", "Asia", "Europe", "North America", "South America",
                  "Oceania", "Antarctica"}
    assert not continents & {n for _, ns in regions for n in ns}


@pytest.mark.parametrize(("row", "message"), [
    ("Levant,,abc,36.5,,", "latitude"),
    ("Levant,,95,36.5,,", "latitude"),
    (",,33.5,36.5,,", "empty name"),
])
def test_a_bad_region_row_names_the_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  row: str, message: str) -> None:
    path = tmp_path / "regions.csv"
    path.write_text("name,aliases,latitude,longitude,country,note\n"
                    "Middle East,,29,42,,\n" + row + "\n", encoding="utf-8")
    monkeypatch.setattr(regions_module, "REGIONS_CSV", path)
    with pytest.raises(GazetteerDataError, match=rf"regions.csv line 3.*{message}"):
        list(region_records())


def test_a_missing_region_column_is_an_error(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "regions.csv"
    path.write_text("name,latitude,longitude\nLevant,33.5,36.5\n", encoding="utf-8")
    monkeypatch.setattr(regions_module, "REGIONS_CSV", path)
    with pytest.raises(GazetteerDataError, match="line 2: missing column"):
        list(region_records())


def test_signature_follows_the_regions_file(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "regions.csv"
    path.write_bytes(regions_module.REGIONS_CSV.read_bytes())
    monkeypatch.setattr(regions_module, "REGIONS_CSV", path)
    before = regions_signature()
    path.write_bytes(path.read_bytes() + b"Sahara,,23,13,,approximate\n")
    assert regions_signature() != before
