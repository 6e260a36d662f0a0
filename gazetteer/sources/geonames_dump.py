"""Read GeoNames dump files (``SY.zip``, ``allCountries.zip``, ``SY.txt``) as records.

    >>> from pathlib import Path
    >>> from gazetteer.sources.geonames_dump import read_geonames_dump
    >>> records = read_geonames_dump(Path("SY.zip"))  # doctest: +SKIP

Each record is ``(Candidate, names)``, the shape every :mod:`gazetteer.sources`
module yields, so a dump adds villages, districts, rivers and bases to the index:

    >>> import tempfile
    >>> row = ["9000001", "Khirbat ‘Ammū", "Khirbat `Ammu", "Khirbet Ammu,Khirbat `Ammu",
    ...        "37.05", "41.33", "P", "PPL", "SY", "", "05", "", "", "", "0", "", "400",
    ...        "Asia/Damascus", "2020-01-01"]
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     dump = Path(tmp) / "SY.txt"
    ...     _ = dump.write_text("\\t".join(row) + "\\n", encoding="utf-8")
    ...     [(place, names)] = read_geonames_dump(dump)
    >>> place.kind, place.latlon, place.source
    ('city', (37.05, 41.33), 'geonames-dump:SY.txt')
    >>> names
    ['Khirbat ‘Ammū', 'Khirbat `Ammu', 'Khirbet Ammu']

The format is GeoNames' "geoname" table: 19 tab-separated UTF-8 columns, no
header (https://download.geonames.org/export/dump/readme.txt). A zip is read
as a stream from its member named like the zip (``SY.zip`` -> ``SY.txt``);
its ``readme.txt`` is ignored and nothing is extracted to disk. The file is
read line by line, so ``allCountries`` (~1.5 GB unzipped) is never in memory.

One bad line (wrong column count, a latitude or longitude that is not a number
within range, a non-numeric id or population, invalid UTF-8) aborts the whole
read with a ``GazetteerDataError`` naming the file, the 1-based line number
and the offending value: a half-imported dump would be silently incomplete.
Empty lines are skipped.
"""

from __future__ import annotations

import logging
import math
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from ..candidate import Candidate, Kind
from ..errors import GazetteerDataError, GazetteerSettingError
from .shared import Record

__all__ = ["read_geonames_dump", "dump_signature", "dump_kind", "FEATURE_CLASSES",
           "COLUMNS"]

log = logging.getLogger(__name__)

#: Columns of GeoNames' "geoname" table, in file order.
COLUMNS: tuple[str, ...] = (
    "geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude",
    "feature_class", "feature_code", "country_code", "cc2", "admin1_code", "admin2_code",
    "admin3_code", "admin4_code", "population", "elevation", "dem", "timezone",
    "modification_date",
)
#: GeoNames feature classes: A admin areas, H water, L areas/regions, P populated
#: places, R roads, S spots/buildings, T terrain, U undersea, V vegetation.
FEATURE_CLASSES = frozenset("AHLPRSTUV")

_COUNTRY_CODES = frozenset({"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL"})
_REGION_CODES = frozenset({"RGN", "CONT"})
_SHOWN_CHARS = 200  # how much of a bad line an error message quotes
_CLASS = COLUMNS.index("feature_class")


def dump_kind(feature_class: str, feature_code: str) -> Kind:
    """The ``Candidate.kind`` of a GeoNames feature class and code.

        >>> dump_kind("P", "PPL"), dump_kind("A", "ADM1"), dump_kind("H", "STM")
        ('city', 'admin1', 'feature')
    """
    if feature_class == "P":
        return "city"
    if feature_class == "A":
        if feature_code in _COUNTRY_CODES:
            return "country"
        return "admin1" if feature_code == "ADM1" else "feature"
    if feature_class == "L" and feature_code in _REGION_CODES:
        return "region"
    return "feature"


def dump_signature(path: Path) -> str:
    """Identify a dump file by name, size and modification time, for staleness checks.

    ``"SY.zip:1234567:1700000000000000000"``; a missing file raises ``GazetteerDataError``.
    """
    path = Path(path)
    try:
        stat = path.stat()
    except OSError as err:
        raise GazetteerDataError(f"cannot read GeoNames dump {path}: {err}") from err
    return f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}"


def read_geonames_dump(path: Path, *, min_population: int = 0,
                       feature_classes: frozenset[str] | None = None) -> Iterator[Record]:
    """Yield ``(Candidate, names)`` for each row of a GeoNames dump, lazily.

        read_geonames_dump(Path("allCountries.zip"), min_population=1000,
                           feature_classes=frozenset("PH"))

    ``names`` is the name, the ASCII name and the comma-separated alternate
    names, deduplicated in that order with blanks dropped. ``min_population``
    skips populated places (class P) with fewer inhabitants; other classes are
    always kept. ``feature_classes`` keeps only those classes (``None``: all).

    The file is checked now (it exists; a zip holds the member named like the
    zip); rows are read and checked as the iterator is consumed.
    """
    path = Path(path)
    if isinstance(min_population, bool) or not isinstance(min_population, int):
        raise TypeError(f"min_population must be an int, got {min_population!r} "
                        f"of type {type(min_population).__name__}")
    if min_population < 0:
        raise GazetteerSettingError(f"min_population must be >= 0, got {min_population!r}")
    classes = _check_classes(feature_classes)
    if not path.is_file():
        raise GazetteerDataError(f"no such GeoNames dump file: {path}")
    member = _zip_member(path) if path.suffix.lower() == ".zip" else None
    return _records(path, member, min_population, classes)


