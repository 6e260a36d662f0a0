"""Writing an index in a child process: the same file as in-process, and failures that say so."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gazetteer import Candidate, GazetteerBuildError, build_index
from gazetteer.indexing import writer as writer_module
from gazetteer.indexing.name_rows import pack_named, pack_rows, unpack_named, unpack_rows
from gazetteer.indexing.writer import ChildWriter, IndexWriter, open_writer

# Enough places for several batches of the build (its batch is 10,000 places).
MANY = [(Candidate(f"Town {i}", (i % 170) - 85.0, (i % 350) - 175.0, "city", "SY", "05", i, i, "test"),
         [f"Town {i}", f"Tall {i}", f"Tell {i}", "Al Qāmishlī"]) for i in range(45_000)]


def dump(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as db:
        return {table: sorted(db.execute(f"SELECT * FROM {table}"))  # noqa: S608 (fixed names)
                for table in ("places", "names", "codes", "meta")}


def test_a_child_writes_the_same_index_as_this_process(tmp_path: Path) -> None:
    here = build_index(tmp_path / "here.sqlite3", MANY, signature="s", progress=lambda _: None, processes=0)
    child = build_index(tmp_path / "child.sqlite3", MANY, signature="s", progress=lambda _: None, processes=1)
    assert dump(here) == dump(child)
    assert len(dump(child)["places"]) == 45_000


def test_the_build_reports_its_steps_in_order(tmp_path: Path) -> None:
    steps: list[tuple[float, str]] = []
    build_index(tmp_path / "i.sqlite3", MANY, signature="s", progress=lambda _: None,
                step=lambda done, what: steps.append((done, what)))
    fractions = [done for done, _ in steps]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and steps[-1][1] == "ready"
    assert any(what == "20,000 places read" for _, what in steps)


def test_a_child_that_stops_fails_the_build_and_leaves_no_file(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[ChildWriter] = []
    real_init = ChildWriter.__init__

    def spy(self: ChildWriter, path: Path) -> None:
        real_init(self, path)
        started.append(self)

    def records():
        for number, record in enumerate(MANY):
            if number == 25_000:  # the first batch has gone to the child: kill it
                started[0]._child.kill()
                started[0]._child.wait()
            yield record

    monkeypatch.setattr(ChildWriter, "__init__", spy)
    with pytest.raises(GazetteerBuildError, match="index writer process stopped"):
        build_index(tmp_path / "i.sqlite3", records(), signature="s", progress=lambda _: None)
    assert list(tmp_path.iterdir()) == []


def test_no_child_process_falls_back_to_writing_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_processes(*args, **kwargs):
        raise OSError("cannot fork")

    monkeypatch.setattr(writer_module.subprocess, "Popen", no_processes)
    writer = open_writer(tmp_path / "i.sqlite3", processes=1)
    assert isinstance(writer, IndexWriter)
    writer.close()


def test_the_child_refuses_calls_it_does_not_know(tmp_path: Path) -> None:
    import pickle

    done = subprocess.run([sys.executable, "-m", "gazetteer.indexing.writer", str(tmp_path / "x.sqlite3")],
                          input=pickle.dumps(("drop_tables",)), capture_output=True, check=False)
    assert done.returncode == 1 and b"unknown call 'drop_tables'" in done.stderr


def test_the_child_without_a_path_shows_its_usage() -> None:
    done = subprocess.run([sys.executable, "-m", "gazetteer.indexing.writer"], capture_output=True, check=False)
    assert done.returncode == 2 and b"usage" in done.stderr


def test_batches_folded_here_when_the_child_is_behind_give_the_same_index(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    writers: list[ChildWriter] = []
    real_init = ChildWriter.__init__

    def behind(self: ChildWriter, path: Path) -> None:
        real_init(self, path)
        self._outbox.full = lambda: True  # type: ignore[method-assign]  # as if the child were behind
        writers.append(self)

    here = build_index(tmp_path / "here.sqlite3", MANY, signature="s", progress=lambda _: None, processes=0)
    monkeypatch.setattr(ChildWriter, "__init__", behind)
    child = build_index(tmp_path / "child.sqlite3", MANY, signature="s", progress=lambda _: None, processes=1)
    assert writers[0].folded_here == writers[0].batches > 1
    assert dump(here) == dump(child)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 10**9), st.lists(st.text(max_size=12), max_size=5)), max_size=20))
def test_a_packed_batch_of_names_unpacks_to_itself(named: list[tuple[int, list[str]]]) -> None:
    """Any names, the separator and empty names among them."""
    assert unpack_named(pack_named(named)) == named


def test_a_name_holding_the_separator_is_sent_as_it_is() -> None:
    named = [(1, ["Ham\x1fa", "Hama"]), (2, [""])]
    assert pack_named(named) == named and unpack_named(pack_named(named)) == named


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.text("abcdeḥ0", max_size=6), st.text("xyz", max_size=6), st.integers(1, 99)),
                max_size=20))
def test_packed_rows_unpack_to_themselves(rows: list[tuple[str, str, int]]) -> None:
    assert unpack_rows(pack_rows(rows)) == rows
