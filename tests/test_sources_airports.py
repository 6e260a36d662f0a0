"""Airports as gazetteer features (gazetteer.sources.airports), and the sentences they must not touch."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gazetteer import Candidate, Gazetteer
from gazetteer.sources import packaged_signature
from gazetteer.sources.airports import (PlacesByName, airfields_near, airport_names, airport_records,
                                        airports_signature, distinctive, feature_words, is_plain_word)

import geo_events as ge
from conftest import km

#: Towns the naming rule reads: the one an airport's name opens with, or one
#: sharing a short name far away (GeoNames points and populations).
TORONTO = Candidate("Toronto", 43.70011, -79.4163, "city", "CA", "08", population=2_600_000)
HEATHROW_FLORIDA = Candidate("Heathrow", 28.76333, -81.37225, "city", "US", "FL", population=5_896)
BAHRAIN = Candidate("Bahrain", 26.0, 50.55, "country", "BH", population=1_569_446)
ORLY = Candidate("Orly", 48.74792, 2.39253, "city", "FR", "11", population=20_528)
TAIWAN = Candidate("Taiwan", 24.0, 121.0, "country", "TW", population=22_894_384)
TAOYUAN = Candidate("Taoyuan", 24.99368, 121.29696, "city", "TW", "03", population=402_014)
PLACES = PlacesByName.of([(TORONTO, ["Toronto"]), (HEATHROW_FLORIDA, ["Heathrow"]), (BAHRAIN, ["Bahrain"]),
                          (ORLY, ["Orly"]), (TAIWAN, ["Taiwan"]), (TAOYUAN, ["Taoyuan"])])


def names(name: str, *, city: str = "", country: str = "", point: tuple[float, float] = (0.0, 0.0),
          bare: bool = True) -> list[str]:
    return airport_names(name, city=city, country=country, point=point, places=PLACES, with_bare_name=bare)


@pytest.mark.parametrize(("name", "city", "point", "expected"), [
    # The town it opens with, then the words that only say it is an international airport, go.
    ("Toronto Pearson International Airport", "Mississauga", (43.6772, -79.6306),
     ["Toronto Pearson International Airport", "Pearson International Airport", "Pearson Airport"]),
    ("London Heathrow Airport", "London", (51.4706, -0.46194),
     ["London Heathrow Airport", "Heathrow Airport", "Heathrow"]),
    ("London Gatwick Airport", "London", (51.1481, -0.19028),
     ["London Gatwick Airport", "Gatwick Airport", "Gatwick"]),
    ("Amsterdam Airport Schiphol", "Amsterdam", (52.3086, 4.76389),
     ["Amsterdam Airport Schiphol", "Schiphol Airport", "Schiphol"]),
    # Named after a town beside it: that town and the airfield word only (a town it opens
    # with, or its country, is no part of it).
    ("Paris-Orly Airport", "Paris", (48.7253, 2.35944), ["Orly Airport"]),
    # A person's or a word's name keeps its airfield word.
    ("Chicago Midway International Airport", "Chicago", (41.7868, -87.7522),
     ["Chicago Midway International Airport", "Midway International Airport", "Midway Airport"]),
    ("Chicago O'Hare International Airport", "Chicago", (41.97694, -87.90815),
     ["Chicago O'Hare International Airport", "O'Hare International Airport", "O'Hare Airport"]),
    ("Beirut Rafic Hariri International Airport", "Beirut", (33.8209, 35.4884),
     ["Beirut Rafic Hariri International Airport", "Rafic Hariri International Airport",
      "Rafic Hariri Airport"]),
    # Without a town before it, the word is no short name alone (it often honours a person).
    ("Ataturk International Airport", "Istanbul", (40.9769, 28.8146),
     ["Ataturk International Airport", "Ataturk Airport"]),
    # Nothing but the town and kind words: no name ("Kabul airport" is found through Kabul).
    ("Shayrat Air Base", "Shayrat", (34.4903, 36.909), []),
    ("Kabul International Airport", "Kabul", (34.5659, 69.2123), []),
    ("Antwerp International Airport (Deurne)", "Antwerp", (51.1894, 4.46028), []),
    # No airfield word: no name.
    ("Cox Field", "Paris", (33.6366, -95.4508), []),
    # A country's name is never an airport's short name.
    ("Manama Bahrain International Airport", "Manama", (26.27, 50.63),
     ["Manama Bahrain International Airport", "Bahrain International Airport", "Bahrain Airport"]),
])
def test_airport_is_named_in_full_and_by_its_distinctive_words(
        name: str, city: str, point: tuple[float, float], expected: list[str]) -> None:
    assert names(name, city=city, point=point) == expected


def test_country_opening_the_name_is_no_part_of_it() -> None:
    assert names("Taiwan Taoyuan International Airport", city="Taipei", country="TW",
                 point=(25.0777, 121.233)) == ["Taoyuan Airport"]


def test_short_name_is_not_stripped_of_a_far_town() -> None:
    # "Toronto" opens the name only where the town is near the airport.
    assert names("Toronto Pearson International Airport", point=(10.0, 10.0)) == [
        "Toronto Pearson International Airport", "Toronto Pearson Airport"]


def test_airfield_without_an_iata_code_gets_no_one_word_name() -> None:
    assert names("London Heathrow Airport", city="London", bare=False) == [
        "London Heathrow Airport", "Heathrow Airport"]


@pytest.mark.parametrize("word", ["Heathrow", "Gatwick", "Schiphol", "Dulles", "Changi"])
def test_distinctive_word_may_stand_alone(word: str) -> None:
    # A town of the name (Heathrow, Florida) does not stop it: it outranks the airport.
    assert distinctive(word, places=PLACES)


@pytest.mark.parametrize("word", [
    "Pearson", "Dave", "Will", "Logan", "Midway", "Kennedy",  # people's names and words
    "Bahrain",  # a country
    "City-County", "Mid-America",  # kind words and words, hyphened
    "Lrrs", "Abc", "heathrow", "O'", "Int'l 2",  # abbreviations, too short, lower case, not a word
])
def test_plain_word_or_place_name_is_not_distinctive(word: str) -> None:
    assert not distinctive(word, places=PLACES)


@pytest.mark.parametrize(("word", "plain"), [
    ("Pearson", True), ("Dave", True), ("Will", True), ("Midway", True), ("Villages", True),
    ("Heathrow", False), ("Schiphol", False), ("Mosul", False),
])
def test_plain_words_are_english_words_and_census_names(word: str, plain: bool) -> None:
    assert is_plain_word(word) is plain


@given(st.text(max_size=60), st.text(max_size=20))
@settings(max_examples=300, deadline=None)
def test_any_name_gives_usable_names_without_crashing(name: str, city: str) -> None:
    found = airport_names(name, city=city, point=(0.0, 0.0), places=PLACES, with_bare_name=True)
    assert all(isinstance(n, str) and n.strip() for n in found)
    assert len(found) == len(set(found))


@pytest.fixture(scope="module")
def records() -> list[tuple[Candidate, list[str]]]:
    return list(airport_records())


def test_every_airport_with_an_iata_code_is_a_feature_of_population_0(
        records: list[tuple[Candidate, list[str]]]) -> None:
    # Of 7,900 with an IATA code, those named after a town alone have no name of their own.
    assert 2_000 <= len(records) <= 4_000
    for place, found in records:
        assert place.kind == "feature" and place.population == 0 and place.geonameid is None
        assert place.source == "airportsdata" and len(place.country_code) == 2
        assert found and all(n.strip() for n in found)
        # Codes are no names: three capitals are an acronym far more often.
        assert not any(n.isupper() and len(n) <= 4 for n in found)


def test_airport_takes_the_division_of_the_nearest_town(records: list[tuple[Candidate, list[str]]]) -> None:
    by_name = {place.name: place for place, _ in records}
    assert (by_name["Toronto Pearson International Airport"].country_code,
            by_name["Toronto Pearson International Airport"].admin1) == ("CA", "08")
    assert (by_name["London Heathrow Airport"].country_code,
            by_name["London Heathrow Airport"].admin1) == ("GB", "ENG")


def test_one_word_names_are_never_plain_words(records: list[tuple[Candidate, list[str]]]) -> None:
    bare = [n for _, found in records for n in found if " " not in n and "-" not in n]
    assert 150 <= len(bare) <= 500
    assert not [n for n in bare if is_plain_word(n)]


def test_airfields_near_a_town_are_nearest_first() -> None:
    found = airfields_near(35.84, 38.55)  # Al-Tabqa, Syria
    assert [a.place.name for _, a in found][:1] == ["Tabqa Airport"]
    assert [km for km, _ in found] == sorted(km for km, _ in found)
    assert all(km <= 50 for km, _ in found)
    assert airfields_near(-60.0, -140.0) == []  # the Southern Ocean


def test_airfields_near_the_antimeridian_are_found_across_it() -> None:
    # Fiji's Moala airport lies at 179.95 E; ask from 179.95 W, 10 km east of it.
    found = airfields_near(-18.57, -179.95, max_km=20)
    assert "Moala Airport" in [a.place.name for _, a in found]


def test_feature_words_are_read_by_role() -> None:
    assert "airport" in feature_words("airfield") and "hospital" in feature_words("landmark")
    assert feature_words("airfield")[0] == "air force base"  # several words before their last
    with pytest.raises(ValueError, match="role"):
        feature_words("river")


def test_signature_names_airportsdata_and_the_word_lists() -> None:
    signature = airports_signature()
    assert signature.startswith("airports:airportsdata==") and ";" not in signature
    assert "english-words==" in signature and "feature_words=" in signature
    assert packaged_signature().endswith(signature)


# ------------------------------------------------------------------ in the index

@pytest.mark.parametrize(("written", "airport"), [
    ("Heathrow", "London Heathrow Airport"),
    ("Gatwick", "London Gatwick Airport"),
    ("Schiphol", "Amsterdam Airport Schiphol"),
    ("Pearson International Airport", "Toronto Pearson International Airport"),
    ("Pearson Airport", "Toronto Pearson International Airport"),
    ("Changi Airport", "Singapore Changi International Airport"),
])
def test_index_holds_airports_by_their_names(gazetteer: Gazetteer, written: str, airport: str) -> None:
    assert airport in [m.candidate.name for m in gazetteer.matches(written) if m.spelled_alike]


@pytest.mark.parametrize("written", ["Pearson", "Dave", "Will", "Midway", "Kennedy", "LHR", "YYZ"])
def test_index_has_no_airport_for_plain_words_or_codes(gazetteer: Gazetteer, written: str) -> None:
    assert not [m for m in gazetteer.matches(written) if m.candidate.source == "airportsdata"]


@pytest.mark.parametrize("written", ["Kabul International Airport", "Vancouver International Airport"])
def test_airport_named_after_its_town_alone_is_no_index_name(gazetteer: Gazetteer, written: str) -> None:
    assert not [m for m in gazetteer.matches(written) if m.candidate.source == "airportsdata"]


def test_airport_is_picked_where_the_article_points(geoparser: ge.Geoparser) -> None:
    # Gatwick, London's other airport, puts the article beside London: Heathrow is the airport,
    # not Heathrow, Florida (which a lone "Heathrow" stays: a town outranks an airport).
    text = "Flights from Gatwick and Heathrow were grounded."
    places = {r.mention.text: r.place for r in geoparser.geoparse(text)}
    heathrow = places["Heathrow"]
    assert heathrow is not None and heathrow.kind == "feature"
    assert km(heathrow.latlon, (51.4706, -0.46194)) < 1


@pytest.mark.parametrize(("text", "written", "airport"), [
    ("Passengers slept on the floor of Gatwick overnight.", "Gatwick", (51.1481, -0.19028)),
    # Orly is the town beside the airport, which takes its name: either is the right spot.
    ("Strikes grounded flights from Orly on Monday.", "Orly", (48.7253, 2.35944)),
])
def test_airport_short_name_resolves_at_or_beside_the_airport(
        geoparser: ge.Geoparser, text: str, written: str, airport: tuple[float, float]) -> None:
    places = {r.mention.text: r.place for r in geoparser.geoparse(text)}
    assert places[written] is not None and km(places[written].latlon, airport) < 5


def test_town_outranks_an_airport_of_its_name_when_nothing_points_to_the_airport(
        geoparser: ge.Geoparser) -> None:
    # Population 0: an airport never takes a town's own name from it by itself. Heathrow
    # is both London's airport and a town in Florida; nothing here points to London.
    assert {m.candidate.kind for m in geoparser.gazetteer.matches("Heathrow")} >= {"city", "feature"}
    (heathrow,) = [r.place for r in geoparser.geoparse("Police in Heathrow said the fire was out.")]
    assert heathrow is not None and (heathrow.kind, heathrow.country_code) == ("city", "US")


#: Sentences that name no place (people, words, brands, generic buildings), some with a
#: word that is part of an airport's name. Every one keeps naming no airport.
NON_PLACE_SENTENCES = [
    "Lester Pearson won the Nobel Peace Prize in 1957.",
    "Pearson said the talks would resume next week.",
    "Dave and Will went fishing on Saturday.",
    "Will Smith and Dave Chappelle shared the stage.",
    "The Battle of Midway turned the war.",
    "Logan scored twice in the second half.",
    "Reagan signed the treaty with Gorbachev.",
    "Allen Dulles ran the agency for nearly a decade.",
    "Mustafa Kemal Ataturk founded the modern republic.",
    "Muhammad Ali Jinnah addressed the assembly.",
    "Sheikh Hamad met the visiting delegation.",
    "Shahbaz Sharif chaired the cabinet meeting.",
    "Yuri Gagarin was the first man in space.",
    "Charles Lindbergh flew solo in 1927.",
    "Igor Sikorsky built the first practical helicopter.",
    "Robinhood shares rose after the earnings report.",
    "The Tahoe is one of the best-selling sport utility vehicles.",
    "The metro was packed during the morning rush.",
    "Kennedy gave the speech to cheering crowds.",
    "The hospital said the patient was in stable condition.",
    "The university announced new scholarships.",
    "Officials at the airport declined to comment.",
    "The stadium was sold out for the final.",
    "Nellis told reporters he had no regrets.",
    "Field workers harvested the grapes.",
    "Grant Hope and May Chase testified on Monday.",
    "Tribhuvan was crowned king as a child.",
    "Juanda and Hasanuddin are remembered as national heroes.",
    "Osmany commanded the forces during the war.",
    "Iskandar was elected chairman of the party.",
    "The Minangkabau are known for their matrilineal customs.",
    "Quetzalcoatl was worshipped as a feathered serpent.",
    "Rickenbacker guitars have a distinctive sound.",
    "Chennault led the volunteer pilots.",
    "Eppley donated the building to the college.",
    "Lambert finished third in the race.",
    "Bradley and Logan were traded last week.",
    "Keesler retired after thirty years of service.",
    "The Hamad family owns the company.",
    "Sunport Capital announced a merger on Tuesday.",
]


@pytest.mark.parametrize("text", NON_PLACE_SENTENCES)
def test_non_place_sentence_names_no_airport(geoparser: ge.Geoparser, text: str) -> None:
    assert not [(r.mention.text, r.place.name) for r in geoparser.geoparse(text)
                if r.place is not None and (r.place.source == "airportsdata" or r.place.kind == "feature")]
