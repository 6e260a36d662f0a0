"""The Nominatim fallback against a fake Nominatim on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from gazetteer import Candidate, GazetteerBuildError
from gazetteer.geocoders.nominatim import DEFAULT_USER_AGENT, DOMAIN_ENV, SCHEME_ENV, FallbackGeocoder

LOGGER = "gazetteer.geocoders.nominatim"

#: One result as Nominatim 4.x sends it for ``format=json&addressdetails=1``.
TALL_ABYAD: dict[str, Any] = {
    "place_id": 1234, "licence": "Data (c) OpenStreetMap contributors, ODbL 1.0.",
    "osm_type": "node", "osm_id": 254130880, "lat": "36.6973000", "lon": "38.9562000",
    "class": "place", "type": "town", "place_rank": 18, "importance": 0.4,
    "addresstype": "town", "name": "Tall Abyad",
    "display_name": "Tall Abyad, Tell Abyad Subdistrict, Raqqa Governorate, Syria",
    "address": {"town": "Tall Abyad", "state": "Raqqa Governorate", "country": "Syria",
                "country_code": "sy"},
    "boundingbox": ["36.6773000", "36.7173000", "38.9362000", "38.9762000"],
}


def result(**changes: Any) -> dict[str, Any]:
    """TALL_ABYAD with some fields changed (``None`` removes a field)."""
    out = {**TALL_ABYAD, **changes}
    return {k: v for k, v in out.items() if v is not None}


@dataclass
class Request:
    path: str
    params: dict[str, str]
    headers: dict[str, str]


@dataclass
class FakeNominatim:
    """What the handler answers, and every request it saw."""

    domain: str = ""
    status: int = 200
    body: Any = field(default_factory=lambda: [TALL_ABYAD])
    headers: dict[str, str] = field(default_factory=dict)
    hold: bool = False  # keep the request open until ``release`` is set
    release: threading.Event = field(default_factory=threading.Event)
    requests: list[Request] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, body: Any, *, status: int = 200, headers: dict[str, str] | None = None,
               hold: bool = False) -> None:
        self.status, self.body, self.headers, self.hold = status, body, headers or {}, hold

    @property
    def count(self) -> int:
        with self.lock:
            return len(self.requests)


class _Handler(BaseHTTPRequestHandler):
    server: Any

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        fake: FakeNominatim = self.server.fake
        url = urlsplit(self.path)
        with fake.lock:
            params = {k: v[-1] for k, v in parse_qs(url.query).items()}
            fake.requests.append(Request(url.path, params, dict(self.headers.items())))
            status, body, headers, hold = fake.status, fake.body, fake.headers, fake.hold
        if hold:
            fake.release.wait(timeout=30)
            return  # the client gave up long ago: close without an answer
        data = (body if isinstance(body, str) else json.dumps(body)).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass


@pytest.fixture(autouse=True)
def _no_settings_or_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (DOMAIN_ENV, SCHEME_ENV, "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY",
                 "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture()
def server() -> Iterator[FakeNominatim]:
    fake = FakeNominatim()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.fake = fake  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01},
                              name="fake-nominatim", daemon=True)
    thread.start()
    fake.domain = f"127.0.0.1:{httpd.server_address[1]}"
    yield fake
    fake.release.set()
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


class FakeClock:
    """Stands in for the rate limiter's clock; ``sleep`` records and jumps ahead."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture()
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture()
def cache_path(tmp_path: Path) -> Path:
    return tmp_path / "geocoder-cache.sqlite3"


@pytest.fixture()
def open_geocoder(server: FakeNominatim, cache_path: Path,
                  clock: FakeClock) -> Iterator[Any]:
    """``open_geocoder(**options)``: a FallbackGeocoder on the fake server and the fake clock."""
    opened: list[FallbackGeocoder] = []

    def _open(**options: Any) -> FallbackGeocoder:
        options = {"domain": server.domain, "scheme": "http", "cache_path": cache_path,
                   "timeout_seconds": 5.0, **options}
        geocoder = FallbackGeocoder.from_settings(**options)
        assert geocoder is not None
        geocoder.rate_limiter._clock = clock.clock  # type: ignore[method-assign]
        geocoder.rate_limiter._sleep = clock.sleep  # type: ignore[method-assign]
        opened.append(geocoder)
        return geocoder

    yield _open
    for geocoder in opened:
        geocoder.close()


@pytest.fixture()
def geocoder(open_geocoder: Any) -> FallbackGeocoder:
    return open_geocoder()


