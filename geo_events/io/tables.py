"""Article collections as CSV or JSON Lines, and ACLED exports whose rows are events.

    >>> import io
    >>> rows = io.StringIO("date,title,text,url\\n2023-01-20,Drone,A drone hit Raqqa.,https://x\\n")
    >>> [(a.published.isoformat(), a.title, a.url) for a in read_article_rows(csv_rows(rows), source="x.csv")[0]]
    [('2023-01-20', 'Drone', 'https://x')]

An article table has a text column and optionally date, title and url
columns; their names are configurable (:class:`ColumnNames`, the CLI's
``--columns text=body,date=published``). A row without text, or with a
date that is not ``YYYY-MM-DD`` (a time after it is allowed), is reported
with its line number; the other rows still load.

An ACLED export (a CSV with ``event_id_cnty``, ``event_date``,
``event_type``, ``latitude`` and ``longitude``) is read as events
directly, with ACLED's own columns, so analysts can overlay ACLED data on
their own extractions.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import TextIO

from geo_events.errors import ArticleFormatError, UserInputError
from geo_events.models import Article, Event, IngestProblem

__all__ = ["ColumnNames", "csv_rows", "jsonl_rows", "read_article_rows", "acled_events",
           "is_acled_header", "parse_column_names", "default_title", "ACLED_COLUMNS", "TITLE_CHARS"]

#: Columns that mark a CSV as an ACLED export.
ACLED_COLUMNS = frozenset({"event_id_cnty", "event_date", "event_type", "latitude", "longitude"})
TITLE_CHARS = 100


@dataclass(frozen=True, slots=True)
class ColumnNames:
    """Which columns of an article table hold what."""

    text: str = "text"
    date: str = "date"
    title: str = "title"
    url: str = "url"


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


def csv_rows(stream: TextIO) -> Iterator[tuple[int, dict[str, str]]]:
    """``(line number, row)`` of a CSV with a header; ``ArticleFormatError`` if it is no CSV."""
    try:
        reader = csv.DictReader(stream)
        for row in reader:
            yield reader.line_num, {k: v for k, v in row.items() if k is not None}
    except csv.Error as err:
        raise ArticleFormatError(f"not a readable CSV: {err}") from err


def jsonl_rows(stream: TextIO) -> Iterator[tuple[int, dict | None]]:
    """``(line number, object)`` per non-blank line; ``None`` for a line that is no JSON object."""
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError:
            value = None
        yield number, value if isinstance(value, dict) else None


def is_acled_header(columns: Iterable[str]) -> bool:
    return ACLED_COLUMNS <= set(columns)


def read_article_rows(rows: Iterable[tuple[int, dict | None]], *, source: str,
                      columns: ColumnNames = ColumnNames()) -> tuple[list[Article], list[IngestProblem]]:
    """Articles from table rows, and one problem per row that could not be used."""
    articles: list[Article] = []
    problems: list[IngestProblem] = []
    for line, row in rows:
        where = f"{source}, line {line}"
        if row is None:
            problems.append(IngestProblem(where, "not a JSON object; skipped"))
            continue
        text = row.get(columns.text)
        if not isinstance(text, str) or not text.strip():
            problems.append(IngestProblem(where, f"no text in column {columns.text!r}; skipped"))
            continue
        published, bad_date = _table_date(row.get(columns.date))
        if bad_date:
            problems.append(IngestProblem(where, f"{row.get(columns.date)!r} is not a YYYY-MM-DD date: "
                                                 "kept undated"))
        title = str(row.get(columns.title) or "").strip() or default_title(text)
        url = str(row.get(columns.url) or "").strip()
        identity = hashlib.sha256(f"{published}\n{title}\n{text}".encode()).hexdigest()[:16]
        articles.append(Article(article_id=identity, source=f"{source}#{line}", text=text.strip(),
                                published=published, title=title, raw=text, url=url))
    return articles, problems


def acled_events(rows: Iterable[tuple[int, dict | None]], *,
                 source: str) -> tuple[list[Event], list[IngestProblem]]:
    """ACLED export rows as events (``kind="event"``), and one problem per unusable row."""
    events: list[Event] = []
    problems: list[IngestProblem] = []
    for line, row in rows:
        where = f"{source}, line {line}"
        try:
            events.append(_acled_event(row or {}, source=source))
        except (KeyError, ValueError) as err:
            problems.append(IngestProblem(where, f"not a usable ACLED row ({err}); skipped"))
    return events, problems


def _acled_event(row: dict, *, source: str) -> Event:
    event_id = row["event_id_cnty"].strip()
    if not event_id:
        raise ValueError("no event_id_cnty")
    latitude, longitude = float(row["latitude"]), float(row["longitude"])
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError(f"latitude/longitude {latitude}, {longitude} out of range")
    day = _acled_date(row["event_date"])
    return Event(
        event_id=f"acled:{event_id}", article_id=f"acled:{event_id}", source=row.get("source") or source,
        title=f"ACLED {event_id}", event_date=day, time_precision=_int(row.get("time_precision"), 1),
        event_type=row["event_type"].strip(), sub_event_type=(row.get("sub_event_type") or "").strip(),
        actor1=(row.get("actor1") or "").strip(), actor2=(row.get("actor2") or "").strip(),
        fatalities=_int(row.get("fatalities"), 0), injuries=0, captured=0,
        location=(row.get("location") or "").strip() or None, matched_text="",
        latitude=latitude, longitude=longitude, geo_precision=_int(row.get("geo_precision"), 1),
        country=(row.get("country") or "").strip() or None, admin1=(row.get("admin1") or "").strip() or None,
        geonameid=None, notes=(row.get("notes") or "").strip(), confidence=1.0, kind="event",
        url="", sources=source)


def _acled_date(value: str) -> date:
    value = value.strip()
    for layout in ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%m/%d/%Y"):
        try:
            return datetime.strptime(value, layout).date()
        except ValueError:
            continue
    raise ValueError(f"event_date {value!r} is no date")


def _int(value: object, default: int) -> int:
    try:
        return int(float(str(value))) if value not in (None, "") else default
    except ValueError:
        return default


def _table_date(value: object) -> tuple[date | None, bool]:
    """The date of a cell (``YYYY-MM-DD``, a time after it allowed) and whether it was bad."""
    if value in (None, ""):
        return None, False
    try:
        return date.fromisoformat(str(value).strip()[:10]), False
    except ValueError:
        return None, True


def default_title(text: str) -> str:
    """An article's first line, cut to :data:`TITLE_CHARS`: the title when none is given."""
    first = text.strip().split("\n", 1)[0]
    return first if len(first) <= TITLE_CHARS else first[: TITLE_CHARS - 1].rstrip() + "…"
