"""The SQLite index: build, lookup, staleness, atomic writes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from gazetteer import Candidate, Gazetteer, GazetteerBuildError, build_index, fold_name
from gazetteer.indexing import current_signature, stored_signature
from gazetteer import index as index_module

TINY = [
    (Candidate("Dar‘ā", 32.61889, 36.10213, "city", "SY", "12", 97_969, 170903, "test"),
     ["Dar‘ā", "Daraa", "Deraa"]),
    (Candidate("Dārayyā", 33.45, 36.25, "city", "SY", "08", 78_000, 170654, "test"), ["Darayya"]),
    (Candidate("Derry", 54.99, -7.31, "city", "GB", "NIR", 83_652, 2643736, "test"), ["Derry"]),
    (Candidate("Syria", 35.0, 38.5, "country", "SY", "", 17_000_000, 163843, "test"), ["Syria"]),
]


@pytest.fixture()
def tiny(tmp_path: Path) -> Gazetteer:
    path = build_index(tmp_path / "tiny.sqlite3", TINY, signature="tiny", progress=lambda _: None)
    return Gazetteer(path)


def test_lookup_returns_every_candidate_sharing_the_key(tiny: Gazetteer) -> None:
    names = [c.name for c in tiny.lookup("Daraa")]
    assert names == ["Dar‘ā", "Derry", "Dārayyā"]  # all fold alike; most populous first


def test_matches_tell_a_recorded_spelling_from_a_loose_one(tiny: Gazetteer) -> None:
    alike = {m.candidate.name: m.spelled_alike for m in tiny.matches("Deraa")}
    assert alike == {"Dar‘ā": True, "Derry": False, "Dārayyā": False}


def test_unknown_name_returns_an_empty_list(tiny: Gazetteer) -> None:
    assert tiny.lookup("Atlantis") == []


def test_candidates_are_typed_values(tiny: Gazetteer) -> None:
    (syria,) = tiny.lookup("Syria")
    assert isinstance(syria, Candidate)
    assert (syria.kind, syria.country_code, syria.geonameid) == ("country", "SY", 163843)


def test_known_keys_is_the_subset_that_names_places(tiny: Gazetteer) -> None:
    keys = [fold_name(n) for n in ("Deraa", "Atlantis", "Syria")]
    assert tiny.known_keys(keys) == {keys[0], keys[2]}


def test_country_names(tiny: Gazetteer) -> None:
    assert tiny.country_names() == {"SY": "Syria"}


def test_open_rebuilds_a_stale_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "stale.sqlite3"
    build_index(path, TINY, signature="old format", progress=lambda _: None)
    rebuilt: list[Path] = []
    monkeypatch.setattr(index_module, "build_index",
                        lambda p, progress=None: rebuilt.append(p) or build_index(
                            p, TINY, signature=current_signature(), progress=progress))
    Gazetteer.open(path, progress=lambda _: None)
    assert rebuilt == [path]
    rebuilt.clear()
    Gazetteer.open(path, progress=lambda _: None)  # now current: no second build
    assert rebuilt == []


def test_failed_build_leaves_no_partial_file(tmp_path: Path) -> None:
    def broken():
        yield TINY[0]
        raise sqlite3.OperationalError("disk full")

    path = tmp_path / "broken.sqlite3"
    with pytest.raises(GazetteerBuildError, match="disk full"):
        build_index(path, broken(), signature="x", progress=lambda _: None)
    assert list(tmp_path.iterdir()) == []  # neither the index nor its partial file



def test_a_build_never_replaces_a_file_that_is_not_an_index(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my own notes", encoding="utf-8")
    other = tmp_path / "events.sqlite3"  # another database: the event store, say
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE events (id TEXT)")
    db.close()
    before = other.read_bytes()
    for path in (notes, other, tmp_path):
        with pytest.raises(GazetteerBuildError, match="is not a gazetteer index; it is left as it is"):
            build_index(path, TINY, signature="x", progress=lambda _: None)
    assert notes.read_text(encoding="utf-8") == "my own notes" and other.read_bytes() == before
    with pytest.raises(GazetteerBuildError, match="is not a gazetteer index"):
        Gazetteer.open(notes, progress=lambda _: None)  # opening it would build there


def test_a_build_replaces_an_index_an_empty_file_or_a_damaged_sqlite_file(tmp_path: Path) -> None:
    old = build_index(tmp_path / "old.sqlite3", TINY, signature="old", progress=lambda _: None)
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    for path in (old, empty, damaged):
        assert stored_signature(build_index(path, TINY, signature="new", progress=lambda _: None)) == "new"


def test_an_index_under_a_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("an article", encoding="utf-8")
    with pytest.raises(GazetteerBuildError, match="a.txt"):
        build_index(tmp_path / "a.txt" / "index.sqlite3", TINY, signature="x", progress=lambda _: None)

def test_opening_a_corrupt_file_raises_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(GazetteerBuildError, match="junk.sqlite3"):
        Gazetteer(path)


@pytest.mark.parametrize(("latitude", "longitude"), [(90, -180), (0, 0), (-90.0, 180.0), (35.5, 40)])
def test_candidate_takes_whole_and_edge_coordinates(latitude: float, longitude: float) -> None:
    assert Candidate("X", latitude, longitude, "city").latlon == (latitude, longitude)


@pytest.mark.parametrize(("field", "value", "error"), [
    ("latitude", 91.0, ValueError), ("longitude", float("nan"), ValueError),
    ("latitude", "35", TypeError), ("kind", "planet", ValueError),
    ("latitude", -90.5, ValueError), ("longitude", 181, ValueError), ("longitude", None, TypeError),
])
def test_candidate_validates_its_fields(field: str, value: object, error: type) -> None:
    fields = {"name": "X", "latitude": 1.0, "longitude": 1.0, "kind": "city", field: value}
    with pytest.raises(error, match=field if field != "kind" else "kind"):
        Candidate(**fields)


@pytest.mark.parametrize(("name", "geonameid"), [
    ("Deir al-Zour", 170794), ("Bukamal", 174448), ("Albu Kamal", 174448),
    ("Qamishli", 173377), ("Raqqa", 172955), ("Mosul", 99072),
])
def test_packaged_index_finds_the_seed_spellings(gazetteer: Gazetteer, name: str, geonameid: int) -> None:
    assert geonameid in {c.geonameid for c in gazetteer.lookup(name)}


def test_matches_within_countries_are_that_countrys_places_only(gazetteer: Gazetteer) -> None:
    """``countries`` keeps the name's places in those countries, most populous first,
    however many places elsewhere outnumber them; a code string is refused."""
    everywhere = gazetteer.matches("Paris", limit=3)
    in_us = gazetteer.matches("Paris", limit=3, countries=["us"])
    assert {m.candidate.country_code for m in everywhere} != {"US"}
    assert len(in_us) == 3 and {m.candidate.country_code for m in in_us} == {"US"}
    assert [m.candidate.population for m in in_us] == sorted((m.candidate.population for m in in_us),
                                                             reverse=True)
    assert gazetteer.matches("Paris", countries=[]) == []
    with pytest.raises(TypeError, match="list of codes"):
        gazetteer.matches("Paris", countries="US")


def test_look_ups_finding_one_place_share_its_match(gazetteer: Gazetteer,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A place found by two look-ups (another limit, another country filter) is one
    object; past the table's bound it starts again and answers stay the same."""
    three, five = gazetteer.matches("Paris", limit=3), gazetteer.matches("Paris", limit=5)
    assert all(a is b for a, b in zip(three, five))
    in_us = gazetteer.matches("Paris", limit=50, countries=["US"])
    assert any(m is n for m in in_us for n in gazetteer.matches("Paris", limit=50))
    monkeypatch.setattr(index_module, "_SHARED_MATCHES", 2)
    fresh = Gazetteer(gazetteer.path)
    assert fresh.matches("Paris", limit=7) == gazetteer.matches("Paris", limit=7)
    assert len(fresh._shared) <= 2


def test_nearest_admin2_answers_the_first_question_as_every_later_one(gazetteer: Gazetteer) -> None:
    # The districts were read, on the first call, in a loop that reused the town's `name`: the
    # first answer of each process looked up the last district read instead (None for Mosul).
    fresh = Gazetteer(gazetteer.path)
    try:
        first = fresh.nearest_admin2("IQ", "15", 36.335, 43.11889, "Mosul")
        assert first == fresh.nearest_admin2("IQ", "15", 36.335, 43.11889, "Mosul") == "Mosul"
    finally:
        fresh.close()
