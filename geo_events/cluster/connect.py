"""The cluster of a distributed ``ingest``: a LocalCluster started for the run, or a scheduler joined.

    >>> scheduler_address("tcp://10.0.0.5:8786")
    'tcp://10.0.0.5:8786'
    >>> with cluster_client(workers=2) as client:                          # doctest: +SKIP
    ...     len(client.scheduler_info()["workers"])
    2

:func:`cluster_client` starts ``LocalCluster(n_workers=N, threads_per_worker=1,
processes=True)`` (its web pages on a free port) and closes it when the block ends, or
connects to a running scheduler (``dask scheduler`` on one machine, ``dask
worker tcp://HOST:8786`` on each other) and waits for one worker, raising
:class:`~geo_events.errors.ClusterError` when neither comes within the timeout.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from geo_events.errors import ClusterError, UserInputError

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["cluster_client", "scheduler_address", "MAX_WORKERS", "CONNECT_TIMEOUT_SECONDS"]

log = logging.getLogger(__name__)

#: Most worker processes ``--workers`` starts on this machine.
MAX_WORKERS = 64
#: How long to wait for a scheduler to answer, and for its first worker.
CONNECT_TIMEOUT_SECONDS = 10.0
_SCHEMES = ("tcp", "tls")


def scheduler_address(text: str) -> str:
    """``text`` if it is a scheduler's address, ``tcp://HOST:PORT`` or ``tls://HOST:PORT``;
    else :class:`~geo_events.errors.UserInputError` naming it.

        >>> scheduler_address("http://10.0.0.5:8786")
        Traceback (most recent call last):
        ...
        geo_events.errors.UserInputError: 'http://10.0.0.5:8786' is not a scheduler address: use tcp://HOST:PORT or tls://HOST:PORT
    """
    if not isinstance(text, str):
        raise TypeError(f"a scheduler address is a string, got {text!r} of type {type(text).__name__}")
    try:
        parts = urlsplit(text.strip())
        port = parts.port
    except ValueError:  # a port that is not a number, or out of range
        port = None
        parts = None
    if (parts is None or parts.scheme not in _SCHEMES or not parts.hostname or port is None or port == 0
            or parts.path not in ("", "/") or parts.query or parts.fragment or parts.username):
        raise UserInputError(f"{text!r} is not a scheduler address: use tcp://HOST:PORT or tls://HOST:PORT")
    return text.strip().rstrip("/")


@contextlib.contextmanager
def cluster_client(*, workers: int = 2, scheduler: str | None = None,
                   timeout_seconds: float = CONNECT_TIMEOUT_SECONDS) -> Iterator[Client]:
    """A Dask client: of the scheduler at ``scheduler`` when given (its workers are its own),
    else of a LocalCluster of ``workers`` processes, one thread each, closed at the end."""
    from distributed import Client, LocalCluster

    if scheduler is not None:
        address = scheduler_address(scheduler)
        try:
            client = Client(address, timeout=timeout_seconds)
        except OSError as err:  # refused, unreachable, timed out (TimeoutError is an OSError)
            raise ClusterError(f"cannot reach the Dask scheduler at {address} within {timeout_seconds:g} s: "
                               f"{err}") from err
        with client:
            try:
                client.wait_for_workers(1, timeout=timeout_seconds)
            except TimeoutError as err:
                raise ClusterError(f"the Dask scheduler at {address} has no worker after {timeout_seconds:g} s; "
                                   f"start one with: dask worker {address}") from err
            yield client
        return
    if isinstance(workers, bool) or not isinstance(workers, int):
        raise TypeError(f"workers must be an int, got {workers!r} of type {type(workers).__name__}")
    if not 1 <= workers <= MAX_WORKERS:
        raise ValueError(f"workers must be from 1 to {MAX_WORKERS}, got {workers}")
    try:
        # The scheduler serves its health and metrics pages even without a dashboard: on a free
        # port (":0"), never on 8787, which another cluster on this machine may hold.
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                               silence_logs=logging.WARNING)
    except OSError as err:
        raise ClusterError(f"cannot start a local Dask cluster of {workers} workers: {err}") from err
    with cluster, Client(cluster) as client:
        log.info("local Dask cluster: %d worker processes, scheduler %s", workers, cluster.scheduler_address)
        yield client
