"""Article collections as CSV or JSON Lines, and ACLED exports whose rows are events.

    >>> rows = csv_rows("date,title,text,url\\n2023-01-20,Drone,A drone hit Raqqa.,https://x\\n", source="x.csv")
    >>> [(a.published.isoformat(), a.title, a.url) for a in read_article_rows(rows, source="x.csv")[0]]
    [('2023-01-20', 'Drone', 'https://x')]

An article table has a text column and optionally date, title and url
columns; their names are configurable (:class:`ColumnNames`, the CLI's
``--table-columns text=body,date=published``), and the readers of files and
uploads tell them from common names (:mod:`.column_detection`). A row without text, or with a
date that is not a full date (``YYYY-MM-DD``, a time after it allowed, or a
layout :func:`geo_events.text.dates.leading_date` reads: ``23 Jan 2023``,
``23/01/2023`` day first unless ``day_first=False``...), is reported with
its line number; the other rows still load. Each row is one unit of
work (:func:`geo_events.limits.run_unit`), so nothing in one row stops the
file; an article over :data:`MAX_ARTICLE_CHARS` is read in parts
(:func:`split_long_article`). Reading is linear in the size of the file.

An ACLED export (a CSV with ``event_id_cnty``, ``event_date``,
``event_type``, ``latitude`` and ``longitude``) is read as events
directly, with ACLED's own columns, so analysts can overlay ACLED data on
their own extractions.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Union

from geo_events.errors import ArticleFormatError, UserInputError
from geo_events.limits import run_unit
from geo_events.models import Article, Event, IngestProblem
from geo_events.text.characters import replace_surrogates
from geo_events.text.dates import leading_date
from geo_events.vocab import inter_code, interaction_code

from .long_articles import MAX_ARTICLE_CHARS, split_long_article

__all__ = ["ColumnNames", "csv_rows", "jsonl_rows", "json_object", "read_article_rows", "acled_events",
           "is_acled_header", "parse_column_names", "default_title", "TableItem", "ACLED_COLUMNS",
           "TITLE_CHARS", "MAX_FATALITIES"]

#: Columns that mark a CSV as an ACLED export.
ACLED_COLUMNS = frozenset({"event_id_cnty", "event_date", "event_type", "latitude", "longitude"})
TITLE_CHARS = 100
#: Largest ``fatalities`` an ACLED row may give (the largest single events coded are in the thousands).
MAX_FATALITIES = 1_000_000
#: What a table reader yields: ``(line number, row)``, or the problem of a line it could not read.
TableItem = Union[tuple[int, dict[str, Any]], IngestProblem]
#: CSV cells may be as large as the file (the csv module's default stops at 128 KB). The limit
#: is process-wide; it is raised when this module loads, so every CSV read here has it.
_CSV_FIELD_LIMIT = 2**31 - 1
csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))
#: Where a CSV line ends: after "\n", "\r\n" or a bare "\r" (as the csv module reads them).
_LINE_BREAK = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")


@dataclass(frozen=True, slots=True)
class ColumnNames:
    """Which columns of an article table hold what; ``None``: no column holds that field."""

    text: str = "text"
    date: str | None = "date"
    title: str | None = "title"
    url: str | None = "url"


def parse_column_names(spec: str) -> ColumnNames:
    """``"text=body,date=published"`` -> :class:`ColumnNames`; :class:`UserInputError` (a
    ``ValueError``) names a bad part."""
    fields = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        key, sep, value = part.partition("=")
        if not sep or key.strip() not in ColumnNames.__dataclass_fields__ or not value.strip():
            raise UserInputError(f"{part!r} is not FIELD=COLUMN with FIELD one of "
                             f"{', '.join(ColumnNames.__dataclass_fields__)}")
        fields[key.strip()] = value.strip()
    return ColumnNames(**fields)


def csv_rows(text: str, *, source: str) -> Iterator[TableItem]:
    """``(line number, row)`` of each record of a CSV with a header, in order, and an
    :class:`IngestProblem` for each line that cannot be read; never raises.

    A row is a dict of the header's columns (the first of a repeated column
    name wins, with a note; cells missing at the end are ``""``). Lines end at
    ``\\n``, ``\\r\\n`` or ``\\r``; a cell may be any size up to the file's. A bad line
    is reported and reading goes on with the next one; a quote that is never
    closed, which would swallow the rest of the file into one cell, is reported
    on the line that opened it and the lines after it are read again.

        >>> for item in csv_rows('text,date\\n"Raids, Raqqa",2023-01-02\\n"open,x\\nFires,2023-01-03\\n', source="t.csv"):
        ...     print(item)
        (2, {'text': 'Raids, Raqqa', 'date': '2023-01-02'})
        t.csv, line 3: a quote opened on this line is never closed; skipped, and the lines after it read again
        (4, {'text': 'Fires', 'date': '2023-01-03'})
    """
    csv.field_size_limit(_CSV_FIELD_LIMIT)
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    feed = _Lines(lines, 0)
    reader = csv.reader(feed)
    try:
        header = [name.strip().lstrip("\ufeff") for name in next(reader)]
    except StopIteration:
        yield IngestProblem(source, "empty: no header line")
        return
    except csv.Error as err:
        yield IngestProblem(f"{source}, line 1", f"the header is not a readable CSV line ({err})")
        return
    for name, columns in _repeated(header).items():
        yield IngestProblem(source, f"column {name!r} appears {len(columns)} times (columns "
                                    f"{', '.join(map(str, columns))}); the first is read", kept=True)
    while True:
        first = feed.position + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            yield IngestProblem(f"{source}, line {first}", f"not a readable CSV line ({err}); skipped")
            continue
        last = feed.position
        if last == len(lines) and last > first and _quote_left_open(lines[first - 1:last]):
            yield IngestProblem(f"{source}, line {first}", "a quote opened on this line is never closed; "
                                                           "skipped, and the lines after it read again")
            feed = _Lines(lines, first)
            reader = csv.reader(feed)
            continue
        if not any(cell.strip() for cell in record):
            continue  # a blank line
        if len(record) > len(header):
            yield IngestProblem(f"{source}, line {first}", f"{len(record)} cells under a header of "
                                f"{len(header)}: the last {len(record) - len(header)} are not read "
                                "(an unquoted comma?)", kept=True)
        row: dict[str, str] = {}
        for name, cell in zip(header, record):
            row.setdefault(name, cell)
        for name in header[len(record):]:
            row.setdefault(name, "")
        yield first, row


class _Lines:
    """The lines of a text from ``position`` on, counting how many have been read."""

    def __init__(self, lines: list[str], position: int) -> None:
        self.lines, self.position = lines, position

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.position >= len(self.lines):
            raise StopIteration
        self.position += 1
        return self.lines[self.position - 1]


def _quote_left_open(lines: list[str]) -> bool:
    """Whether a record's lines hold an odd number of quotes: a closed quoted cell has two,
    and a quote inside one is doubled, so an odd count is a quote never closed."""
    return sum(line.count('"') for line in lines) % 2 == 1


def _repeated(header: list[str]) -> dict[str, list[int]]:
    """Column names that appear more than once, with their 1-based column numbers."""
    where: dict[str, list[int]] = {}
    for number, name in enumerate(header, start=1):
        where.setdefault(name, []).append(number)
    return {name: columns for name, columns in where.items() if len(columns) > 1 and name}


def jsonl_rows(text: str, *, source: str) -> Iterator[TableItem]:
    """``(line number, object)`` per non-blank line, or an :class:`IngestProblem` for a line
    that is no JSON object (:func:`json_object`); never raises."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            yield number, json_object(line)
        except ArticleFormatError as err:
            yield IngestProblem(f"{source}, line {number}", f"{err}; skipped")


