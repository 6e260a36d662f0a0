"""``ingest`` on a Dask cluster: the client reads, workers extract, the client stores::

    from distributed import Client
    from geo_events.io.readers import read_inputs

    client = Client("tcp://10.0.0.5:8786")
    start_workers(client)  # each worker opens its geoparser
    with EventStore.open("events.sqlite3") as store:
        stored = [done.added for done in ingest_on_cluster(read_inputs(["news/"]), store, client)]

The client reads the inputs in turn (one file in memory at a time, as the
single-process ``ingest``), leaves out the articles the store already holds,
cuts the others into partitions (:mod:`geo_events.cluster.partitions`) and
submits each as a task (:func:`geo_events.cluster.worker.extract_partition`,
retried by Dask), keeping at most ``tasks_in_flight`` tasks out. As results
come back it gives each file its events, and stores a file in one
transaction once all its articles are back, files in the order they were
read: the same articles, events and "already stored" counts as the
single-process run, and a file stored once, by this process alone, whatever
happens to the workers. A worker that dies loses its tasks to Dask, which
runs them again elsewhere; a task that still fails (after ``retries``, or
once a task has killed several workers) becomes a problem naming its file
and articles, and the rest goes on.
"""

from __future__ import annotations

import logging
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from geo_events.io.readers import InputFile
from geo_events.limits import DEADLINE_SECONDS, Outcome, run_unit
from geo_events.models import Article, Event, IngestProblem
from geo_events.store import AddResult, EventStore

from .partitions import ARTICLES_PER_PARTITION, Partition, Partitioner, lost_articles
from .worker import PLUGIN_NAME, GeoparserPlugin, extract_partition

if TYPE_CHECKING:
    from distributed import Client, Future

__all__ = ["ingest_on_cluster", "start_workers", "FileDone", "TASKS_PER_WORKER", "RETRIES"]

log = logging.getLogger(__name__)

#: Tasks kept out per worker: one running, the next ones queued, so no worker waits for the
#: client, and few enough that the client's memory holds only a few partitions' results.
TASKS_PER_WORKER = 3
#: How often Dask runs a task again that raised (lost workers are handled by Dask apart).
RETRIES = 2

#: ``extract(articles, deadline_seconds=...)``: what a task runs.
Extract = Callable[..., list[Outcome[list[Event]]]]


@dataclass(frozen=True, slots=True)
class FileDone:
    """One input file dealt with: ``added`` what its transaction stored (``None``: a folder's
    note, or the transaction failed, which is then among ``problems``), ``known`` how many of
    its articles the store held before (``added.skipped`` counts those stored meanwhile), and
    every problem of it: reading, extracting, storing."""

    path: Path
    added: AddResult | None
    known: int
    problems: list[IngestProblem]


def start_workers(client: Client, *, gazetteer_path: Path | None = None,
                  geocoder_min_delay_seconds: float = 1.0) -> None:
    """Register :class:`~geo_events.cluster.worker.GeoparserPlugin` on ``client``'s cluster:
    each worker opens its geoparser now, and each worker that joins later when it starts;
    then run one empty task through the scheduler, which must unpickle it too.

    Raises what a worker's setup or the empty task raised (no gazetteer there, geo_events
    not installed on a worker or on the scheduler), before any article is sent.
    """
    client.register_plugin(GeoparserPlugin(gazetteer_path=gazetteer_path,
                                           geocoder_min_delay_seconds=geocoder_min_delay_seconds),
                           name=PLUGIN_NAME)
    client.submit(extract_partition, (), deadline_seconds=None, key=f"geo-events-probe-{uuid.uuid4().hex[:12]}",
                  pure=False).result()


def ingest_on_cluster(inputs: Iterable[InputFile], store: EventStore, client: Client, *,
                      articles_per_partition: int = ARTICLES_PER_PARTITION,
                      tasks_in_flight: int | None = None, retries: int = RETRIES,
                      deadline_seconds: float | None = DEADLINE_SECONDS,
                      progress: Callable[[int], None] | None = None,
                      extract: Extract = extract_partition) -> Iterator[FileDone]:
    """Extract the articles of ``inputs`` on ``client``'s workers and store each file in one
    transaction; yields each file once stored, in reading order.

    ``tasks_in_flight`` defaults to :data:`TASKS_PER_WORKER` times the workers there are at
    the start; ``progress(n)`` is called as each partition comes back with its ``n``
    articles; ``deadline_seconds`` bounds each article, as in the single-process run.
    ``extract`` is what each task runs (the geoparser of the worker, by default).
    """
    if tasks_in_flight is None:
        tasks_in_flight = TASKS_PER_WORKER * max(1, len(client.scheduler_info()["workers"]))
    if tasks_in_flight < 1:
        raise ValueError(f"tasks_in_flight must be at least 1, got {tasks_in_flight}")
    run = _Run(store, client, Partitioner(articles_per_partition=articles_per_partition),
               tasks_in_flight=tasks_in_flight, retries=retries, deadline_seconds=deadline_seconds,
               progress=progress, extract=extract)
    yield from run.ingest(inputs)


@dataclass(slots=True)
class _File:
    """A file read and not yet stored: its fresh articles and, slot by slot, their outcomes."""

    item: InputFile
    fresh: list[Article]
    outcomes: list[Outcome[list[Event]] | None]
    waiting: int
    lost: list[IngestProblem] = field(default_factory=list)


