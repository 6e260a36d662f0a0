"""Read articles from seed-style text files, CSV / JSON Lines collections, folders, or pasted text.

    >>> art = parse_article(" date 2023-01-23 Raids near Raqqa.", source="pasted")
    >>> art.published.isoformat(), art.text
    ('2023-01-23', 'Raids near Raqqa.')
    >>> parse_article("Published on Monday, 23 January 2023 10:45 GMT\\nRaids.", source="x").published
    datetime.date(2023, 1, 23)

The format: an optional ``title: ...`` line and a date line, in either
order (leading whitespace allowed), with the article either on the same
line as the date or on the lines after it. A file with no date line is
kept as an undated article. The date line is ``date``, ``published``,
``published on``, ``posted`` or ``posted on`` (any case, a colon
allowed) and a full date in a common layout (:func:`parse_article`);
numeric dates are day first unless ``day_first=False``,
``GEO_EVENTS_MONTH_FIRST=1`` or the CLI's ``--month-first`` say otherwise.

Each file is one unit of work (:func:`geo_events.limits.run_unit`): what
cannot be read becomes a problem naming it, and the next file is read.
Reading is linear in the size of the input: one pass to decode, one over
the lines or rows, one to split an over-long article
(:mod:`.long_articles`); sizes are bounded by :data:`MAX_FILE_BYTES` and
:data:`MAX_TABLE_BYTES`.
"""

from __future__ import annotations

import codecs
import csv
import functools
import hashlib
import logging
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from geo_events.errors import ArticleFormatError, InputPathError
from geo_events.limits import run_unit
from geo_events.models import Article, Event, IngestProblem
from geo_events.text.characters import replace_surrogates
from geo_events.text.dates import LEADING_DATE_FORMATS, leading_date

from .column_detection import ColumnGuess, table_guess
from .long_articles import MAX_ARTICLE_CHARS, split_long_article
from .tables import (ColumnNames, acled_events, csv_rows, default_title, is_acled_header, jsonl_rows,
                     read_article_rows)

__all__ = ["parse_article", "read_article_file", "read_paths", "read_inputs", "read_input_file",
           "read_input_bytes", "expand_path", "files_not_read", "existing_paths", "decode_text",
           "decode_bytes", "unsure_tables", "IngestResult", "InputFile", "MAX_FILE_BYTES", "MAX_TABLE_BYTES",
           "MAX_ARTICLE_CHARS", "ARTICLE_SUFFIXES", "TABLE_SUFFIXES", "MONTH_FIRST_ENV"]

log = logging.getLogger(__name__)

#: Largest article file read, in bytes (a long news article is ~50 KB).
MAX_FILE_BYTES = 2_000_000
#: Largest CSV / JSON Lines collection read, in bytes.
MAX_TABLE_BYTES = 200_000_000
TABLE_SUFFIXES = frozenset({".csv", ".jsonl"})
ARTICLE_SUFFIXES = frozenset({".txt"}) | TABLE_SUFFIXES
#: Set to 1 (true, yes, on) to read numeric dates such as 03/04/2023 month first (US style).
MONTH_FIRST_ENV = "GEO_EVENTS_MONTH_FIRST"
#: A date line: its keyword (``date`` always marks one; the others only with a date after them).
_DATE_MARKER = re.compile(r"^\s*(?P<keyword>date|published(?:[ \t]+on)?|posted(?:[ \t]+on)?)"
                          r"(?:[ \t]*:[ \t]*|[ \t]+)(?P<value>\S.*)$", re.IGNORECASE)
