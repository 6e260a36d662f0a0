"""First-level divisions (gazetteer.sources.admin1)."""

from __future__ import annotations

import pytest

from gazetteer import Candidate, fold_name
from gazetteer.sources.admin1 import admin1_records

from conftest import km as _km

Records = list[tuple[Candidate, list[str]]]


@pytest.fixture(scope="module")
def admin1() -> Records:
    return list(admin1_records())


def _named(records: Records, name: str, country: str) -> tuple[Candidate, list[str]]:
    """The one record of ``country`` that a text spelling finds, as the index folds it."""
    key = fold_name(name)
    found = [(c, n) for c, n in records
             if c.country_code == country and key in {fold_name(x) for x in n}]
    assert len(found) == 1, f"{name!r} in {country}: {[c.name for c, _ in found]}"
    return found[0]


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


@pytest.mark.parametrize(("code", "division", "at_least"), [
    ("US", "TX", 15_000_000), ("US", "IA", 1_000_000), ("SY", "07", 200_000), ("IQ", "15", 1_000_000),
])
def test_first_level_divisions_carry_their_towns_population(admin1: Records, code: str,
                                                           division: str, at_least: int) -> None:
    [place] = [c for c, _ in admin1 if c.country_code == code and c.admin1 == division]
    assert place.population >= at_least


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