def json_object(line: str) -> dict[str, Any]:
    """The JSON object on one line; :class:`ArticleFormatError` says why a line is none,
    however it fails (bad syntax, absurd nesting, a number too long to convert).

        >>> json_object('{"text": "Raids"}')
        {'text': 'Raids'}
        >>> json_object("[" * 100_000 + "]" * 100_000)
        Traceback (most recent call last):
        ...
        geo_events.errors.ArticleFormatError: not JSON this program can read: nested too deeply
    """
    try:
        value = json.loads(line, strict=False)  # strict=False: a raw tab or \r inside a string is kept
    except json.JSONDecodeError as err:
        raise ArticleFormatError(f"not JSON ({err.msg}, column {err.colno})") from None
    except RecursionError:
        raise ArticleFormatError("not JSON this program can read: nested too deeply") from None
    except ValueError:  # an integer of thousands of digits (sys.get_int_max_str_digits)
        raise ArticleFormatError("not JSON this program can read: a number too long to convert") from None
    if not isinstance(value, dict):
        raise ArticleFormatError(f"expected a JSON object, got {_json_kind(value)}")
    return value


def _json_kind(value: object) -> str:
    return {list: "an array", str: "a string", bool: "true or false", type(None): "null"}.get(
        type(value), "a number")


def is_acled_header(columns: Iterable[str]) -> bool:
    return ACLED_COLUMNS <= {c.strip().lstrip("\ufeff") for c in columns}


