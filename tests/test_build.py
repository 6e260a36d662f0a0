"""Importing GeoNames dumps into an index, and keeping them across rebuilds."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from gazetteer import Candidate, Gazetteer, GazetteerDataError, build_index, import_dump
from gazetteer.indexing.cli import main as gazetteer_main

PACKAGED = [
    (Candidate("Al Qāmishlī", 37.05215, 41.23142, "city", "SY", "05", 184_231, 173377, "test"),
     ["Al Qāmishlī", "Qamishli"]),
]
# GeoNames' 19 tab-separated columns, rows written for this test.
DUMP_ROWS = [
    ["9000001", "Khirbat ‘Ammū", "Khirbat `Ammu", "Khirbet Ammu,Kherbet Ammo", "37.05", "41.33",
     "P", "PPL", "SY", "", "05", "", "", "", "0", "", "400", "Asia/Damascus", "2020-01-01"],
    ["9000002", "Nahr al Furāt", "Nahr al Furat", "Euphrates,Firat", "34.45", "40.92",
     "H", "STM", "SY", "", "", "", "", "", "0", "", "180", "Asia/Damascus", "2020-01-01"],
    ["173377", "Al Qāmishlī", "Al Qamishli", "Qamishlo,Kamishly", "37.05215", "41.23142",
     "P", "PPLA2", "SY", "", "05", "", "", "", "184231", "", "455", "Asia/Damascus", "2020-01-01"],
]


def write_dump(path: Path, rows: list[list[str]] = DUMP_ROWS) -> Path:
    text = "".join("\t".join(row) + "\n" for row in rows)
    if path.suffix == ".zip":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr(path.stem + ".txt", text)
            archive.writestr("readme.txt", "test dump")
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def index(tmp_path: Path) -> Path:
    return build_index(tmp_path / "index.sqlite3", PACKAGED, signature="test", progress=lambda _: None)


@pytest.mark.parametrize("name", ["SY.txt", "SY.zip"])
def test_import_adds_villages_and_features(index: Path, tmp_path: Path, name: str) -> None:
    dump = write_dump(tmp_path / name)
    assert import_dump(index, dump, progress=lambda _: None) == 2
    gaz = Gazetteer(index)
    assert [c.name for c in gaz.lookup("Khirbet Ammu")] == ["Khirbat ‘Ammū"]
    assert gaz.lookup("Euphrates")[0].kind == "feature"


def test_known_geonameid_gains_names_not_a_duplicate(index: Path, tmp_path: Path) -> None:
    import_dump(index, write_dump(tmp_path / "SY.txt"), progress=lambda _: None)
    gaz = Gazetteer(index)
    assert [c.geonameid for c in gaz.lookup("Qamishlo")] == [173377]
    assert len(gaz) == 3  # Qamishli + Khirbet Ammu + Euphrates


def test_reimport_replaces_the_earlier_import(index: Path, tmp_path: Path) -> None:
    dump = write_dump(tmp_path / "SY.txt")
    import_dump(index, dump, progress=lambda _: None)
    write_dump(dump, DUMP_ROWS[1:])  # the village is gone from the new file
    import_dump(index, dump, progress=lambda _: None)
    gaz = Gazetteer(index)
    assert gaz.lookup("Khirbet Ammu") == [] and len(gaz) == 2


def test_bad_line_leaves_the_index_unchanged(index: Path, tmp_path: Path) -> None:
    rows = [DUMP_ROWS[0], DUMP_ROWS[1][:5] + ["not-a-longitude"] + DUMP_ROWS[1][6:]]
    dump = write_dump(tmp_path / "SY.txt", rows)
    with pytest.raises(GazetteerDataError, match=r"SY\.txt.*line 2"):
        import_dump(index, dump, progress=lambda _: None)
    assert len(Gazetteer(index)) == 1


def test_rebuild_imports_remembered_dumps_again(index: Path, tmp_path: Path) -> None:
    import_dump(index, write_dump(tmp_path / "SY.txt"), progress=lambda _: None)
    build_index(index, PACKAGED, signature="test 2", progress=lambda _: None)
    assert Gazetteer(index).lookup("Khirbet Ammu")


def test_cli_import(tmp_path: Path, index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gazetteer.indexing.cli as cli

    monkeypatch.setattr(cli, "index_is_current", lambda path: True)  # the tiny test index
    dump = write_dump(tmp_path / "SY.zip")
    assert gazetteer_main(["--index", str(index), "import", str(dump)]) == 0
    assert Gazetteer(index).lookup("Khirbet Ammu")
    assert gazetteer_main(["--index", str(index), "import", str(tmp_path / "nope.zip")]) == 2


def test_a_build_started_during_another_build_leaves_both_whole(tmp_path: Path) -> None:
    # Two processes building on a first run (the app and the command line):
    # the second build runs while the first is still reading its records.
    path = tmp_path / "index.sqlite3"

    def records_with_a_second_build():
        build_index(path, PACKAGED, signature="second", progress=lambda _: None)
        yield from PACKAGED

    build_index(path, records_with_a_second_build(), signature="first", progress=lambda _: None)
    assert [c.name for c in Gazetteer(path).lookup("Qamishli")] == ["Al Qāmishlī"]
    assert list(tmp_path.glob("*.partial")) == []
