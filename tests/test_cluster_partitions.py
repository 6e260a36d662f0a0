"""The parts of distributed ingest that need no cluster: partitions, the task run in a plain
process, what crosses the wire, the scheduler address (``geo_events.cluster``)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import geo_events as ge
from geo_events.cluster.connect import scheduler_address
from geo_events.cluster.partitions import Partition, Partitioner, lost_articles
from geo_events.cluster.worker import GeoparserPlugin, extract_partition, worker_geoparser
from geo_events.errors import UserInputError
from geo_events.pipeline import events_of_each


def _articles(name: str, count: int) -> list[ge.Article]:
    return [ge.Article(f"{name}-{i}", f"{name}#{i + 2}", f"text {i}") for i in range(count)]


def test_a_big_file_is_split_and_small_files_are_packed_together() -> None:
    batcher = Partitioner(articles_per_partition=4)
    big = batcher.add(0, _articles("big.csv", 10))
    assert [len(p.articles) for p in big] == [4, 4]  # 2 left waiting
    assert batcher.waiting == 2
    assert batcher.add(1, _articles("a.txt", 1)) == []
    (packed,) = batcher.add(2, _articles("b.txt", 1))
    assert packed.slots == ((0, 8), (0, 9), (1, 0), (2, 0))
    assert packed.files() == {0: [0, 1], 1: [2], 2: [3]}
    assert batcher.flush() == [] and batcher.waiting == 0
    assert [p.number for p in [*big, packed]] == [0, 1, 2]


def test_every_article_is_in_exactly_one_partition_at_its_own_slot() -> None:
    files = {0: _articles("x.csv", 7), 1: [], 2: _articles("y.csv", 5)}
    batcher = Partitioner(articles_per_partition=3)
    parts = [p for number, articles in files.items() for p in batcher.add(number, articles)] + batcher.flush()
    seen = [(slot, article) for p in parts for slot, article in zip(p.slots, p.articles, strict=True)]
    assert sorted(slot for slot, _ in seen) == [(n, i) for n, arts in files.items() for i in range(len(arts))]
    assert all(files[n][i] is article for (n, i), article in seen)
    assert max(len(p.articles) for p in parts) == 3


@pytest.mark.parametrize("size, error", [(0, ValueError), (-1, ValueError), (2.5, TypeError),
                                         (True, TypeError), ("200", TypeError)])
def test_a_partition_size_that_makes_no_sense_is_refused(size: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="articles_per_partition"):
        Partitioner(articles_per_partition=size)


def test_lost_articles_name_the_file_how_many_and_the_first_and_last() -> None:
    problem = lost_articles("in/x.csv", _articles("in/x.csv", 3), "KilledWorker: it died")
    assert problem.source == "in/x.csv" and not problem.kept
    assert problem.message == "3 article(s) (#2 to #4) not extracted: KilledWorker: it died; skipped"
    assert lost_articles("x.csv", _articles("x.csv", 1), "gone").message == "1 article(s) (#2) not extracted: gone; skipped"
    one_file = [ge.Article("a", "in/a.txt", "text")]
    assert lost_articles("in/a.txt", one_file, "gone").message == "1 article(s) not extracted: gone; skipped"


def test_outside_a_worker_the_task_opens_one_geoparser_per_process_and_gives_what_ingest_gives() -> None:
    articles = ge.read_paths([ge.SAMPLE_ARTICLES_DIR]).articles[:4]
    outcomes = extract_partition(articles, deadline_seconds=60)
    assert worker_geoparser() is worker_geoparser()  # opened once, then kept
    pairs, problems = events_of_each(articles, worker_geoparser(), deadline_seconds=60)
    assert problems == [] and all(o.ok for o in outcomes)
    assert [o.value for o in outcomes] == [events for _, events in pairs]
    assert [o.unit for o in outcomes] == [a.source for a in articles]


def test_a_bad_article_is_its_own_problem_and_the_task_goes_on() -> None:
    good = ge.parse_article(" date 2023-01-20 A drone struck a base near Raqqa.", source="good.txt")
    bad = ge.Article("bad", "bad.txt", None)  # no text: extraction fails on it alone
    outcomes = extract_partition([bad, good], deadline_seconds=60)
    assert outcomes[0].problem is not None and outcomes[0].problem.source == "bad.txt"
    assert outcomes[1].ok and any(e.kind == "event" for e in outcomes[1].value)


def test_what_crosses_the_wire_pickles(tmp_path: Path) -> None:
    articles = ge.read_paths([ge.SAMPLE_ARTICLES_DIR]).articles[:2]
    partition = Partition(0, tuple(articles), ((0, 0), (1, 0)))
    outcomes = extract_partition(articles, deadline_seconds=60)
    assert pickle.loads(pickle.dumps(partition)) == partition
    assert pickle.loads(pickle.dumps(outcomes)) == outcomes
    plugin = GeoparserPlugin(gazetteer_path=tmp_path / "index.sqlite3", geocoder_min_delay_seconds=2.0)
    plugin.geoparser = worker_geoparser()  # as after setup: the open geoparser stays behind
    copy = pickle.loads(pickle.dumps(plugin))
    assert (copy.gazetteer_path, copy.geocoder_min_delay_seconds, copy.geoparser) == (
        tmp_path / "index.sqlite3", 2.0, None)


@pytest.mark.parametrize("address", ["tcp://10.0.0.5:8786", "tls://scheduler.example.org:8786",
                                     "tcp://[::1]:8786", "tcp://localhost:8786/"])
def test_scheduler_addresses_that_are_accepted(address: str) -> None:
    assert scheduler_address(address) == address.rstrip("/")


@pytest.mark.parametrize("address", ["http://10.0.0.5:8786", "10.0.0.5:8786", "tcp://10.0.0.5",
                                     "tcp://:8786", "tcp://host:0", "tcp://host:99999", "tcp://host:port",
                                     "tcp://host:8786/path", "tcp://user@host:8786", "ucx://host:8786", ""])
def test_scheduler_addresses_that_are_refused_say_what_to_write(address: str) -> None:
    with pytest.raises(UserInputError, match="tcp://HOST:PORT or tls://HOST:PORT"):
        scheduler_address(address)
