"""Actors from the alias list and organisation patterns; casualty counts."""

from __future__ import annotations

import pytest

from geo_events.events.actors import Casualties, count_casualties, find_actors, parse_count
from geo_events.events.roles import assign_roles
from geo_events.events.triggers import best_trigger


@pytest.mark.parametrize(("text", "actor"), [
    ("ISIS fighters", "Islamic State (ISIS)"), ("Daesh", "Islamic State (ISIS)"),
    ("the Islamic State of Iraq and the Levant", "Islamic State (ISIS)"),
    ("ISIL", "Islamic State (ISIS)"), ("US CENTCOM said", "US Central Command (CENTCOM)"),
    ("the SDF", "Syrian Democratic Forces (SDF)"), ("Iranian-backed militias", "Iranian-linked militias"),
    ("Turkish armed forces", "Turkish armed forces"), ("the Sultan Murad Division", "Sultan Murad Division"),
])
def test_aliases_name_one_actor(text: str, actor: str) -> None:
    assert [a.actor for a in find_actors(text)] == [actor]


def test_agent_after_by_is_actor1() -> None:
    text = "a US-led coalition base was targeted with a drone launched by Iranian-linked militias"
    roles = assign_roles(text, find_actors(text), best_trigger(text), (0, len(text)))
    assert (roles.actor1, roles.actor2) == ("Iranian-linked militias", "US-led coalition")


def test_agent_before_the_trigger_is_actor1() -> None:
    text = "Turkish warplanes struck SDF positions"
    roles = assign_roles(text, find_actors(text), best_trigger(text), (0, len(text)))
    assert (roles.actor1, roles.actor2) == ("Turkish armed forces", "Syrian Democratic Forces (SDF)")


@pytest.mark.parametrize(("text", "expected"), [
    ("Turkish warplanes struck, killing at least 12 fighters.", Casualties(12, 0, 0)),
    ("A civilian was injured during the assault.", Casualties(0, 1, 0)),
    ("US troops captured six operatives and killed another member", Casualties(1, 0, 6)),
    ("dozens of people were killed and 200 wounded", Casualties(12, 200, 0)),
    ("nabbed just a month after troops killed two members", Casualties(2, 0, 0)),
    ("ISIS lost 40 percent of its territory", Casualties(0, 0, 0)),
])
def test_casualty_counts(text: str, expected: Casualties) -> None:
    assert count_casualties(text) == expected


@pytest.mark.parametrize(("word", "count"), [("12", 12), ("1,200", 1200), ("two", 2),
                                              ("Dozens of", 12), ("several", 3), ("many", None)])
def test_parse_count(word: str, count: int | None) -> None:
    assert parse_count(word) == count


def test_user_aliases_extend_and_come_first(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = tmp_path / "actors.csv"
    extra.write_text("actor,inter,pattern\nSultan Murad Division (SNA),Rebel group,Sultan Murad(?: Division)?\n"
                     "My ISIS,Political militia,Daesh\n", encoding="utf-8")
    monkeypatch.setenv("GEO_EVENTS_ACTORS", str(extra))
    assert [a.actor for a in find_actors("Sultan Murad fighters and Daesh and ISIL")] == [
        "Sultan Murad Division (SNA)", "My ISIS", "Islamic State (ISIS)"]


@pytest.mark.parametrize(("content", "message"), [
    ("actor,inter,pattern\nX,,(unclosed\n", "row 2"),
    ("actor,inter,pattern\n,,Daesh\n", "an actor and a pattern"),
])
def test_bad_user_alias_file_names_file_and_row(tmp_path, monkeypatch: pytest.MonkeyPatch,
                                                content: str, message: str) -> None:
    from geo_events.errors import LexiconError
    extra = tmp_path / "actors.csv"
    extra.write_text(content, encoding="utf-8")
    monkeypatch.setenv("GEO_EVENTS_ACTORS", str(extra))
    with pytest.raises(LexiconError, match=message):
        find_actors("Daesh")


def test_missing_user_alias_file_is_a_clear_error(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    from geo_events.errors import LexiconError
    monkeypatch.setenv("GEO_EVENTS_ACTORS", str(tmp_path / "nope.csv"))
    with pytest.raises(LexiconError, match="GEO_EVENTS_ACTORS"):
        find_actors("Daesh")