def _check_classes(feature_classes: Iterable[str] | None) -> frozenset[str] | None:
    if feature_classes is None:
        return None
    if isinstance(feature_classes, str):
        raise TypeError(f"feature_classes must be a set of class letters such as "
                        f"frozenset('PH'), got {feature_classes!r} of type str")
    classes = frozenset(feature_classes)
    unknown = classes - FEATURE_CLASSES
    if unknown:
        raise GazetteerSettingError(f"unknown GeoNames feature classes {sorted(unknown)!r}; "
                         f"expected letters from {''.join(sorted(FEATURE_CLASSES))}")
    return classes


def _zip_member(path: Path) -> str:
    wanted = path.stem + ".txt"
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError) as err:
        raise GazetteerDataError(f"cannot open GeoNames dump {path} as a zip: {err}") from err
    if wanted not in names:
        raise GazetteerDataError(
            f"GeoNames dump {path} has no member {wanted!r} (it holds {names!r}); "
            f"GeoNames zips such as SY.zip hold SY.txt")
    return wanted


@contextmanager
def _open_lines(path: Path, member: str | None) -> Iterator[BinaryIO]:
    if member is None:
        with path.open("rb") as handle:
            yield handle
    else:
        with zipfile.ZipFile(path) as archive, archive.open(member) as handle:
            yield handle


def _records(path: Path, member: str | None, min_population: int,
             classes: frozenset[str] | None) -> Iterator[Record]:
    where = str(path) if member is None else f"{path} ({member})"
    source = f"geonames-dump:{path.name}"
    lineno = kept = 0
    log.debug("reading GeoNames dump %s", where)
    try:
        with _open_lines(path, member) as handle:
            for lineno, raw in enumerate(handle, start=1):
                fields = _split(raw, lineno, where)
                if fields is None:
                    continue
                # Every row is checked, kept or not: a file is good or bad
                # whatever the filters.
                place, names = _record(fields, lineno, where, source)
                feature_class = fields[_CLASS]
                if classes is not None and feature_class not in classes:
                    continue
                if feature_class == "P" and place.population < min_population:
                    continue
                kept += 1
                yield place, names
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as err:
        raise GazetteerDataError(
            f"GeoNames dump {where} is unreadable after line {lineno}: {err}") from err
    log.debug("read %d lines of %s, kept %d records", lineno, where, kept)


def _split(raw: bytes, lineno: int, where: str) -> list[str] | None:
    try:
        line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
    except UnicodeDecodeError as err:
        bad = err.object[err.start:err.end]
        raise GazetteerDataError(
            f"GeoNames dump {where}, line {lineno}: not UTF-8 (bytes {bad!r} at "
            f"offset {err.start})") from err
    line = line.rstrip("\r\n")
    if not line:
        return None
    fields = line.split("\t")
    if len(fields) != len(COLUMNS):
        raise GazetteerDataError(
            f"GeoNames dump {where}, line {lineno}: expected {len(COLUMNS)} tab-separated "
            f"columns, got {len(fields)}: {_shown(line)}")
    return fields


def _record(fields: list[str], lineno: int, where: str, source: str) -> Record:
    (geonameid, name, asciiname, alternates, lat, lon, feature_class, feature_code,
     country_code, _cc2, admin1, _admin2, _admin3, _admin4, population, *_rest) = fields

    def fail(column: str, value: str, expected: str) -> GazetteerDataError:
        return GazetteerDataError(
            f"GeoNames dump {where}, line {lineno}: {column} must be {expected}, "
            f"got {_shown(value)}")

    latitude = _coordinate(lat, 90.0)
    if latitude is None:
        raise fail("latitude", lat, "a number within +/-90")
    longitude = _coordinate(lon, 180.0)
    if longitude is None:
        raise fail("longitude", lon, "a number within +/-180")
    number = _natural(geonameid)
    if number is None:
        raise fail("geonameid", geonameid, "a whole number")
    inhabitants = _natural(population) if population.strip() else 0
    if inhabitants is None:
        raise fail("population", population, "a whole number or empty")
    display = name.strip() or asciiname.strip()
    if not display:
        raise fail("name or asciiname", name, "non-empty")
    place = Candidate(
        name=display,
        latitude=latitude,
        longitude=longitude,
        kind=dump_kind(feature_class, feature_code),
        country_code=country_code.strip(),
        admin1=admin1.strip(),
        population=inhabitants,
        geonameid=number,
        source=source,
    )
    return place, _names(name, asciiname, alternates)


def _coordinate(text: str, limit: float) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and abs(value) <= limit else None


def _natural(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() else None


def _names(name: str, asciiname: str, alternates: str) -> list[str]:
    seen: dict[str, None] = {}
    for candidate in (name, asciiname, *alternates.split(",")):
        candidate = candidate.strip()
        if candidate:
            seen.setdefault(candidate)
    return list(seen)


def _shown(value: str) -> str:
    if len(value) > _SHOWN_CHARS:
        return repr(value[:_SHOWN_CHARS]) + f"... ({len(value)} characters)"
    return repr(value)
