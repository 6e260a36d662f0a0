"""Resolution in context: the article's other names and the words beside each name."""

from __future__ import annotations

import pytest

import geo_events as ge


def resolved(geoparser: ge.Geoparser, text: str) -> dict[str, tuple[str, str, str]]:
    return {r.mention.text: (r.place.kind, r.place.country_code, r.place.admin1)
            for r in geoparser.geoparse(text) if r.place}


@pytest.mark.parametrize(("text", "name", "expected"), [
    # "X, Y": X lies inside Y.
    ("Police in Paris, Texas, said the fire was out.", "Paris", ("city", "US", "TX")),
    ("Police in Paris said the fire was out.", "Paris", ("city", "FR", "11")),
    # Other names of the article share a first-level division.
    ("Athens police and Henderson County deputies in Texas searched the lake.", "Athens",
     ("city", "US", "TX")),
    # Type words.
    ("Shelling hit Raqqa province overnight.", "Raqqa", ("admin1", "SY", "04")),
    ("Shelling hit Raqqa overnight.", "Raqqa", ("city", "SY", "04")),
    # A name of vowels alone ("Iowa", "UAE") is still found.
    ("Farmers in Iowa and traders in the UAE.", "Iowa", ("admin1", "US", "IA")),
    ("Farmers in Iowa and traders in the UAE.", "UAE", ("country", "AE", "")),
    # A state outranks a village of its name once divisions carry their population.
    ("Floods hit Texas.", "Texas", ("admin1", "US", "TX")),
    # A region without a recorded population still outranks a namesake neighbourhood.
    ("Peace in the Middle East is far off, the minister said.", "Middle East", ("region", "", "")),
])
def test_context_picks_the_place(geoparser: ge.Geoparser, text: str, name: str,
                                 expected: tuple[str, str, str]) -> None:
    assert resolved(geoparser, text)[name] == expected


def test_holding_place_follows_what_it_holds(geoparser: ge.Geoparser) -> None:
    # "Athens, Georgia": the US state, not the country.
    assert resolved(geoparser, "She grew up in Athens, Georgia, and left.")["Georgia"][:2] == \
        ("admin1", "US")
    assert resolved(geoparser, "Russia and Georgia fought in 2008.")["Georgia"][:2] == \
        ("country", "GE")


def test_a_name_found_in_one_country_only_points_to_that_country(geoparser: ge.Geoparser) -> None:
    # Every place recorded as "Tuscaloosa" is in the US: Paris is then a US town.
    assert resolved(geoparser, "Officers from Tuscaloosa drove to Paris on Monday.")["Paris"][:2] == \
        ("city", "US")
    assert resolved(geoparser, "Officers drove to Paris on Monday.")["Paris"][:2] == ("city", "FR")
