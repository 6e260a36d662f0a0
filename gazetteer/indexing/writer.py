"""Write a new index file: here, or in a child process while the sources are read.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "tiny.sqlite3"
    >>> with open_writer(path, processes=0) as writer:
    ...     writer.add([(1, "Hama", 35.13, 36.75, "city", "SY", "11", 696863, 170017, "test")],
    ...                [(1, ["Hama", "Hamah"])])
    ...     writer.finish(codes=[], meta=[("signature", "test")])

Reading the packaged sources and folding their million names each take about
half of a build and need nothing from each other, so on a machine with a
second core the build reads in this process and a child process
(``python -m gazetteer.indexing.writer PATH``, fed pickled batches on its
standard input) folds the names and writes them. A child of its own, not
:mod:`multiprocessing`: that re-runs the parent's main script in the child,
and under Streamlit the main script is the page. Whenever the child is
behind (its queue of batches is full), the reader folds the next batch
itself and sends the folded rows, instead of waiting: the two processes
share the folding in whatever proportion this machine's speeds call for.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import pickle
import queue
import sqlite3
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Protocol

from ..errors import GazetteerBuildError
from .name_rows import NameRow, pack_named, pack_rows, rows_of, unpack_named, unpack_rows

__all__ = ["open_writer", "Writer", "IndexWriter", "ChildWriter", "SCHEMA"]

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, latitude REAL NOT NULL,
    longitude REAL NOT NULL, kind TEXT NOT NULL, country_code TEXT NOT NULL,
    admin1 TEXT NOT NULL, population INTEGER NOT NULL, geonameid INTEGER,
    source TEXT NOT NULL, names INTEGER NOT NULL);
CREATE TABLE names (key TEXT NOT NULL, spelling TEXT NOT NULL, place_id INTEGER NOT NULL,
    PRIMARY KEY (key, spelling, place_id)) WITHOUT ROWID;
CREATE TABLE codes (code TEXT NOT NULL, country_code TEXT NOT NULL, admin1 TEXT NOT NULL,
    PRIMARY KEY (code, country_code, admin1)) WITHOUT ROWID;
CREATE TABLE imports (path TEXT PRIMARY KEY, signature TEXT NOT NULL,
    source TEXT NOT NULL, places INTEGER NOT NULL, names_added INTEGER NOT NULL);
"""
#: Built once the rows are in: one pass over loaded data, not an update per row.
_AFTER_LOAD = "CREATE INDEX places_source ON places (source);"
#: The file is a build's own until it is renamed into place, and a failed build
#: deletes it: no journal, no syncing, a big page cache.
_PRAGMAS = "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -131072;"
#: The calls a child carries out.
_CALLS = frozenset({"add", "add_folded", "finish"})
#: Pickled batches waiting for the pipe (about 1 MiB each). Few, as a build's end waits
#: for the child to work through them.
_BATCHES_AHEAD = 2

#: A ``places`` row without its spellings count: id, name, lat, lon, kind, country, admin1,
#: population, geonameid, source.
PlaceRow = tuple
#: ``(place id, names)``: the names of one place, to fold.
Named = tuple[int, list[str]]


class Writer(Protocol):
    def add(self, places: Sequence[PlaceRow], named: Sequence[Named]) -> None: ...
    def finish(self, *, codes: Sequence[tuple[str, str, str]], meta: Sequence[tuple[str, str]]) -> None: ...
    def close(self) -> None: ...


