"""Downloading GeoNames country files (``python -m gazetteer download SY``) from a local fake
server: resuming, refusing what is not a dump, storing once, and importing into the index."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import gazetteer.download as download
from gazetteer import Candidate, Gazetteer, add_countries, build_index, download_dump
from gazetteer.download import country_codes, default_dump_dir, dump_url, geonames_base_url
from gazetteer.errors import (DumpDownloadError, DumpFileError, DumpHTTPError, DumpUnreachableError,
                              GazetteerSettingError)
from gazetteer.indexing.cli import main as gazetteer_main

from fake_geonames import FILES, HTML_PAGE, FakeGeoNames, closed_port, serve


@pytest.fixture()
def server() -> Iterator[FakeGeoNames]:
    with serve() as state:
        yield state


@pytest.fixture(autouse=True)
def _no_proxy_no_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fake server is local: no proxy in between; retries do not wait."""
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv(download.BASE_URL_SETTING, raising=False)
    monkeypatch.setattr(download._Fetch, "_sleep", staticmethod(lambda seconds: None))


def fetch(server: FakeGeoNames, behaviour: str, tmp_path: Path, code: str = "SY", **options) -> Path:
    return download_dump(code, base_url=f"{server.url}/{behaviour}/", dump_dir=tmp_path / "dumps",
                         **options)


def test_a_file_of_unknown_size_is_downloaded(server: FakeGeoNames, tmp_path: Path) -> None:
    seen: list[tuple[int, int | None]] = []
    path = fetch(server, "nolength", tmp_path, on_bytes=lambda got, total: seen.append((got, total)))
    assert path.read_bytes() == FILES["SY"] and seen[-1] == (len(FILES["SY"]), None)


def test_a_country_file_is_downloaded_and_stored(server: FakeGeoNames, tmp_path: Path) -> None:
    seen: list[tuple[int, int | None]] = []
    path = fetch(server, "good", tmp_path, on_bytes=lambda got, total: seen.append((got, total)))
    assert path == tmp_path / "dumps" / "SY.zip"
    assert path.read_bytes() == FILES["SY"]
    assert seen[-1] == (len(FILES["SY"]), len(FILES["SY"]))
    assert sorted(p.name for p in path.parent.iterdir()) == ["SY.zip"]  # no .part, no checking folder


def test_a_stored_file_is_not_fetched_again_unless_refreshed(server: FakeGeoNames, tmp_path: Path) -> None:
    fetch(server, "good", tmp_path)
    fetch(server, "good", tmp_path)
    assert len(server.asked("SY.zip")) == 1
    fetch(server, "good", tmp_path, refresh=True)
    assert len(server.asked("SY.zip")) == 2


def test_a_damaged_stored_file_is_fetched_again(server: FakeGeoNames, tmp_path: Path) -> None:
    path = fetch(server, "good", tmp_path)
    path.write_bytes(FILES["SY"][:-100])
    assert fetch(server, "good", tmp_path).read_bytes() == FILES["SY"]
    assert len(server.asked("SY.zip")) == 2


def test_a_dropped_connection_is_resumed_with_a_range_request(server: FakeGeoNames, tmp_path: Path) -> None:
    path = fetch(server, "drop", tmp_path)
    assert path.read_bytes() == FILES["SY"]
    assert server.asked("SY.zip") == [None, f"bytes={len(FILES['SY']) // 2}-"]


def test_a_part_left_by_an_earlier_run_is_resumed(server: FakeGeoNames, tmp_path: Path) -> None:
    (tmp_path / "dumps").mkdir()
    (tmp_path / "dumps" / "SY.zip.part").write_bytes(FILES["SY"][:1000])
    assert fetch(server, "good", tmp_path).read_bytes() == FILES["SY"]
    assert server.asked("SY.zip") == ["bytes=1000-"]


