"""Ask a Nominatim server for names the offline gazetteer lacks.

    >>> from gazetteer.geocoders.nominatim import FallbackGeocoder
    >>> FallbackGeocoder.from_settings(domain="") is None     # off unless configured
    True
    >>> geocoder = FallbackGeocoder.from_settings(domain="nominatim.example.org")  # doctest: +SKIP
    >>> geocoder.geocode("Tall Abyad", country_codes=["SY"]).country_code  # doctest: +SKIP
    'SY'

The service is off unless a domain is given, or ``GEO_EVENTS_GEOCODER_DOMAIN``
is set (``GEO_EVENTS_GEOCODER_SCHEME`` picks ``http`` for a self-hosted server;
the default is ``https``). Requests go through geopy's ``RateLimiter`` (at most
one per ``min_delay_seconds``, default 1 s, as Nominatim's usage policy asks)
and carry their own ``user_agent``. Every answer, including a definite "no such
place", is kept in an SQLite cache (:mod:`gazetteer.geocoders.cache`), so each
name is asked once, ever; timeouts, HTTP 429/5xx and malformed replies are
logged and return ``None`` without being cached, so a later run asks again.
Nothing here raises for a service problem.
"""

from __future__ import annotations

import logging
import math
import os
import threading
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from geopy.adapters import URLLibAdapter
from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim

from ..candidate import Candidate, Kind
from ..errors import GazetteerSettingError
from .cache import AnswerCache, default_geocoder_cache_path

__all__ = ["FallbackGeocoder", "DEFAULT_USER_AGENT", "DOMAIN_ENV", "SCHEME_ENV"]

log = logging.getLogger(__name__)

DEFAULT_USER_AGENT = "geo-events/0.1 (offline news-event mapper)"
#: Environment variables read by :meth:`FallbackGeocoder.from_settings`.
DOMAIN_ENV = "GEO_EVENTS_GEOCODER_DOMAIN"
SCHEME_ENV = "GEO_EVENTS_GEOCODER_SCHEME"

_CITY_TYPES = frozenset({"city", "town", "village", "hamlet"})
_ADMIN1_TYPES = frozenset({"state", "province"})
#: Errors of a reply whose body is not what Nominatim sends (geopy lets these through).
_MALFORMED = (ValueError, KeyError, TypeError, AttributeError, IndexError)


