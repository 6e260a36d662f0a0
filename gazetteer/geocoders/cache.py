"""The geocoder's answers on disk (SQLite), so each name is asked of the service once, ever.

    >>> import tempfile
    >>> from pathlib import Path
    >>> from gazetteer import Candidate
    >>> from gazetteer.geocoders.cache import AnswerCache
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     cache = AnswerCache(Path(tmp) / "cache.sqlite3")
    ...     cache.write(("geocoder:example.org atlantis", ""), None, None)
    ...     cache.read(("geocoder:example.org atlantis", ""), default_source="geocoder")
    ...     cache.close()
    (False, None)

A definite "no such place" is kept as ``(False, None)``; a place as
``(True, Candidate)``. A cache of another :data:`CACHE_FORMAT` is emptied, not
misread; a read or write that fails is logged and treated as a miss.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import platformdirs

from ..candidate import Candidate
from ..errors import GazetteerBuildError

__all__ = ["AnswerCache", "Cached", "default_geocoder_cache_path", "CACHE_FORMAT"]

log = logging.getLogger(__name__)

#: Bump when the cache table changes: an older cache is emptied, not misread.
CACHE_FORMAT = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    query TEXT NOT NULL, country_codes TEXT NOT NULL, found INTEGER NOT NULL,
    name TEXT, latitude REAL, longitude REAL, kind TEXT, country_code TEXT, source TEXT,
    raw TEXT, asked_at REAL NOT NULL,
    PRIMARY KEY (query, country_codes));
"""

#: A cached lookup: (found, candidate). ``(True, None)`` never occurs.
Cached = tuple[bool, Candidate | None]


def default_geocoder_cache_path() -> Path:
    """The cache file in the user's cache directory, beside the gazetteer index."""
    return Path(platformdirs.user_cache_dir("geo-events")) / "geocoder-cache.sqlite3"


class AnswerCache:
    """``AnswerCache(path)``: answers keyed by ``(query, country_codes)``; thread-safe.

    Opening creates the file (and its directory); a file that cannot be opened
    raises :class:`~gazetteer.errors.GazetteerBuildError`.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()  # guards the SQLite connection
        self._db = _open_cache(self.path)

    def read(self, key: tuple[str, str], *, default_source: str) -> Cached | None:
        """The cached answer for ``key``, or ``None`` when there is none (or it is unreadable)."""
        try:
            with self._lock:
                row = self._db.execute(
                    "SELECT found, name, latitude, longitude, kind, country_code, source "
                    "FROM answers WHERE query = ? AND country_codes = ?", key).fetchone()
        except sqlite3.Error as err:
            log.warning("geocoder cache %s unreadable (%s: %s); asking the service",
                        self.path, type(err).__name__, err)
            return None
        if row is None:
            return None
        if not row[0]:
            return (False, None)
        try:
            return (True, Candidate(name=row[1], latitude=row[2], longitude=row[3], kind=row[4],
                                    country_code=row[5] or "", source=row[6] or default_source))
        except (TypeError, ValueError) as err:
            log.warning("geocoder cache %s: bad row for %r (%s); asking the service again",
                        self.path, key[0], err)
            return None

    def write(self, key: tuple[str, str], candidate: Candidate | None, raw: Any) -> None:
        """Keep ``candidate`` (``None``: no such place) and the service's ``raw`` reply."""
        values: tuple[Any, ...] = (None,) * 7
        if candidate is not None:
            values = (candidate.name, candidate.latitude, candidate.longitude, candidate.kind,
                      candidate.country_code, candidate.source, json.dumps(raw, default=str))
        try:
            with self._lock, self._db:
                self._db.execute("INSERT OR REPLACE INTO answers VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                                 (*key, candidate is not None, *values, time.time()))
        except sqlite3.Error as err:
            log.warning("geocoder cache %s not written for %r (%s: %s)",
                        self.path, key[0], type(err).__name__, err)

    def close(self) -> None:
        """Close the file."""
        with self._lock:
            self._db.close()


def _open_cache(path: Path) -> sqlite3.Connection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, check_same_thread=False, timeout=5.0)
        version = db.execute("PRAGMA user_version").fetchone()[0]
        with db:
            if version != CACHE_FORMAT:
                if version:
                    log.info("geocoder cache %s has format %s, not %s: emptied",
                             path, version, CACHE_FORMAT)
                db.execute("DROP TABLE IF EXISTS answers")
                db.execute(f"PRAGMA user_version = {CACHE_FORMAT}")
            db.executescript(_SCHEMA)
    except (OSError, sqlite3.Error) as err:
        raise GazetteerBuildError(f"cannot open the geocoder cache {path}: {err}") from err
    return db
