"""Word lists: census names, and Webster's common words."""

from __future__ import annotations

import pytest

from geo_events.vocab.people import PersonNames, is_common_word


@pytest.mark.parametrize(("word", "common"), [
    ("Health", True), ("bird", True), ("Villages", True), ("Disease", True),
    ("Paris", False), ("Mosul", False), ("Nile", False), ("Mansfield", False),
])
def test_common_words(word: str, common: bool) -> None:
    assert is_common_word(word) is common


@pytest.mark.parametrize(("word", "given", "surname"), [
    ("Kristina", True, False), ("Patrick", True, True), ("Jones", False, True),
    ("Mosul", False, False), ("Raqqa", False, False), ("MICHAEL", True, True),
])
def test_census_names(word: str, given: bool, surname: bool) -> None:
    people = PersonNames.load()
    assert (people.is_given(word), people.is_surname(word)) == (given, surname)