#: Separators between a date and the article text on its line ("23 Jan 2023 | Raids...").
_AFTER_DATE = re.compile(r"^[,;|\u2013\u2014-]+(?=\s|$)")
_TITLE_MARKER = re.compile(r"^\s*title[ \t]*:[ \t]*(.*\S)\s*$", re.IGNORECASE)
_SUFFIX_LIST = ", ".join(sorted(ARTICLE_SUFFIXES))
#: Byte-order marks, longest first (UTF-32-LE's begins with UTF-16-LE's).
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
         (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"), (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
         (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"))
#: charset-normalizer's names of the wide encodings, read without a byte-order mark.
_WIDE = {"utf_16_le": "UTF-16-LE", "utf_16_be": "UTF-16-BE", "utf_32_le": "UTF-32-LE",
         "utf_32_be": "UTF-32-BE"}
#: Fewest bytes read as UTF-16 / UTF-32 without a byte-order mark (a few bytes could be anything).
_MIN_WIDE_BYTES = 32
#: Bytes the encoding guess looks at (enough to tell; the guess is only for the message).
_GUESS_BYTES = 64_000


@dataclass(slots=True)
class IngestResult:
    """Articles read, plus one problem per input that failed or needs a look."""

    articles: list[Article] = field(default_factory=list)
    problems: list[IngestProblem] = field(default_factory=list)
    #: Rows of ACLED exports, events already.
    events: list[Event] = field(default_factory=list)


def _article_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def parse_article(raw: str, *, source: str, day_first: bool | None = None) -> Article:
    """Parse one article's text; never raises for a missing or bad date.

        >>> parse_article("Posted on 23/01/2023\\nRaids near Raqqa.", source="x").published
        datetime.date(2023, 1, 23)

    The date line, before or after an optional ``title: ...`` line at the top:
    ``date``, ``published``, ``published on``, ``posted`` or ``posted on`` (any case,
    a colon allowed), then a full date: ``2023-01-23`` (or ``2023/01/23``),
    ``23 Jan 2023``, ``23 January 2023``, ``January 23, 2023``, ``Jan 23 2023``,
    ``23/01/2023``, ``23.01.2023``, ``23-01-2023``, optionally after a weekday
    (``Monday, 23 January 2023``) and before a time (``10:45``, ``10:45 GMT``,
    ``2023-01-23T10:45:00Z``); see :func:`geo_events.text.dates.leading_date`. The
    article may go on on the same line (``date 2023-01-23 On Friday ...``): only
    the date is taken.

    Numeric dates are day first; month first when ``day_first`` is false, or when it
    is ``None`` (the default) and :data:`MONTH_FIRST_ENV` is set to 1. An ambiguous
    03/04/2023 follows that order; one it cannot read (13/01/2023 month first,
    31/02/2023) is a bad date, never swapped.

    A bad date value (``date 2023-02-30``, ``date yesterday``) leaves the article
    undated and is logged with the source name and the formats accepted, so the
    text is still mapped. A ``published`` / ``posted`` line without a date after
    it (``Published by Reuters``) is prose: it stays the article's first line.
    ``Updated ...`` lines are not read (an update is not the day "on Friday"
    counts from). Lone surrogates (from JSON escapes) become U+FFFD. Linear in the
    length of the text.
    """
    if not isinstance(raw, str):
        raise TypeError(f"raw must be str, got {type(raw).__name__}")
    raw = replace_surrogates(raw)
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
        if not seen_date and (match := _DATE_MARKER.match(line)) and (found := _header_date(
                match, day_first=_day_first(day_first), source=source, line=number + 1)) is not None:
            seen_date = True
            published, rest = found
            rest = _AFTER_DATE.sub("", rest.strip()).strip()
            if rest:  # the seed's layout: the article goes on after the marker
                lines[number], body_from = rest, number
                break
            body_from = number + 1
            continue
        break
    text = "\n".join(lines[body_from:]).strip()
    return Article(article_id=_article_id(raw), source=source, text=text, published=published,
                   title=title or default_title(text), raw=raw)


def _header_date(match: re.Match[str], *, day_first: bool, source: str,
                 line: int) -> tuple[date | None, str] | None:
    """A date line's date (``None`` when bad) and the text after it on the line; ``None`` when
    the line is no date line (a ``published`` line without a date is prose)."""
    keyword, value = " ".join(match.group("keyword").lower().split()), match.group("value")
    found = leading_date(value, day_first=day_first)
    if found is None and keyword != "date":
        return None
    if found is None:  # "date X": X is a bad date, and the article goes on after it
        bad, *more = value.split(maxsplit=1)
        rest = more[0] if more else ""
        try:
            return date.fromisoformat(bad), rest  # other ISO 8601 forms: 20230123, 2023-W04-1
        except ValueError:
            log.info("%s line %d: %r is not a date (read: %s); article kept undated",
                     source, line, bad, _DATES_READ)
            return None, rest
    if found.day is None:
        log.info("%s line %d: %s %r is a bad date: %s (read: %s); article kept undated",
                 source, line, keyword, value[:found.end], found.note, _DATES_READ)
    elif found.note:
        log.info("%s line %d: %s %r: %s; read as %s (numeric dates %s)", source, line, keyword,
                 value[:found.end], found.note, found.day.isoformat(),
                 "day first" if day_first else "month first")
    return found.day, value[found.end:]


_DATES_READ = (f"{LEADING_DATE_FORMATS}; numeric dates day first, month first with "
               f"{MONTH_FIRST_ENV}=1 or --month-first")


def _day_first(day_first: bool | None) -> bool:
    """``day_first``, or when ``None`` the setting of :data:`MONTH_FIRST_ENV` (the one place
    it is read): 1, true, yes or on mean month first; unset, empty, 0, false, no, off day first."""
    if day_first is not None:
        return day_first
    setting = os.environ.get(MONTH_FIRST_ENV, "").strip().lower()
    if setting in ("1", "true", "yes", "on"):
        return False
    if setting not in ("", "0", "false", "no", "off"):
        _warn_setting(setting)
    return True


@functools.cache
def _warn_setting(setting: str) -> None:
    """Warn once per value: the setting is read for every article."""
    log.warning("%s=%r is not 1 or 0; numeric dates are read day first", MONTH_FIRST_ENV, setting)


def read_article_file(path: Path, *, max_file_bytes: int = MAX_FILE_BYTES,
                      day_first: bool | None = None) -> Article:
    """Read one article file (:func:`parse_article`, with ``day_first``);
    :class:`ArticleFormatError` names the file on failure."""
    path = Path(path)
    try:
        text, _ = decode_bytes(_read_bytes(path, max_file_bytes))
    except ArticleFormatError as err:
        raise ArticleFormatError(f"{path}: {err}") from err
    return parse_article(text, source=str(path), day_first=day_first)


def decode_text(data: bytes, *, source: str) -> str:
    """:func:`decode_bytes`' text; its error names ``source``."""
    try:
        return decode_bytes(data)[0]
    except ArticleFormatError as err:
        raise ArticleFormatError(f"{source}: {err}") from err


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Text bytes as ``(text, note)``: UTF-8 (``note`` ``None``), or UTF-16 / UTF-32 told by
    their byte-order mark or their zero bytes (``note`` names the encoding read).
    :class:`ArticleFormatError` for anything else, naming the encoding it looks like.

        >>> decode_bytes("Raqqa".encode("utf-16"))
        ('Raqqa', 'read as UTF-16 (not UTF-8)')
        >>> decode_bytes("Mossul, Bürger".encode("latin-1"))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        geo_events.errors.ArticleFormatError: not UTF-8 text (byte 0xfc at offset 9; it may be ...); save it as UTF-8
    """
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return _decode(data, codec, name), None if codec == "utf-8-sig" else f"read as {name} (not UTF-8)"
    if b"\x00" in data:  # UTF-16 / UTF-32 without a byte-order mark, or no text at all
        # Wide text of mostly ASCII letters is at least a third zero bytes; binary rarely is.
        wide = next(iter(_guess_encodings(data, wide=True)), None) \
            if len(data) >= _MIN_WIDE_BYTES and data.count(0) * 3 >= len(data) else None
        text = _decode(data, wide, _WIDE[wide]) if wide is not None else ""
        if not _looks_like_text(text):
            raise ArticleFormatError("looks like a binary file, not text")
        return text, f"read as {_WIDE[wide]} (not UTF-8; no byte-order mark)"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as err:
        bad = err.start
    guesses = " or ".join(_guess_encodings(data, wide=False)[:2]) or "an unknown encoding"
    raise ArticleFormatError(f"not UTF-8 text (byte {data[bad]:#04x} at offset {bad}; it may be {guesses}); "
                             "save it as UTF-8")


def _looks_like_text(text: str) -> bool:
    """Whether a decoding without a byte-order mark gave text: some letters, and hardly any
    control characters (a few bytes of binary decode to something in any wide encoding)."""
    if not text:
        return False
    controls = sum(1 for c in text if unicodedata.category(c) in ("Cc", "Cs", "Co", "Cn") and c not in "\t\n\r")
    return controls * 20 <= len(text) and any(c.isalpha() for c in text)


def _decode(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        raise ArticleFormatError(f"not valid {name} text (bad bytes at offset {err.start})") from None


def _guess_encodings(data: bytes, *, wide: bool) -> list[str]:
    """The encodings ``data`` may be in, likeliest first (charset-normalizer on its first bytes):
    only UTF-16 / UTF-32 when ``wide``, only others when not (for the message; a short text's
    8-bit encoding cannot be told for sure)."""
    from charset_normalizer import from_bytes  # only for files that are not UTF-8

    return [match.encoding for match in from_bytes(data[:_GUESS_BYTES])
            if (match.encoding in _WIDE) == wide]


def expand_path(path: Path) -> list[Path]:
    """The input files of ``path``: itself, or a folder's .txt/.csv/.jsonl entries (hidden ones
    left out; see :func:`files_not_read` for the others)."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*")
                      if p.suffix.lower() in ARTICLE_SUFFIXES and not p.is_dir() and not _hidden(p, path))
    return [path]


