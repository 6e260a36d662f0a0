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
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from geo_events.io import read_uploads
from geo_events.limits import DEADLINE_SECONDS, run_unit
from geo_events.pipeline import EventExtractor, events_of_each
from geo_events.store import EventStore

__all__ = ["store_uploads", "UploadStatus", "ProgressCallback"]

log = logging.getLogger(__name__)

#: ``on_progress(done, total, name)``: called before each file is stored, ``done`` counting from 1.
ProgressCallback = Callable[[int, int, str], None]


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
        item = upload.input
        pairs, failed = events_of_each(item.articles, geoparser, deadline_seconds=deadline_seconds)
        added = run_unit(upload.name, lambda: store.add(pairs, item.events), deadline_seconds=None)
        if added.problem is not None:
            log.warning("upload %s not stored: %s", upload.name, added.problem.message)
            report.append(UploadStatus(upload.name, f"not stored: {added.problem.message}", stored=False))
            continue
        report += [UploadStatus(p.source, p.message, stored=False, note=p.kept)
                   for p in (*item.problems, *failed)]
        if item.articles or item.events:
            result = added.value
            report.append(UploadStatus(upload.name, f"{result.articles} new, {result.skipped} already stored, "
                                                    f"{result.events} events and mentions", stored=True))
    return report
