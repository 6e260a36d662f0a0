"""Qualifiers after a name ("Springfield, Oregon", "London, ON", "Moscow (Russia)"),
read from the text whether or not they are mentions, and names nothing spells."""

from __future__ import annotations

import pytest
from geopy.distance import great_circle

import geo_events as ge
from gazetteer.sources.admin1 import code_regions
from geo_events.geoparse.cues import qualifiers_after


def place_of(geoparser: ge.Geoparser, text: str, name: str, occurrence: int = 0):
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(name, start + 1)
    return geoparser.resolve_spans(text, [(start, start + len(name))])[0].place


def km(place, point: tuple[float, float]) -> float:
    return great_circle(place.latlon, point).km


# Sentences written for these tests; the points are the towns' centres.
@pytest.mark.parametrize(("text", "name", "point"), [
    ("Springfield, Oregon firefighters saved a mill.", "Springfield", (44.05, -123.02)),
    ("Snow closed schools in London, ON on Monday.", "London", (42.98, -81.25)),
    ("Snow closed schools in London, Ont. on Monday.", "London", (42.98, -81.25)),
    ("The bank moved its office to Wilmington, DE in May.", "Wilmington", (39.75, -75.55)),
    ("A heatwave hit Paris, US-TX this week.", "Paris", (33.66, -95.56)),
    ("A heatwave hit Paris (Texas) this week.", "Paris", (33.66, -95.56)),
    ("Students marched in Cambridge in Massachusetts.", "Cambridge", (42.37, -71.11)),
    ("A storm tore roofs off in Birmingham, Alabama.", "Birmingham", (33.52, -86.80)),
    ("Ferries to Hamilton, Ont., were cancelled.", "Hamilton", (43.25, -79.85)),
])
def test_a_qualifier_puts_the_town_inside_the_place_it_names(geoparser: ge.Geoparser, text: str,
                                                             name: str, point: tuple[float, float]) -> None:
    assert km(place_of(geoparser, text, name), point) < 50


def test_the_same_town_name_with_two_qualifiers_gets_two_places(geoparser: ge.Geoparser) -> None:
    text = "The band played Lima, Ohio on Friday and Lima, Peru a week later."
    assert place_of(geoparser, text, "Lima", 0).country_code == "US"
    assert place_of(geoparser, text, "Lima", 1).country_code == "PE"


def test_a_code_after_a_comma_is_the_division_it_names(geoparser: ge.Geoparser) -> None:
    text = "Snow closed schools in London, ON on Monday."
    division = place_of(geoparser, text, "ON")
    assert (division.kind, division.country_code, division.admin1) == ("admin1", "CA", "08")


def test_a_list_is_no_qualifier(geoparser: ge.Geoparser) -> None:
    # No Lima lies in Dublin and no Dublin in Moscow: each stays the capital.
    text = "Flights to Lima, Dublin and Moscow (Russia) were cancelled."
    assert [place_of(geoparser, text, n).country_code for n in ("Lima", "Dublin", "Moscow")] == \
        ["PE", "IE", "RU"]


@pytest.mark.parametrize(("text", "end", "expected"), [
    ("Dover, Del., said", 5, ("Del.",)),
    ("Kyiv (Ukraine)", 4, ("Ukraine",)),
    ("Kyiv (Ukraine", 4, ()),
    ("Lagos in the south", 5, ()),
    ("Mosul in Nineveh Governorate", 5, ("Nineveh Governorate", "Nineveh")),
])
def test_qualifier_phrases_are_read_longest_first(text: str, end: int, expected: tuple[str, ...]) -> None:
    assert qualifiers_after(text, end) == expected


def test_codes_name_divisions_and_countries() -> None:
    assert code_regions("CA-ON") == {("CA", "08")}
    assert ("US", "DE") in code_regions("DE") and ("DE", "") in code_regions("DE")
    assert code_regions("ZZ-99") == frozenset() and code_regions("Ontario") == frozenset()


def test_a_spelling_no_record_has_finds_a_sizeable_town(geoparser: ge.Geoparser) -> None:
    # Nothing is recorded as "Quamishli"; the loose key finds Qamishli (about 180,000 people).
    text = "Clashes were reported in Quamishli overnight."
    assert km(place_of(geoparser, text, "Quamishli"), (37.05, 41.23)) < 10


def test_a_loose_match_in_a_country_the_article_does_not_name_stays_out(geoparser: ge.Geoparser) -> None:
    # The article is about Canada; a far-off town that only folds alike is no answer.
    text = "Mounties in Canada searched Quamishli for hours."
    spans = [(text.index(n), text.index(n) + len(n)) for n in ("Canada", "Quamishli")]
    found = geoparser.resolve_spans(text, spans)[1].place
    assert found is None or found.country_code == "CA"


def test_a_countrys_own_abbreviation_after_a_comma_stays_the_country(geoparser: ge.Geoparser) -> None:
    # "UK" is also the ISO 3166-2 suffix of Uttarakhand (IN-UK).
    text = "Cases were confirmed in London, UK on Friday."
    uk = place_of(geoparser, text, "UK")
    assert (uk.kind, uk.country_code) == ("country", "GB")