def read_article_rows(rows: Iterable[TableItem], *, source: str, columns: ColumnNames = ColumnNames(),
                      max_article_chars: int = MAX_ARTICLE_CHARS,
                      day_first: bool = True) -> tuple[list[Article], list[IngestProblem]]:
    """Articles from table rows, and one problem per row that could not be used (or was read
    with a caveat: a bad date, an article split in parts). Numeric dates (03/04/2023) are
    day first, month first when ``day_first`` is false."""
    articles: list[Article] = []
    problems: list[IngestProblem] = []
    for item in rows:
        if isinstance(item, IngestProblem):
            problems.append(item)
            continue
        line, row = item
        outcome = run_unit(f"{source}, line {line}", lambda: _article_row(row, source=source, line=line,
                                                                        columns=columns, day_first=day_first))
        if outcome.problem is not None:
            problems.append(outcome.problem)
            continue
        article, notes = outcome.value
        problems += notes
        parts, note = split_long_article(article, max_chars=max_article_chars)
        articles += parts
        problems += [note] if note else []
    return articles, problems


def _article_row(row: dict[str, Any], *, source: str, line: int, columns: ColumnNames,
                 day_first: bool = True) -> tuple[Article, list[IngestProblem]]:
    where = f"{source}, line {line}"
    text = row.get(columns.text)
    if not isinstance(text, str) or not text.strip():
        if columns.text not in row:
            raise ArticleFormatError(f"no text: no column {columns.text!r} (see --table-columns); skipped")
        raise ArticleFormatError(f"no text in column {columns.text!r}; skipped")
    text = replace_surrogates(text)
    notes = []
    date_cell = row.get(columns.date) if columns.date is not None else None
    published, bad_date = _table_date(date_cell, day_first=day_first)
    if bad_date:
        notes.append(IngestProblem(where, f"{_cell(date_cell)} is not a YYYY-MM-DD date nor "
                                          "one like 23 Jan 2023, January 23, 2023 or "
                                          f"{'23/01/2023 (day' if day_first else '01/23/2023 (month'} first): "
                                          "kept undated", kept=True))
    title = replace_surrogates(_text_cell(row.get(columns.title) if columns.title is not None else None)) \
        or default_title(text)
    url = replace_surrogates(_text_cell(row.get(columns.url) if columns.url is not None else None))
    identity = hashlib.sha256(f"{published}\n{title}\n{text}".encode()).hexdigest()[:16]
    return Article(article_id=identity, source=f"{source}#{line}", text=text.strip(), published=published,
                   title=title, raw=text, url=url), notes


