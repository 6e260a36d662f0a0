"""Events coded as ACLED's coders code them: who did what to whom, which sub-event type, where.

Each case is a sentence written for this project in the style of an event note or a
wire report, chosen for one general pattern (named in its test); facts may be real.
"""

from __future__ import annotations

import pytest

import geo_events as ge
from geo_events.errors import LexiconError
from geo_events.events import triggers as trigger_module
from geo_events.events.triggers import best_trigger, taxonomy, triggers
from geo_events.models import Event


def first_event(geoparser: ge.Geoparser, text: str, *, header: str = "date 2021-05-04") -> Event | None:
    article = ge.parse_article(f"{header}\n{text}", source="t")
    events = [e for e in geoparser.article_events(article) if e.kind == "event"]
    return events[0] if events else None


# ------------------------------------------------------------------ taxonomy as data

def test_every_acled_sub_event_type_has_a_trigger() -> None:
    assert len(taxonomy()) == 25
    assert {t.sub_event_type for t in triggers()} == set(taxonomy())


def test_a_trigger_row_outside_the_taxonomy_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [(2, {"event_type": "Battles", "sub_event_type": "Skirmish", "weight": "5", "pattern": "x"})]
    monkeypatch.setattr(trigger_module, "_data_rows", lambda name: rows if "trigger" in name
                        else [(2, {"event_type": "Battles", "sub_event_type": "Armed clash"})])
    trigger_module.triggers.cache_clear()
    trigger_module.taxonomy.cache_clear()
    try:
        with pytest.raises(LexiconError, match="Skirmish"):
            triggers()
    finally:
        monkeypatch.undo()
        trigger_module.triggers.cache_clear()
        trigger_module.taxonomy.cache_clear()


@pytest.mark.parametrize(("text", "sub_event_type"), [
    ("Arrests: On 3 May 2020, the SDF arrested four men in Hajin.", "Arrests"),
    ("Looting/property destruction: gunmen torched two shops in Jenin.", "Looting/property destruction"),
])
def test_a_heading_label_is_not_the_trigger(text: str, sub_event_type: str) -> None:
    found = best_trigger(text)
    assert found is not None and found.sub_event_type == sub_event_type and found.start > text.index(":")


@pytest.mark.parametrize("text", [
    "Rallies planned for Saturday were called off after police urged residents to stay away from rallies.",
    "Residents marked the anniversary of the 1988 chemical attack on the town.",
    "The number of air strikes on the province has fallen sharply since March.",
    "The militia denied any role in the rocket attacks on the airport.",
    "No clashes or shelling were reported on the front on Wednesday.",
    "A court sentenced a former officer for the torture of detainees.",
    "The council reviewed measures against rocket attacks on the embassy.",
])
def test_what_is_not_a_new_event_has_no_trigger(text: str) -> None:
    assert best_trigger(text) is None


# ------------------------------------------------------------------ distinctions

@pytest.mark.parametrize(("text", "sub_event_type"), [
    # attack on civilians vs a clash between armed groups
    ("Gunmen shot dead a shepherd near Tal Abyad on Monday.", "Attack"),
    ("Gunmen shot dead two SDF fighters near Tal Abyad on Monday.", "Armed clash"),
    # abduction vs arrest: who holds the people
    ("Unidentified gunmen arrested a teacher in Daraa and took him to an unknown place.",
     "Abduction/forced disappearance"),
    ("Iraqi security forces arrested three suspects in Mosul.", "Arrests"),
    # a protest and what was done to it
    ("Dozens of teachers protested in Basra demanding their salaries.", "Peaceful protest"),
    ("Dozens of teachers protested in Basra; police dispersed them with tear gas.", "Protest with intervention"),
    ("Police detained teachers who had gathered in Basra to demand their salaries.",
     "Protest with intervention"),
    ("Security forces opened fire on mourners marching in Saqqez, killing one man.",
     "Excessive force against protesters"),
    ("Protesters stormed the council building in Nasiriyah and set fire to its gate.", "Violent demonstration"),
    ("An angry mob lynched a man accused of theft in Kano.", "Mob violence"),
    # weapons
    ("Regime forces shelled Kafr Nabl with rockets.", "Shelling/artillery/missile attack"),
    ("A drone strike hit a car near Sarmada.", "Air/drone strike"),
    ("An IED exploded near a patrol in Daraa.", "Remote explosive/landmine/IED"),
    ("A missile fired at Marib was intercepted by air defences.", "Disrupted weapons use"),
    # territory
    ("Militants stormed Sinjar on Sunday.", "Non-state actor overtakes territory"),
    ("Militants stormed Sinjar on Sunday but were pushed back after hours of fighting.", "Armed clash"),
    ("Iraqi troops and the PMF drove Islamic State out of Al-Qaim.", "Government regains territory"),
    ("Russian forces withdrew from Kherson and handed over their positions to the army.",
     "Non-violent transfer of territory"),
    # strategic developments
    ("Turkish forces sent a military convoy of 30 vehicles to Idlib.", "Change to group/activity"),
    ("The SDF and the Syrian government reached a deal in Hasakah.", "Agreement"),
    ("HTS established a new headquarters in Sarmada.", "Headquarters or base established"),
    ("A mass grave was uncovered near Raqqa.", "Other"),
])
def test_acled_distinctions(geoparser: ge.Geoparser, text: str, sub_event_type: str) -> None:
    event = first_event(geoparser, text)
    assert event is not None and event.sub_event_type == sub_event_type, event


