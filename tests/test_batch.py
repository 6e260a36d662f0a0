"""JSON Lines batch geoparsing: one output line per input line, in order, errors in place."""

from __future__ import annotations

import json

import pytest

import geo_events as ge
from geo_events.io import batch, geoparse_lines, resolve_lines

TOPONYM_FIELDS = {"start", "end", "text", "name", "lat", "lon", "geonameid", "country_code",
                  "kind", "confidence", "demonym", "needs_review"}


def geoparse(parser: ge.Geoparser, *objects: object) -> list[dict]:
    lines = [o if isinstance(o, str) else json.dumps(o) for o in objects]
    return [json.loads(line) for line in geoparse_lines(lines, parser)]


def resolve(parser: ge.Geoparser, *objects: object) -> list[dict]:
    lines = [o if isinstance(o, str) else json.dumps(o) for o in objects]
    return [json.loads(line) for line in resolve_lines(lines, parser)]


def test_geoparse_gives_every_field_with_offsets_into_the_text(geoparser: ge.Geoparser) -> None:
    text = "Drones hit Deir al-Zour; Iranian-linked militias left Albu Kamal."
    (out,) = geoparse(geoparser, {"text": text, "date": "2023-01-20"})
    toponyms = out["toponyms"]
    assert all(set(t) == TOPONYM_FIELDS for t in toponyms)
    assert [text[t["start"]:t["end"]] for t in toponyms] == ["Deir al-Zour", "Iranian", "Albu Kamal"]
    assert [t["country_code"] for t in toponyms] == ["SY", "IR", "SY"]
    assert [t["demonym"] for t in toponyms] == [False, True, False]


def test_geoparse_keeps_input_order_and_one_line_per_input(geoparser: ge.Geoparser) -> None:
    texts = ["Mosul.", "Nothing here.", "Raqqa and Mosul."]
    outs = geoparse(geoparser, *({"text": t} for t in texts))
    assert [[t["text"] for t in o["toponyms"]] for o in outs] == [["Mosul"], [], ["Raqqa", "Mosul"]]


@pytest.mark.parametrize(("line", "message"), [
    ("not json", "not JSON"),
    ("", "empty line"),
    ("[1, 2]", "expected a JSON object"),
    ('{"title": "no text"}', '"text" must be a string'),
    ('{"text": 5}', '"text" must be a string'),
    ('{"text": "Mosul", "date": "23/01/2023"}', '"date" must be an ISO date'),
])
def test_bad_geoparse_lines_give_an_error_line_and_the_stream_goes_on(
        geoparser: ge.Geoparser, line: str, message: str) -> None:
    bad, good = geoparse(geoparser, line, {"text": "Mosul."})
    assert set(bad) == {"error"} and bad["error"].startswith("line 1: ") and message in bad["error"]
    assert good["toponyms"][0]["name"] == "Mosul"


def test_oversized_text_is_refused(geoparser: ge.Geoparser, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "MAX_TEXT_CHARS", 10)
    (out,) = geoparse(geoparser, {"text": "Mosul is a city on the Tigris."})
    assert "limit is 10" in out["error"]


def test_resolve_gives_one_place_or_null_per_span(geoparser: ge.Geoparser) -> None:
    text = "Near Mosul, Qwertyville and the Syrians."
    spans = [[5, 10], [12, 23], [32, 39]]
    (out,) = resolve(geoparser, {"text": text, "spans": spans})
    mosul, nowhere, syrians = out["places"]
    assert (mosul["name"], mosul["start"], mosul["end"]) == ("Mosul", 5, 10)
    assert nowhere is None
    assert (syrians["country_code"], syrians["kind"], syrians["demonym"]) == ("SY", "country", True)


@pytest.mark.parametrize(("obj", "message"), [
    ({"text": "Mosul"}, '"spans" must be a list'),
    ({"text": "Mosul", "spans": [[0, 99]]}, "not within the text"),
    ({"text": "Mosul", "spans": [[3, 1]]}, "not within the text"),
    ({"text": "Mosul", "spans": [["a", "b"]]}, "two integer offsets"),
    ({"text": "Mosul", "spans": [5]}, "two integer offsets"),
])
def test_bad_resolve_lines_give_an_error_line(geoparser: ge.Geoparser, obj: dict, message: str) -> None:
    (out,) = resolve(geoparser, obj)
    assert message in out["error"]
