"""What runs on a Dask worker: the geoparser, opened once, and the partition task::

    from distributed import Client, LocalCluster
    client = Client(LocalCluster(n_workers=2, processes=True))
    client.register_plugin(GeoparserPlugin(), name=PLUGIN_NAME)
    outcomes = client.submit(extract_partition, articles, deadline_seconds=60).result()

:class:`GeoparserPlugin` opens the gazetteer and builds a
:class:`~geo_events.pipeline.Geoparser` in its ``setup``, once per worker
process (and again in a worker that replaces a lost one); the task,
:func:`extract_partition`, takes it from the worker it runs on. Outside a
worker that has the plugin (a plain process, a test), the task opens one
geoparser per process and keeps it.

The task runs each article as its own unit of work, exactly as the
single-process ``ingest`` does (:func:`geo_events.pipeline.events_of_each`):
a bad article becomes an :class:`~geo_events.models.IngestProblem`, never an
exception, so a task raises only when the worker itself cannot work (no
gazetteer), and Dask's retries are for that and for lost workers.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from gazetteer import FallbackGeocoder, Gazetteer
from geo_events.limits import DEADLINE_SECONDS, Outcome, each_unit
from geo_events.models import Article, Event
from geo_events.pipeline import Geoparser

try:
    from distributed import WorkerPlugin, get_worker
except ModuleNotFoundError:  # only a cluster needs Dask: the task still runs in a plain process
    WorkerPlugin = object  # type: ignore[assignment,misc]
    get_worker = None

__all__ = ["GeoparserPlugin", "PLUGIN_NAME", "extract_partition", "worker_geoparser", "open_geoparser"]

log = logging.getLogger(__name__)

#: The name the plugin is registered under, on the scheduler and on each worker.
PLUGIN_NAME = "geo-events-geoparser"


def open_geoparser(*, gazetteer_path: Path | None = None, geocoder_min_delay_seconds: float = 1.0) -> Geoparser:
    """A geoparser on the index at ``gazetteer_path`` (default: ``$GEO_EVENTS_GAZETTEER`` or the
    user cache, built on first use), with the online fallback when one is configured, asking it
    at most once every ``geocoder_min_delay_seconds``: what ``ingest`` opens, on a worker."""
    return Geoparser(Gazetteer.open(gazetteer_path, progress=log.warning),
                     geocoder=FallbackGeocoder.from_settings(min_delay_seconds=geocoder_min_delay_seconds))


class GeoparserPlugin(WorkerPlugin):
    """Opens the geoparser once when a worker starts (``setup``) and keeps it on the worker.

    ``gazetteer_path`` is a path on the workers' machines (``None``: each worker's
    ``$GEO_EVENTS_GAZETTEER`` or user cache). The online fallback, when configured on the
    workers, asks every ``geocoder_min_delay_seconds`` per worker: give it the number of
    workers (in seconds) to keep the cluster to one request a second.
    """

    name = PLUGIN_NAME

    def __init__(self, *, gazetteer_path: Path | None = None, geocoder_min_delay_seconds: float = 1.0) -> None:
        self.gazetteer_path = gazetteer_path
        self.geocoder_min_delay_seconds = geocoder_min_delay_seconds
        self.geoparser: Geoparser | None = None

    def __getstate__(self) -> dict[str, object]:  # the options travel; an open geoparser never does
        return {"gazetteer_path": self.gazetteer_path, "geocoder_min_delay_seconds": self.geocoder_min_delay_seconds}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(**state)

    def setup(self, worker: object) -> None:
        self.geoparser = open_geoparser(gazetteer_path=self.gazetteer_path,
                                        geocoder_min_delay_seconds=self.geocoder_min_delay_seconds)
        log.info("geoparser opened on %s (gazetteer %s)", getattr(worker, "address", "a worker"),
                 self.geoparser.gazetteer.path)

    def teardown(self, worker: object) -> None:
        if self.geoparser is not None:
            self.geoparser.gazetteer.close()
            self.geoparser = None


@functools.cache
def _process_geoparser() -> Geoparser:
    """The geoparser of a process that has no plugin: opened on first use, then kept."""
    return open_geoparser()


def worker_geoparser() -> Geoparser:
    """The geoparser of the worker this runs on (its :class:`GeoparserPlugin`'s), else this
    process's own (opened once, on first use)."""
    try:
        worker = get_worker() if get_worker is not None else None
    except ValueError:  # not inside a Dask worker
        worker = None
    plugin = worker.plugins.get(PLUGIN_NAME) if worker is not None else None
    if isinstance(plugin, GeoparserPlugin) and plugin.geoparser is not None:
        return plugin.geoparser
    return _process_geoparser()


def extract_partition(articles: tuple[Article, ...] | list[Article], *,
                      deadline_seconds: float | None = DEADLINE_SECONDS) -> list[Outcome[list[Event]]]:
    """The events of each article, in order: one :class:`~geo_events.limits.Outcome` per article,
    its ``value`` the article's events or its ``problem`` why it has none (an error, the
    deadline). What crosses the wire back is only events and problems, never the articles."""
    geoparser = worker_geoparser()
    return list(each_unit(articles, geoparser.article_events, name=lambda a: a.source,
                          deadline_seconds=deadline_seconds))
