"""Corrections: places and aliases from CSV files that win over packaged data.

    >>> from pathlib import Path
    >>> table = OverrideTable.from_csv([Path("gazetteer/overrides.csv")])
    >>> [c.name for c in table.lookup("At Tanf")]
    ['Al-Tanf']

A file has the columns ``name, aliases, latitude, longitude, kind, country``
(aliases separated by ``;``; kind one of country/admin1/city/region/feature;
country an ISO 3166 alpha-2 code). Two layers are read: the curated
``gazetteer/overrides.csv`` in the repository and the user's own file
(``GEO_EVENTS_OVERRIDES``, default in the user data directory), which the
dashboard writes to. Later files win over earlier ones for the same name.
The table lives in memory (these files are small), so a correction takes
effect without rebuilding the index.
"""

from __future__ import annotations

import csv
import logging
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from .candidate import KINDS, Candidate
from .errors import GazetteerDataError
from .folding import fold_name, fold_spelling

__all__ = ["OverrideTable", "OverrideEntry", "parse_place_row", "append_override", "default_override_paths",
           "CURATED_OVERRIDES", "OVERRIDE_COLUMNS", "user_overrides_path"]

log = logging.getLogger(__name__)

CURATED_OVERRIDES = Path(__file__).parent / "overrides.csv"
OVERRIDE_COLUMNS = ("name", "aliases", "latitude", "longitude", "kind", "country")


def user_overrides_path() -> Path:
    """The user's corrections file (``GEO_EVENTS_OVERRIDES`` overrides the default)."""
    override = os.environ.get("GEO_EVENTS_OVERRIDES")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir("geo-events")) / "overrides.csv"


def default_override_paths() -> list[Path]:
    """The curated file, then the user's file: the user's entries win."""
    return [CURATED_OVERRIDES, user_overrides_path()]


@dataclass(frozen=True, slots=True)
class OverrideEntry:
    """One corrected place and every name that should find it."""

    candidate: Candidate
    names: tuple[str, ...]


def parse_place_row(row: dict[str, str], *, path: Path, line: int,
                    source: str | None = None) -> OverrideEntry:
    """Validate one ``name, aliases, latitude, longitude, kind, country`` row; errors name file and line."""
    where = f"{path} line {line}"
    missing = [c for c in OVERRIDE_COLUMNS if c not in row or row[c] is None]
    if missing:
        raise GazetteerDataError(f"{where}: missing column(s) {', '.join(missing)}")
    name = row["name"].strip()
    if not name:
        raise GazetteerDataError(f"{where}: empty name")
    try:
        latitude, longitude = float(row["latitude"]), float(row["longitude"])
    except ValueError as err:
        raise GazetteerDataError(
            f"{where}: latitude/longitude must be numbers, got {row['latitude']!r}, {row['longitude']!r}"
        ) from err
    kind = (row["kind"] or "city").strip().lower()
    if kind not in KINDS:
        raise GazetteerDataError(f"{where}: kind must be one of {', '.join(KINDS)}, got {kind!r}")
    try:
        candidate = Candidate(name=name, latitude=latitude, longitude=longitude, kind=kind,
                              country_code=row["country"].strip().upper(),
                              source=source or f"override:{path.name}")
    except ValueError as err:
        raise GazetteerDataError(f"{where}: {err}") from err
    aliases = [a.strip() for a in row["aliases"].split(";") if a.strip()]
    return OverrideEntry(candidate, (name, *aliases))


class OverrideTable:
    """Folded name -> corrected candidates, merged from one or more CSV files."""

    def __init__(self, entries: Iterable[OverrideEntry] = ()) -> None:
        self._lock = threading.Lock()
        self._by_key: dict[str, list[tuple[Candidate, frozenset[str]]]] = {}
        for entry in entries:
            self._add(entry)

    @classmethod
    def from_csv(cls, paths: Iterable[Path]) -> OverrideTable:
        """Read ``paths`` in order (missing files are skipped); bad rows raise naming file and line."""
        entries: list[OverrideEntry] = []
        for path in map(Path, paths):
            if not path.is_file():
                log.debug("no overrides file at %s", path)
                continue
            with path.open(encoding="utf-8", newline="") as handle:
                reader = csv.DictReader(handle)
                for line, row in enumerate(reader, start=2):
                    entries.append(parse_place_row(row, path=path, line=line))
        return cls(entries)

    def _add(self, entry: OverrideEntry) -> None:
        by_key: dict[str, set[str]] = {}
        for name in entry.names:
            by_key.setdefault(fold_name(name), set()).add(fold_spelling(name))
        with self._lock:
            for key, spellings in by_key.items():
                # A later entry for the same place name replaces the earlier one.
                kept = [(c, s) for c, s in self._by_key.get(key, [])
                        if c.name != entry.candidate.name]
                self._by_key[key] = [(entry.candidate, frozenset(spellings)), *kept]

    def add(self, entry: OverrideEntry) -> None:
        """Add (or replace) an entry in memory, e.g. right after :func:`append_override`."""
        self._add(entry)

    def matches(self, key: str, spelling: str) -> list[tuple[Candidate, bool]]:
        """``(candidate, spelled_alike)`` for a folded key and spelling key."""
        with self._lock:
            return [(c, spelling in spellings) for c, spellings in self._by_key.get(key, [])]

    def lookup(self, name: str) -> list[Candidate]:
        return [c for c, _ in self.matches(fold_name(name), fold_spelling(name))]

    def keys(self) -> set[str]:
        with self._lock:
            return set(self._by_key)

    def __len__(self) -> int:
        with self._lock:
            return len({c for entries in self._by_key.values() for c, _ in entries})


def _csv_cell(value: str) -> str:
    # The file may be opened in a spreadsheet: text must never start a formula.
    return "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value


def append_override(path: Path, *, name: str, latitude: float, longitude: float,
                    kind: str = "city", country: str = "", aliases: Iterable[str] = ()) -> OverrideEntry:
    """Validate one correction and append it to the CSV at ``path`` (created with a header).

    Returns the entry, so the caller can also :meth:`OverrideTable.add` it.
    """
    row = {"name": name.strip(), "aliases": ";".join(a.strip() for a in aliases if a.strip()),
           "latitude": repr(float(latitude)), "longitude": repr(float(longitude)),
           "kind": kind, "country": country}
    entry = parse_place_row(row, path=Path(path), line=0)
    if any(";" in a for a in aliases):
        raise GazetteerDataError(f"an alias may not contain ';': {list(aliases)!r}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    new_file = not path.exists() or path.stat().st_size == 0
    with path.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=OVERRIDE_COLUMNS, lineterminator="\n")
        if new_file:
            writer.writeheader()
        writer.writerow({k: _csv_cell(v) if k in ("name", "aliases") else v for k, v in row.items()})
    log.info("override for %r written to %s", name, path)
    return entry