def _text_cell(value: object) -> str:
    """A cell as text: strings and numbers; anything else (a JSON list or object) as nothing."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def _cell(value: object, *, max_chars: int = 40) -> str:
    """A cell quoted for a message, cut to ``max_chars``."""
    text = repr(value)
    return text if len(text) <= max_chars else text[:max_chars - 1] + "…"


def acled_events(rows: Iterable[TableItem], *,
                 source: str) -> tuple[list[Event], list[IngestProblem]]:
    """ACLED export rows as events (``kind="event"``), and one problem per unusable row: a
    required cell missing or bad, a cell out of its range, or an ``event_id_cnty`` seen
    on an earlier line of the file."""
    events: list[Event] = []
    problems: list[IngestProblem] = []
    first_line: dict[str, int] = {}
    for item in rows:
        if isinstance(item, IngestProblem):
            problems.append(item)
            continue
        line, row = item
        where = f"{source}, line {line}"
        outcome = run_unit(where, lambda: _acled_event(row, source=source))
        if outcome.problem is not None:
            problems.append(IngestProblem(where, f"not a usable ACLED row ({outcome.problem.message}); "
                                                 "skipped"))
            continue
        event = outcome.value
        if event.event_id in first_line:
            problems.append(IngestProblem(where, f"event_id_cnty {event.event_id[6:]!r} is already on "
                                                 f"line {first_line[event.event_id]}; skipped"))
            continue
        first_line[event.event_id] = line
        events.append(event)
    return events, problems


def _acled_event(row: dict[str, Any], *, source: str) -> Event:
    def cell(name: str) -> str:
        return replace_surrogates(_text_cell(row.get(name)))

    event_id = cell("event_id_cnty")
    if not event_id:
        raise ArticleFormatError("no event_id_cnty")
    latitude, longitude = _number(row, "latitude", -90, 90), _number(row, "longitude", -180, 180)
    day = _acled_date(cell("event_date"))
    inter1, inter2 = _inter(row, "inter1"), _inter(row, "inter2")
    return Event(
        event_id=f"acled:{event_id}", article_id=f"acled:{event_id}", source=cell("source") or source,
        title=f"ACLED {event_id}", event_date=day,
        time_precision=_count(row, "time_precision", 1, low=1, high=3),
        event_type=cell("event_type"), sub_event_type=cell("sub_event_type"),
        actor1=cell("actor1"), actor2=cell("actor2"),
        fatalities=_count(row, "fatalities", 0, low=0, high=MAX_FATALITIES), injuries=0, captured=0,
        location=cell("location") or None, matched_text="",
        latitude=latitude, longitude=longitude,
        geo_precision=_count(row, "geo_precision", 1, low=1, high=3),
        country=cell("country") or None, admin1=cell("admin1") or None,
        geonameid=None, notes=cell("notes"), confidence=1.0, kind="event", url="", sources=source,
        inter1=inter1, inter2=inter2, interaction=_interaction(row, inter1, inter2),
        assoc_actor_1=cell("assoc_actor_1"), assoc_actor_2=cell("assoc_actor_2"),
        admin2=cell("admin2") or None)


def _inter(row: dict[str, Any], name: str) -> int:
    """An actor type cell (``inter1``, ``inter2``): a code or a name, as ACLED's exports
    write it; 0 when empty."""
    try:
        return inter_code(_text_cell(row.get(name)))
    except ArticleFormatError as err:
        raise ArticleFormatError(f"{name} {err}") from None


def _interaction(row: dict[str, Any], inter1: int, inter2: int) -> int:
    """The ``interaction`` cell when it is a code (0, 10 ... 80 for a lone actor, or two codes,
    smaller first: 17), else the code of ``inter1`` and ``inter2`` (ACLED's newer exports write
    text there: "State forces-Civilians")."""
    text = _text_cell(row.get("interaction"))
    if text.isdecimal() and len(text) <= 2:
        first, second = divmod(int(text), 10)
        if int(text) == 0 or (1 <= first <= 8 and (second == 0 or first <= second <= 8)):
            return int(text)
    return interaction_code(inter1, inter2)


def _acled_date(value: str) -> date:
    for layout in ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%m/%d/%Y"):
        try:
            return datetime.strptime(value, layout).date()
        except ValueError:
            continue
    raise ArticleFormatError(f"event_date {_cell(value)} is no date")


def _number(row: dict[str, Any], name: str, low: float, high: float) -> float:
    """A required number cell within ``[low, high]``."""
    text = _text_cell(row.get(name))
    try:
        value = float(text)
    except ValueError:
        raise ArticleFormatError(f"{name} {_cell(text)} is not a number") from None
    if not low <= value <= high:  # NaN fails too
        raise ArticleFormatError(f"{name} {_cell(text)} is not between {low:g} and {high:g}")
    return value


def _count(row: dict[str, Any], name: str, default: int, *, low: int, high: int) -> int:
    """An optional whole-number cell within ``[low, high]``; ``default`` when empty."""
    text = _text_cell(row.get(name))
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise ArticleFormatError(f"{name} {_cell(text)} is not a number") from None
    if not (low <= value <= high and value == int(value)):  # NaN and 1e400 fail here
        raise ArticleFormatError(f"{name} {_cell(text)} is not a whole number from {low:,} to {high:,}")
    return int(value)


def _table_date(value: object, *, day_first: bool = True) -> tuple[date | None, bool]:
    """The date of a cell and whether it was bad: a whole :func:`leading_date` (``23 Jan 2023``,
    ``23/01/2023 10:45``...), else ``YYYY-MM-DD`` with anything after it."""
    if value in (None, ""):
        return None, False
    text = str(value).strip()
    found = leading_date(text, day_first=day_first)
    if found is not None and not text[found.end:].strip():
        return found.day, found.day is None
    try:
        return date.fromisoformat(text[:10]), False
    except ValueError:
        return None, True


def default_title(text: str) -> str:
    """An article's first line, cut to :data:`TITLE_CHARS`: the title when none is given."""
    first = text.strip().split("\n", 1)[0]
    return first if len(first) <= TITLE_CHARS else first[: TITLE_CHARS - 1].rstrip() + "…"