class _Run:
    def __init__(self, store: EventStore, client: Client, partitioner: Partitioner, *, tasks_in_flight: int,
                 retries: int, deadline_seconds: float | None, progress: Callable[[int], None] | None,
                 extract: Extract) -> None:
        from distributed import as_completed

        self.store, self.client, self.partitioner = store, client, partitioner
        self.tasks_in_flight, self.retries, self.deadline_seconds = tasks_in_flight, retries, deadline_seconds
        self.progress, self.extract = progress, extract
        self.files: dict[int, _File] = {}
        self.order: deque[int] = deque()  # files read and not yet stored, in reading order
        self.in_flight: dict[str, Partition] = {}
        self.done = as_completed(loop=client.loop)  # this client's, not the process's default one
        self.run_id = uuid.uuid4().hex[:12]
        # Files read ahead of the oldest unstored one wait in memory; past this many of their
        # articles the client stops reading until the oldest is stored.
        self.backlog_articles = tasks_in_flight * partitioner.articles_per_partition * 2

    def ingest(self, inputs: Iterable[InputFile]) -> Iterator[FileDone]:
        for number, item in enumerate(inputs):
            fresh = self._fresh(item)
            self.files[number] = _File(item, fresh, [None] * len(fresh), len(fresh))
            self.order.append(number)
            for partition in self.partitioner.add(number, fresh):
                yield from self._make_room()
                self._submit(partition)
            yield from self._store_ready()
        for partition in self.partitioner.flush():
            yield from self._make_room()
            self._submit(partition)
        while self.in_flight:
            self._collect()
            yield from self._store_ready()
        yield from self._store_ready()

    def _fresh(self, item: InputFile) -> list[Article]:
        if item.path.is_dir() or not item.articles:
            return []
        known = self.store.known(a.article_id for a in item.articles)
        return [a for a in item.articles if a.article_id not in known]

    def _make_room(self) -> Iterator[FileDone]:
        """Wait for results while too many tasks are out, or too many read articles wait
        behind the oldest file not yet stored."""
        while self.in_flight and (len(self.in_flight) >= self.tasks_in_flight
                                  or self._backlog() > self.backlog_articles):
            self._collect()
            yield from self._store_ready()

    def _backlog(self) -> int:
        return sum(len(self.files[n].fresh) for n in list(self.order)[1:])

    def _submit(self, partition: Partition) -> None:
        future = self.client.submit(self.extract, partition.articles, deadline_seconds=self.deadline_seconds,
                                    key=f"geo-events-extract-{self.run_id}-{partition.number}",
                                    retries=self.retries, pure=False)
        self.in_flight[future.key] = partition
        self.done.add(future)

    def _collect(self) -> None:
        """Wait for one task and give its articles' outcomes (or its failure) to their files."""
        future: Future = next(self.done)
        partition = self.in_flight.pop(future.key)
        try:
            outcomes = future.result()
            if len(outcomes) != len(partition.articles):
                raise ValueError(f"the task gave {len(outcomes)} outcome(s) for {len(partition.articles)} articles")
        except Exception as err:  # noqa: BLE001 - a task lost for good is its articles' problem
            self._lose(partition, _reason(err))
        else:
            for (number, index), outcome in zip(partition.slots, outcomes):
                self._fill(number, index, outcome)
        finally:
            future.release()
        if self.progress is not None:
            self.progress(len(partition.articles))

    def _fill(self, number: int, index: int, outcome: Outcome[list[Event]] | None) -> None:
        """Slot ``index`` of file ``number`` is back: its outcome, or ``None`` when its task was lost
        (each slot is in one task, and each task comes back once)."""
        file = self.files[number]
        file.outcomes[index] = outcome
        file.waiting -= 1

    def _lose(self, partition: Partition, reason: str) -> None:
        log.info("task %d (%d articles) failed: %s", partition.number, len(partition.articles), reason)
        for number, indexes in partition.files().items():
            file = self.files[number]
            file.lost.append(lost_articles(str(file.item.path), [partition.articles[i] for i in indexes], reason))
            for i in indexes:
                self._fill(number, partition.slots[i][1], None)

    def _store_ready(self) -> Iterator[FileDone]:
        """Store, in reading order, each file whose articles are all back."""
        while self.order and self.files[self.order[0]].waiting == 0:
            yield self._store(self.files.pop(self.order.popleft()))

    def _store(self, file: _File) -> FileDone:
        item = file.item
        known = len(item.articles) - len(file.fresh)
        if item.path.is_dir():  # a folder's own note (files in it that are not inputs)
            return FileDone(item.path, None, known, list(item.problems))
        pairs = [(a, o.value) for a, o in zip(file.fresh, file.outcomes) if o is not None and o.ok]
        problems = [o.problem for o in file.outcomes if o is not None and o.problem is not None]
        added = run_unit(str(item.path), lambda: self.store.add(pairs, item.events), deadline_seconds=None)
        if added.problem is not None:
            problems.append(IngestProblem(str(item.path), f"not stored: {added.problem.message}"))
        return FileDone(item.path, added.value, known, [*item.problems, *problems, *file.lost])


def _reason(err: BaseException, *, max_chars: int = 300) -> str:
    """Why a task failed, on one line (a worker's traceback stays in the worker's log)."""
    text = " ".join(str(err).split())
    text = text if len(text) <= max_chars else text[:max_chars - 1] + "…"
    return f"{type(err).__name__}: {text}" if text else type(err).__name__
