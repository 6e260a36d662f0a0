"""Build the SQLite index from packaged data, and add GeoNames dumps to it.

    >>> from gazetteer.indexing.build import default_index_path, index_is_current
    >>> index_is_current(default_index_path()) in (True, False)
    True

``build_index`` writes a fresh index beside its final path and moves it into
place, so a crash never leaves a half-built file where a reader opens it.
``import_dump`` adds a GeoNames dump (``SY.zip``, ``allCountries.zip``, a
``.txt``) in one transaction and remembers the file, so a rebuild (new
packaged data or index format) imports it again when it is still there.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path

import platformdirs

from ..errors import GazetteerBuildError, GazetteerDataError
from ..sources import Record, packaged_records, packaged_signature, release_reads, usable_alias
from ..sources.admin1 import code_table
from ..sources.geonames_dump import dump_signature, read_geonames_dump
from .name_rows import MIN_KEY_CHARS, rows_of
from .writer import Writer, open_writer

__all__ = ["build_index", "import_dump", "default_index_path", "index_is_current",
           "stored_signature", "current_signature", "INDEX_FORMAT", "MIN_KEY_CHARS"]

log = logging.getLogger(__name__)

#: Bump when the schema or the folding changes: existing indexes are rebuilt.
INDEX_FORMAT = "13"
#: About how many places the packaged sources hold: the build's progress is read against it.
EXPECTED_PLACES = 275_000
#: The share of a build's time spent reading and folding (the rest: indexing, compacting).
_READ_SHARE = 0.9
_BATCH = 10_000

Progress = Callable[[str], None]
#: ``step(fraction_done, what)``: where a build is, for a progress bar.
Step = Callable[[float, str], None]


def default_index_path() -> Path:
    """Where the index lives unless told otherwise (``GEO_EVENTS_GAZETTEER``)."""
    override = os.environ.get("GEO_EVENTS_GAZETTEER")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_cache_dir("geo-events")) / "gazetteer.sqlite3"


def current_signature() -> str:
    """``current_signature()``: the signature an index built now carries (format and sources)."""
    return f"format={INDEX_FORMAT};{packaged_signature()}"


def stored_signature(path: Path) -> str | None:
    """The signature an index was built with; ``None`` when missing or unreadable."""
    if not Path(path).exists():
        return None
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'signature'").fetchone()
    except sqlite3.Error as err:
        log.warning("gazetteer index %s is unreadable (%s)", path, err)
        return None
    return row[0] if row else None


def index_is_current(path: Path) -> bool:
    """Whether the index at ``path`` matches the installed data and index format."""
    return stored_signature(path) == current_signature()


#: The first bytes of every SQLite database file.
_SQLITE_HEADER = b"SQLite format 3\x00"


def _replaceable(path: Path) -> bool:
    """Whether a build may put an index at ``path``: nothing there, an empty file, or a gazetteer
    index of any version (one too damaged to read too). Anything else there, a user's own file
    or another database (the event store, given for the index by mistake), is left alone."""
    try:
        with open(path, "rb") as file:
            head = file.read(len(_SQLITE_HEADER))
    except (FileNotFoundError, NotADirectoryError):  # nothing there (a file on the way: said when made)
        return True
    except OSError:  # a folder, or a file this user may not read
        return False
    if not head:
        return True
    if head != _SQLITE_HEADER:
        return False
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            return not tables or ("meta" in tables and db.execute(
                "SELECT 1 FROM meta WHERE key = 'signature'").fetchone() is not None)
    except sqlite3.Error:
        return True  # a SQLite file too damaged to read: an index a crash broke is rebuilt


def _previous_imports(path: Path) -> list[Path]:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            return [Path(row[0]) for row in db.execute("SELECT path FROM imports ORDER BY rowid")]
    except sqlite3.Error:
        return []


def build_index(path: Path, records: Iterable[Record] | None = None, *,
                signature: str | None = None, progress: Progress | None = None,
                step: Step | None = None, processes: int = 1) -> Path:
    """Write a fresh index at ``path`` from ``records`` (default: all packaged data).

    ``progress`` gets messages (default: the log), ``step`` the fraction done
    and what is happening, for a progress bar. ``processes``: worker processes
    that fold the names while the sources are read (0: fold in this process).
    GeoNames dumps imported into the index being replaced are imported again
    when their files still exist (and reported when they do not).
    """
    report = progress or log.info
    step = step or (lambda done, what: None)
    path = Path(path)
    if not _replaceable(path):
        raise GazetteerBuildError(f"{path} is not a gazetteer index; it is left as it is (give the path "
                                  "of an index, or of a file to create)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise GazetteerBuildError(f"cannot build the gazetteer index at {path}: {err}") from err
    # A file of this build's own: two processes building at once (the app and the
    # command line on a first run) each write theirs, and the last rename wins.
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".partial")
    os.close(handle)
    partial = Path(name)
    replay = _previous_imports(path) if path.exists() else []
    started = time.perf_counter()
    report(f"Building the gazetteer index at {path} (first run only)...")
    done = False
    try:
        with _collector_paused(), open_writer(partial, processes=processes) as writer:
            count = _insert_all(writer, packaged_records() if records is None else records, report,
                                step=step)
            step(_READ_SHARE, "indexing and compacting")
            writer.finish(codes=[(code, *region) for code, regions in code_table().items()
                                 for region in regions],
                          meta=[("signature", signature or current_signature()), ("places", str(count))])
            release_reads()
        os.replace(partial, path)
        done = True
        step(1.0, "ready")
    except (sqlite3.Error, OSError) as err:
        raise GazetteerBuildError(f"cannot build the gazetteer index at {path}: {err}") from err
    finally:
        if not done:  # whatever stopped it, no half-built file is left behind
            partial.unlink(missing_ok=True)
    report(f"Gazetteer index ready: {count:,} places in {time.perf_counter() - started:.1f} s")
    for dump in replay:
        if dump.exists():
            import_dump(path, dump, progress=report)
        else:
            report(f"Previously imported {dump} is gone; import it again to restore its places")
    return path


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a build makes its millions of small objects.

    A build's tuples and lists hold no cycles, yet each few thousand of them
    start a collection pass over all that are alive: a third of reading the
    sources went there (cities500 0.9 s instead of 1.9 s without it).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _insert_all(writer: Writer, records: Iterable[Record], report: Progress, *, step: Step) -> int:
    """Hand every record to ``writer`` in batches, numbering the places from 1."""
    count = 0
    for batch in _batches(records):
        places, named = [], []
        for place, names in batch:
            count += 1
            places.append((count, *_place_row(place)))
            named.append((count, names))
        writer.add(places, named)
        if count % 100_000 < _BATCH:
            report(f"  {count:,} places read")
        step(min(count / EXPECTED_PLACES, 1.0) * _READ_SHARE, f"{count:,} places read")
    return count


def _batches(records: Iterable[Record]) -> Iterator[list[Record]]:
    iterator = iter(records)
    while batch := list(islice(iterator, _BATCH)):
        yield batch


def _place_row(place) -> tuple:
    return (place.name, place.latitude, place.longitude, place.kind, place.country_code,
            place.admin1, place.population, place.geonameid, place.source)


def import_dump(index: Path, dump: Path, *, min_population: int = 0,
                progress: Progress | None = None) -> int:
    """Add a GeoNames dump file to the index at ``index``; return the places added.

    One transaction: a bad line (reported with file and line) leaves the index
    as it was. Importing the same file again replaces its earlier import. A
    row whose geonameid is already in the index (a packaged town) adds its
    alternate names to that place instead of a duplicate.
    """
    report = progress or log.info
    dump = Path(dump).resolve()
    if not dump.is_file():
        raise GazetteerDataError(f"no such GeoNames dump file: {dump}")
    source = f"geonames-dump:{dump.name}"
    started = time.perf_counter()
    report(f"Importing {dump} into {index}...")
    db = sqlite3.connect(index)
    try:
        with db:
            _forget_import(db, dump, source)
            known = dict(db.execute("SELECT geonameid, id FROM places WHERE geonameid IS NOT NULL"))
            next_id = (db.execute("SELECT MAX(id) FROM places").fetchone()[0] or 0) + 1
            added = extended = 0
            for batch in _batches(read_geonames_dump(dump, min_population=min_population)):
                new, named = [], []
                for place, aliases in batch:
                    place_id = known.get(place.geonameid)
                    if place_id is None:
                        place_id, next_id, added = next_id, next_id + 1, added + 1
                        new.append((place_id, *_place_row(place)))
                    else:
                        extended += 1
                    named.append((place_id, list(filter(usable_alias, aliases))))
                counts, names = rows_of(named)
                spellings = {place_id: n for (place_id, _), n in zip(named, counts, strict=True)}
                db.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               [(*row, spellings[row[0]]) for row in new])
                db.executemany("INSERT OR IGNORE INTO names VALUES (?, ?, ?)", names)
                report(f"  {added + extended:,} rows read")
            db.execute("INSERT INTO imports VALUES (?, ?, ?, ?, ?)",
                       (str(dump), dump_signature(dump), source, added, extended))
    except sqlite3.Error as err:
        raise GazetteerBuildError(f"cannot import {dump} into {index}: {err}") from err
    finally:
        db.close()
    report(f"Imported {added:,} new places and names for {extended:,} known ones from "
           f"{dump.name} in {time.perf_counter() - started:.1f} s")
    return added


def _forget_import(db: sqlite3.Connection, dump: Path, source: str) -> None:
    db.execute("DELETE FROM names WHERE place_id IN (SELECT id FROM places WHERE source = ?)",
               (source,))
    db.execute("DELETE FROM places WHERE source = ?", (source,))
    db.execute("DELETE FROM imports WHERE path = ?", (str(dump),))
