"""Cue words beside a mention: its kind, and the place holding it."""

from __future__ import annotations


import pytest

from geo_events.geoparse.cues import MentionCue, mention_cues
from geo_events.models import Mention


def mentions_of(text: str, names: list[str]) -> list[Mention]:
    found, cursor = [], 0
    for name in names:
        start = text.index(name, cursor)
        found.append(Mention(start, start + len(name), name, "", 0, len(text)))
        cursor = start + len(name)
    return found


@pytest.mark.parametrize(("text", "names", "kinds"), [
    ("Shelling hit Raqqa province overnight.", ["Raqqa"], ["admin1"]),
    ("Deputies in Laurel County arrested him.", ["Laurel"], ["admin2"]),
    ("Residents of Clarke and Madison counties voted.", ["Clarke", "Madison"], ["admin2", "admin2"]),
    ("Fighters left the village of Hajin.", ["Hajin"], ["city"]),
    ("He moved to the state of Georgia.", ["Georgia"], ["admin1"]),
    ("Boats on the Neches River sank.", ["Neches"], ["feature"]),
    ("A convoy east of Qamishli city.", ["Qamishli"], ["city"]),
    ("Drones hit Mosul and Raqqa on Friday.", ["Mosul", "Raqqa"], [None, None]),
    ("Residents of Clarke and Madison voted.", ["Clarke", "Madison"], [None, None]),
])
def test_kind_cues(text: str, names: list[str], kinds: list[str | None]) -> None:
    assert [c.kind for c in mention_cues(text, mentions_of(text, names))] == kinds


@pytest.mark.parametrize(("text", "names", "containers"), [
    ("Police in Paris, Texas said", ["Paris", "Texas"], [1, None]),
    ("born in Athens, Ga., in 1950", ["Athens", "Ga"], [1, None]),
    ("Mosul and Raqqa", ["Mosul", "Raqqa"], [None, None]),
    ("Paris; Texas", ["Paris", "Texas"], [None, None]),
])
def test_container_cues(text: str, names: list[str], containers: list[int | None]) -> None:
    assert [c.container for c in mention_cues(text, mentions_of(text, names))] == containers


def test_no_mentions_no_cues() -> None:
    assert mention_cues("Nothing here.", []) == []


def test_a_plain_mention_has_an_empty_cue() -> None:
    text = "Mosul."
    assert mention_cues(text, mentions_of(text, ["Mosul"])) == [MentionCue()]
