"""Which towns the offline map names, and from which zoom (gazetteer.labels)."""

from __future__ import annotations

from collections import Counter

import pytest

from gazetteer import Gazetteer
from gazetteer.labels import (CAPITAL_MIN_ZOOM, LABEL_TIERS, MAX_LABELS, WORLDWIDE_MIN_POPULATION, MapLabel,
                              label_places, label_zoom)

#: Syria and Iraq, where the sample articles are.
LEVANT = (32.0, 35.5, 37.3, 45.0)


@pytest.fixture(scope="module")
def levant(gazetteer: Gazetteer) -> list[MapLabel]:
    return label_places(gazetteer, around=LEVANT)


def by_name(labels: list[MapLabel], name: str) -> MapLabel:
    return next(label for label in labels if label.name == name)


@pytest.mark.parametrize("population, capital, zoom", [
    (7_000_000, False, 4), (1_000_000, False, 4), (999_999, False, 5), (300_000, False, 6),
    (150_000, False, 7), (60_000, False, 8), (30_000, False, 9), (12_000, False, 10),
    (6_000, False, 11), (2_500, False, 12), (1_999, False, None), (0, False, None),
    (400, True, CAPITAL_MIN_ZOOM), (7_000_000, True, CAPITAL_MIN_ZOOM),
])
def test_a_town_is_named_from_its_tier_s_zoom(population: int, capital: bool, zoom: int | None) -> None:
    assert label_zoom(population, capital=capital) == zoom


def test_tiers_name_smaller_towns_at_higher_zooms() -> None:
    populations = [tier.min_population for tier in LABEL_TIERS]
    zooms = [tier.min_zoom for tier in LABEL_TIERS]
    assert populations == sorted(populations, reverse=True) and len(set(populations)) == len(populations)
    assert zooms == sorted(zooms) and len(set(zooms)) == len(zooms) and CAPITAL_MIN_ZOOM < zooms[0]
    assert len({tier.name for tier in LABEL_TIERS}) == len(LABEL_TIERS)


@pytest.mark.parametrize("name, code", [("Damascus", "SY"), ("Baghdad", "IQ"), ("Beirut", "LB"),
                                        ("Amman", "JO"), ("Ankara", "TR"), ("Tehran", "IR")])
def test_the_region_s_capitals_are_named_from_the_first_zoom(levant: list[MapLabel], name: str,
                                                             code: str) -> None:
    label = by_name(levant, name)
    assert label.capital and label.min_zoom == CAPITAL_MIN_ZOOM


def test_a_capital_is_its_country_s_town_of_that_name_not_a_namesake(gazetteer: Gazetteer) -> None:
    labels = label_places(gazetteer)
    capitals = [label for label in labels if label.capital]
    washington = [label for label in capitals if label.name == "Washington"]
    assert len(washington) == 1 and abs(washington[0].latitude - 38.9) < 0.1  # D.C., not Utah's
    assert not any(label.name == "Washington" and not label.capital and label.population < 250_000
                   for label in labels)  # the small namesakes are not worldwide labels
    assert 200 <= len(capitals) <= 250
    assert by_name(labels, "Vaduz").min_zoom == CAPITAL_MIN_ZOOM  # a capital of 5,000 people


def test_more_towns_are_named_at_each_zoom(levant: list[MapLabel]) -> None:
    near = [label for label in levant if 32 <= label.latitude <= 37.3 and 35.5 <= label.longitude <= 45]
    named = [sum(label.min_zoom <= zoom for label in near) for zoom in range(CAPITAL_MIN_ZOOM, 13)]
    assert all(a < b for a, b in zip(named, named[1:])), named
    assert {"Mosul", "Aleppo", "Homs", "Deir ez-Zor", "Kirkuk"} <= {label.name for label in near
                                                                    if label.min_zoom <= 6}


def test_smaller_towns_are_named_only_around_the_area(gazetteer: Gazetteer, levant: list[MapLabel]) -> None:
    worldwide = label_places(gazetteer)
    assert all(label.capital or label.population >= WORLDWIDE_MIN_POPULATION for label in worldwide)
    small = [label for label in levant if not label.capital and label.population < WORLDWIDE_MIN_POPULATION]
    assert len(small) > 1_000
    assert all(28.0 <= label.latitude <= 41.3 and 31.5 <= label.longitude <= 49.0 for label in small)
    assert "Manbij" in {label.name for label in small} - {label.name for label in worldwide}


def test_the_number_of_labels_is_bounded(gazetteer: Gazetteer, levant: list[MapLabel]) -> None:
    worldwide = label_places(gazetteer)
    assert 2_000 <= len(worldwide) <= 3_000 and len(levant) <= MAX_LABELS
    everywhere = label_places(gazetteer, around=(-60.0, -180.0, 75.0, 180.0))
    assert len(everywhere) == MAX_LABELS
    assert {label.name for label in everywhere if label.capital} == {l.name for l in worldwide if l.capital}
    few = label_places(gazetteer, around=LEVANT, max_labels=50)
    assert len(few) == 50 and few == levant[:50]


def test_labels_come_in_drawing_order(levant: list[MapLabel]) -> None:
    capitals = [label.capital for label in levant]
    assert capitals == sorted(capitals, reverse=True)  # every capital first
    towns = [label.min_zoom for label in levant if not label.capital]
    assert towns == sorted(towns)
    names = [label.name for label in levant]
    # GeoNames counts more people in a part of Mosul: the city, spelled 53 ways, comes first.
    assert names.index("Mosul") < names.index("Al Mawşil al Jadīdah")
    assert Counter(names)["Damascus"] == 1


@pytest.mark.parametrize("around, error", [
    ((37.0, 35.0, 32.0, 45.0), ValueError),   # south of north
    ((32.0, 45.0, 37.0, 35.0), ValueError),   # west of east
    ((32.0, 35.0, 95.0, 45.0), ValueError),   # no such latitude
    ((32.0, 35.0, 37.0), TypeError),          # three numbers
    ("32,35,37,45", TypeError),
])
def test_a_bad_area_is_refused(gazetteer: Gazetteer, around, error: type[Exception]) -> None:
    with pytest.raises(error, match="around must be"):
        label_places(gazetteer, around=around)
