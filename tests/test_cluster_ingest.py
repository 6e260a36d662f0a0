"""Distributed ingest on a real Dask LocalCluster of 2 worker processes (issue 16, point 1).

    python -m pytest tests/test_cluster_ingest.py

One cluster serves the module (started once, ~2 s). The reference is the
single-process ``ingest`` (``--workers 1``, today's path) on the same inputs:
the built-in sample articles and a generated CSV collection large enough to
make several partitions. Without ``distributed`` installed the module skips,
unless ``GEO_EVENTS_REQUIRE_DASK=1`` (set by ``.ci/run``), where it fails.
"""

from __future__ import annotations

import csv
import os
import random
import signal
import socket
import subprocess
import sys
import types
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import REPO

try:
    from distributed import Client, LocalCluster
except ImportError as err:
    if os.environ.get("GEO_EVENTS_REQUIRE_DASK") == "1":
        raise
    pytest.skip(f"Dask's distributed is not installed ({err}); pip install -r requirements.txt",
                allow_module_level=True)

import geo_events as ge
from geo_events.cli import main
from geo_events.cluster import ingest_on_cluster, start_workers
from geo_events.cluster.ingest import RETRIES, FileDone
from geo_events.cluster.worker import PLUGIN_NAME, extract_partition
from geo_events.io.readers import expand_path, read_inputs
from geo_events.text import sentence_spans

#: Rows of the generated collection, and the partition size the tests use on it: 12 tasks.
ROWS = 240
ARTICLES_PER_PARTITION = 20


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The sample articles and a CSV collection of their sentences, shuffled (seeded), one row
    repeated (stored once, counted as already stored), dates spread over two months."""
    folder = tmp_path_factory.mktemp("corpus")
    sample = ge.read_paths([ge.SAMPLE_ARTICLES_DIR]).articles
    pool = [a.text[s:e] for a in sample for s, e in sentence_spans(a.text)]
    rng = random.Random(16)
    rows = [[f"2021-{1 + i % 2:02d}-{1 + i % 28:02d}", f"Report {i}", " ".join(rng.sample(pool, rng.randint(2, 9))),
             f"https://example.org/{i}"] for i in range(ROWS - 1)]
    rows.append(rows[5])
    path = folder / "collection.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["date", "title", "text", "url"])
        writer.writerows(rows)
    return [ge.SAMPLE_ARTICLES_DIR, path]


@pytest.fixture(scope="module")
def single_store(corpus: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store the single-process ``ingest`` writes (``--workers 1``: no Dask involved)."""
    path = tmp_path_factory.mktemp("single") / "events.sqlite3"
    assert main(["ingest", *map(str, corpus), "--store", str(path), "--no-progress", "--workers", "1"]) == 0
    return path


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    # Worker processes are spawned, and spawning runs the parent's __main__ again when it is a
    # plain script: after Streamlit's AppTest (tests/test_app.py) that is app.py, left in
    # sys.modules. The workers (and those the nanny starts after a kill) get an empty one.
    main_module = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
                Client(cluster) as client:
            start_workers(client)
            yield client
    finally:
        sys.modules["__main__"] = main_module


@pytest.fixture
def two_workers(client: Client) -> Client:
    """The module's client, with both workers up (a test may have killed one)."""
    client.wait_for_workers(2, timeout=60)
    return client


def contents(path: Path, article_ids: set[str] | None = None) -> dict[str, object]:
    """Everything the store's public methods show, but when each row was added."""
    with ge.EventStore.open(path) as store:
        events = sorted(store.events(), key=lambda e: e.event_id)
        ids = {e.article_id for e in events} | (article_ids or set())
        return {"counts": store.counts(), "events": events, "known": store.known(ids),
                "sources": sorted((s.name, s.articles, s.events) for s in store.sources())}


def run(client: Client, corpus: list[Path], store_path: Path, *,
        articles_per_partition: int = ARTICLES_PER_PARTITION, **options: object) -> list[FileDone]:
    with ge.EventStore.open(store_path) as store:
        return list(ingest_on_cluster(read_inputs(corpus), store, client,
                                      articles_per_partition=articles_per_partition, **options))