class IndexWriter:
    """Writes a new index file at ``path`` in this process."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(path)
        self._db.executescript(_PRAGMAS + SCHEMA)

    def add(self, places: Sequence[PlaceRow], named: Sequence[Named]) -> None:
        """Insert ``places`` (rows without their count) and their folded ``named`` names, in order."""
        self.add_folded(places, *rows_of(named))

    def add_folded(self, places: Sequence[PlaceRow], counts: Sequence[int],
                   names: Sequence[NameRow]) -> None:
        """Insert ``places`` with their spelling ``counts``, and their ``names`` rows (see :func:`rows_of`)."""
        with self._db:
            self._db.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                 [(*place, n) for place, n in zip(places, counts, strict=True)])
            self._db.executemany("INSERT OR IGNORE INTO names VALUES (?, ?, ?)", names)

    def finish(self, *, codes: Sequence[tuple[str, str, str]], meta: Sequence[tuple[str, str]]) -> None:
        """Index, add the division codes and the metadata, compact, and close the file."""
        with self._db:
            self._db.executescript(_AFTER_LOAD)
            self._db.executemany("INSERT INTO codes VALUES (?, ?, ?)", codes)
            self._db.executemany("INSERT INTO meta VALUES (?, ?)", meta)
        self._db.execute("VACUUM")
        self.close()

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> IndexWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ChildWriter:
    """The same calls as :class:`IndexWriter`, carried out by a child process.

    A child that fails (an SQLite error, no memory, killed) makes the next
    call, or :meth:`finish`, raise :class:`GazetteerBuildError` with what the
    child wrote to its standard error.
    """

    def __init__(self, path: Path) -> None:
        self._errors: IO[bytes] = tempfile.TemporaryFile()
        package_root = str(Path(__file__).resolve().parents[2])
        env = {**os.environ,
               "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
        self._child = subprocess.Popen(
            [sys.executable, "-m", "gazetteer.indexing.writer", str(path)],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self._errors, env=env)
        #: Batches sent, and how many of them this process folded (the child was behind).
        self.batches = self.folded_here = 0
        # The pipe holds 64 KiB and a batch is about 1 MiB: a thread of its own writes the
        # batches, so the sources go on being read while the child works through the last one.
        self._outbox: queue.Queue[bytes | None] = queue.Queue(maxsize=_BATCHES_AHEAD)
        self._broken = threading.Event()
        self._sender = threading.Thread(target=self._send_all, name="index-writer-pipe", daemon=True)
        self._sender.start()

    def add(self, places: Sequence[PlaceRow], named: Sequence[Named]) -> None:
        if self._outbox.full():  # the child is behind: fold this batch here rather than wait
            counts, rows = rows_of(named)
            self._send(("add_folded", list(places), counts, pack_rows(rows)))
            self.folded_here += 1
        else:
            self._send(("add", list(places), pack_named(named)))
        self.batches += 1

    def finish(self, *, codes: Sequence[tuple[str, str, str]], meta: Sequence[tuple[str, str]]) -> None:
        self._send(("finish", list(codes), list(meta)))
        log.debug("index build: %d of %d batches folded in the reading process", self.folded_here,
                  self.batches)
        self._put(None)
        self._sender.join()
        if self._child.wait() != 0 or self._broken.is_set():
            self._fail()

    def close(self) -> None:
        if self._child.poll() is None:
            self._child.kill()
            self._child.wait()
        if self._sender.is_alive():
            self._broken.set()
            with contextlib.suppress(queue.Full):
                self._outbox.put_nowait(None)
            self._sender.join()
        self._errors.close()

    def _send(self, call: tuple) -> None:
        self._put(pickle.dumps(call, protocol=pickle.HIGHEST_PROTOCOL))

    def _put(self, data: bytes | None) -> None:
        """Queue ``data`` for the sending thread; raise if the child has stopped reading."""
        while not self._broken.is_set():
            try:
                self._outbox.put(data, timeout=1.0)
                return
            except queue.Full:
                continue
        self._child.wait()
        self._fail()

    def _send_all(self) -> None:
        """The sending thread: write each batch to the child until ``None`` or a broken pipe."""
        stream = self._child.stdin
        try:
            while (data := self._outbox.get()) is not None and not self._broken.is_set():
                stream.write(data)
            stream.close()
        except (BrokenPipeError, OSError):
            self._broken.set()

    def _fail(self) -> None:
        self._errors.seek(0)
        said = self._errors.read().decode("utf-8", "replace").strip().splitlines()
        raise GazetteerBuildError(f"the index writer process stopped (exit code {self._child.returncode}): "
                                  f"{said[-1] if said else 'no message'}")

    def __enter__(self) -> ChildWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_writer(path: Path, *, processes: int = 1) -> IndexWriter | ChildWriter:
    """A writer of a new index at ``path``: a child process when ``processes`` >= 1 and one starts."""
    if processes >= 1:
        try:
            return ChildWriter(path)
        except OSError as err:
            log.warning("cannot start the index writer process (%s); writing here", err)
    return IndexWriter(path)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m gazetteer.indexing.writer PATH``: carry out the pickled calls on standard input.

    Only a parent build starts this; the calls come from that parent.
    """
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m gazetteer.indexing.writer PATH  (started by an index build)", file=sys.stderr)
        return 2
    stream = sys.stdin.buffer
    gc.disable()  # millions of small objects, no cycles among them: see build._collector_paused
    try:
        writer = IndexWriter(Path(args[0]))
        while True:
            try:
                name, *values = pickle.load(stream)
            except EOFError:
                return 0
            if name not in _CALLS:
                raise ValueError(f"unknown call {name!r}")
            if name == "add":
                places, packed = values
                writer.add(places, unpack_named(packed))
            elif name == "add_folded":
                places, counts, packed = values
                writer.add_folded(places, counts, unpack_rows(packed))
            else:
                writer.finish(codes=values[0], meta=values[1])
    except (sqlite3.Error, OSError, ValueError, pickle.UnpicklingError, MemoryError) as err:
        print(f"{type(err).__name__}: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
