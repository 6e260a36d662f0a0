"""A real PostgreSQL server for the tests: Debian's ``postgresql`` binaries on a free local port.

    from pg_server import postgres_server, postgres_url  # noqa: F401  (pytest fixtures)

    def test_something(postgres_url: str) -> None:
        with ge.EventStore.open(postgres_url) as store: ...

:func:`postgres_server` (one per test session) runs ``initdb`` and ``pg_ctl``
on a data folder in a new temporary folder, listening on 127.0.0.1 and a
socket in that folder only; as root it runs them as the ``postgres`` user
(PostgreSQL refuses to run as root). Connections over TCP need the password
(SCRAM), so a URL with a wrong one is refused as a deployment's server would
refuse it. PostGIS, where installed, is created in ``template1`` once, so
each test's database has it without paying for it again.
:func:`postgres_url` makes a new database for each test.

When the binaries are absent the tests that need them are skipped, naming
what to install; with ``GEO_EVENTS_REQUIRE_POSTGRES=1`` (CI) they fail instead.
:func:`running_server` is the same server as a context manager, for the benchmarks.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pwd
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser import free_port  # one free-port helper for every server the tests start

log = logging.getLogger(__name__)

REQUIRE_ENV = "GEO_EVENTS_REQUIRE_POSTGRES"
#: The superuser the tests connect as, and its password (a throwaway server's).
USER = "postgres"
PASSWORD = "geo-events-test-secret"
START_DEADLINE_SECONDS = 60


def server_binaries() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``: on ``PATH``, else Debian's
    ``/usr/lib/postgresql/<version>/bin`` (the newest); ``None`` when absent."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                      key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    return versions[-1].parent if versions and (versions[-1].parent / "pg_ctl").is_file() else None


def missing_reason() -> str | None:
    """Why no server can be started here (``None`` when one can)."""
    if server_binaries() is None:
        return "PostgreSQL's server binaries are not installed (apt-get install postgresql)"
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            return "running as root without runuser to start PostgreSQL as another user"
        try:
            pwd.getpwnam(USER)
        except KeyError:
            return f"running as root and there is no {USER!r} user to run PostgreSQL as"
    return None




@dataclass
class PostgresServer:
    """A running server: where it listens and how to reach its databases."""

    port: int
    folder: Path

    def url(self, database: str, *, password: str = PASSWORD) -> str:
        return f"postgresql://{USER}:{password}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str, *, template: str = "template1") -> str:
        """A new empty database ``name`` (made from ``template``); its URL."""
        import psycopg

        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            raise ValueError(f"database name must be lower-case letters, digits and _, got {name!r}")
        with psycopg.connect(self.url("postgres"), autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{name}" TEMPLATE {template}')
        return self.url(name)

    def execute(self, database: str, sql: str) -> None:
        """Run ``sql`` (one or more statements, autocommit) in ``database``."""
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as db:
            db.execute(sql)


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", USER, "--", *command] if os.geteuid() == 0 else command


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(_as_server_user(command), check=True, capture_output=True, text=True, **kwargs)


@contextlib.contextmanager
def running_server(*, durable: bool = False) -> Iterator[PostgresServer]:
    """Start a throwaway server (``initdb`` + ``pg_ctl start``), yield it, stop it and delete its
    files. :class:`RuntimeError` when it cannot be started (see :func:`missing_reason`).

    The tests' server skips flushing to disk (its data dies with it); ``durable=True`` keeps
    PostgreSQL's defaults (``fsync``, synchronous commits), as a benchmark should.
    """
    why = missing_reason()
    if why:
        raise RuntimeError(why)
    binaries = server_binaries()
    folder = Path(tempfile.mkdtemp(prefix="geo-events-pg-"))
    data = folder / "data"
    try:
        (folder / "password").write_text(PASSWORD + "\n", encoding="utf-8")
        if os.geteuid() == 0:
            shutil.chown(folder, USER)
            shutil.chown(folder / "password", USER)
        _run([str(binaries / "initdb"), "-D", str(data), "-U", USER, "-E", "UTF8", "--no-sync",
              "--auth-local=trust", "--auth-host=scram-sha-256", f"--pwfile={folder / 'password'}"])
        server = _start(binaries, folder, durable=durable)
        try:
            _with_postgis(server)
            yield server
        finally:
            _run([str(binaries / "pg_ctl"), "stop", "-D", str(data), "-m", "immediate", "-w"])
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _start(binaries: Path, folder: Path, *, durable: bool) -> PostgresServer:
    """``pg_ctl start`` on a free port; a port taken meanwhile by another process is tried again."""
    for attempt in range(3):
        port = free_port()
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=60"
        if not durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        try:
            _run([str(binaries / "pg_ctl"), "start", "-D", str(folder / "data"), "-w",
                  "-t", str(START_DEADLINE_SECONDS), "-l", str(folder / "server.log"), "-o", options])
            return PostgresServer(port, folder)
        except subprocess.CalledProcessError as err:
            log.warning("PostgreSQL did not start on port %d (attempt %d): %s", port, attempt + 1,
                        err.stderr.strip())
            last = err
    log_text = (folder / "server.log").read_text(errors="replace") if (folder / "server.log").exists() else ""
    raise RuntimeError(f"PostgreSQL did not start: {last.stderr.strip()}\n{log_text[-2000:]}")


def _with_postgis(server: PostgresServer) -> None:
    """PostGIS in ``template1`` when it is installed, so each new database has it already."""
    import psycopg

    with psycopg.connect(server.url("template1"), autocommit=True) as db:
        if db.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'").fetchone():
            db.execute("CREATE EXTENSION IF NOT EXISTS postgis")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One real PostgreSQL server for the session (skipped, or failed under
    ``GEO_EVENTS_REQUIRE_POSTGRES=1``, when it cannot be started)."""
    why = missing_reason()
    if why:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"PostgreSQL is required here ({REQUIRE_ENV}=1) but cannot run: {why}")
        pytest.skip(why)
    with running_server() as server:
        yield server


_made = 0


@pytest.fixture()
def postgres_url(postgres_server: PostgresServer) -> str:
    """The URL of a new, empty database (PostGIS in it when installed) for this test."""
    global _made
    _made += 1
    return postgres_server.create_database(f"test_{os.getpid()}_{_made}")