def test_a_found_place_becomes_a_candidate(geocoder: FallbackGeocoder,
                                           server: FakeNominatim) -> None:
    place = geocoder.geocode("Tall Abyad")
    assert place == Candidate(name="Tall Abyad", latitude=36.6973, longitude=38.9562, kind="city",
                              country_code="SY", population=0, geonameid=None,
                              source=f"geocoder:{server.domain}")


def test_the_request_is_nominatim_search_with_our_user_agent(
        open_geocoder: Any, server: FakeNominatim) -> None:
    open_geocoder().geocode("Tall Abyad", country_codes=["SY"])
    open_geocoder(user_agent="newsroom-map/2 (ops@example.org)").geocode("Raqqa")
    first, second = server.requests
    assert first.path == "/search"
    assert first.headers["User-Agent"] == DEFAULT_USER_AGENT
    assert second.headers["User-Agent"] == "newsroom-map/2 (ops@example.org)"
    assert first.params == {"q": "Tall Abyad", "format": "json", "limit": "1",
                            "addressdetails": "1", "accept-language": "en",
                            "countrycodes": "sy"}


def test_a_second_call_is_served_from_the_cache(geocoder: FallbackGeocoder,
                                                server: FakeNominatim) -> None:
    first = geocoder.geocode("Tall Abyad")
    assert geocoder.geocode("Tall Abyad") == first
    assert geocoder.geocode("  tall   ABYAD ") == first  # the key is normalised
    assert server.count == 1


def test_the_cache_persists_on_disk(open_geocoder: Any, server: FakeNominatim) -> None:
    first = open_geocoder().geocode("Tall Abyad")
    open_geocoder().close()
    server.answer("", status=503)  # a request now would fail: the answer must come from disk
    assert open_geocoder().geocode("Tall Abyad") == first
    assert server.count == 1


def test_no_result_is_cached_as_a_negative(open_geocoder: Any, server: FakeNominatim) -> None:
    server.answer([])
    assert open_geocoder().geocode("Atlantis") is None
    server.answer([TALL_ABYAD])  # would be a (wrong) hit if asked again
    assert open_geocoder().geocode("Atlantis") is None
    assert server.count == 1


def test_country_codes_are_part_of_the_cache_key(geocoder: FallbackGeocoder,
                                                 server: FakeNominatim) -> None:
    geocoder.geocode("Tall Abyad", country_codes=["SY"])
    geocoder.geocode("Tall Abyad", country_codes=["sy"])
    geocoder.geocode("Tall Abyad", country_codes=("SY", "IQ"))
    geocoder.geocode("Tall Abyad", country_codes=["iq", "sy"])
    assert server.count == 2
    assert [r.params["countrycodes"] for r in server.requests] == ["sy", "iq,sy"]


@pytest.mark.parametrize("codes", [["SYR"], ["S1"], [""], [None]])
def test_bad_country_codes_raise(geocoder: FallbackGeocoder, server: FakeNominatim,
                                 codes: list[Any]) -> None:
    with pytest.raises(ValueError, match="ISO 3166"):
        geocoder.geocode("Tall Abyad", country_codes=codes)
    assert server.count == 0


def test_an_empty_name_asks_nothing(geocoder: FallbackGeocoder, server: FakeNominatim) -> None:
    assert geocoder.geocode("   ") is None
    assert server.count == 0


FAILURES = [
    pytest.param(429, "", {"Retry-After": "30"}, ["GeocoderRateLimited", "429", "retry after 30"],
                 id="429"),
    pytest.param(503, "", {}, ["GeocoderTimedOut", "503"], id="503"),  # geopy's class for 503
    pytest.param(500, "oops", {}, ["GeocoderServiceError", "500"], id="500"),
    pytest.param(502, "", {}, ["GeocoderServiceError", "502"], id="502"),
    pytest.param(200, "not json", {}, ["GeocoderParseError"], id="not-json"),
    pytest.param(200, "<html>\n" + "busy " * 2000, {}, ["GeocoderParseError"], id="html-page"),
    pytest.param(200, [result(lat="abc")], {}, ["malformed reply", "'abc'"], id="lat-abc"),
    pytest.param(200, [result(lat=None)], {}, ["malformed reply", "lat"], id="lat-missing"),
    pytest.param(200, [result(lon="")], {}, ["malformed reply"], id="lon-empty"),
    pytest.param(200, [result(lat="95.0")], {}, ["malformed reply"], id="lat-95"),
    pytest.param(200, [result(lat=None, lon=None)], {}, ["malformed reply"], id="no-point"),
    pytest.param(200, '"a string"', {}, ["malformed reply"], id="json-string"),
    pytest.param(200, [42], {}, ["malformed reply"], id="json-number-item"),
    pytest.param(200, {"error": "Bad query"}, {}, ["GeocoderQueryError"], id="error-object"),
]


