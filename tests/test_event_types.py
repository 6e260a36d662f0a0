"""Event types from the trigger lexicon, and what is not a report of an event."""

from __future__ import annotations

import pytest

from geo_events.events.triggers import EVENT_TYPES, best_trigger, triggers


def test_lexicon_uses_only_acled_event_types() -> None:
    assert triggers() and {t.event_type for t in triggers()} <= set(EVENT_TYPES)


@pytest.mark.parametrize(("text", "sub_event_type"), [
    ("a coalition base in southern Syria was targetted with a drone", "Air/drone strike"),
    ("the coalition has fiercely bombarded Raqqa", "Air/drone strike"),
    ("Artillery shelled the village", "Shelling/artillery/missile attack"),
    ("A roadside bomb hit a patrol", "Remote explosive/landmine/IED"),
    ("a suicide bomber blew himself up", "Suicide bomb"),
    ("US Army has captured two operatives during a raid", "Arrests"),
    ("commandos killed a member in a gun battle", "Armed clash"),
    ("Ramadi was recaptured by Iraqi forces", "Government regains territory"),
    ("fighters seized large swaths of territory", "Non-state actor overtakes territory"),
    ("gunmen abducted three aid workers", "Abduction/forced disappearance"),
    ("Hundreds protested outside the ministry", "Peaceful protest"),
    ("Police fired tear gas at the crowd", "Protest with intervention"),
    ("Rioters torched cars", "Violent demonstration"),
    ("the army set up a new base near the town", "Headquarters or base established"),
])
def test_trigger_gives_the_acled_sub_event_type(text: str, sub_event_type: str) -> None:
    found = best_trigger(text)
    assert found is not None and found.sub_event_type == sub_event_type


@pytest.mark.parametrize("text", [
    "The capture will disrupt its ability to carry out attacks",   # intent and ability
    "“Our partners captured them,” he said.",                      # a quotation
    "A civilian was injured during the assault.",                  # an event already told
    "The minister visited Raqqa on Monday.",                       # nothing happened
    "In May the council did not clash with the mayor",             # negated
])
def test_no_new_event_is_reported(text: str) -> None:
    assert best_trigger(text) is None


def test_heaviest_trigger_wins_within_a_clause() -> None:
    # A raid that captured people is an arrest, not the lighter "raid".
    assert best_trigger("In a raid, troops captured two men").sub_event_type == "Arrests"