def test_a_server_that_ignores_range_is_read_from_the_start(server: FakeGeoNames, tmp_path: Path) -> None:
    (tmp_path / "dumps").mkdir()
    (tmp_path / "dumps" / "SY.zip.part").write_bytes(FILES["SY"][:1000])
    assert fetch(server, "norange", tmp_path).read_bytes() == FILES["SY"]  # not appended to the part
    assert server.asked("SY.zip") == ["bytes=1000-"]


def test_a_part_longer_than_the_file_starts_over(server: FakeGeoNames, tmp_path: Path) -> None:
    (tmp_path / "dumps").mkdir()
    (tmp_path / "dumps" / "SY.zip.part").write_bytes(b"x" * (len(FILES["SY"]) + 10))
    assert fetch(server, "good", tmp_path).read_bytes() == FILES["SY"]
    assert server.asked("SY.zip") == [f"bytes={len(FILES['SY']) + 10}-", None]


def test_a_server_announcing_more_bytes_than_it_sends_fails_and_keeps_the_part(
        server: FakeGeoNames, tmp_path: Path) -> None:
    with pytest.raises(DumpUnreachableError, match=r"Syria \(SY\).*/liar/SY\.zip.*announced") as caught:
        fetch(server, "liar", tmp_path, attempts=2)
    assert "resumes" in str(caught.value)
    assert not (tmp_path / "dumps" / "SY.zip").exists()
    assert (tmp_path / "dumps" / "SY.zip.part").stat().st_size == len(FILES["SY"])
    assert len(server.asked("SY.zip")) == 2


@pytest.mark.parametrize(("behaviour", "message"), [
    ("html", r"HTML page \(text/html\)"),
    ("htmlzip", r"not a zip \(an HTML page"),
    ("badrows", r"not a GeoNames dump.*line 1.*19"),
    ("nomember", r"no member 'SY\.txt'"),
])
def test_what_is_not_a_dump_is_refused_and_not_kept(server: FakeGeoNames, tmp_path: Path, behaviour: str,
                                                     message: str) -> None:
    with pytest.raises(DumpFileError, match=message) as caught:
        fetch(server, behaviour, tmp_path)
    assert f"{server.url}/{behaviour}/SY.zip" in str(caught.value) and "Syria (SY)" in str(caught.value)
    assert list((tmp_path / "dumps").iterdir()) == []  # nothing kept, nothing to resume from


def test_a_file_larger_than_allowed_is_refused_before_it_is_read(server: FakeGeoNames, tmp_path: Path) -> None:
    with pytest.raises(DumpFileError, match=r"1,073,741,824 bytes, more than the 1,000,000 allowed"):
        fetch(server, "big", tmp_path, max_bytes=1_000_000)
    with pytest.raises(DumpFileError, match=r"larger than the 1,000 bytes allowed"):
        fetch(server, "nolength", tmp_path, max_bytes=1_000)  # no size announced: counted
    assert list((tmp_path / "dumps").iterdir()) == []


def test_http_errors_name_the_status_country_and_url(server: FakeGeoNames, tmp_path: Path) -> None:
    with pytest.raises(DumpHTTPError, match=r"HTTP 404.*Iraq \(IQ\).*/missing/IQ\.zip") as caught:
        fetch(server, "missing", tmp_path, code="IQ")
    assert caught.value.status == 404


def test_an_unreachable_server_says_so(tmp_path: Path) -> None:
    port = closed_port()
    with pytest.raises(DumpUnreachableError, match=rf"cannot reach.*Syria \(SY\).*127\.0\.0\.1:{port}/SY\.zip"):
        download_dump("SY", base_url=f"http://127.0.0.1:{port}/", dump_dir=tmp_path)


def test_a_server_slower_than_the_timeout_is_unreachable(server: FakeGeoNames, tmp_path: Path) -> None:
    with pytest.raises(DumpUnreachableError, match=r"timed out"):
        fetch(server, "slow", tmp_path, timeout_seconds=0.2, attempts=1)