@pytest.mark.filterwarnings("ignore:Latitude normalization:UserWarning")
@pytest.mark.parametrize(("status", "body", "headers", "reasons"), FAILURES)
def test_a_service_failure_is_logged_and_asked_again(
        geocoder: FallbackGeocoder, server: FakeNominatim, caplog: pytest.LogCaptureFixture,
        status: int, body: Any, headers: dict[str, str], reasons: list[str]) -> None:
    server.answer(body, status=status, headers=headers)
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert geocoder.geocode("Tall Abyad") is None
    [record] = [r for r in caplog.records if r.name == LOGGER]
    message = record.getMessage()
    assert record.levelno == logging.WARNING
    assert "'Tall Abyad' unresolved" in message
    assert all(reason in message for reason in reasons), message
    assert "\n" not in message and len(message) < 400  # one line, even for a whole HTML page
    assert server.count == 1  # no hidden retries
    server.answer([TALL_ABYAD])
    assert geocoder.geocode("Tall Abyad") is not None  # not cached: asked again
    assert server.count == 2


def test_a_slow_server_times_out_and_is_asked_again(
        open_geocoder: Any, server: FakeNominatim, caplog: pytest.LogCaptureFixture) -> None:
    # The held request times out whatever the limit; 2 s leaves the second, answered at once,
    # room on a busy machine (at 0.3 s it once timed out too under CI's load).
    geocoder = open_geocoder(timeout_seconds=2.0)
    server.answer([TALL_ABYAD], hold=True)  # released by the fixture at teardown
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert geocoder.geocode("Tall Abyad") is None
    assert "GeocoderTimedOut" in caplog.text and "'Tall Abyad'" in caplog.text
    server.answer([TALL_ABYAD])
    assert geocoder.geocode("Tall Abyad") is not None
    assert server.count == 2


def test_a_refused_connection_is_logged_not_raised(
        open_geocoder: Any, server: FakeNominatim, caplog: pytest.LogCaptureFixture) -> None:
    with socket.socket() as closed:  # bound, never listening: connections are refused
        closed.bind(("127.0.0.1", 0))
        geocoder = open_geocoder(domain=f"127.0.0.1:{closed.getsockname()[1]}")
        with caplog.at_level(logging.WARNING, logger=LOGGER):
            assert geocoder.geocode("Tall Abyad") is None
    assert "GeocoderUnavailable" in caplog.text or "GeocoderServiceError" in caplog.text


def test_the_rate_limiter_waits_a_second_between_requests(
        geocoder: FallbackGeocoder, server: FakeNominatim, clock: FakeClock) -> None:
    geocoder.geocode("Tall Abyad")
    assert clock.sleeps == []  # the first request goes at once
    geocoder.geocode("Raqqa")
    assert clock.sleeps == [pytest.approx(1.0)]
    geocoder.geocode("Raqqa")  # a cache hit is not rate limited
    assert clock.sleeps == [pytest.approx(1.0)]
    clock.now += 5.0
    geocoder.geocode("Mosul")  # long after the last request: no wait
    assert clock.sleeps == [pytest.approx(1.0)]
    assert server.count == 3


def test_the_delay_is_configurable(open_geocoder: Any, clock: FakeClock) -> None:
    geocoder = open_geocoder(min_delay_seconds=2.5)
    geocoder.geocode("Tall Abyad")
    clock.now += 0.5
    geocoder.geocode("Raqqa")
    assert clock.sleeps == [pytest.approx(2.0)]


def test_the_cache_is_shared_between_threads(geocoder: FallbackGeocoder,
                                             server: FakeNominatim) -> None:
    first = geocoder.geocode("Tall Abyad")
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(geocoder.geocode, ["Tall Abyad"] * 8))
    assert answers == [first] * 8
    assert server.count == 1


