"""Read articles from seed-style text files, CSV / JSON Lines collections, folders, or pasted text.

    >>> art = parse_article(" date 2023-01-23 Raids near Raqqa.", source="pasted")
    >>> art.published.isoformat(), art.text
    ('2023-01-23', 'Raids near Raqqa.')

The format: an optional ``title ...`` line, then a ``date YYYY-MM-DD`` marker
(leading whitespace allowed) with the article either on the same line or on
the lines after it. A file with no marker is kept as an undated article.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from geo_events.errors import ArticleFormatError, InputPathError
from geo_events.models import Article, Event, IngestProblem
from .tables import (ColumnNames, acled_events, csv_rows, default_title, is_acled_header, jsonl_rows,
                     read_article_rows)

__all__ = ["parse_article", "read_article_file", "read_paths", "read_inputs", "read_input_bytes", "expand_path", "existing_paths",
           "decode_text", "IngestResult",
           "InputFile", "MAX_FILE_BYTES", "MAX_TABLE_BYTES", "ARTICLE_SUFFIXES", "TABLE_SUFFIXES"]

log = logging.getLogger(__name__)

#: Largest article file read, in bytes (a long news article is ~50 KB).
MAX_FILE_BYTES = 2_000_000
#: Largest CSV / JSON Lines collection read, in bytes.
MAX_TABLE_BYTES = 200_000_000
TABLE_SUFFIXES = frozenset({".csv", ".jsonl"})
ARTICLE_SUFFIXES = frozenset({".txt"}) | TABLE_SUFFIXES
_DATE_MARKER = re.compile(r"^\s*date[ \t]*:?[ \t]+(\S+)[ \t]*(.*)$", re.IGNORECASE)
_TITLE_MARKER = re.compile(r"^\s*title[ \t]*:[ \t]*(.*\S)\s*$", re.IGNORECASE)


@dataclass(slots=True)
class IngestResult:
    """Articles read, plus one problem per input that failed or needs a look."""

    articles: list[Article] = field(default_factory=list)
    problems: list[IngestProblem] = field(default_factory=list)
    #: Rows of ACLED exports, events already.
    events: list[Event] = field(default_factory=list)


def _article_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def parse_article(raw: str, *, source: str) -> Article:
    """Parse one article's text; never raises for a missing or bad date.

    A bad date value (``date 2023-02-30``) leaves the article undated and is
    logged with the source name, so the text is still mapped.
    """
    if not isinstance(raw, str):
        raise TypeError(f"raw must be str, got {type(raw).__name__}")
    lines = raw.lstrip("\ufeff").splitlines()
    title = ""
    published: date | None = None
    seen_date = False
    body_from = 0
    for number, line in enumerate(lines):
        if not line.strip():
            continue
        if not title and (match := _TITLE_MARKER.match(line)):
            title, body_from = match.group(1), number + 1
            continue
        if not seen_date and (match := _DATE_MARKER.match(line)):
            seen_date = True
            published = _parse_date(match.group(1), source=source, line=number + 1)
            rest = match.group(2).strip()
            if rest:  # the seed's layout: the article goes on after the marker
                lines[number], body_from = rest, number
                break
            body_from = number + 1
            continue
        break
    text = "\n".join(lines[body_from:]).strip()
    return Article(article_id=_article_id(raw), source=source, text=text, published=published,
                   title=title or default_title(text), raw=raw)


def _parse_date(value: str, *, source: str, line: int) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        log.warning("%s line %d: %r is not a YYYY-MM-DD date; article kept undated",
                    source, line, value)
        return None


def read_article_file(path: Path, *, max_file_bytes: int = MAX_FILE_BYTES) -> Article:
    """Read one article file; :class:`ArticleFormatError` names the file on failure."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_file_bytes:
            raise ArticleFormatError(f"{path}: {size:,} bytes is over the {max_file_bytes:,}-byte limit")
        data = path.read_bytes()
    except OSError as err:
        raise ArticleFormatError(f"{path}: cannot read: {err.strerror or err}") from err
    return parse_article(decode_text(data, source=str(path)), source=str(path))


def decode_text(data: bytes, *, source: str) -> str:
    """Decode UTF-8 article bytes, refusing binary files with a clear message."""
    if b"\x00" in data:
        raise ArticleFormatError(f"{source}: looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ArticleFormatError(
            f"{source}: not UTF-8 text (bad byte at offset {err.start}); save it as UTF-8"
        ) from err