class FallbackGeocoder:
    """``geocode(name) -> Candidate | None``; never raises for service problems.

    ``geocoder`` is a ready-made :class:`geopy.geocoders.Nominatim` (or a
    subclass: the call uses Nominatim's ``addressdetails`` and
    ``country_codes``); give it ``adapter_factory=URLLibAdapter`` (as
    :meth:`from_settings` does), since the requests adapter retries behind the
    rate limiter's back. Thread-safe, so one instance can serve every Streamlit
    session; a name is asked once even when two sessions want it together.

    ``rate_limiter`` is the geopy ``RateLimiter`` every request goes through;
    tests replace its ``_clock`` and ``_sleep`` methods as geopy's own do.
    """

    def __init__(self, geocoder: Nominatim, *, cache_path: Path,
                 min_delay_seconds: float = 1.0, timeout_seconds: float = 10.0,
                 language: str = "en", close_geocoder: bool = False) -> None:
        for option, value in (("min_delay_seconds", min_delay_seconds),
                              ("timeout_seconds", timeout_seconds)):
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise TypeError(f"{option} must be a number, got {value!r} "
                                f"of type {type(value).__name__}")
            least = "> 0" if option == "timeout_seconds" else ">= 0"
            if not math.isfinite(value) or value < 0 or (least == "> 0" and not value):
                raise GazetteerSettingError(f"{option} must be finite and {least}, got {value!r}")
        self.geocoder = geocoder
        self.cache_path = Path(cache_path)
        self.timeout_seconds = float(timeout_seconds)
        self.language = language
        self.source = f"geocoder:{getattr(geocoder, 'domain', type(geocoder).__name__)}"
        self.rate_limiter = RateLimiter(
            geocoder.geocode, min_delay_seconds=min_delay_seconds, max_retries=0,
            error_wait_seconds=min_delay_seconds, swallow_exceptions=False)
        self._close_geocoder = close_geocoder
        self._request_lock = threading.Lock()  # one cache-miss request at a time
        self._cache = AnswerCache(self.cache_path)

    @classmethod
    def from_settings(cls, *, domain: str | None = None, scheme: str | None = None,
                      user_agent: str = DEFAULT_USER_AGENT, cache_path: Path | None = None,
                      min_delay_seconds: float = 1.0, timeout_seconds: float = 10.0,
                      language: str = "en") -> FallbackGeocoder | None:
        """A Nominatim fallback, or ``None`` (off) when no domain is configured.

        ``domain`` (host, optionally ``host:port``) defaults to
        ``GEO_EVENTS_GEOCODER_DOMAIN``; an empty value means off. ``scheme``
        defaults to ``GEO_EVENTS_GEOCODER_SCHEME``, else ``"https"``.
        ``cache_path`` defaults to :func:`default_geocoder_cache_path`.
        """
        domain = os.environ.get(DOMAIN_ENV, "") if domain is None else domain
        domain = domain.strip().strip("/")
        if not domain:
            log.debug("fallback geocoder off: no domain given and %s is not set", DOMAIN_ENV)
            return None
        scheme = (os.environ.get(SCHEME_ENV) or "https") if scheme is None else scheme
        scheme = scheme.strip().lower()
        if scheme not in ("http", "https"):
            raise GazetteerSettingError(f"scheme must be 'http' or 'https' ({SCHEME_ENV}), got {scheme!r}")
        if not user_agent or not user_agent.strip():
            raise GazetteerSettingError(f"user_agent must name this application, got {user_agent!r}")
        # urllib, not requests: geopy's RequestsAdapter retries inside urllib3, past the
        # rate limiter, and sleeps out a 429's Retry-After (minutes) in the page's thread.
        geocoder = Nominatim(domain=domain, scheme=scheme, user_agent=user_agent,
                             timeout=timeout_seconds, adapter_factory=URLLibAdapter)
        cache_path = cache_path if cache_path is not None else default_geocoder_cache_path()
        return cls(geocoder, cache_path=cache_path, min_delay_seconds=min_delay_seconds,
                   timeout_seconds=timeout_seconds, language=language, close_geocoder=True)

    def geocode(self, name: str, *, country_codes: Sequence[str] = ()) -> Candidate | None:
        """The service's best place for ``name``, or ``None`` (none, or the service failed).

        ``country_codes`` (ISO 3166 alpha-2, any case) limits the search.
        A failure is logged with its reason and asked again on the next call.
        """
        if not isinstance(name, str):
            raise TypeError(f"name must be a str, got {name!r} of type {type(name).__name__}")
        query = " ".join(unicodedata.normalize("NFC", name).split())
        if not query:
            return None
        codes = _country_codes(country_codes)
        # Keyed by server too: answers from one server are not reused for another.
        key = (f"{self.source} {query.casefold()}", ",".join(codes))
        cached = self._cache.read(key, default_source=self.source)
        if cached is not None:
            return cached[1]
        with self._request_lock:
            cached = self._cache.read(key, default_source=self.source)  # another session may have asked meanwhile
            if cached is not None:
                return cached[1]
            return self._ask(query, codes, key)

    def close(self) -> None:
        """Close the cache (and the HTTP session, when :meth:`from_settings` made it)."""
        self._cache.close()
        if self._close_geocoder:
            self.geocoder.__exit__(None, None, None)

    def __enter__(self) -> FallbackGeocoder:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def _ask(self, query: str, codes: tuple[str, ...], key: tuple[str, str]) -> Candidate | None:
        try:
            location = self.rate_limiter(
                query, exactly_one=True, addressdetails=True, language=self.language,
                country_codes=[c.lower() for c in codes] or None, timeout=self.timeout_seconds)
        except GeopyError as err:  # timeouts, 429, 5xx, refused connections, unparsable JSON
            message = _brief(err)
            status = getattr(err.__cause__, "status_code", None)
            if status and str(status) not in message:
                message += f"; HTTP {status}"
            if getattr(err, "retry_after", None):
                message += f"; retry after {err.retry_after} s"
            log.warning("geocoder: %r unresolved, %s from %s: %s (not cached, asked again "
                        "later)", query, type(err).__name__, self.source, message)
            return None
        except _MALFORMED as err:  # geopy's own parsing tripped over the reply
            log.warning("geocoder: %r unresolved, malformed reply from %s (%s: %s; not cached)",
                        query, self.source, type(err).__name__, _brief(err))
            return None
        if location is None:
            log.info("geocoder: %s knows no place called %r (cached)", self.source, query)
            self._cache.write(key, None, None)
            return None
        raw = getattr(location, "raw", None)
        try:
            candidate = _candidate(raw, query=query, source=self.source)
        except _MALFORMED as err:
            log.warning("geocoder: %r unresolved, malformed reply from %s (%s: %s; not cached)",
                        query, self.source, type(err).__name__, err)
            return None
        log.info("geocoder: %r -> %s %s (%.4f, %.4f) from %s", query, candidate.kind,
                 candidate.name, candidate.latitude, candidate.longitude, self.source)
        self._cache.write(key, candidate, raw)
        return candidate