def files_not_read(folder: Path) -> list[Path]:
    """A folder's files that are not inputs (not .txt, .csv or .jsonl; hidden ones left out)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*")
                  if p.suffix.lower() not in ARTICLE_SUFFIXES and not p.is_dir() and not _hidden(p, folder))


def _hidden(path: Path, folder: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(folder).parts)


def existing_paths(paths: Iterable[str | Path]) -> list[Path]:
    """``paths`` as :class:`Path` values; :class:`InputPathError` names every one that is missing."""
    found = [Path(p) for p in paths]
    missing = [str(p) for p in found if not p.exists() and not p.is_symlink()]
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
    #: A table whose columns could not be told (nothing of it read): the columns found and the
    #: best guess, to be read again with a mapping.
    unsure_columns: ColumnGuess | None = None


def read_inputs(paths: Iterable[str | Path], *, columns: ColumnNames = ColumnNames(),
                max_file_bytes: int = MAX_FILE_BYTES, max_table_bytes: int = MAX_TABLE_BYTES,
                max_article_chars: int = MAX_ARTICLE_CHARS, day_first: bool | None = None) -> Iterator[InputFile]:
    """Each file of ``paths`` (folders recursively: .txt, .csv, .jsonl), read in turn, each
    one unit of work (:func:`geo_events.limits.run_unit`); ``day_first`` as in
    :func:`parse_article`, for articles and table date cells.

    Raises :class:`InputPathError` before reading anything when a path does
    not exist; a file that cannot be read yields its problem and the rest
    load. A folder's other files are named in one problem of the folder.
    """
    for path in existing_paths(paths):
        files = expand_path(path)
        others = files_not_read(path)
        if others:
            shown = ", ".join(str(p.relative_to(path)) for p in others[:5])
            yield InputFile(path, problems=[IngestProblem(
                str(path), f"{len(others)} file(s) not read, not {_SUFFIX_LIST}: "
                           f"{shown}{', ...' if len(others) > 5 else ''}")])
        elif not files:
            yield InputFile(path, problems=[IngestProblem(str(path), f"folder has no {_SUFFIX_LIST} files")])
        for file in files:
            yield read_input_file(file, columns=columns, max_file_bytes=max_file_bytes,
                                  max_table_bytes=max_table_bytes, max_article_chars=max_article_chars,
                                  day_first=day_first)


def read_input_file(file: Path, *, columns: ColumnNames = ColumnNames(), max_file_bytes: int = MAX_FILE_BYTES,
                    max_table_bytes: int = MAX_TABLE_BYTES,
                    max_article_chars: int = MAX_ARTICLE_CHARS, day_first: bool | None = None) -> InputFile:
    """One input file read as one unit of work: never raises, a failure is its problem."""
    limit = max_table_bytes if file.suffix.lower() in TABLE_SUFFIXES else max_file_bytes
    outcome = run_unit(str(file), lambda: read_input_bytes(
        str(file), _read_bytes(file, limit), columns=columns, path=file, max_article_chars=max_article_chars,
        day_first=day_first))
    return outcome.value if outcome.value is not None else InputFile(file, problems=[outcome.problem])


def read_input_bytes(name: str, data: bytes, *, columns: ColumnNames = ColumnNames(),
                     path: Path | None = None, max_article_chars: int = MAX_ARTICLE_CHARS,
                     day_first: bool | None = None) -> InputFile:
    """One input's bytes (a .txt article, a .csv/.jsonl collection or ACLED export) read
    in memory; ``name`` is only a label (an upload's or a zip member's name is never a path).
    ``day_first`` as in :func:`parse_article`, for articles and table date cells.

    Never raises for bad content: an undecodable file, row or line becomes a
    problem naming it (``name``, or ``name, line N``), the rest is read.

    A table's columns are told from their names, ``columns`` being the
    user's mapping (:func:`~geo_events.io.column_detection.detect_columns`);
    a table whose columns cannot be told is one problem, nothing of it is
    read, and the guess is in :attr:`InputFile.unsure_columns`.
    """
    result = InputFile(path if path is not None else Path(name))
    suffix = Path(name).suffix.lower()
    day_first = _day_first(day_first)
    try:
        text, note = decode_bytes(data)
    except ArticleFormatError as err:
        result.problems.append(IngestProblem(name, f"{err}; skipped"))
        return result
    text = replace_surrogates(text)
    if note:
        result.problems.append(IngestProblem(name, note, kept=True))
    if suffix == ".csv" and is_acled_header(_csv_header(text)):
        events, problems = acled_events(csv_rows(text, source=name), source=name)
        result.events += events
        result.problems += problems
    elif suffix in TABLE_SUFFIXES:
        guess = table_guess(text, suffix=suffix, source=name, given=columns)
        if guess is not None and not guess.sure:
            result.unsure_columns = guess
            result.problems.append(IngestProblem(name, f"{guess.describe()}; nothing read (the columns that "
                                                       f"would read it: {guess.spec() or 'none'})"))
            return result
        if guess is not None:
            log.info("%s: columns read: %s", name, guess.spec())
        rows = csv_rows(text, source=name) if suffix == ".csv" else jsonl_rows(text, source=name)
        found, problems = read_article_rows(rows, source=name, columns=guess.columns if guess else columns,
                                            max_article_chars=max_article_chars, day_first=day_first)
        result.articles += found
        result.problems += problems
    else:
        article = parse_article(text, source=name, day_first=day_first)
        if not article.text:
            result.problems.append(IngestProblem(name, "no article text; skipped"))
            return result
        if not article.is_dated:
            result.problems.append(IngestProblem(
                name, "no valid date line (such as 'date 2023-01-23' or 'Published 23 Jan 2023' at the "
                      "top): shown as undated", kept=True))
        parts, split_note = split_long_article(article, max_chars=max_article_chars)
        result.articles += parts
        result.problems += [split_note] if split_note else []
    if suffix in TABLE_SUFFIXES and not result.articles and not result.events and not result.problems:
        result.problems.append(IngestProblem(name, "no rows; nothing read"))
    return result


def _csv_header(text: str) -> list[str]:
    """The column names on a CSV's first line (lines end as :func:`csv_rows` reads them)."""
    first_line = re.split(r"\r\n?|\n", text, maxsplit=1)[0]
    return next(csv.reader([first_line]), []) if first_line.strip() else []


