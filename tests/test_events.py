"""Events from whole articles: the seed acceptance case and one we wrote ourselves."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import geo_events as ge
from geo_events.io import read_article_file
from geo_events.models import Event

OWN_ARTICLE = Path(__file__).parent / "data" / "own_events_article.txt"


def events_of(geoparser: ge.Geoparser, path: Path) -> list[Event]:
    return geoparser.events([read_article_file(path)])


def find(events: list[Event], *, sub_event_type: str | None = None, day: str | None = None,
         location: str | None = None) -> list[Event]:
    return [e for e in events if e.kind == "event"
            and (sub_event_type is None or e.sub_event_type == sub_event_type)
            and (day is None or (e.event_date and e.event_date.isoformat() == day))
            and (location is None or e.location == location)]


@pytest.fixture(scope="module")
def seed_events(geoparser: ge.Geoparser, seed_path: Path) -> list[Event]:
    return events_of(geoparser, seed_path)


def test_seed_territory_taken_and_by_whom(seed_events: list[Event]) -> None:
    # "After they seized large swaths of territory in Iraq and Syria in mid-2014" ("they": the
    # previous sentence's ISIS, never the SDF named after the verb); "US Army has since captured
    # Kobani in Syria" ("has since": not background), a foreign force there (inter 8) regaining it
    seized = find(seed_events, sub_event_type="Non-state actor overtakes territory")
    assert seized and {e.actor1 for e in seized} == {"Islamic State (ISIS)"}
    (kobani,) = [e for e in seed_events if e.kind == "event" and e.matched_text == "Kobani"]
    assert (kobani.sub_event_type, kobani.actor1, kobani.inter1) == ("Government regains territory", "US Army", 8)


def test_seed_raid_with_captures_in_eastern_syria_on_jan_21(seed_events: list[Event]) -> None:
    (raid,) = find(seed_events, sub_event_type="Arrests", day="2023-01-21")
    assert raid.location == "Syria" and raid.geo_precision == 3 and raid.time_precision == 1
    assert raid.captured >= 2 and raid.injuries == 1
    assert (raid.actor1, raid.actor2) == ("US Army", "Islamic State (ISIS)")


def test_seed_drone_attack_on_jan_20_in_southern_syria_not_deir_al_zour(seed_events: list[Event]) -> None:
    (drone,) = find(seed_events, sub_event_type="Air/drone strike", day="2023-01-20")
    assert drone.location == "Syria" and drone.matched_text == "Syria"
    assert drone.actor1 == "Iranian-linked militias"
    assert not find(seed_events, day="2023-01-20", location="Deir ez-Zor")


def test_seed_december_2022_raids_in_eastern_syria(seed_events: list[Event]) -> None:
    december = [e for e in find(seed_events, location="Syria")
                if e.event_date and (e.event_date.year, e.event_date.month) == (2022, 12)]
    assert december and all(e.time_precision >= 2 for e in december)
    assert any(e.fatalities >= 1 for e in december)


def test_seed_november_2022_killing_in_deraa(seed_events: list[Event]) -> None:
    (deraa,) = [e for e in find(seed_events) if e.matched_text == "Deraa"]
    assert (deraa.event_date.year, deraa.event_date.month, deraa.time_precision) == (2022, 11, 2)
    assert deraa.geo_precision == 1 and deraa.country == "Syria"


def test_seed_raqqa_and_mosul_tied_to_2016_at_year_precision(seed_events: list[Event]) -> None:
    for written in ("Raqqa", "Mosul"):
        (event,) = [e for e in find(seed_events) if e.matched_text == written]
        assert event.event_date.year == 2016 and event.time_precision == 3


def test_seed_places_all_reach_the_map(seed_events: list[Event]) -> None:
    written = {e.matched_text for e in seed_events if e.latitude is not None}
    assert {"Deir al-Zour", "Bukamal", "Qamishli", "Raqqa", "Mosul", "Deraa"} <= written


def test_seed_no_event_is_after_its_article(seed_events: list[Event]) -> None:
    assert all(e.event_date <= date(2023, 1, 23) for e in seed_events if e.event_date)


@pytest.fixture(scope="module")
def own_events(geoparser: ge.Geoparser) -> list[Event]:
    return events_of(geoparser, OWN_ARTICLE)


def test_own_drone_strike_near_qamishli_on_saturday(own_events: list[Event]) -> None:
    (strike,) = find(own_events, sub_event_type="Air/drone strike", day="2024-03-09")
    assert strike.matched_text == "Qamishli" and strike.geo_precision == 2
    assert (strike.fatalities, strike.injuries) == (3, 1)
    assert strike.actor1 == "Turkish armed forces" and strike.admin1 == "Al-Hasakah"


def test_own_arrests_in_shaddadi_on_march_2(own_events: list[Event]) -> None:
    (arrests,) = find(own_events, sub_event_type="Arrests", day="2024-03-02")
    assert arrests.matched_text == "Shaddadi" and arrests.captured == 5
    assert arrests.actor2 == "Islamic State (ISIS)" and arrests.geo_precision == 1


def test_own_january_rockets_in_eastern_syria(own_events: list[Event]) -> None:
    (rockets,) = find(own_events, sub_event_type="Shelling/artillery/missile attack")
    assert rockets.event_date == date(2024, 1, 15) and rockets.time_precision == 2
    assert rockets.location == "Syria" and rockets.actor1 == "Iranian-linked militias"


def test_own_places_without_events_are_mentions_at_the_article_date(own_events: list[Event]) -> None:
    mentions = {e.matched_text: e for e in own_events if e.kind == "mention"}
    assert "Manbij" in mentions
    assert mentions["Manbij"].event_date == date(2024, 3, 11) and mentions["Manbij"].time_precision == 3


def test_event_ids_are_unique_and_stable(geoparser: ge.Geoparser, own_events: list[Event]) -> None:
    ids = [e.event_id for e in own_events]
    assert len(set(ids)) == len(ids)
    assert ids == [e.event_id for e in events_of(geoparser, OWN_ARTICLE)]


def test_event_table_has_the_acled_style_columns(own_events: list[Event]) -> None:
    table = ge.event_rows(own_events)
    for column in ("event_id", "article_id", "source", "title", "event_date", "time_precision",
                   "event_type", "sub_event_type", "actor1", "actor2", "fatalities", "injuries",
                   "captured", "location", "matched_text", "latitude", "longitude", "geo_precision",
                   "country", "admin1", "geonameid", "notes", "confidence", "kind"):
        assert column in table.columns
    assert len(table) == len(own_events)


@pytest.mark.parametrize(("text", "sub_event_type", "actor1", "actor2"), [
    (" date 2020-02-06 Government forces entered Saraqib on Thursday.", "Government regains territory",
     "Syrian government forces", ""),  # named without their state: the state they are placed in
    (" date 2014-08-05 Militants stormed Sinjar on Sunday.", "Non-state actor overtakes territory",
     "Unidentified armed group", ""),  # militants not named: ACLED's unidentified armed group
    (" date 2020-02-06 Armed drones were reported to have struck army vehicles near Saraqib.",
     "Air/drone strike", "", "Syrian government forces"),  # the army's vehicles were the target
    (" date 2020-02-06 Residents of Ariha said shelling there had increased.",
     "Shelling/artillery/missile attack", "", "Civilians"),
])
def test_event_type_and_actors_of_one_sentence(geoparser: ge.Geoparser, text: str, sub_event_type: str,
                                               actor1: str, actor2: str) -> None:
    (event,) = [e for e in geoparser.events([ge.parse_article(text, source="t")]) if e.kind == "event"]
    assert (event.sub_event_type, event.actor1, event.actor2) == (sub_event_type, actor1, actor2)


@pytest.mark.parametrize(("text", "location", "captured"), [
    # An arrest verb right before a full stop, or ending the text: no gap after it.
    (" date 2023-01-24 In Mosul, police said six suspects were captured.", "Mosul", 6),
    (" date 2023-01-24 In Mosul, police said six suspects were captured", "Mosul", 6),
    (" date 2023-01-24 Police arrested 4 managers and technicians of the plant in Aleppo city.",
     "Aleppo", 4),
])
def test_an_arrest_trigger_before_a_stop_is_an_arrest(geoparser: ge.Geoparser, text: str, location: str,
                                                       captured: int) -> None:
    events = geoparser.article_events(ge.parse_article(text, source="t"))
    (event,) = [e for e in events if e.kind == "event"]
    assert (event.sub_event_type, event.location, event.captured) == ("Arrests", location, captured)
