"""Corrections: the names to review, candidates, typed places, saved once and applied everywhere."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

import geo_events as ge
from geo_events.dashboard import candidates, correct_everywhere, review_labels, review_names, save_correction, typed_place
from geo_events.errors import UserInputError
from gazetteer import Gazetteer, OverrideTable


def test_review_lists_flagged_names_most_frequent_first() -> None:
    table = pd.DataFrame({"matched_text": ["Zubaydi", "Sweida", "Sweida", "Raqqa", ""],
                          "location": [None, "As-Suwayda", "As-Suwayda", "Ar Raqqah", None],
                          "confidence": [0.0, 0.5, 0.4, 0.9, 0.0],
                          "needs_review": [True, True, True, False, True]})
    review = review_names(table)
    assert review["matched_text"].tolist() == ["Sweida", "Zubaydi"]
    assert review.loc[0, "rows"] == 2 and review.loc[0, "confidence"] == 0.4


def test_candidates_put_recorded_spellings_first(gazetteer: Gazetteer) -> None:
    found = candidates(gazetteer, "Mosul")
    assert found[0].name == "Mosul" and found[0].country_code == "IQ"
    assert candidates(gazetteer, "  ") == []


def test_review_labels_say_rows_and_where_the_name_is_now() -> None:
    review = pd.DataFrame({"matched_text": ["Sweida", "Zubaydi"], "rows": [2, 1],
                           "location": ["As-Suwayda", float("nan")], "confidence": [0.4, 0.0]})
    assert review_labels(review) == {"Sweida": "Sweida — 2 row(s), now As-Suwayda",
                                     "Zubaydi": "Zubaydi — 1 row(s), now unresolved"}


@pytest.mark.parametrize(("args", "message"), [
    (("", 1.0, 2.0), r"needs a name, got '' \(str\)"), (("X", float("nan"), 2.0), r"latitude .* nan \(float\)"),
    (("X", 91.0, 2.0), r"latitude .* 91.0 \(float\)"), (("X", 1.0, -181, "city"), r"longitude .* -181 \(int\)"),
    (("X", "33", 2.0), r"latitude .* '33' \(str\)"), (("X", 1.0, 2.0, "planet"), r"kind .* 'planet' \(str\)"),
])
def test_typed_place_is_validated(args: tuple, message: str) -> None:
    name, lat, lon, *kind = args
    with pytest.raises(UserInputError, match=message) as caught:
        typed_place(name, lat, lon, **({"kind": kind[0]} if kind else {}))
    assert isinstance(caught.value, ValueError)  # callers catching ValueError still do


@pytest.mark.parametrize("code", ["Syria", "S1", None])
def test_bad_country_code_is_refused(code) -> None:
    with pytest.raises(UserInputError, match=f"two-letter ISO code, got {code!r} \\({type(code).__name__}\\)"):
        typed_place("X", 1.0, 2.0, country_code=code)


def test_saved_correction_is_found_at_once_and_by_later_gazetteers(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    gazetteer = Gazetteer.open(override_paths=[path])
    place = typed_place("Khirbet Ammu", 37.05, 41.32, country_code="SY")
    save_correction(gazetteer, "Khirbet Amo", place, path=path)
    assert gazetteer.lookup("Khirbet Amo")[0].name == "Khirbet Ammu"
    assert OverrideTable.from_csv([path]).lookup("Khirbet Amo")[0].latitude == 37.05



@pytest.mark.parametrize("code", ["SY", ""])  # the country is optional in the form
@pytest.mark.parametrize("countries", [None, ["SY"]])
def test_a_correction_with_or_without_a_country_is_found_in_a_countrys_places(tmp_path: Path, code: str,
                                                                               countries) -> None:
    path = tmp_path / "mine.csv"
    gazetteer = Gazetteer.open(override_paths=[path])
    save_correction(gazetteer, "Kafr Zwayq", typed_place("Kafr Zweiq", 35.3, 36.6, country_code=code), path=path)
    assert [m.candidate.name for m in gazetteer.matches("Kafr Zwayq", countries=countries)][:1] == ["Kafr Zweiq"]
    assert (gazetteer.matches("Kafr Zwayq", countries=["IQ"]) == []) == bool(code)  # a known country still counts


@pytest.mark.parametrize("code", ["SY", ""])
@pytest.mark.parametrize("text", ["Government forces shelled the village of Kafr Zwayq near Hama on Thursday.",
                                  "Government forces shelled Kafr Zwayq, Hama province, on Thursday."])
def test_an_event_is_placed_where_a_correction_with_or_without_a_country_puts_its_name(
        tmp_path: Path, code: str, text: str) -> None:
    path = tmp_path / "mine.csv"
    gazetteer = Gazetteer.open(override_paths=[path])
    save_correction(gazetteer, "Kafr Zwayq", typed_place("Kafr Zweiq", 35.3, 36.6, country_code=code), path=path)
    article = ge.parse_article(f" date 2023-01-05 {text}", source="v.txt")
    events = [e for e in ge.Geoparser(gazetteer).article_events(article) if e.kind == "event"]
    assert ("Kafr Zweiq", 35.3, 36.6) in [(e.location, e.latitude, e.longitude) for e in events]

def test_correct_everywhere_saves_and_moves_stored_rows_with_the_country_name(
        tmp_path: Path, gazetteer: Gazetteer) -> None:
    path = tmp_path / "mine.csv"
    fresh = Gazetteer.open(override_paths=[path])
    article = ge.parse_article(" date 2023-01-20 Shelling hit Sweida.", source="t.txt")
    event = ge.Event("e1", article.article_id, "t.txt", "", date(2023, 1, 20), 1, "Battles", "Armed clash",
                     "", "", 0, 0, 0, "X", "Sweida", 1.0, 1.0, 1, None, None, None, "", 0.3, "event",
                     needs_review=True)
    with ge.EventStore.open(tmp_path / "s.sqlite3") as store:
        store.add([(article, [event])])
        done = correct_everywhere(fresh, "Sweida", typed_place("As-Suwayda", 32.71, 36.57, country_code="SY"),
                                  store=store, path=path)
        (moved,) = store.events()
    assert (done.written, done.place.name, done.moved_rows) == ("Sweida", "As-Suwayda", 1)
    assert (moved.location, moved.country, moved.country_code) == ("As-Suwayda", "Syria", "SY")
    assert fresh.lookup("Sweida")[0].name == "As-Suwayda" and "Sweida" in path.read_text(encoding="utf-8")


def test_store_correction_moves_stored_rows(tmp_path: Path) -> None:
    article = ge.parse_article(" date 2023-01-20 Shelling hit Sweida.", source="t.txt")
    event = ge.Event("e1", article.article_id, "t.txt", "", date(2023, 1, 20), 1, "Battles", "Armed clash",
                     "", "", 0, 0, 0, "X", "Sweida", 1.0, 1.0, 1, "Syria", None, None, "", 0.3, "event",
                     needs_review=True)
    with ge.EventStore.open(tmp_path / "s.sqlite3") as store:
        store.add([(article, [event])])
        place = typed_place("As-Suwayda", 32.71, 36.57, country_code="SY")
        assert store.apply_correction("Sweida", place, country="Syria") == 1
        (moved,) = store.events()
    assert (moved.location, moved.latitude, moved.needs_review, moved.confidence) == (
        "As-Suwayda", 32.71, False, 1.0)
