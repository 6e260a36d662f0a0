"""The on-disk gazetteer: an SQLite index from folded names to candidate places.

    >>> from gazetteer import Gazetteer
    >>> gaz = Gazetteer.open()            # builds the index on first use
    >>> [c.name for c in gaz.lookup("Deir al-Zour")][:1]
    ['Deir ez-Zor']

The index lives in the user's cache directory (``GEO_EVENTS_GAZETTEER`` or
``path=`` override it) and is rebuilt (see :mod:`gazetteer.indexing`) when the
packaged data or the index format changes. Lookups return every candidate,
corrections (:mod:`gazetteer.overrides`) first; ranking is the caller's job.
"""

from __future__ import annotations

import math

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from .candidate import Candidate, NameMatch
from .errors import GazetteerBuildError
from .folding import fold_name, fold_spelling
from .fuzzy import FuzzyIndex
from .indexing import MIN_KEY_CHARS, build_index, default_index_path, index_is_current
from .overrides import OverrideTable, default_override_paths

__all__ = ["Gazetteer"]

log = logging.getLogger(__name__)

_COLUMNS = ("name, latitude, longitude, kind, country_code, admin1, population, geonameid, source, "
            "names")

#: Matches kept for sharing between look-ups before the table starts again (about 200 bytes each).
_SHARED_MATCHES = 200_000
#: How near a district's centre a town must lie to be taken as in it (see :meth:`Gazetteer.nearest_admin2`).
ADMIN2_CENTRE_KM = 15.0


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
            # No mmap: mapped pages count in the process's memory (peak RSS geoparsing the
            # samples 200 MB with a 256 MB map, 175 MB without) for no measurable speed gain.
        except sqlite3.Error as err:
            raise GazetteerBuildError(f"cannot open the gazetteer index {self.path}: {err}") from err
        self._lock = threading.Lock()
        self._matches = lru_cache(maxsize=65_536)(self._query)
        #: ``(place id, spelled alike)`` -> its match, shared by every look-up that finds it.
        self._shared: dict[tuple[int, int], NameMatch] = {}
        self._countries: dict[str, Candidate] | None = None
        self._admin1_names: dict[tuple[str, str], str] | None = None
        self._codes = lru_cache(maxsize=4_096)(self._query_codes)
        self._admin2: dict[tuple[str, str], list[tuple[str, float, float]]] | None = None
        self._fuzzy = FuzzyIndex(self._db, self._lock)
        self._fuzzy_matches = lru_cache(maxsize=4_096)(self._fuzzy_query)

    @classmethod
    def open(cls, path: Path | None = None, *, override_paths: Iterable[Path] | None = None,
             progress: Callable[[str], None] | None = None) -> Gazetteer:
        """Open the index at ``path``, building or rebuilding it when needed.

        Corrections are read from ``override_paths`` (default: the curated
        ``gazetteer/overrides.csv``, then the user's file).
        """
        path = Path(path) if path is not None else default_index_path()
        if not index_is_current(path):
            build_index(path, progress=progress)
        paths = default_override_paths() if override_paths is None else override_paths
        return cls(path, overrides=OverrideTable.from_csv(paths))

    def lookup(self, name: str) -> list[Candidate]:
        """Every candidate whose name or alternate name folds like ``name``."""
        return [m.candidate for m in self.matches(name)]

    def matches(self, name: str, *, limit: int | None = None,
                countries: Iterable[str] | None = None) -> list[NameMatch]:
        """Like :meth:`lookup`, telling which candidates record this very spelling.

        Candidates spelled as written come first, then by population, so a
        caller that keeps only the first ``limit`` (default: all) never drops
        a recorded spelling for a populous namesake. Corrections come first
        and are not counted in ``limit``. ``countries`` (ISO 3166 alpha-2 codes;
        ``None``: every country) keeps the places in those countries only: the
        ``limit`` first of a name's villages in Syria, however many towns elsewhere
        outnumber them; a correction saved without a country is kept, whichever are asked.
        """
        if isinstance(countries, str):
            raise TypeError(f"countries must be a list of codes such as ['SY'], got {countries!r} of type str")
        key, spelling = fold_name(name), fold_spelling(name)
        codes = None if countries is None else tuple(sorted({c.upper() for c in countries}))
        corrected = [NameMatch(c, alike, override=True)
                     for c, alike in self.overrides.matches(key, spelling)
                     if codes is None or not c.country_code or c.country_code in codes]
        return corrected + list(self._matches(key, spelling, -1 if limit is None else limit, codes))

    def fuzzy_matches(self, name: str, *, countries: Iterable[str] | None = None, limit: int = 10,
                      min_score: float | None = None) -> list[NameMatch]:
        """Towns and villages whose names are spelled close to ``name`` (``spelled_alike`` False),
        best first; for a name :meth:`matches` finds nothing for (see :mod:`gazetteer.fuzzy`).

            gaz.fuzzy_matches("Alhasaka", countries=["SY", "IQ"])  # Al-Hasakah, Syria

        ``countries`` (ISO 3166 alpha-2 codes; ``None``: every country) keeps their places
        only; ``min_score`` (0-100) is the least similarity of the folded keys kept (default:
        :data:`gazetteer.fuzzy.FUZZY_MIN_SCORE`, or the stricter
        :data:`~gazetteer.fuzzy.FUZZY_MIN_SCORE_ANY_COUNTRY` without countries).
        """
        if isinstance(countries, str):
            raise TypeError(f"countries must be a list of codes such as ['SY'], got {countries!r} of type str")
        codes = None if countries is None else tuple(sorted({c.upper() for c in countries}))
        return list(self._fuzzy_matches(name, codes, limit, None if min_score is None else float(min_score)))

    def _fuzzy_query(self, name: str, codes: tuple[str, ...] | None, limit: int,
                     min_score: float | None) -> tuple[NameMatch, ...]:
        return tuple(found.match for found in self._fuzzy.matches(name, countries=codes, limit=limit,
                                                                  min_score=min_score))

    def known_keys(self, keys: Iterable[str]) -> set[str]:
        """The subset of folded ``keys`` that name at least one place."""
        wanted = sorted({k for k in keys if len(k) >= MIN_KEY_CHARS})
        found = set(wanted) & self.overrides.keys()
        with self._lock:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                marks = ",".join("?" * len(chunk))
                found.update(row[0] for row in self._db.execute(
                    f"SELECT DISTINCT key FROM names WHERE key IN ({marks})", chunk))
        return found

    def country(self, code: str) -> Candidate | None:
        """The country record for an ISO 3166 alpha-2 ``code`` (``None`` if unknown)."""
        return self._country_records().get(code)

    def code_regions(self, code: str) -> frozenset[tuple[str, str]]:
        """The regions ``(country_code, admin1)`` an ISO code may name ("ON", "US-TX"),
        as :func:`gazetteer.sources.admin1.code_regions` gives them, read from the index."""
        return self._codes(code.upper() if len(code) <= 7 else "")

    def _query_codes(self, code: str) -> frozenset[tuple[str, str]]:
        with self._lock:
            return frozenset(self._db.execute(
                "SELECT country_code, admin1 FROM codes WHERE code = ?", (code,)).fetchall())

    def admin1_name(self, country_code: str, admin1: str) -> str | None:
        """The name of first-level division ``admin1`` of ``country_code`` (``None`` if unknown)."""
        if self._admin1_names is None:
            with self._lock:
                rows = self._db.execute(
                    "SELECT country_code, admin1, name FROM places WHERE kind = 'admin1' "
                    "ORDER BY population ASC").fetchall()
            self._admin1_names = {(code, division): name for code, division, name in rows}
        return self._admin1_names.get((country_code, admin1))

    def nearest_admin2(self, country_code: str, admin1: str, latitude: float, longitude: float,
                       name: str = "") -> str | None:
        """The second-level division (district) of ``admin1`` a place named ``name`` at the
        point is in: the district named after it ("Manbij" is in "Manbij District": a town
        gives its district its name), else the one whose centre lies within
        :data:`ADMIN2_CENTRE_KM` (the index keeps districts' centres, not their outlines, and
        misses some districts: farther than that, a nearest centre names the wrong one too
        often), else ``None``. The districts are read once, in one scan; each look-up
        compares the province's few."""
        if self._admin2 is None:
            with self._lock:
                rows = self._db.execute("SELECT country_code, admin1, name, latitude, longitude FROM places "
                                        "WHERE kind = 'admin2'").fetchall()
            grouped: dict[tuple[str, str], list[tuple[str, float, float]]] = {}
            for code, division, district, lat, lon in rows:  # not `name`: that is the town asked about
                grouped.setdefault((code, division), []).append((district, lat, lon))
            self._admin2 = grouped
        districts = self._admin2.get((country_code, admin1))
        if not districts:
            return None
        key = fold_name(name) if name else ""
        if len(key) >= 4:
            named = [d for d in districts if fold_name(d[0]).startswith(key)]
            if named:
                return min(named, key=lambda d: len(d[0]))[0]
        scale = math.cos(math.radians(latitude)) ** 2  # a degree of longitude is shorter away from the equator
        nearest = min(districts, key=lambda d: (d[1] - latitude) ** 2 + scale * (d[2] - longitude) ** 2)
        squared_degrees = (nearest[1] - latitude) ** 2 + scale * (nearest[2] - longitude) ** 2
        return nearest[0] if squared_degrees <= (ADMIN2_CENTRE_KM / 111.2) ** 2 else None

    def populous_towns(self, *, min_population: int, max_population: int | None = None,
                       within: tuple[float, float, float, float] | None = None,
                       limit: int | None = None) -> list[Candidate]:
        """Every town (kind ``city``) of at least ``min_population`` people (and fewer than
        ``max_population``, ``None``: no limit), ``within`` ``(south, west, north, east)``
        degrees (``None``: anywhere), most populous first, the first ``limit`` (``None``: all).
        One scan of the index: 0.03-0.15 s.
        """
        clauses, values = ["kind = 'city'", "population >= ?"], [int(min_population)]
        if max_population is not None:
            clauses.append("population < ?")
            values.append(int(max_population))
        if within is not None:
            south, west, north, east = within
            clauses.append("latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ?")
            values += [south, north, west, east]
        with self._lock:
            rows = self._db.execute(f"SELECT {_COLUMNS} FROM places WHERE {' AND '.join(clauses)} "
                                    "ORDER BY population DESC, id LIMIT ?", (*values, -1 if limit is None else limit)
                                    ).fetchall()
        return list(map(Candidate.from_index_row, rows))

    def country_names(self) -> dict[str, str]:
        """ISO 3166 alpha-2 code -> country name, for every country in the index."""
        return {code: place.name for code, place in self._country_records().items()}

    def __len__(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM places").fetchone()[0]

    def close(self) -> None:
        self._db.close()

    def _country_records(self) -> dict[str, Candidate]:
        """Every country record by code (the most populous of a code), read once in one
        scan: ``places`` has no index on kind, so a query per code would scan it each time."""
        if self._countries is None:
            with self._lock:
                rows = self._db.execute(
                    f"SELECT {_COLUMNS} FROM places WHERE kind = 'country' "
                    "ORDER BY population ASC").fetchall()
            self._countries = {c.country_code: c for c in map(Candidate.from_index_row, rows)}
        return self._countries

    def _query(self, key: str, spelling: str, limit: int,
               codes: tuple[str, ...] | None = None) -> tuple[NameMatch, ...]:
        within = "" if codes is None else f"WHERE places.country_code IN ({','.join('?' * len(codes))}) "
        with self._lock:
            rows = self._db.execute(
                f"SELECT places.id, {_COLUMNS}, found.alike FROM (SELECT place_id, MAX(spelling = ?) AS alike "
                "FROM names WHERE key = ? GROUP BY place_id) AS found "
                f"JOIN places ON places.id = found.place_id {within}"
                "ORDER BY found.alike DESC, places.population DESC, places.id LIMIT ?",
                (spelling, key, *(codes or ()), limit)).fetchall()
            return tuple(map(self._shared_match, rows))

    def _shared_match(self, row: tuple) -> NameMatch:
        """The match of an ``(id, columns..., alike)`` row, made once and shared by every look-up
        that finds the same place alike spelled (a world city is found under many keys and
        limits): half the objects a cache of look-ups holds, which the collector walks."""
        key = (row[0], row[-1])
        match = self._shared.get(key)
        if match is None:
            if len(self._shared) >= _SHARED_MATCHES:
                self._shared.clear()
            match = self._shared[key] = NameMatch(Candidate.from_index_row(row[1:-1]), bool(row[-1]))
        return match