def test_a_date_of_a_statement_does_not_date_the_event(geoparser: ge.Geoparser) -> None:
    event = first_event(geoparser, "Ukraine's armed forces said on Sunday they had taken back the town of "
                                   "Lyman on Saturday.", header="date October 2, 2022")
    assert event.event_date.isoformat() == "2022-10-01"


@pytest.mark.parametrize(("text", "day"), [
    ("On 8 May 2020, clashes erupted in Hajin; 2 days later, a drone struck a car in Susah.", "2020-05-10"),
    ("A drone struck a car in Susah on 10 May 2020, two days after clashes erupted in Hajin.", "2020-05-08"),
])
def test_offsets_date_the_event_they_belong_to(geoparser: ge.Geoparser, text: str, day: str) -> None:
    article = ge.parse_article("date 2020-05-20\n" + text, source="t")
    days = {e.sub_event_type: e.event_date.isoformat() for e in geoparser.article_events(article)
            if e.kind == "event"}
    assert days.get("Air/drone strike") == "2020-05-10" and day in days.values(), days


def test_an_offset_past_the_calendar_gives_no_date(geoparser: ge.Geoparser) -> None:
    event = first_event(geoparser, "On 8 May 2020, clashes erupted in Hajin; 3000 years later, a drone "
                                   "struck Susah.")
    assert event is not None  # and nothing raised


def test_one_event_told_in_two_clauses_is_one_event(geoparser: ge.Geoparser) -> None:
    article = ge.parse_article("date 2021-05-04\nHundreds protested in Sulaymaniyah; police dispersed "
                               "them with tear gas.", source="t")
    events = [e for e in geoparser.article_events(article) if e.kind == "event"]
    assert [e.sub_event_type for e in events] == ["Protest with intervention"]


# ------------------------------------------------------------------ who did what to whom

@pytest.mark.parametrize(("text", "actor1", "actor2"), [
    # passive voice with "by": the agent is after the verb
    ("Two SDF members were shot dead by unidentified gunmen near Hajin.",
     "Unidentified armed group", "Syrian Democratic Forces (SDF)"),
    # passive without an agent: the people it was done to are actor2, nobody is actor1
    ("Four ISIS members were arrested in Hajin.", "", "Islamic State (ISIS)"),
    # "at the hands of"
    ("Three men were killed at the hands of ISIS militants in Hajin.", "Islamic State (ISIS)", "Civilians"),
    # active voice: members named after the verb are the target
    ("The SDF arrested four ISIS members in Hajin.", "Syrian Democratic Forces (SDF)", "Islamic State (ISIS)"),
    # civilians are never the agent of violence
    ("Residents of Ariha said shelling there killed two children.", "", "Civilians"),
    # protesters act; the force that intervenes is actor2
    ("Students protested in Tehran before police dispersed them with tear gas.", "Protesters", "Police Forces of Iran"),
])
def test_actor_roles(geoparser: ge.Geoparser, text: str, actor1: str, actor2: str) -> None:
    event = first_event(geoparser, text)
    assert event is not None and (event.actor1, event.actor2) == (actor1, actor2), event


def test_joined_subjects_give_actor1_and_its_associate(geoparser: ge.Geoparser) -> None:
    event = first_event(geoparser, "Malian soldiers and Wagner fighters executed 12 civilians in Moura, Mopti.")
    assert (event.actor1, event.assoc_actor_1, event.actor2) == (
        "Military Forces of Mali", "Wagner Group", "Civilians")


def test_a_protest_group_is_the_protesters_associate(geoparser: ge.Geoparser) -> None:
    event = first_event(geoparser, "Dozens of teachers protested in Basra demanding their salaries.")
    assert (event.actor1, event.assoc_actor_1, event.inter1, event.interaction) == (
        "Protesters", "Teachers", 6, 60)


def test_a_pronoun_subject_is_the_previous_sentences_agent(geoparser: ge.Geoparser) -> None:
    event = first_event(geoparser, "Islamic State militants held the region for months. In 2014 they "
                                   "seized Sinjar.")
    assert (event.sub_event_type, event.actor1) == ("Non-state actor overtakes territory", "Islamic State (ISIS)")


