"""Distributed ingest on Dask: ``python -m geo_events ingest PATH... --workers N`` (or ``--scheduler``).

The stage after the store: the client reads inputs and writes the store
(:mod:`~geo_events.cluster.ingest`), the workers extract events
(:mod:`~geo_events.cluster.worker`), articles travel in partitions
(:mod:`~geo_events.cluster.partitions`), and the cluster is started or joined
by :mod:`~geo_events.cluster.connect`. Needs ``distributed`` (in
requirements.txt); the single-process ``ingest`` does not. Each name is
imported on first use (PEP 562), so the command line loads Dask only when
it is asked to run on a cluster.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geo_events.lazy_exports import lazy_names

#: Public name -> the module that defines it.
_EXPORTS = {
    "ingest_on_cluster": "geo_events.cluster.ingest", "start_workers": "geo_events.cluster.ingest",
    "FileDone": "geo_events.cluster.ingest",
    "cluster_client": "geo_events.cluster.connect", "scheduler_address": "geo_events.cluster.connect",
    "Partition": "geo_events.cluster.partitions", "Partitioner": "geo_events.cluster.partitions",
    "GeoparserPlugin": "geo_events.cluster.worker", "extract_partition": "geo_events.cluster.worker",
}

__all__ = list(_EXPORTS)


__getattr__, __dir__ = lazy_names(__name__, _EXPORTS)


if TYPE_CHECKING:  # for type checkers and IDEs: the same names, imported eagerly
    from geo_events.cluster.connect import cluster_client, scheduler_address
    from geo_events.cluster.ingest import FileDone, ingest_on_cluster, start_workers
    from geo_events.cluster.partitions import Partition, Partitioner
    from geo_events.cluster.worker import GeoparserPlugin, extract_partition