def test_two_workers_store_the_same_articles_and_events_as_one_process(
        two_workers: Client, corpus: list[Path], single_store: Path, tmp_path: Path) -> None:
    tasks: list[int] = []
    done = run(two_workers, corpus, tmp_path / "events.sqlite3", progress=tasks.append)
    assert len(tasks) >= ROWS // ARTICLES_PER_PARTITION  # several partitions, on both workers
    assert sum(tasks) == ROWS + 20  # every article extracted once (the repeated row too: the store skips it)
    expected = contents(single_store)
    assert contents(tmp_path / "events.sqlite3") == expected
    assert expected["counts"][0] == ROWS - 1 + 20 and expected["counts"][1] > ROWS
    assert [d.path for d in done] == [*expand_path(corpus[0]), corpus[1]]  # each file stored once, in reading order
    assert sum(d.added.articles for d in done) == ROWS - 1 + 20
    assert [d.added.skipped for d in done] == [0] * 20 + [1]  # the repeated row
    assert all(d.problems == [] and d.known == 0 for d in done)


def test_each_worker_opens_its_geoparser_once_not_per_task(two_workers: Client, corpus: list[Path],
                                                          tmp_path: Path) -> None:
    def geoparser_of(dask_worker) -> tuple[int, int]:
        from geo_events.cluster.worker import _process_geoparser

        plugin = dask_worker.plugins[PLUGIN_NAME]
        return id(plugin.geoparser), _process_geoparser.cache_info().currsize

    before = two_workers.run(geoparser_of)
    tasks: list[int] = []
    run(two_workers, corpus[:1], tmp_path / "events.sqlite3", progress=tasks.append,
        articles_per_partition=2)
    assert len(tasks) == 10
    after = two_workers.run(geoparser_of)
    assert after == before  # the same geoparser, kept on each worker; no other one opened
    assert all(opened != id(None) and cached == 0 for opened, cached in after.values())


def test_a_worker_killed_mid_run_is_replaced_its_tasks_rerun_and_nothing_is_stored_twice(
        two_workers: Client, corpus: list[Path], single_store: Path, tmp_path: Path) -> None:
    killed: dict[str, object] = {}
    returned: list[int] = []

    def kill_a_busy_worker(articles: int) -> None:  # the progress hook: once tasks are coming back
        returned.append(articles)
        busy = {worker: keys for worker, keys in two_workers.processing().items() if keys}
        if killed or not busy:  # between two tasks: try again at the next one
            return
        victim = max(busy, key=lambda worker: len(busy[worker]))
        killed.update(keys=list(busy[victim]), after=len(returned))
        killed["pid"] = pid = two_workers.run(os.getpid, workers=[victim])[victim]
        os.kill(pid, signal.SIGKILL)  # from outside the worker, as a crash or the OOM killer would

    done = run(two_workers, corpus, tmp_path / "events.sqlite3", progress=kill_a_busy_worker,
               articles_per_partition=10)
    assert killed, "no worker was seen running a task"
    assert killed["after"] < len(returned) // 2, killed  # mid-run: most tasks were still to come
    assert len(returned) == (ROWS + 20) // 10 and killed["pid"] not in two_workers.run(os.getpid).values()
    assert all(d.problems == [] for d in done)

    def story(dask_scheduler, keys: list[str]) -> list[tuple[str, str, str, str]]:
        return [(key, start, finish, stimulus) for key, start, finish, _, stimulus, *_ in dask_scheduler.story(*keys)]

    transitions = two_workers.run_on_scheduler(story, keys=killed["keys"])

    def rerun(key: str) -> bool:  # taken off the dead worker, then computed on a live one
        steps = [(finish, stimulus) for k, _, finish, stimulus in transitions if k == key]
        lost = [i for i, (_, stimulus) in enumerate(steps) if stimulus.startswith("handle-worker-cleanup")]
        return bool(lost) and "memory" in [finish for finish, _ in steps[lost[0]:]]

    assert any(rerun(key) for key in killed["keys"]), transitions
    assert contents(tmp_path / "events.sqlite3") == contents(single_store)  # every article once, same rows
    two_workers.wait_for_workers(2, timeout=60)  # the nanny started a new worker, with the plugin
    opened = two_workers.run(lambda dask_worker: dask_worker.plugins[PLUGIN_NAME].geoparser is not None)
    assert list(opened.values()) == [True, True]


