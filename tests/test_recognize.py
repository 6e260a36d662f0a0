"""Place recognition: what is found, and what only looks like a place."""

from __future__ import annotations

import pytest

from geo_events.geoparse import PlaceFinder


@pytest.fixture(scope="module")
def finder(gazetteer) -> PlaceFinder:
    return PlaceFinder(gazetteer)


def found(finder: PlaceFinder, text: str) -> list[str]:
    """The place names found (demonyms left out)."""
    return [m.text for m in finder.find(text) if not m.demonym]


def demonyms(finder: PlaceFinder, text: str) -> list[str]:
    return [m.text for m in finder.find(text) if m.demonym]


@pytest.mark.parametrize(("text", "places"), [
    ("Militias remain active in Deir al-Zour.", ["Deir al-Zour"]),
    ("Fighters moved from Dayr az-Zawr toward Albu Kamal.", ["Dayr az-Zawr", "Albu Kamal"]),
    ("mainly in Bukamal, also known as Albu Kamal, near the border", ["Bukamal", "Albu Kamal"]),
    ("A convoy east of Qamishli city, Syria.", ["Qamishli", "Syria"]),
    ("Shelling hit Raqqa Province overnight.", ["Raqqa"]),
    ("In Mosul, the curfew was lifted.", ["Mosul"]),
    ("Ras el Ain and Tell Abyad were shelled.", ["Ras el Ain", "Tell Abyad"]),
    # A place opening an organisation's name is still a place mention.
    ("according to the Texas Department of State Health Services", ["Texas"]),
    ("Officers of the Mosul Police Department said", ["Mosul"]),
    # Compass words before a place inside one capitalised run.
    ("She moved to North Texas in 1973 and then to Northeast Georgia.", ["Texas", "Georgia"]),
    # Abbreviations with full stops: alone when in several parts, after a comma when in one.
    ("Flu reached the U.S. and a man from Paris, Ky., flew to Washington, D.C. on Friday.",
     ["U.S.", "Paris", "Ky.", "Washington", "D.C."]),
    ("CHARLESTON, W.Va. -- The US Army and the UK agreed.", ["CHARLESTON", "W.Va.", "US", "UK"]),
    # "<X> City Council" is the town's council: the town is X.
    ("The Dublin City Council met on Monday.", ["Dublin"]),
    # Regions, seas and islands from the curated list.
    ("Aid reached Darfur, South Ossetia and Sumatra via the Red Sea.",
     ["Darfur", "South Ossetia", "Sumatra", "Red Sea"]),
    # A given name that is a town, with its state after it.
    ("Trucks left Taylor, Texas, at dawn.", ["Taylor", "Texas"]),
    ("A headline here. BEIRUT (AP) -- Officials met.", ["BEIRUT"]),
    ("He lives in St. Petersburg and Mt. Pleasant.", ["St. Petersburg", "Mt. Pleasant"]),
    # A common word or given name is a place when a country or state holds it.
    ("Fighting was reported in Palmyra, Syria, on Monday.", ["Palmyra", "Syria"]),
    # A feature or a part named after a place is found whole (resolved near the place).
    ("Anglers fished the Naugatuck River below the Mosul Dam in Hamilton Township.",
     ["Naugatuck River", "Mosul Dam", "Hamilton Township"]),
    # A town opening the text, followed by its state or country (a dateline).
    ("Carthage, Missouri — Floodwaters rose.", ["Carthage", "Missouri"]),
    ("Buffalo, New York, reported snow.", ["Buffalo", "New York"]),
    ("BEIRUT: Israel struck the south.", ["BEIRUT", "Israel"]),
    ("ALEPPO, Syria (SANA) – Power returned at 9 p.m. EST.", ["ALEPPO", "Syria"]),
    ("date 2023-07-04\nBASRA POLICE COMMAND - DAILY BULLETIN", ["BASRA"]),
    # A given name or ordinary word after a locative phrase is the town.
    ("Rebels captured Marion and fled towards Palmyra, 10 km west of Logan. #Aurora",
     ["Marion", "Palmyra", "Logan", "Aurora"]),
    # Lower-case words inside a name, and "<kind> of <name>".
    ("Ships left the Horn of Africa for Vina del Mar and Trinidad and Tobago.",
     ["Horn of Africa", "Vina del Mar", "Trinidad and Tobago"]),
    ("The State of Illinois and the City of Norfolk sued.", ["Illinois", "Norfolk"]),
    # A place-type word in lower case ends the name only when it is the place's own name.
    ("Oil left the Kurdistan region for the Tigray region.", ["Kurdistan region", "Tigray"]),
    # Regions with compass words, and a country with a compass word in lower case.
    ("Shelling hit Eastern Ghouta and northern Syria.", ["Eastern Ghouta", "Syria"]),
    # A given name that is also an Arabic article, before a town.
    ("Shelling hit Al Raqqa and Al-Hasakah.", ["Al Raqqa", "Al-Hasakah"]),
    # Two words that read as a person's name but are exactly a town's.
    ("Buses left Santa Barbara for Glen Burnie.", ["Santa Barbara", "Glen Burnie"]),
])
def test_finds_places(finder: PlaceFinder, text: str, places: list[str]) -> None:
    assert found(finder, text) == places