def unsure_tables(paths: Iterable[str | Path], *, columns: ColumnNames = ColumnNames(),
                  max_table_bytes: int = MAX_TABLE_BYTES) -> list[tuple[Path, ColumnGuess]]:
    """The .csv / .jsonl tables under ``paths`` whose columns cannot be told with ``columns``
    (:mod:`.column_detection`), each with its guess, found before any row is read: the command
    line stops on them. A file that cannot be read is left to the readers to report.
    :class:`InputPathError` names a missing path."""
    found = []
    for path in existing_paths(paths):
        for file in expand_path(path):
            if file.suffix.lower() not in TABLE_SUFFIXES:
                continue
            try:
                text = decode_bytes(_read_bytes(file, max_table_bytes))[0]
            except ArticleFormatError:
                continue
            guess = table_guess(replace_surrogates(text), suffix=file.suffix, source=str(file), given=columns)
            if guess is not None and not guess.sure:
                found.append((file, guess))
    return found


def _read_bytes(path: Path, limit: int) -> bytes:
    """A regular file's bytes, at most ``limit`` of them; a pipe, device or socket is refused
    before it is opened (reading one could wait forever)."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ArticleFormatError("not a regular file (a pipe, device or socket); skipped")
        if info.st_size > limit:
            raise ArticleFormatError(f"{info.st_size:,} bytes is over the {limit:,}-byte limit; skipped")
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as err:
        raise ArticleFormatError(f"cannot read: {err.strerror or err}; skipped") from err
    if len(data) > limit:
        raise ArticleFormatError(f"over the {limit:,}-byte limit; skipped")
    return data


def read_paths(paths: Iterable[str | Path], *, max_file_bytes: int = MAX_FILE_BYTES,
               columns: ColumnNames = ColumnNames(), max_article_chars: int = MAX_ARTICLE_CHARS,
               day_first: bool | None = None) -> IngestResult:
    """Read files and folders (recursively: .txt, .csv, .jsonl) into articles and ACLED events;
    ``day_first`` as in :func:`parse_article`, for articles and table date cells.

    Raises :class:`InputPathError` before reading anything when a path does
    not exist; a file that cannot be read becomes a problem and the rest load.
    """
    result = IngestResult()
    for item in read_inputs(paths, columns=columns, max_file_bytes=max_file_bytes,
                            max_article_chars=max_article_chars, day_first=day_first):
        result.articles.extend(item.articles)
        result.events.extend(item.events)
        result.problems.extend(item.problems)
    return result