KINDS = [
    pytest.param({"class": "boundary", "type": "administrative", "addresstype": "country",
                  "name": "Syria", "address": {"country": "Syria", "country_code": "sy"}},
                 "country", id="country-4x"),
    pytest.param({"class": "boundary", "type": "administrative", "addresstype": None,
                  "name": "Syria", "address": {"country": "Syria", "country_code": "sy"}},
                 "country", id="country-old-server"),
    pytest.param({"class": "place", "type": "country", "addresstype": None}, "country",
                 id="place-country"),
    pytest.param({"class": "boundary", "type": "administrative", "addresstype": "state"},
                 "admin1", id="state"),
    pytest.param({"class": "place", "type": "province", "addresstype": None}, "admin1",
                 id="province"),
    pytest.param({"class": "place", "type": "city", "addresstype": "city"}, "city", id="city"),
    pytest.param({"class": "place", "type": "village", "addresstype": "village"}, "city",
                 id="village"),
    pytest.param({"class": "place", "type": "hamlet", "addresstype": "hamlet"}, "city",
                 id="hamlet"),
    pytest.param({"class": "boundary", "type": "administrative", "addresstype": None},
                 "feature", id="unknown-boundary"),
    pytest.param({"class": "military", "type": "base", "addresstype": "military"}, "feature",
                 id="base"),
    pytest.param({"class": "waterway", "type": "river", "addresstype": "river"}, "feature",
                 id="river"),
]


@pytest.mark.parametrize(("changes", "kind"), KINDS)
def test_nominatim_types_map_to_kinds(geocoder: FallbackGeocoder, server: FakeNominatim,
                                      changes: dict[str, Any], kind: str) -> None:
    server.answer([result(**changes)])
    place = geocoder.geocode("Somewhere")
    assert place is not None and place.kind == kind


def test_the_name_falls_back_to_the_display_name(geocoder: FallbackGeocoder,
                                                 server: FakeNominatim) -> None:
    server.answer([result(name=None, address={"town": "Tall Abyad"})])
    place = geocoder.geocode("Tell Abiad")
    assert place is not None
    assert (place.name, place.country_code) == ("Tall Abyad", "")


def test_from_settings_is_off_unless_configured(cache_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    assert FallbackGeocoder.from_settings(cache_path=cache_path) is None
    monkeypatch.setenv(DOMAIN_ENV, "")
    assert FallbackGeocoder.from_settings(cache_path=cache_path) is None
    monkeypatch.setenv(DOMAIN_ENV, "nominatim.example.org")
    assert FallbackGeocoder.from_settings(domain="", cache_path=cache_path) is None
    assert not cache_path.exists()


def test_from_settings_reads_the_environment(server: FakeNominatim, cache_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DOMAIN_ENV, server.domain)
    monkeypatch.setenv(SCHEME_ENV, "http")
    with FallbackGeocoder.from_settings(cache_path=cache_path) as geocoder:
        place = geocoder.geocode("Tall Abyad")
    assert place is not None and place.source == f"geocoder:{server.domain}"
    assert server.count == 1 and cache_path.is_file()


def test_from_settings_defaults_to_https_and_rejects_other_schemes(cache_path: Path) -> None:
    with FallbackGeocoder.from_settings(domain="nominatim.example.org",
                                        cache_path=cache_path) as geocoder:
        assert geocoder.geocoder.api == "https://nominatim.example.org/search"
    with pytest.raises(ValueError, match="'ftp'"):
        FallbackGeocoder.from_settings(domain="nominatim.example.org", scheme="ftp",
                                       cache_path=cache_path)


@pytest.mark.parametrize(("options", "error"), [
    ({"min_delay_seconds": -1.0}, ValueError),
    ({"timeout_seconds": 0}, ValueError),
    ({"timeout_seconds": float("nan")}, ValueError),
    ({"timeout_seconds": "10"}, TypeError),
])
def test_bad_options_raise(cache_path: Path, options: dict[str, Any],
                           error: type[Exception]) -> None:
    with pytest.raises(error, match=next(iter(options))):
        FallbackGeocoder.from_settings(domain="nominatim.example.org", cache_path=cache_path,
                                       **options)


def test_an_unopenable_cache_is_a_build_error(tmp_path: Path) -> None:
    with pytest.raises(GazetteerBuildError, match="geocoder cache"):
        FallbackGeocoder.from_settings(domain="nominatim.example.org", cache_path=tmp_path)


@pytest.mark.parametrize("settings", [{"scheme": "ftp"}, {"user_agent": " "}])
def test_a_nonsense_setting_is_a_project_error_naming_it(settings: dict) -> None:
    from gazetteer import GazetteerSettingError
    from geo_events.errors import GeoEventsError

    with pytest.raises(GazetteerSettingError, match=next(iter(settings))) as caught:
        FallbackGeocoder.from_settings(domain="localhost:1", **settings)
    assert isinstance(caught.value, GeoEventsError) and isinstance(caught.value, ValueError)
