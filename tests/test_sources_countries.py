"""Countries and demonyms (gazetteer.sources.countries)."""

from __future__ import annotations

import re

import pytest

from gazetteer import Candidate
from gazetteer.sources.countries import country_demonyms, country_records
from gazetteer.sources.regions import region_records

Records = list[tuple[Candidate, list[str]]]


@pytest.fixture(scope="module")
def countries() -> Records:
    return list(country_records())


@pytest.fixture(scope="module")
def regions() -> Records:
    return list(region_records())


def _country(records: Records, code: str) -> tuple[Candidate, list[str]]:
    [found] = [(c, n) for c, n in records if c.country_code == code]
    return found


# (ISO2, (south, north), (west, east)): rough boxes around each country.
COUNTRY_BOXES = [
    ("SY", (32.3, 37.4), (35.6, 42.4)),
    ("IQ", (29.0, 37.4), (38.8, 48.6)),
    ("US", (24.5, 49.4), (-125.0, -66.9)),
    ("GB", (49.9, 60.9), (-8.7, 1.8)),
    ("AE", (22.6, 26.1), (51.5, 56.4)),
]


@pytest.mark.parametrize(("code", "lats", "lons"), COUNTRY_BOXES)
def test_country_point_lies_in_its_box(countries: Records, code: str, lats: tuple[float, float],
                                       lons: tuple[float, float]) -> None:
    place, _ = _country(countries, code)
    assert place.kind == "country"
    assert lats[0] <= place.latitude <= lats[1] and lons[0] <= place.longitude <= lons[1], place


@pytest.mark.parametrize(("code", "expected"), [
    ("US", {"United States", "U.S.", "US", "USA", "United States of America"}),
    ("GB", {"United Kingdom", "UK", "U.K.", "Britain"}),
    ("AE", {"United Arab Emirates", "UAE"}),
    ("SY", {"Syria", "Syrian Arab Republic"}),
    ("IQ", {"Iraq", "Republic of Iraq"}),
    ("TR", {"Turkey", "Türkiye"}),
    ("XK", {"Kosovo"}),
])
def test_country_names_include_common_official_and_abbreviated_forms(
        countries: Records, code: str, expected: set[str]) -> None:
    place, names = _country(countries, code)
    assert expected <= set(names)
    assert place.geonameid and place.population >= 0


def test_iso_codes_are_not_country_names_except_real_abbreviations(countries: Records) -> None:
    iso3 = {"SYR", "IRQ", "GBR", "ARE", "IND", "DEU", "FRA"}
    for place, names in countries:
        two_capitals = {n for n in names if re.fullmatch(r"[A-Z]{2}", n)}
        assert two_capitals <= {"US", "UK"}, (place.country_code, two_capitals)
        assert place.country_code not in names or place.country_code == "US"
        assert not iso3 & set(names), (place.country_code, iso3 & set(names))


def test_country_names_are_latin_script(countries: Records) -> None:
    syria = _country(countries, "SY")[1]
    assert "سوريا" not in syria
    assert all(not re.search(r"[\u0400-\u04FF\u0600-\u06FF\u4E00-\u9FFF]", n)
               for _, names in countries for n in names)


@pytest.mark.parametrize(("demonym", "code"), [
    ("Syrian", "SY"), ("Iraqi", "IQ"), ("Iranian", "IR"), ("Turkish", "TR"),
    ("Russian", "RU"), ("American", "US"), ("British", "GB"), ("Emirati", "AE"),
    ("Barbudan", "AG"),  # countryinfo writes "Antiguan,Barbudan"
])
def test_demonyms_map_to_their_country(demonym: str, code: str) -> None:
    assert country_demonyms()[demonym] == code


@pytest.mark.parametrize("absent", [
    "Kurdish",           # a people, not a country's demonym
    "Channel Islander",  # shared by Jersey and Guernsey, of like size
    "Djibouti",          # countryinfo's value is the country's own name
])
def test_demonyms_leave_out_ambiguous_and_non_adjectives(absent: str) -> None:
    assert absent not in country_demonyms()


def test_demonyms_are_not_place_names(countries: Records, regions: Records) -> None:
    names = {n for _, ns in countries + regions for n in ns}
    assert not set(country_demonyms()) & names
    assert not {"Syrian", "Iraqi", "Iranian", "Turkish"} & names


def test_demonyms_returns_a_copy() -> None:
    country_demonyms()["Syrian"] = "XX"
    assert country_demonyms()["Syrian"] == "SY"


@pytest.mark.parametrize(("code", "point"), [("US", (39.76, -98.5)), ("KW", (29.5, 47.75))])
def test_country_points_file_corrects_countryinfo(countries: Records, code: str,
                                                  point: tuple[float, float]) -> None:
    place, _ = _country(countries, code)
    assert (place.latitude, place.longitude) == point and place.source == "country_points.csv"


def test_america_names_the_united_states(countries: Records) -> None:
    assert "America" in _country(countries, "US")[1]