def _brief(err: BaseException, *, max_chars: int = 200) -> str:
    """An error's message on one line, cut short (geopy quotes whole reply bodies)."""
    text = " ".join(str(err).split())
    return text if len(text) <= max_chars else text[:max_chars - 3] + "..."


def _country_codes(codes: Sequence[str]) -> tuple[str, ...]:
    if isinstance(codes, str):
        codes = [codes] if codes else []
    out = set()
    for code in codes:
        if not isinstance(code, str) or len(code.strip()) != 2 or not code.strip().isalpha():
            raise ValueError(f"country codes must be ISO 3166 alpha-2 like 'SY', got {code!r} "
                             f"of type {type(code).__name__}")
        out.add(code.strip().upper())
    return tuple(sorted(out))


def _candidate(raw: Any, *, query: str, source: str) -> Candidate:
    """A Nominatim ``format=json`` result as a Candidate; ValueError/TypeError when malformed."""
    if not isinstance(raw, Mapping):
        raise TypeError(f"a result must be a JSON object, got {type(raw).__name__}")
    latitude = _coordinate(raw, "lat", 90.0)
    longitude = _coordinate(raw, "lon", 180.0)
    address = raw.get("address")
    address = address if isinstance(address, Mapping) else {}
    code = address.get("country_code")
    code = code.upper() if isinstance(code, str) and len(code) == 2 and code.isalpha() else ""
    display = raw.get("display_name")
    name = raw.get("name")
    if not (isinstance(name, str) and name.strip()):
        name = display.split(",")[0] if isinstance(display, str) else ""
    return Candidate(name=name.strip() or query, latitude=latitude, longitude=longitude,
                     kind=_kind(raw, address), country_code=code, population=0,
                     geonameid=None, source=source)


def _coordinate(raw: Mapping[str, Any], field: str, limit: float) -> float:
    value = raw.get(field)
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError(f"{field} must be a number, got {value!r} of type {type(value).__name__}")
    number = float(value)  # ValueError for "abc"
    if not math.isfinite(number) or abs(number) > limit:
        raise ValueError(f"{field} must be within +/-{limit}, got {value!r}")
    return number


def _kind(raw: Mapping[str, Any], address: Mapping[str, Any]) -> Kind:
    """Nominatim's ``addresstype`` (4.x) or ``type``, as one of the gazetteer's kinds."""
    labels = {raw.get("addresstype"), raw.get("type")}
    if "country" in labels or _country_boundary(raw, address):
        return "country"
    if labels & _ADMIN1_TYPES:
        return "admin1"
    if labels & _CITY_TYPES and raw.get("class") in ("place", "boundary"):
        return "city"
    return "feature"


def _country_boundary(raw: Mapping[str, Any], address: Mapping[str, Any]) -> bool:
    # Older servers omit ``addresstype``: a country's boundary has no address above it.
    return (raw.get("class") == "boundary" and raw.get("type") == "administrative"
            and "addresstype" not in raw and "country" in address
            and set(address) <= {"country", "country_code"})
