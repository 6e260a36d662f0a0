"""The geocoder's answer cache on disk (gazetteer.geocoders.cache)."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from gazetteer import Candidate
from gazetteer.geocoders.cache import CACHE_FORMAT, AnswerCache

KEY = ("geocoder:nominatim.example.org tall abyad", "SY")
PLACE = Candidate(name="Tall Abyad", latitude=36.697, longitude=38.957, kind="city",
                  country_code="SY", source="geocoder:nominatim.example.org")


@pytest.fixture()
def cache(tmp_path: Path):
    answers = AnswerCache(tmp_path / "cache" / "geocoder.sqlite3")
    yield answers
    answers.close()


def test_a_place_and_a_negative_are_read_back(cache: AnswerCache) -> None:
    cache.write(KEY, PLACE, {"lat": "36.697"})
    cache.write(("geocoder:nominatim.example.org atlantis", ""), None, None)
    assert cache.read(KEY, default_source="other") == (True, PLACE)
    assert cache.read(("geocoder:nominatim.example.org atlantis", ""),
                      default_source="other") == (False, None)
    assert cache.read(("geocoder:nominatim.example.org atlantis", "GR"),
                      default_source="other") is None  # another key: a miss


def test_answers_outlive_the_connection(tmp_path: Path) -> None:
    path = tmp_path / "geocoder.sqlite3"
    first = AnswerCache(path)
    first.write(KEY, PLACE, None)
    first.close()
    second = AnswerCache(path)
    assert second.read(KEY, default_source="other") == (True, PLACE)
    second.close()


def test_a_cache_of_another_format_is_emptied(tmp_path: Path) -> None:
    path = tmp_path / "geocoder.sqlite3"
    first = AnswerCache(path)
    first.write(KEY, PLACE, None)
    first.close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {CACHE_FORMAT + 1}")
    db.close()
    second = AnswerCache(path)
    assert second.read(KEY, default_source="other") is None
    second.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == CACHE_FORMAT
    db.close()


def test_a_bad_row_is_a_logged_miss(cache: AnswerCache, caplog: pytest.LogCaptureFixture) -> None:
    cache.write(KEY, PLACE, None)
    with sqlite3.connect(cache.path) as db:
        db.execute("UPDATE answers SET latitude = 95.0")
    db.close()
    with caplog.at_level(logging.WARNING, logger="gazetteer.geocoders.cache"):
        assert cache.read(KEY, default_source="other") is None
    assert "bad row" in caplog.text