def test_the_base_url_comes_from_the_environment(server: FakeGeoNames, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(download.BASE_URL_SETTING, f"{server.url}/good")
    assert download_dump("SY", dump_dir=tmp_path).read_bytes() == FILES["SY"]
    assert dump_url("iq") == f"{server.url}/good/IQ.zip"


def test_the_default_server_and_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    assert dump_url("SY") == "https://download.geonames.org/export/dump/SY.zip"
    assert default_dump_dir().parts[-2:] == ("geo-events", "geonames")


@pytest.mark.parametrize(("url", "message"), [
    ("ftp://mirror.example/dump/", "http:// or https://"),
    ("file:///srv/geonames/", "http:// or https://"),
    ("mirror.example/dump", "http:// or https://"),
    ("https://", "names no server"),
    ("https://user:secret@mirror.example/dump/", "user name or password"),
    ("https://mirror.example/dump/?token=1", "without \\?query"),
    ("http://mirror.example:99999/", "not a URL"),
])
def test_bad_base_urls_are_refused(url: str, message: str) -> None:
    with pytest.raises(GazetteerSettingError, match=message) as caught:
        geonames_base_url(url)
    assert "secret" not in str(caught.value)


@given(st.text(max_size=60))
def test_any_base_url_is_a_http_folder_or_refused(text: str) -> None:
    try:
        url = geonames_base_url(text)
    except GazetteerSettingError:
        return
    assert url.startswith(("http://", "https://")) and url.endswith("/")
    assert "@" not in url.split("/")[2] and not any(ch.isspace() for ch in url)


@pytest.mark.parametrize(("values", "expected"), [
    (["SY", "IQ"], ["SY", "IQ"]), ([" sy ", "Iq", "SY"], ["SY", "IQ"]), (["XK"], ["XK"]), ([], []),
])
def test_country_codes_are_normalised(values: list[str], expected: list[str]) -> None:
    assert country_codes(values) == expected


@pytest.mark.parametrize(("values", "message"), [
    (["XX"], "unknown country code 'XX'"), (["SYR"], "'SYR'"), (["UK", "ZZ"], "codes 'UK', 'ZZ'"),
    (["iraq"], r"did you mean IQ, Iraq\?"), ([""], "''"), (["S Y"], "'S Y'"),
])
def test_unknown_country_codes_are_refused(values: list[str], message: str) -> None:
    with pytest.raises(GazetteerSettingError, match=message):
        country_codes(values)


def test_country_codes_refuse_a_bare_string() -> None:
    with pytest.raises(TypeError, match="list of codes"):
        country_codes("SY")


@given(st.text(max_size=5))
def test_any_country_code_is_known_or_refused(text: str) -> None:
    try:
        (code,) = country_codes([text])
    except GazetteerSettingError as err:
        assert repr(text) in str(err)
        return
    assert code == text.strip().upper() and len(code) == 2 and code.isalpha()


# -- the index --------------------------------------------------------------------------

PACKAGED = [(Candidate("Al Qāmishlī", 37.05215, 41.23142, "city", "SY", "05", 184_231, 173377, "test"),
             ["Al Qāmishlī", "Qamishli"])]


@pytest.fixture()
def index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A tiny index, taken as current (the real one would be built otherwise)."""
    monkeypatch.setattr(download, "index_is_current", lambda path: True)
    return build_index(tmp_path / "index.sqlite3", PACKAGED, signature="test", progress=lambda _: None)


def test_add_countries_downloads_and_imports_each(server: FakeGeoNames, tmp_path: Path, index: Path) -> None:
    done = add_countries(["sy", "IQ"], index=index, base_url=f"{server.url}/good/", dump_dir=tmp_path / "d",
                         progress=lambda _: None)
    assert [(d.code, d.downloaded, d.places_added) for d in done] == [("SY", True, 31), ("IQ", True, 31)]
    gaz = Gazetteer(index)
    assert gaz.lookup("Khirbat Zaytuna")[0].country_code == "SY"
    assert gaz.lookup("Tall Qasab Village")[0].country_code == "IQ"


def test_add_countries_again_neither_fetches_nor_imports(server: FakeGeoNames, tmp_path: Path,
                                                         index: Path) -> None:
    options = dict(index=index, base_url=f"{server.url}/good/", dump_dir=tmp_path / "d", progress=lambda _: None)
    add_countries(["SY"], **options)
    (again,) = add_countries(["SY"], **options)
    assert (again.downloaded, again.places_added) == (False, None)
    assert len(server.asked("SY.zip")) == 1 and len(Gazetteer(index)) == 1 + 31


def test_add_countries_checks_every_code_before_fetching(server: FakeGeoNames, tmp_path: Path,
                                                         index: Path) -> None:
    with pytest.raises(GazetteerSettingError, match="'XX'"):
        add_countries(["SY", "XX"], index=index, base_url=f"{server.url}/good/", dump_dir=tmp_path)
    assert server.requests == []


def test_cli_download_imports_and_reports_progress_on_stderr(server: FakeGeoNames, tmp_path: Path, index: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    code = gazetteer_main(["--index", str(index), "download", "SY", "IQ", "--base-url", f"{server.url}/good",
                           "--dump-dir", str(tmp_path / "d")])
    assert code == 0
    assert Gazetteer(index).lookup("Khirbat Zaytuna") and Gazetteer(index).lookup("Tall Qasab")
    captured = capsys.readouterr()
    assert "SY.zip" in captured.err and "IQ.zip" in captured.err and captured.out == ""  # tqdm's bars


def test_cli_download_bad_arguments_exit_2(server: FakeGeoNames, index: Path, tmp_path: Path,
                                           caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR)
    assert gazetteer_main(["--index", str(index), "download", "SY", "XX", "--base-url", server.url]) == 2
    assert gazetteer_main(["--index", str(index), "download", "SY", "--base-url", "ftp://x/"]) == 2
    assert gazetteer_main(["--index", str(index), "download", "SY", "--base-url", server.url,
                           "--dump-dir", str(tmp_path), "--timeout-seconds", "-1"]) == 2
    assert "'XX'" in caplog.text and "ftp://x/" in caplog.text and server.requests == []


def test_cli_download_offline_says_how_to_go_on(index: Path, tmp_path: Path,
                                                caplog: pytest.LogCaptureFixture) -> None:
    port = closed_port()
    caplog.set_level(logging.ERROR)
    assert gazetteer_main(["--index", str(index), "download", "SY", "--base-url", f"http://127.0.0.1:{port}/",
                           "--dump-dir", str(tmp_path), "--no-progress"]) == 1
    assert f"127.0.0.1:{port}/SY.zip" in caplog.text and "python -m gazetteer import SY.zip" in caplog.text


def test_cli_download_goes_on_after_a_failed_country(server: FakeGeoNames, tmp_path: Path, index: Path) -> None:
    files = dict(FILES)
    FILES["IQ"] = HTML_PAGE  # the Iraqi file is broken on this server
    try:
        code = gazetteer_main(["--index", str(index), "download", "IQ", "SY", "--base-url",
                               f"{server.url}/good", "--dump-dir", str(tmp_path / "d"), "--no-progress"])
    finally:
        FILES.update(files)
    assert code == 1
    assert Gazetteer(index).lookup("Khirbat Zaytuna") and not Gazetteer(index).lookup("Tall Qasab")


def test_errors_are_one_family() -> None:
    assert all(issubclass(kind, DumpDownloadError)
               for kind in (DumpUnreachableError, DumpHTTPError, DumpFileError))
    assert issubclass(DumpUnreachableError, ConnectionError) and issubclass(DumpFileError, ValueError)
