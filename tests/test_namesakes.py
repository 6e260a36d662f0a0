"""Names the gazetteer lacks, looked up through the place they are built on."""

from __future__ import annotations

import pytest

from geo_events.geoparse.namesakes import PEOPLE_KINDS, namesake_names


def names(written: str) -> list[tuple[str, bool]]:
    return [(n.name, n.near) for n in namesake_names(written)]


@pytest.mark.parametrize(("written", "first"), [
    ("Neches River", ("Neches", True)),
    ("Hamilton Township", ("Hamilton", True)),
    ("Greer Station", ("Greer", True)),
    ("Santa Clara Valley", ("Santa Clara", True)),
    ("Zion National Park", ("Zion", True)),
    ("Lake Robinson", ("Robinson", True)),
    ("Port of Los Angeles", ("Los Angeles", True)),
    ("South Los Angeles", ("Los Angeles", True)),
    ("Loudon Co.", ("Loudon County", False)),
    ("W. Columbia", ("West Columbia", False)),
    ("Madison Twp.", ("Madison Township", False)),
])
def test_feature_or_part_is_looked_up_by_its_place(written: str, first: tuple[str, bool]) -> None:
    assert names(written)[0] == first


@pytest.mark.parametrize(("written", "place"), [
    ("Ohioans", "Ohio"), ("Minnesotan", "Minnesota"), ("European", "Europe"),
    ("Texans", "Texas"), ("Ontarians", "Ontario"), ("Dagestani", "Dagestan"),
    ("New Yorkers", "New York"),
])
def test_people_name_is_looked_up_as_a_division_or_region(written: str, place: str) -> None:
    found = namesake_names(written)
    assert place in [n.name for n in found]
    assert all(n.kinds == PEOPLE_KINDS and not n.near for n in found)


@pytest.mark.parametrize("written", ["North Island", "Lake", "River", "Raqqa", "smith", ""])
def test_nothing_to_try_without_a_place_word(written: str) -> None:
    assert namesake_names(written) == []


def test_feature_name_is_not_read_as_a_people_name() -> None:
    # "Neches River" ends in -er like "New Yorker": it is a river, not a people.
    assert names("Neches River") == [("Neches", True)]
