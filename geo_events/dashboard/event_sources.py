"""The page's events: those of the articles it was started on and those in the event store, merged.

    >>> from datetime import date
    >>> from geo_events.models import Event
    >>> def report(article, day):
    ...     return Event(f"{article}:0", article, f"{article}.txt", "", day, 1, "Battles", "Armed clash",
    ...                  "", "", 2, 0, 0, "Hajin", "Hajin", 34.69, 40.83, 1, "Syria", None, 163, "", 0.9, "event")
    >>> rows = event_table([report("a", date(2023, 1, 21))], [report("b", date(2023, 1, 22))])
    >>> rows[["source_count", "sources"]].values.tolist()
    [[2, 'a.txt; b.txt']]

An event reported both by an article on the page's paths and by one in the
store is one event with both sources (:func:`merge_sources`); an article
that is in both (the same ``event_id``) counts once. The analyst's edits,
kept in the store (:meth:`geo_events.EventStore.edit`), are applied to the
paths' events too (:func:`stored_edits`), before merging; an event marked
"not an event" is merged with none, ``dismissed`` set. The page caches
:func:`path_events` and :func:`stored_events` and keys the store's cache on
:func:`store_version`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from geo_events.events.dedup import merge_duplicates
from geo_events.io import read_paths
from geo_events.io.rows import event_rows
from geo_events.limits import DEADLINE_SECONDS
from geo_events.models import Event, IngestProblem
from geo_events.pipeline import EventExtractor, events_of_each
from geo_events.store import AddResult, EventEdit, EventStore, StoredSource, apply_edits

__all__ = ["path_events", "stored_events", "store_version", "merge_sources", "event_table", "stored_sources",
           "remove_stored", "stored_edits"]


def path_events(paths: Iterable[str | Path], *, geoparser: EventExtractor,
                deadline_seconds: float | None = DEADLINE_SECONDS) -> tuple[list[Event], list[IngestProblem]]:
    """Every event and mention of the articles under ``paths`` (and their ACLED rows), unmerged,
    and the problems met reading them or extracting an article's events (each article is one
    unit of work, :func:`geo_events.limits.each_unit`); :class:`~geo_events.errors.InputPathError`
    for a missing path."""
    result = read_paths(paths)
    found, failed = events_of_each(result.articles, geoparser, deadline_seconds=deadline_seconds)
    return [e for _, events in found for e in events] + result.events, result.problems + failed


def stored_events(path: Path | str) -> list[Event]:
    """Every event and mention in the store at ``path`` (a file or a URL), unmerged
    (:class:`~geo_events.errors.StoreError` when it cannot be read)."""
    with EventStore.open(path) as store:
        return store.events()


def stored_edits(path: Path | str) -> dict[str, list[EventEdit]]:
    """The edits kept in the store at ``path``, by ``event_id`` (none when there is no store file)."""
    if isinstance(path, Path) and not path.is_file():
        return {}
    with EventStore.open(path) as store:
        return store.edits()


def stored_sources(path: Path | str) -> list[StoredSource]:
    """The sources in the store at ``path`` (none when there is no store file yet)."""
    if isinstance(path, Path) and not path.is_file():
        return []
    with EventStore.open(path) as store:
        return store.sources()


def remove_stored(path: Path | str, name: str | None) -> AddResult:
    """Remove the source ``name`` from the store at ``path``, or every source with ``None``."""
    with EventStore.open(path) as store:
        return store.clear() if name is None else store.remove_source(name)


def store_version(path: Path | str) -> tuple | None:
    """``(mtime_ns, size)`` of the store file, which changes when the store does; ``None`` when
    there is no store yet. A server's store (a URL): its write counter
    (:meth:`geo_events.EventStore.version`; :class:`~geo_events.errors.StoreError` when it
    cannot be reached).

        >>> store_version(Path("/no/such/store.sqlite3")) is None
        True
    """
    if not isinstance(path, Path):
        with EventStore.open(path) as store:
            return store.version()
    if not path.is_file():
        return None
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


def merge_sources(path_events: Sequence[Event], stored: Sequence[Event] = (), *,
                  edits: Mapping[str, Sequence[EventEdit]] | None = None) -> list[Event]:
    """The events of both sources, each once: the same ``event_id`` (an article in both) is kept
    once, the path's copy; then one event reported by several articles is merged
    (:func:`geo_events.merge_duplicates`), whichever source each report came from."""
    # ``edits`` (event_id -> history) are applied to the path's events first; ``stored`` events
    # come from the store with theirs applied already; events marked "not an event" merge with none.
    unique: dict[str, Event] = {}
    for event in (*apply_edits(path_events, edits or {}), *stored):
        unique.setdefault(event.event_id, event)
    return merge_duplicates(unique.values())


def event_table(path_events: Sequence[Event], stored: Sequence[Event] = (), *,
                edits: Mapping[str, Sequence[EventEdit]] | None = None) -> pd.DataFrame:
    """:func:`merge_sources` as the event table (:func:`geo_events.event_rows`) the page filters."""
    return event_rows(merge_sources(path_events, stored, edits=edits))
