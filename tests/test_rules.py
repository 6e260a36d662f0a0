"""Recognition rules: each named rule decides some span, and the explanation names it."""

from __future__ import annotations

import json
import logging
import subprocess
import sys

import pytest

from conftest import REPO

from geo_events.geoparse import PlaceFinder
from geo_events.geoparse.rules import DEFAULT_RULE, RULES, rule_table

LOGGER = "geo_events.geoparse.rules"

#: (text, candidate span, the rule that decides it, its verdict): every rule once at least.
CASES = [
    ("The deal cost US$460 million.", "US", "currency", "drop"),
    ("A crash closed KY 80 near Hazard.", "KY", "road_number", "drop"),
    ("Colonel Joe Buccino said the US Army left.", "US Army", "capitals_unrecorded", "drop"),
    ("Colonel Joe Buccino said the US Army left.", "Colonel", "not_place_word", "drop"),
    ("Officials in Reading said reading was banned.", "Reading", "lower_case_elsewhere", "drop"),
    ("Colonel Joe Buccino said the US Army left.", "Buccino", "person_name", "drop"),
    ("Colonel Joe Buccino said the US Army left.", "US", "acronym_of_place", "keep"),
    ("FLOODS HIT MOSUL. Water rose in Mosul overnight.", "MOSUL", "acronym_of_place", "keep"),
    ("MOSUL, Iraq -- Shelling hit the city.", "MOSUL", "acronym_dateline", "keep"),
    ("BEIRUT (AP) -- Shelling hit the city.", "AP", "acronym", "drop"),
    ("MANBIJ: Shelling hit the city.", "MANBIJ", "acronym_dateline", "keep"),
    ("date 2019-11-17\nTEHRAN (Wire) — Crowds gathered.", "TEHRAN", "acronym_of_place", "keep"),
    ("date 2019-11-17\nMANBIJ (Wire) — Crowds gathered.", "MANBIJ", "acronym_dateline", "keep"),
    ("ALEPPO, Syria (SANA) – Power returned.", "SANA", "acronym", "drop"),
    ("The show airs at 9 p.m. EST on Sundays.", "EST", "acronym", "drop"),
    ("The show airs at 9 p.m. EST on Sundays.", "Sundays", "not_place_word", "drop"),
    ("A fighter known as 'Anas' was killed in Raqqa.", "Anas", "quoted", "drop"),
    ("Smoke rose over the town.", "Smoke", "sentence_initial", "drop"),
    ("Man's quest for energy goes on.", "Man", "sentence_initial", "drop"),
    ("Carthage, Missouri — Floods rose.", "Carthage", "default", "keep"),
    ("They met Kristina yesterday.", "Kristina", "given_name_or_word", "drop"),
    ("Rebels captured Marion before dawn.", "Marion", "default", "keep"),
    ("Warplanes struck 10 km west of Palmyra.", "Palmyra", "default", "keep"),
    ("Rebels visited Marion's house.", "Marion", "given_name_or_word", "drop"),
    ("Fans in Jordan cheered Jordan Henderson.", "Jordan", "default", "keep"),
    ("Ed Sullivan introduced the band.", "Ed Sullivan", "given_name_run", "drop"),
    ("Former vice president Al Gore spoke.", "Al Gore", "given_name_run", "drop"),
    ("Buses left Santa Barbara at noon.", "Santa Barbara", "default", "keep"),
    ("Shelling hit Al Raqqa on Tuesday.", "Al Raqqa", "default", "keep"),
    ("Fighters of Islamic State Syria attacked.", "Syria", "inside_longer_name", "drop"),
    ("Police closed Wichita Street in Dublin, Ohio.", "Wichita", "street", "drop"),
    ("The Dublin City Council met.", "Dublin City", "city_government", "drop"),
    ("He spoke at the Paris Hilton Foundation gala.", "Paris", "person_run", "drop"),
    ("Gifts from Warren Buffett's company arrived.", "Warren", "person_run", "drop"),
    ("The Jordan Pickford era began.", "Jordan", "person_run", "drop"),
    ("The Texas Department of Safety said.", "Texas", "opens_longer_name", "keep"),
    ("He visited the Mosoul Hospital today.", "Mosoul", "opens_longer_name_unrecorded", "drop"),
    ("A fighter known as 'Anas' was killed in Raqqa.", "Raqqa", "default", "keep"),
]


