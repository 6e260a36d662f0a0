"""Fuzzy look-ups of town and village spellings (``Gazetteer.fuzzy_matches``): on a tiny index
built here, and on the real one with the benchmark's spellings and non-places."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.bench_fuzzy import main as bench_main
from benchmarks.bench_fuzzy import read_non_places, read_spellings, score
from gazetteer import Candidate, Gazetteer, NameMatch, build_index
from gazetteer.fuzzy import FUZZY_MIN_SCORE, FUZZY_MIN_SCORE_ANY_COUNTRY, query_forms, search_prefixes


def place(name: str, country: str, *, kind: str = "city", population: int = 1_000,
          latitude: float = 36.0, longitude: float = 40.0) -> Candidate:
    return Candidate(name, latitude, longitude, kind, country, "01", population, None, "test")


RECORDS = [
    (place("Al-Hasakah", "SY", population=188_000), ["Al-Hasakah", "Hasakah"]),
    (place("Jarabulus", "SY", population=25_000), ["Jarabulus"]),
    (place("Jarabulus Tahtani", "TR", population=90_000), ["Jarabulus"]),
    (place("Abu Kamal", "SY"), ["Abu Kamal"]),
    (place("Raqqa", "SY", population=200_000), ["Raqqa"]),
    (place("Mosul", "IQ", population=1_700_000), ["Mosul"]),
    (place("Jaba", "SY"), ["Jaba"]),
    (place("Tall Abyad", "SY", population=10), ["Tall Abyad"]),
    (place("Tel Abiad", "SY", population=50_000), ["Tel Abiad"]),
    (place("Euphrates", "SY", kind="feature"), ["Euphrates"]),
    (place("Tabqa District", "SY", kind="admin2"), ["Tabaqahdistrict"]),
]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    path = tmp_path_factory.mktemp("fuzzy") / "index.sqlite3"
    return Gazetteer(build_index(path, RECORDS, signature="test", progress=lambda _: None))


def names(found: list[NameMatch]) -> list[tuple[str, str]]:
    return [(m.candidate.name, m.candidate.country_code) for m in found]


@pytest.mark.parametrize(("written", "expected"), [
    ("Alhasaka", "Al-Hasakah"), ("Elhasakeh", "Al-Hasakah"),  # an article glued on
    ("Albukamal", "Abu Kamal"), ("Almosul", "Mosul"),
    ("Alraqqa", "Raqqa"),  # what is left is short: it meets a key exactly
    ("Jarablus", "Jarabulus"),  # a vowel left out
])
def test_close_spellings_find_the_place(tiny: Gazetteer, written: str, expected: str) -> None:
    assert tiny.matches(written) == []  # nothing folds like it
    found = tiny.fuzzy_matches(written, countries=["SY", "IQ"])
    assert found and found[0].candidate.name == expected


def test_matches_are_not_spelled_alike(tiny: Gazetteer) -> None:
    found = tiny.fuzzy_matches("Jarablus", countries=["SY", "TR"])
    assert found and not any(m.spelled_alike or m.override for m in found)


def test_countries_keep_their_places_only(tiny: Gazetteer) -> None:
    assert names(tiny.fuzzy_matches("Jarablus", countries=["SY"])) == [("Jarabulus", "SY")]
    assert names(tiny.fuzzy_matches("Jarablus", countries=["tr"])) == [("Jarabulus Tahtani", "TR")]
    assert tiny.fuzzy_matches("Jarablus", countries=["IQ"]) == []
    assert tiny.fuzzy_matches("Jarablus", countries=[]) == []


def test_without_countries_the_threshold_is_stricter(tiny: Gazetteer) -> None:
    # jarablas vs jarabalas scores 94: enough within countries, not over the whole world
    assert FUZZY_MIN_SCORE <= 94 < FUZZY_MIN_SCORE_ANY_COUNTRY
    assert tiny.fuzzy_matches("Jarablus") == []
    assert len(tiny.fuzzy_matches("Jarablus", min_score=FUZZY_MIN_SCORE)) == 2
    assert names(tiny.fuzzy_matches("Albukamal")) == [("Abu Kamal", "SY")]  # 100 passes either way


def test_equal_scores_go_to_the_closer_spelling_then_the_more_populous(tiny: Gazetteer) -> None:
    # "Tall Abyadi" is one letter from the key both share; its spelling is Tall Abyad's
    assert names(tiny.fuzzy_matches("Tall Abyadi", countries=["SY"])) == [("Tall Abyad", "SY"),
                                                                          ("Tel Abiad", "SY")]
    # the same spelling distance to both: the more populous first
    assert names(tiny.fuzzy_matches("Jarablus", countries=["SY", "TR"])) == [
        ("Jarabulus Tahtani", "TR"), ("Jarabulus", "SY")]


def test_the_name_s_own_key_is_left_to_matches(tiny: Gazetteer) -> None:
    assert tiny.matches("Jarabulus") and tiny.fuzzy_matches("Jarabulus", countries=["SY", "TR"]) == []


def test_only_towns_and_villages_are_searched(tiny: Gazetteer) -> None:
    assert tiny.fuzzy_matches("Euphrats", countries=["SY"], min_score=80) == []  # a river
    assert tiny.fuzzy_matches("Tabaqadistrict", countries=["SY"], min_score=80) == []  # a district


def test_short_keys_are_not_looked_up(tiny: Gazetteer) -> None:
    # "jabar" is one letter from Jaba's key, as many short words are from some village
    assert tiny.fuzzy_matches("Jobar", countries=["SY"], min_score=50) == []


def test_limit_and_min_score(tiny: Gazetteer) -> None:
    assert len(tiny.fuzzy_matches("Jarablus", countries=["SY", "TR"], limit=1)) == 1
    assert tiny.fuzzy_matches("Jarablus", countries=["SY", "TR"], limit=0) == []
    assert tiny.fuzzy_matches("Jarablus", countries=["SY"], min_score=99) == []


def test_countries_must_be_a_list(tiny: Gazetteer) -> None:
    with pytest.raises(TypeError, match="list of codes"):
        tiny.fuzzy_matches("Jarablus", countries="SY")


def test_a_result_is_the_caller_s_to_change(tiny: Gazetteer) -> None:
    first = tiny.fuzzy_matches("Jarablus", countries=["SY"])
    first.clear()
    assert tiny.fuzzy_matches("Jarablus", countries=["SY"])


@given(st.text(max_size=40))
@settings(max_examples=200, deadline=None)
def test_any_text_gives_at_most_limit_matches(tiny: Gazetteer, text: str) -> None:
    found = tiny.fuzzy_matches(text, countries=["SY", "IQ", "TR"], limit=3)
    assert len(found) <= 3 and all(isinstance(m, NameMatch) and not m.spelled_alike for m in found)


@pytest.mark.parametrize(("key", "forms"), [
    ("albakamal", ("albakamal", "bakamal")), ("alraka", ("alraka", "raka")), ("alab", ("alab",)),
    ("kafranbal", ("kafranbal",)),
])
def test_query_forms(key: str, forms: tuple[str, ...]) -> None:
    assert query_forms(key) == forms


@pytest.mark.parametrize(("key", "prefixes"), [
    ("sabana", ("sab", "sba")), ("snana", ("sna", "san")), ("abc", ("abc",)),
])
def test_search_prefixes(key: str, prefixes: tuple[str, ...]) -> None:
    assert search_prefixes(key) == prefixes


# -- the benchmark's spellings on the real index ----------------------------------------

def test_the_benchmark_lists_are_what_they_say() -> None:
    spellings, words = read_spellings(), read_non_places()
    assert len(spellings) == 60 and len({s.written for s in spellings}) == 60
    assert {s.country for s in spellings} == {"SY", "IQ"}
    assert all(29 < s.latitude < 38 and 35 < s.longitude < 49 for s in spellings)
    assert len(words) == 30 and len(set(words)) == 30


def test_within_syria_and_iraq_fuzzy_matches_are_mostly_right(gazetteer: Gazetteer) -> None:
    found = score(gazetteer, read_spellings(), read_non_places(), scope="SY+IQ")
    assert found.min_score == FUZZY_MIN_SCORE
    assert found.fuzzy_right >= 12 and found.precision >= 0.85, found.wrong
    assert found.word_hits <= 2 and found.held_out_right >= 12 >= found.held_out_wrong * 6, found.wrong


def test_over_every_country_the_stricter_default_keeps_precision(gazetteer: Gazetteer) -> None:
    found = score(gazetteer, read_spellings(), read_non_places(), scope="world")
    assert found.min_score == FUZZY_MIN_SCORE_ANY_COUNTRY
    assert found.fuzzy_right >= 10 and found.precision >= 0.85, found.wrong


def test_bench_prints_one_row_per_scope_and_threshold(gazetteer: Gazetteer,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_main(["--scores", "90,95"]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith(("| SY+IQ", "| world"))]
    assert [row.split("|")[1:3] for row in rows] == [[" SY+IQ ", " 90 "], [" SY+IQ ", " 95 "],
                                                     [" world ", " 90 "], [" world ", " 95 "]]
