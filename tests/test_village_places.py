"""The corrections panel's "Add village-level places for ..." (GeoNames country files): the
countries offered, the download and import with progress, and what the page shows."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import gazetteer.download as download
from gazetteer import Candidate, Gazetteer, build_index
from gazetteer.errors import DumpFileError, DumpUnreachableError
from geo_events.dashboard import VillageImport, add_village_places, download_command, village_countries

from conftest import REPO
from fake_geonames import FILES, closed_port, dump_zip, serve, village

NAMES = {"SY": "Syria", "IQ": "Iraq", "TR": "Turkey"}


def test_countries_of_the_resolved_places_most_rows_first() -> None:
    table = pd.DataFrame({"country_code": ["IQ", "SY", "SY", None, "", "TR", "IQ", "SY", "XYZ"]})
    assert list(village_countries(table, NAMES).items()) == [("SY", "Syria"), ("IQ", "Iraq"), ("TR", "Turkey")]
    assert village_countries(pd.DataFrame({"country_code": ["ZZ"]}), NAMES) == {"ZZ": "ZZ"}


@pytest.mark.parametrize("table", [pd.DataFrame(), pd.DataFrame({"country_code": []}),
                                   pd.DataFrame({"country_code": [None, None]}),
                                   pd.DataFrame({"location": ["Raqqa"]})])
def test_no_resolved_places_no_countries(table: pd.DataFrame) -> None:
    assert village_countries(table, NAMES) == {}


def test_download_command() -> None:
    assert download_command(["SY"]) == "python -m gazetteer download SY"


@pytest.fixture()
def index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A tiny index, taken as current (the real one would be built otherwise)."""
    monkeypatch.setattr(download, "index_is_current", lambda path: True)
    packaged = [(Candidate("Raqqa", 35.95, 39.01, "city", "SY", "04", 200_000, None, "test"), ["Raqqa"])]
    return build_index(tmp_path / "index.sqlite3", packaged, signature="test", progress=lambda _: None)


def fake_download(folder: Path, *, fails: dict[str, Exception] | None = None):
    """Writes the test file of a country where a download would (once), reporting its bytes;
    the countries in ``fails`` raise their error instead."""
    def fetch(code: str, *, on_bytes=None, **options) -> Path:
        if fails and code in fails:
            raise fails[code]
        data = FILES[code] if code in FILES else dump_zip(code, [village(9_300_003, "Karkamis Koyu", 36.83,
                                                                          38.0, code)], filler_rows=0)
        path = folder / f"{code}.zip"
        if path.is_file():  # stored once, as download_dump does
            return path
        path.write_bytes(data)
        if on_bytes is not None:
            on_bytes(len(data), len(data))
        return path
    return fetch


def test_each_country_is_downloaded_and_imported_with_progress(index: Path, tmp_path: Path) -> None:
    heard: list[tuple[float, str]] = []
    done = add_village_places(["SY", "IQ"], country_names=NAMES, index=index, download=fake_download(tmp_path),
                              on_progress=lambda share, text: heard.append((share, text)))
    assert done == [VillageImport("SY", "Syria", places_added=31), VillageImport("IQ", "Iraq", places_added=31)]
    assert Gazetteer(index).lookup("Khirbat Zaytuna") and Gazetteer(index).lookup("Tall Qasab")
    shares = [share for share, _ in heard]
    assert shares == sorted(shares) and shares[-1] == 1.0 and 0 < shares[1] < 0.5
    assert any(text.startswith("Iraq: ") and "MB downloaded" in text for _, text in heard)
    assert done[0].message == "Syria: 31 villages and other places added to the gazetteer."


def test_a_country_already_added_is_said_so(index: Path, tmp_path: Path) -> None:
    add_village_places(["SY"], index=index, download=fake_download(tmp_path))
    (again,) = add_village_places(["SY"], country_names=NAMES, index=index, download=fake_download(tmp_path))
    assert again.places_added is None and "already" in again.message


def test_offline_and_bad_files_are_reported_and_the_rest_added(index: Path, tmp_path: Path) -> None:
    fails = {"SY": DumpUnreachableError("cannot reach the server for the Syria (SY) file http://x/SY.zip"),
             "IQ": DumpFileError("the Iraq (IQ) file from http://x/IQ.zip is not a zip")}
    done = add_village_places(["SY", "IQ", "TR"], country_names=NAMES, index=index,
                              download=fake_download(tmp_path, fails=fails))
    assert [(d.code, d.offline, d.error is None) for d in done] == [("SY", True, False), ("IQ", False, False),
                                                                    ("TR", False, True)]
    assert "offline" in done[0].message and "http://x/SY.zip" in done[0].message
    assert "not a zip" in done[1].message
    assert Gazetteer(index).lookup("Karkamis Koyu")


def test_an_unknown_code_is_reported(index: Path, tmp_path: Path) -> None:
    (done,) = add_village_places(["XX"], index=index, download=fake_download(tmp_path))
    assert "unknown country code 'XX'" in done.message and not done.offline


# -- the page ---------------------------------------------------------------------------

@pytest.fixture()
def page_index(gazetteer: Gazetteer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The page on a copy of the index, files kept in a data folder of the test's own; the
    page's cached gazetteer is dropped before and after."""
    import streamlit as st

    copy = tmp_path / "gazetteer.sqlite3"
    shutil.copyfile(gazetteer.path, copy)
    monkeypatch.setenv("GEO_EVENTS_GAZETTEER", str(copy))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("GEO_EVENTS_STORE", str(tmp_path / "events.sqlite3"))
    monkeypatch.setenv("GEO_EVENTS_TILES", "none")
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(download._Fetch, "_sleep", staticmethod(lambda seconds: None))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield copy
    st.cache_resource.clear()
    st.cache_data.clear()


def metric(at: AppTest, label: str) -> int:
    return int(next(m.value for m in at.metric if m.label == label))


def test_the_page_adds_villages_and_says_how_when_offline(page_index: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text(" date 2020-01-01 Clashes erupted in Raqqa and in Khirbat Zaytuna.",
                                    encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["app.py", str(articles)])
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=180)
    at.run()
    assert not at.exception, at.exception
    assert metric(at, "Places on the map") == 1  # the village is not known yet
    assert at.multiselect(key="village_countries").options == ["Syria"]  # Raqqa's
    at.multiselect(key="village_countries").set_value(["SY"]).run()

    monkeypatch.setenv(download.BASE_URL_SETTING, f"http://127.0.0.1:{closed_port()}/")
    at.button(key="village_add").click().run()
    assert not at.exception, at.exception
    assert any("offline" in e.value and "Syria" in e.value for e in at.error)
    assert [c.value for c in at.code] == ["python -m gazetteer download SY"]

    with serve() as server:
        monkeypatch.setenv(download.BASE_URL_SETTING, f"{server.url}/good/")
        at.multiselect(key="village_countries").set_value(["SY"]).run()
        at.button(key="village_add").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == ["Syria\\: 31 villages and other places added to the gazetteer\\."]
    assert not at.code and not at.error
    assert (tmp_path / "data" / "geo-events" / "geonames" / "SY.zip").read_bytes() == FILES["SY"]
    # the page read the articles again with the new gazetteer: the village is on the map
    assert metric(at, "Places on the map") == 2