@pytest.fixture(scope="module")
def finder(gazetteer) -> PlaceFinder:
    return PlaceFinder(gazetteer)


def decisions(finder: PlaceFinder, text: str,
              caplog: pytest.LogCaptureFixture) -> dict[str, tuple[str, str]]:
    """Span text -> (rule name, verdict), from the DEBUG log of one ``find``."""
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger=LOGGER):
        finder.find(text)
    found = {}
    for record in caplog.records:
        if record.name == LOGGER:
            verdict, span, start, end, rule = record.args
            assert text[start:end] == span
            found.setdefault(span, (rule, verdict))
    return found


@pytest.mark.parametrize(("text", "span", "rule", "verdict"), CASES)
def test_the_named_rule_decides_the_span(finder: PlaceFinder, caplog: pytest.LogCaptureFixture,
                                         text: str, span: str, rule: str, verdict: str) -> None:
    assert decisions(finder, text, caplog)[span] == (rule, verdict)


def test_every_rule_has_a_case() -> None:
    names = [rule.name for rule in (*RULES, DEFAULT_RULE)]
    assert len(set(names)) == len(names)
    assert {rule for _, _, rule, _ in CASES} == set(names)


def test_every_rule_is_described_and_listed() -> None:
    table = rule_table().splitlines()
    assert len(table) == len(RULES) + 1
    for line, rule in zip(table, (*RULES, DEFAULT_RULE)):
        assert rule.description and rule.verdict in ("keep", "drop")
        assert line.split()[:2] == [rule.name, rule.verdict]


def test_a_kept_span_is_found_and_a_dropped_one_is_not(finder: PlaceFinder) -> None:
    found = [m.text for m in finder.find("Colonel Joe Buccino said the US Army left Raqqa.")]
    assert found == ["US", "Raqqa"]


def test_no_decision_is_logged_unless_debug_is_on(finder: PlaceFinder,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger=LOGGER):
        finder.find("Shelling hit Raqqa.")
    assert not [r for r in caplog.records if r.name == LOGGER]


def test_geoparse_explain_names_the_rule_on_stderr_and_keeps_stdout_json() -> None:
    line = json.dumps({"text": "The Dublin City Council met in Raqqa."})
    done = subprocess.run([sys.executable, "-m", "geo_events", "geoparse", "--explain"], cwd=REPO,
                          input=line + "\n", capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    (out,) = [json.loads(row) for row in done.stdout.splitlines()]
    assert [t["text"] for t in out["toponyms"]] == ["Dublin", "Raqqa"]
    assert "drop 'Dublin City' [4:15] by city_government" in done.stderr
    assert "keep 'Dublin' [4:10] by opens_longer_name" in done.stderr


def test_locative_and_connector_words_are_vocabulary_data() -> None:
    from geo_events import vocab
    assert {"in", "near", "captured", "shelled", "fled", "outskirts"} <= vocab.locative_words()
    assert not {"at", "to", "from", "hit", "visited"} & vocab.locative_words()  # people follow them
    assert {"of", "and", "del", "de"} <= vocab.connector_words()
    assert {"archbishop", "pope", "chancellor", "sen", "gov", "sheikh"} <= vocab.titles()


@pytest.mark.parametrize(("text", "span", "reason"), [
    ("U.S. jets flew over Mosul.", "U.S.", "dotted_abbreviation"),
    ("Syrian troops moved north.", "Syrian", "demonym"),
    ("Floods along the Naugatuck River closed roads.", "Naugatuck River", "whole_feature_name"),
    ("Oil flows from the Kurdistan region again.", "Kurdistan region", "type_in_name"),
])
def test_spans_the_finder_keeps_outside_the_rules_are_explained(
        finder: PlaceFinder, caplog: pytest.LogCaptureFixture, text: str, span: str, reason: str) -> None:
    decisions(finder, text, caplog)
    last = [r.args for r in caplog.records if r.name == LOGGER and r.args[1] == span][-1]
    assert (last[4], last[0]) == (reason, "keep")  # the final word on the span
    assert span in [m.text for m in finder.find(text)]