def test_inter_codes_and_interaction(geoparser: ge.Geoparser) -> None:
    event = first_event(geoparser, "Regime forces shelled Kafr Nabl in Idlib, killing two civilians.")
    assert (event.actor1, event.inter1, event.actor2, event.inter2, event.interaction) == (
        "Syrian government forces", 1, "Civilians", 7, 17)


def test_state_forces_outside_their_country_are_external_forces(geoparser: ge.Geoparser) -> None:
    at_home = first_event(geoparser, "Turkish forces shelled PKK positions near Diyarbakir.")
    abroad = first_event(geoparser, "Turkish forces shelled SDF positions near Tal Tamr, Hasakah.")
    assert (at_home.inter1, abroad.inter1) == (1, 8)


def test_forces_named_without_their_state_are_the_places(geoparser: ge.Geoparser) -> None:
    event = first_event(geoparser, "The army shelled villages near Maiduguri, Borno.")
    assert (event.actor1, event.inter1) == ("Military Forces of Nigeria", 1)


@pytest.mark.parametrize(("text", "actor1"), [
    ("A car bomb exploded in Mogadishu on Monday, killing five people. Al-Shabaab claimed responsibility.",
     "Al Shabaab"),
    ("A suicide bomber killed 12 worshippers at a mosque in Peshawar in an attack claimed by ISIS.",
     "Islamic State (ISIS)"),
])
def test_a_claimed_attack_is_the_claimants(geoparser: ge.Geoparser, text: str, actor1: str) -> None:
    assert first_event(geoparser, text).actor1 == actor1


def test_no_perpetrator_named_is_an_unidentified_armed_group(geoparser: ge.Geoparser) -> None:
    event = first_event(geoparser, "An IED exploded near a bus in Daraa, killing a woman.")
    assert (event.actor1, event.inter1, event.actor2) == ("Unidentified armed group", 3, "Civilians")


# ------------------------------------------------------------------ where

def test_a_village_the_gazetteer_lacks_is_placed_at_what_holds_it(geoparser: ge.Geoparser) -> None:
    event = first_event(geoparser, "The SDF arrested four men in Thiban town, Deir ez-Zor.")
    assert (event.location, event.admin1, event.geo_precision, event.needs_review) == (
        "Thiban", "Deir ez-Zor", 2, True)
    assert event.latitude is not None


@pytest.mark.parametrize(("text", "admin2"), [
    ("A drone struck a car in Manbij.", "Manbij District"),           # the district named after the town
    ("A drone struck a car in Aleppo.", "Mount Simeon District"),     # the district whose centre is near
    ("A drone struck a car in Raqqa.", None),                         # no district centre near: left empty
])
def test_admin2_is_the_towns_district_or_left_empty(geoparser: ge.Geoparser, text: str, admin2: str | None) -> None:
    event = first_event(geoparser, text)
    assert (event.admin1 is not None, event.admin2) == (True, admin2)


def test_countryside_is_near_the_town(geoparser: ge.Geoparser) -> None:
    event = first_event(geoparser, "Regime forces shelled villages in the Idlib countryside.")
    assert (event.location, event.geo_precision) == ("Idlib", 2)


def test_between_two_places_is_placed_at_the_first(geoparser: ge.Geoparser) -> None:
    article = ge.parse_article("date 2021-05-04\nClashes broke out in the area between Mosul and Erbil.",
                               source="t")
    events = [e for e in geoparser.article_events(article) if e.kind == "event"]
    assert [(e.location, e.geo_precision) for e in events] == [("Mosul", 2)]


@pytest.mark.parametrize("text", [
    "Turkey-backed factions shelled Tal Tamr.",
    "Iraq's army shelled positions near Sinjar.",
    "Iranian-backed militias attacked a base near Albu Kamal.",
])
def test_a_country_that_qualifies_an_actor_places_nothing(geoparser: ge.Geoparser, text: str) -> None:
    article = ge.parse_article("date 2021-05-04\n" + text, source="t")
    countries = {e.location for e in geoparser.article_events(article) if e.kind == "event"}
    assert not countries & {"Turkey", "Iraq", "Iran"}


def test_a_dateline_places_nothing_when_the_text_names_the_place(geoparser: ge.Geoparser) -> None:
    event = first_event(geoparser, "BAGHDAD (Wire) - A roadside bomb hit a patrol near Tikrit on Monday.")
    assert event.location == "Tikrīt"


def test_an_organisation_named_after_a_place_places_nothing(geoparser: ge.Geoparser) -> None:
    event = first_event(geoparser, "Protesters set fire to the office of the Badr Organisation in Nasiriyah.")
    assert event.location == "Nasiriyah"
