"""Corrections: the names to review, candidates, typed places, saved once and applied everywhere."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

import geo_events as ge
from geo_events.dashboard import candidates, review_names, save_correction, typed_place
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


@pytest.mark.parametrize(("args", "message"), [
    (("", 1.0, 2.0), "needs a name"), (("X", float("nan"), 2.0), "latitude"),
    (("X", 91.0, 2.0), "latitude"), (("X", 1.0, 2.0, "planet"), "kind"),
])
def test_typed_place_is_validated(args: tuple, message: str) -> None:
    name, lat, lon, *kind = args
    with pytest.raises(ValueError, match=message):
        typed_place(name, lat, lon, **({"kind": kind[0]} if kind else {}))


def test_bad_country_code_is_refused() -> None:
    with pytest.raises(ValueError, match="two-letter"):
        typed_place("X", 1.0, 2.0, country_code="Syria")


def test_saved_correction_is_found_at_once_and_by_later_gazetteers(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    gazetteer = Gazetteer.open(override_paths=[path])
    place = typed_place("Khirbet Ammu", 37.05, 41.32, country_code="SY")
    save_correction(gazetteer, "Khirbet Amo", place, path=path)
    assert gazetteer.lookup("Khirbet Amo")[0].name == "Khirbet Ammu"
    assert OverrideTable.from_csv([path]).lookup("Khirbet Amo")[0].latitude == 37.05


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