def test_ingesting_again_on_the_cluster_stores_nothing_new(two_workers: Client, corpus: list[Path],
                                                          tmp_path: Path) -> None:
    store = tmp_path / "events.sqlite3"
    first = run(two_workers, corpus, store)
    stored = contents(store)
    tasks: list[int] = []
    again = run(two_workers, corpus, store, progress=tasks.append)
    assert sum(d.added.articles for d in first) == ROWS - 1 + 20
    assert tasks == []  # nothing to extract: no task submitted
    assert [(d.added.articles, d.added.events, d.known) for d in again] == (
        [(0, 0, 1)] * 20 + [(0, 0, ROWS)])
    assert contents(store) == stored


def test_a_task_that_fails_after_its_retries_is_a_problem_naming_its_file_and_articles(
        two_workers: Client, corpus: list[Path], tmp_path: Path) -> None:
    attempts = tmp_path / "attempts"
    attempts.mkdir()

    def fails_with_row_7(articles: tuple[ge.Article, ...], *, deadline_seconds: float | None) -> list:
        """Raises whenever its partition holds the collection's row 7, leaving a file for each try
        (a closure: Dask sends it by value, as the workers cannot import this module)."""
        if any(a.source.endswith("collection.csv#7") for a in articles):
            (attempts / uuid.uuid4().hex).touch()
            raise ValueError("row 7 breaks this task")
        return extract_partition(articles, deadline_seconds=deadline_seconds)

    (collection,) = run(two_workers, corpus[1:], tmp_path / "events.sqlite3", extract=fails_with_row_7)
    assert len(list(attempts.iterdir())) == 1 + RETRIES  # Dask ran it again, then gave up
    (problem,) = collection.problems
    assert problem.source == str(corpus[1]) and not problem.kept
    assert problem.message == (f"{ARTICLES_PER_PARTITION} article(s) (#2 to #21) not extracted: "
                               "ValueError: row 7 breaks this task; skipped")
    # The rest is stored, the repeat of row 7 (the last row, in another task) among it.
    assert (collection.added.articles, collection.added.skipped) == (ROWS - ARTICLES_PER_PARTITION, 0)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "geo_events", "ingest", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=300, check=False)


def test_cli_workers_2_stores_what_workers_1_stores(corpus: list[Path], single_store: Path,
                                                    tmp_path: Path) -> None:
    store = tmp_path / "events.sqlite3"
    done = _cli(*map(str, corpus), "--store", str(store), "--workers", "2")
    assert done.returncode == 0, done.stderr
    assert f"stored {ROWS - 1 + 20} new article(s)" in done.stderr and "1 already stored" in done.stderr
    assert f"{ROWS + 20}/{ROWS + 20}" in done.stderr  # the progress bar counts articles, to the end
    assert contents(store) == contents(single_store)


def test_cli_scheduler_runs_on_the_workers_of_a_running_cluster(two_workers: Client, corpus: list[Path],
                                                                single_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "events.sqlite3"
    done = _cli(*map(str, corpus), "--store", str(store), "--scheduler", two_workers.scheduler.address,
                "--no-progress")
    assert done.returncode == 0, done.stderr
    assert contents(store) == contents(single_store)
    assert len(two_workers.scheduler_info()["workers"]) == 2  # the cluster is still there, untouched


def test_cli_workers_that_cannot_open_their_gazetteer_stop_the_run_before_any_article(
        two_workers: Client, corpus: list[Path], tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "a-file"
    blocker.touch()  # the index cannot be built under a file
    store = tmp_path / "events.sqlite3"
    try:
        code = main(["ingest", str(corpus[0]), "--store", str(store), "--no-progress",
                     "--scheduler", two_workers.scheduler.address, "--gazetteer", str(blocker / "index.sqlite3")])
    finally:
        start_workers(two_workers)  # the module's plugin back on the workers
    assert code == 1
    assert ("the Dask cluster cannot extract events: GazetteerBuildError: cannot build the gazetteer index at "
            f"{blocker / 'index.sqlite3'}") in caplog.text
    assert "python -m gazetteer build" in caplog.text
    assert contents(store)["counts"] == (0, 0)


def test_cli_unreachable_scheduler_exits_2_naming_it_and_stores_nothing(
        corpus: list[Path], tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{sock.getsockname()[1]}"
    store = tmp_path / "events.sqlite3"
    code = main(["ingest", str(corpus[0]), "--store", str(store), "--scheduler", address,
                 "--scheduler-timeout-seconds", "1", "--no-progress"])
    assert code == 2
    assert f"cannot reach the Dask scheduler at {address} within 1 s" in caplog.text
    assert contents(store)["counts"] == (0, 0)