def expand_path(path: Path) -> list[Path]:
    """The input files of ``path``: itself, or a folder's .txt/.csv/.jsonl files (hidden ones left out)."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*")
                      if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
                      and not any(part.startswith(".") for part in p.relative_to(path).parts))
    return [path]


def existing_paths(paths: Iterable[str | Path]) -> list[Path]:
    """``paths`` as :class:`Path` values; :class:`InputPathError` names every one that is missing."""
    found = [Path(p) for p in paths]
    missing = [str(p) for p in found if not p.exists()]
    if missing:
        raise InputPathError(f"no such file or folder: {', '.join(missing)}")
    return found


@dataclass(slots=True)
class InputFile:
    """What one input file gave: articles, ACLED events, and its problems."""

    path: Path
    articles: list[Article] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    problems: list[IngestProblem] = field(default_factory=list)


def read_inputs(paths: Iterable[str | Path], *, columns: ColumnNames = ColumnNames(),
                max_file_bytes: int = MAX_FILE_BYTES,
                max_table_bytes: int = MAX_TABLE_BYTES) -> Iterator[InputFile]:
    """Each file of ``paths`` (folders recursively: .txt, .csv, .jsonl), read in turn.

    Raises :class:`InputPathError` before reading anything when a path does
    not exist; a file that cannot be read yields its problem and the rest load.
    """
    for path in existing_paths(paths):
        files = expand_path(path)
        if not files:
            yield InputFile(path, problems=[IngestProblem(
                str(path), f"folder has no {', '.join(sorted(ARTICLE_SUFFIXES))} files")])
        for file in files:
            yield _read_input(file, columns=columns, max_file_bytes=max_file_bytes,
                              max_table_bytes=max_table_bytes)


def _read_input(file: Path, *, columns: ColumnNames, max_file_bytes: int,
                max_table_bytes: int) -> InputFile:
    limit = max_table_bytes if file.suffix.lower() in TABLE_SUFFIXES else max_file_bytes
    try:
        data = _read_bytes(file, limit)
    except ArticleFormatError as err:
        log.warning("%s", err)
        return InputFile(file, problems=[IngestProblem(str(file), str(err))])
    return read_input_bytes(str(file), data, columns=columns, path=file)


def read_input_bytes(name: str, data: bytes, *, columns: ColumnNames = ColumnNames(),
                     path: Path | None = None) -> InputFile:
    """One input's bytes (a .txt article, a .csv/.jsonl collection or ACLED export) read
    in memory; ``name`` is only a label (an upload's or a zip member's name is never a path)."""
    result = InputFile(path if path is not None else Path(name))
    suffix = Path(name).suffix.lower()
    try:
        text = decode_text(data, source=name)
        if suffix == ".jsonl":
            result.articles, result.problems = read_article_rows(
                jsonl_rows(io.StringIO(text)), source=name, columns=columns)
        elif suffix == ".csv":
            header = next(csv.reader(io.StringIO(text)), [])
            if is_acled_header(header):
                result.events, result.problems = acled_events(csv_rows(io.StringIO(text)), source=name)
            else:
                result.articles, result.problems = read_article_rows(
                    csv_rows(io.StringIO(text)), source=name, columns=columns)
        else:
            article = parse_article(text, source=name)
            result.articles.append(article)
            if not article.is_dated:
                result.problems.append(IngestProblem(
                    name, "no valid 'date YYYY-MM-DD' line: shown as undated"))
    except ArticleFormatError as err:
        log.warning("%s", err)
        message = str(err) if str(err).startswith(name) else f"{name}: {err}"
        result.problems.append(IngestProblem(name, message))
    return result


def _read_bytes(path: Path, limit: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:
            raise ArticleFormatError(f"{path}: {size:,} bytes is over the {limit:,}-byte limit")
        return path.read_bytes()
    except OSError as err:
        raise ArticleFormatError(f"{path}: cannot read: {err.strerror or err}") from err


def read_paths(paths: Iterable[str | Path], *, max_file_bytes: int = MAX_FILE_BYTES,
               columns: ColumnNames = ColumnNames()) -> IngestResult:
    """Read files and folders (recursively: .txt, .csv, .jsonl) into articles and ACLED events.

    Raises :class:`InputPathError` before reading anything when a path does
    not exist; a file that cannot be read becomes a problem and the rest load.
    """
    result = IngestResult()
    for item in read_inputs(paths, columns=columns, max_file_bytes=max_file_bytes):
        result.articles.extend(item.articles)
        result.events.extend(item.events)
        result.problems.extend(item.problems)
    return result
