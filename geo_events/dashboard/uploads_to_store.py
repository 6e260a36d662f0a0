"""Keep what the page's uploads and pastes hold: extract each file's events into the event store.

    >>> from pathlib import Path
    >>> from geo_events.store import EventStore
    >>> class NoPlaces:  # stands in for a Geoparser: anything with article_events(article)
    ...     def article_events(self, article):
    ...         return []
    >>> with EventStore.open(Path(":memory:")) as store:
    ...     report = store_uploads([("a.txt", b" date 2023-01-20 Raids in Raqqa.")], geoparser=NoPlaces(),
    ...                            store=store)
    >>> [str(status) for status in report]
    ['✓ a.txt: 1 new, 0 already stored, 0 events and mentions']

:func:`store_uploads` reads ``(name, bytes)`` uploads
(:func:`geo_events.io.read_uploads`: .txt, .csv, .jsonl, ACLED exports, zips
of them), extracts each article's events with the geoparser it is handed,
adds them to the store it is handed, and says what happened to each file in
an :class:`UploadStatus`. A file the store refuses is reported and the others
are still stored. The page draws the progress bar from ``on_progress``.

A .csv / .jsonl table whose columns cannot be told from their names
(:mod:`geo_events.io.column_detection`: no text column, or two columns for
one field) is not read row by row into a problem each: its status carries an
:class:`UnclearTable`, the page asks which columns hold what
(:func:`column_options`, preselected with the guess), and
:func:`store_table` extracts it with the columns picked
(:func:`picked_columns`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from geo_events.errors import UserInputError
from geo_events.io import ColumnGuess, ColumnNames, InputFile, read_uploads
from geo_events.io.readers import read_input_bytes
from geo_events.limits import DEADLINE_SECONDS, run_unit
from geo_events.pipeline import EventExtractor, events_of_each
from geo_events.store import EventStore
from geo_events.vocab import TABLE_FIELDS

__all__ = ["store_uploads", "UploadStatus", "ProgressCallback", "UnclearTable", "store_table", "column_options",
           "picked_columns", "FIELD_LABELS"]

log = logging.getLogger(__name__)

#: ``on_progress(done, total, name)``: called before each file is stored, ``done`` counting from 1.
ProgressCallback = Callable[[int, int, str], None]
#: How the page's column form names each field of an article table.
FIELD_LABELS = {"text": "Article text", "date": "Date", "title": "Title", "url": "Link (url)"}


@dataclass(frozen=True, slots=True)
class UnclearTable:
    """An uploaded table (or zip member) whose columns could not be told, kept to be read
    again with the columns the user picks: its name, its bytes and the guess."""

    name: str
    data: bytes = field(repr=False)
    guess: ColumnGuess


@dataclass(frozen=True, slots=True)
class UploadStatus:
    """One line of the upload report: a stored file (``stored``) or a problem, and what happened.

        >>> str(UploadStatus("b.csv", "row 3: no text", stored=False))
        '✗ b.csv: row 3: no text'
    """

    name: str
    message: str
    stored: bool
    #: A caveat on something that was read (undated, split in parts), not a failure.
    note: bool = False
    #: A table whose columns could not be told: nothing of it is stored until they are picked.
    table: UnclearTable | None = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        return f"{'✓' if self.stored else 'ℹ' if self.note else '✗'} {self.name}: {self.message}"


def store_uploads(files: Iterable[tuple[str, bytes]], *, geoparser: EventExtractor, store: EventStore,
                  on_progress: ProgressCallback | None = None,
                  deadline_seconds: float | None = DEADLINE_SECONDS) -> list[UploadStatus]:
    """Extract and store each upload; a status per stored file and per problem, in order.

    Each upload (or zip member) and each article in it is one unit of work
    (:func:`geo_events.limits.each_unit`): an article that fails or runs past
    ``deadline_seconds`` is reported and the rest of its file is stored.
    """
    uploads = read_uploads(files)
    report: list[UploadStatus] = []
    for done, upload in enumerate(uploads, start=1):
        if on_progress is not None:
            on_progress(done, len(uploads), upload.name)
        guess = upload.input.unsure_columns
        if guess is not None and upload.data is not None:  # asked, not read row by row
            report += [UploadStatus(p.source, p.message, stored=False, note=True)
                       for p in upload.input.problems if p.kept]
            report.append(UploadStatus(upload.name, f"{guess.describe()}; pick its columns", stored=False,
                                       table=UnclearTable(upload.name, upload.data, guess)))
            continue
        report += _store(upload.name, upload.input, geoparser=geoparser, store=store,
                         deadline_seconds=deadline_seconds)
    return report


def store_table(table: UnclearTable, columns: ColumnNames, *, geoparser: EventExtractor, store: EventStore,
                deadline_seconds: float | None = DEADLINE_SECONDS) -> list[UploadStatus]:
    """Extract and store an :class:`UnclearTable` read with ``columns``; statuses as
    :func:`store_uploads` gives them (a table still unclear with these columns is one problem)."""
    read = run_unit(table.name, lambda: read_input_bytes(table.name, table.data, columns=columns))
    if read.problem is not None:
        return [UploadStatus(table.name, read.problem.message, stored=False)]
    return _store(table.name, read.value, geoparser=geoparser, store=store, deadline_seconds=deadline_seconds)


def column_options(table: UnclearTable, name: str) -> tuple[list[str | None], int]:
    """The columns the form offers for field ``name`` (``None``: no column, offered for all but
    the text) and the index of the guess among them.

        >>> from geo_events.io import detect_columns
        >>> column_options(UnclearTable("a.csv", b"", detect_columns(["date", "body", "content"])), "date")
        ([None, 'date', 'body', 'content'], 1)
    """
    named = [column for column in table.guess.header if column.strip()]  # a column with no name cannot be read
    options: list[str | None] = [*([] if name == "text" else [None]), *named]
    guessed = table.guess.column(name)
    return options, options.index(guessed) if guessed in options else 0


def picked_columns(picked: Mapping[str, str | None]) -> ColumnNames:
    """The form's picks (field -> column or ``None``) as the columns to read;
    :class:`~geo_events.errors.UserInputError` when no column is picked for the text.

        >>> picked_columns({"text": "body", "date": "published", "title": None})
        ColumnNames(text='body', date='published', title=None, url=None)
    """
    text = picked.get("text")
    if not text:
        raise UserInputError("pick the column that holds the article text")
    return ColumnNames(text=text, **{name: picked.get(name) or None for name in TABLE_FIELDS if name != "text"})


def _store(name: str, item: InputFile, *, geoparser: EventExtractor, store: EventStore,
           deadline_seconds: float | None) -> list[UploadStatus]:
    """Extract one file's events and store them; its problems, then its stored line."""
    pairs, failed = events_of_each(item.articles, geoparser, deadline_seconds=deadline_seconds)
    added = run_unit(name, lambda: store.add(pairs, item.events), deadline_seconds=None)
    if added.problem is not None:
        log.warning("upload %s not stored: %s", name, added.problem.message)
        return [UploadStatus(name, f"not stored: {added.problem.message}", stored=False)]
    report = [UploadStatus(p.source, p.message, stored=False, note=p.kept) for p in (*item.problems, *failed)]
    if item.articles or item.events:
        result = added.value
        report.append(UploadStatus(name, f"{result.articles} new, {result.skipped} already stored, "
                                         f"{result.events} events and mentions", stored=True))
    return report