@pytest.mark.parametrize("text", [
    "backed by Russia's President Vladimir Putin and his ministers",  # Vladimir is a city
    "said Colonel Joe Buccino, the spokesperson. Buccino added nothing.",  # Buccino is a town
    "Pentagon's Central Command said on Friday in December",
    "killed another ISIS member 'Anas' in a gun battle",
    "Smoke rose over the hills. Aid groups arrived. Heavy rain followed.",
    "Daesh and ISIS claimed it; the SDF denied it.",
    "the Syrian and Iraqi forces with Kurdish and Christian militias",
    # Given name + surname is a person, and so is the surname alone later on.
    "Paris Hilton arrived late.",
    "said Kristina Jones, a teacher. Jones added that Kristina left.",
    # Ordinary words that are also hamlets somewhere.
    "the Centers for Disease Control and Prevention",
    "Health officials and Bird watchers met.",
    # Capitals that are acronyms, a currency, a title with a full stop.
    "ISIS, the SDF and AP said IT staff paid US$460 to Gen. Smith. Smith left. Mr. Gen spoke.",
    # Surnames known only from the way the text uses them (all these are towns somewhere).
    "Taylor Brandstetter won the match in two sets.",
    "The body of Harold J. Verduin was found. Verduin was 71.",
    "Welch said the road would reopen. Welch, 34, was not hurt.",
    # Roads by number and streets named after a town are not the town.
    "Crews closed KY 80 and W.Va. 61 near County Road 43.",
    "The shop on Wichita Street is next to Cumberland Farms.",
    # Titles with a full stop, holidays, faiths, movements and games.
    "Rep. Lee and Gov. Hale spoke.",
    "Parades marked St. Patrick's Day.",
    "Jewish and Tamil groups met Hamas envoys at the Olympic venue.",
    # A loose fold opening a person's name: "Husam" is not a town.
    "a facilitator, and Husam Hamid al-Muslih al-Maddad al-Khayr, a logistician",
    # Given name and surname folding like a town: "Ed Sullivan" like Sullivan, "Al Gore" like Gore.
    "Ed Sullivan introduced them. Al Gore and Al Sharpton spoke. David Bowie sang.",
    # A lone given name a person does something with, recorded only as another town's name.
    "\"We got lucky,\" Dave said.",
    # Acronyms that are no place's initials: a time zone (Est is a region), a news agency.
    "The show airs at 9 p.m. EST on Sundays.",
    # Ordinary words opening a sentence, though towns of that name are large.
    "Man's global quest goes on. Nice work from the defence. Mobile phones were banned.",
    # Ordinary words after "in" that are no towns of any size.
    "The bill stalled in Congress.",
])
def test_ignores_names_that_are_not_places_here(finder: PlaceFinder, text: str) -> None:
    assert [p for p in found(finder, text) if p != "Russia"] == []


@pytest.mark.parametrize(("text", "expected"), [
    ("the Syrian and Iraqi forces with Kurdish and Christian militias", ["Syrian", "Iraqi"]),
    ("Iranian-linked militias fired at the base", ["Iranian"]),
    ("Americans and Sri Lankan workers left", ["Americans", "Sri Lankan"]),
    ("Russian President Vladimir Putin spoke", ["Russian"]),
    ("a Saudi-led coalition", ["Saudi"]),
    # Opening an actor's name the adjective is still a cue; closing a name it is not.
    ("The Syrian Democratic Forces and Native American leaders", ["Syrian"]),
    ("He flew to American Samoa.", []),
    # Demonyms of regions.
    ("Central American and West African migrants met European officials",
     ["Central American", "West African", "European"]),
    ("The European Court of Human Rights and African-American groups", []),
])
def test_marks_demonyms(finder: PlaceFinder, text: str, expected: list[str]) -> None:
    assert demonyms(finder, text) == expected


def test_demonym_mentions_cover_only_the_adjective(finder: PlaceFinder) -> None:
    text = "Iranian-backed groups"
    (mention,) = finder.find(text)
    assert (mention.start, mention.end, mention.demonym) == (0, 7, True)


def test_mentions_carry_offsets_and_sentence(finder: PlaceFinder) -> None:
    text = "First sentence. Drones struck Mosul at dawn. Last."
    (mention,) = finder.find(text)
    assert text[mention.start:mention.end] == "Mosul"
    assert text[mention.sentence_start:mention.sentence_end] == "Drones struck Mosul at dawn."


def test_seed_places_are_all_found(finder: PlaceFinder, seed_path) -> None:
    names = set(found(finder, seed_path.read_text(encoding="utf-8")))
    assert {"Deir al-Zour", "Bukamal", "Albu Kamal", "Qamishli", "Raqqa", "Mosul", "Deraa",
            "Kobani", "Ramadi", "Sinjar", "Baiji", "Tikrit", "Syria", "Iraq"} <= names
    assert not names & {"Buccino", "Vladimir", "Anas", "Central", "Jan", "Daesh", "Syrian"}


@pytest.mark.parametrize(("text", "expected"), [
    ("Manbij", ["Manbij"]),
    ("Tikrit.", ["Tikrit"]),
    ("Smoke.", []),            # an ordinary word alone stays a word
])
def test_a_name_alone_is_a_label_not_a_sentence_start(finder, text: str, expected: list[str]) -> None:
    assert [m.text for m in finder.find(text)] == expected
