"""Where the event store is: a SQLite file (the default) or a PostgreSQL database, and its engine.

    >>> as_location("~/events.sqlite3") == Path("~/events.sqlite3").expanduser()
    True
    >>> as_location("postgresql://analyst@db.example/events")
    'postgresql://analyst@db.example/events'
    >>> display(store_url("postgresql://analyst:s3cret@db.example:5433/events"))
    'postgresql://analyst:***@db.example:5433/events'

A location is a :class:`~pathlib.Path` (a SQLite file; ``:memory:`` for one
in memory) or a URL string: ``postgresql://user@host:port/database`` (psycopg
3 is the driver; ``postgresql+psycopg://`` and ``postgres://`` are the same)
or ``sqlite:///path``. :func:`store_location` is the configured one:
``$GEO_EVENTS_STORE`` (a path or a URL), else ``events.sqlite3`` in the
user's data directory. A password may be in the URL or, better, where libpq
looks for one (``PGPASSWORD``, ``~/.pgpass``); whatever the store shows, logs
or raises names the host, port and database with the password hidden
(:func:`display`).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from geo_events.errors import StoreError

if TYPE_CHECKING:  # SQLAlchemy is imported when a store is opened: the command line starts without it
    from sqlalchemy import URL, Engine

__all__ = ["STORE_ENV", "Location", "default_store_path", "store_location", "as_location", "store_url",
           "display", "where", "connect", "WRITE_OPTION"]

log = logging.getLogger(__name__)

#: Environment variable naming the store: a file path or a ``postgresql://`` URL.
STORE_ENV = "GEO_EVENTS_STORE"
#: A store's place: a SQLite file, or a URL.
Location = Path | str
#: The execution option of a connection that writes: SQLite begins its transactions
#: ``IMMEDIATE`` (taking the write lock at once, so two writers queue instead of deadlocking).
WRITE_OPTION = "geo_events_write"
_POSTGRES = {"postgresql", "postgres", "postgresql+psycopg"}
_SQLITE = {"sqlite", "sqlite+pysqlite"}


def default_store_path() -> Path:
    """The SQLite store file: ``$GEO_EVENTS_STORE`` when it is a path, else ``events.sqlite3``
    in the user data directory (a URL in the variable leaves this default)."""
    configured = os.environ.get(STORE_ENV)
    if configured and "://" not in configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_data_dir("geo-events")) / "events.sqlite3"


def store_location() -> Location:
    """The configured store: ``$GEO_EVENTS_STORE`` (a path or a URL), else :func:`default_store_path`."""
    configured = os.environ.get(STORE_ENV, "").strip()
    return as_location(configured) if configured else default_store_path()


def as_location(text: str | Path) -> Location:
    """``text`` as a location: a URL (anything with ``://``) as it is, else a path (``~`` expanded).
    The command line's ``--store`` parses its value with this."""
    if isinstance(text, Path):
        return text
    return text if "://" in text else Path(text).expanduser()


def store_url(location: Location) -> URL:
    """The SQLAlchemy URL of ``location`` (``postgresql://`` as ``postgresql+psycopg://``);
    :class:`StoreError` for a URL that is malformed or names another database."""
    from sqlalchemy import URL, make_url
    from sqlalchemy.exc import ArgumentError

    if isinstance(location, Path):
        return URL.create("sqlite+pysqlite", database=str(location))
    try:
        url = make_url(location)
    except (ArgumentError, ValueError) as err:  # ValueError: a port that is not a number
        # make_url's message quotes the string, password and all: say what is wrong without it.
        raise StoreError(f"the event store location is not a URL: {_scheme(location)}... "
                         "(use postgresql://user@host:port/database or a file path)") from err
    if url.drivername in _POSTGRES:
        return url.set(drivername="postgresql+psycopg")
    if url.drivername in _SQLITE:
        return url.set(drivername="sqlite+pysqlite")
    raise StoreError(f"unsupported event store {display(url)}: use a file path, sqlite:///FILE or "
                     "postgresql://user@host:port/database")


def _scheme(text: str) -> str:
    return text.split("://", 1)[0] + "://" if "://" in text else "a path"


def display(url: URL) -> str:
    """``url`` as shown to people: a SQLite file as its path, a server URL with the password
    hidden (and ``postgresql://`` as the user wrote it, the driver left out)."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.set(drivername=url.get_backend_name()).render_as_string(hide_password=True)


def where(url: URL) -> str:
    """The server, port and database of ``url``, for error messages (no user, no password)."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    host = url.host or "the local socket"
    return f"host {host}, port {url.port or 5432}, database {url.database or '(the user name)'}"


def hide_secret(message: str, url: URL) -> str:
    """``message`` without ``url``'s password, wherever a driver quoted it."""
    return message.replace(url.password, "***") if url.password else message


#: PostgreSQL's ``work_mem`` for the store's sessions, in MB.
READ_WORK_MEM_MB = 64
#: The store's PostgreSQL session settings (unless the URL sets ``options``), for the page's
#: grouped questions over a million rows: at the server's default 4 MB of ``work_mem`` they
#: sort on disk; ``random_page_cost`` 1.1 (a store read from cache or SSD, not spinning
#: disk) lets the planner walk the covering ``*_view`` indexes in order instead of hashing
#: the table; JIT compiling costs more than these one-second questions gain from it.
SESSION_OPTIONS = f"-c work_mem={READ_WORK_MEM_MB}MB -c random_page_cost=1.1 -c jit=off"


def connect(url: URL, *, busy_timeout_seconds: float, connect_timeout_seconds: float) -> Engine:
    """An engine for ``url``: SQLite with foreign keys on, a busy timeout (writers wait for each
    other instead of failing) and transactions begun by the store; PostgreSQL through psycopg 3
    with a connect timeout and :data:`SESSION_OPTIONS`. SQL parameters are
    left out of error messages (they can be whole articles; the password is never in them)."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import StaticPool

    if url.get_backend_name() == "sqlite":
        memory = url.database in (None, "", ":memory:")
        if not memory:
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, hide_parameters=True, connect_args={"timeout": busy_timeout_seconds},
                               **({"poolclass": StaticPool} if memory else {}))
        event.listen(engine, "connect", _sqlite_connected)
        event.listen(engine, "begin", _sqlite_begin)
        from .queries import register_sqlite_functions  # casefold(), for the text filters

        register_sqlite_functions(engine)
        return engine
    connect_args: dict[str, object] = {"connect_timeout": max(1, round(connect_timeout_seconds))}
    if "options" not in url.query:  # an operator's own session options in the URL win
        connect_args["options"] = SESSION_OPTIONS
    return create_engine(url, hide_parameters=True, pool_pre_ping=False, connect_args=connect_args)


def _sqlite_connected(connection, _record) -> None:
    # The store begins every transaction itself (_sqlite_begin): sqlite3's own implicit BEGIN
    # would not cover DDL (a migration) nor take the write lock at once.
    connection.isolation_level = None
    connection.execute("PRAGMA foreign_keys = ON")
    # Reads of a big store scan it: mapped into memory, not copied page by page (64 MiB of
    # page cache a connection, as the page asks several questions at once).
    connection.execute("PRAGMA mmap_size = 1073741824")
    connection.execute("PRAGMA cache_size = -65536")


def _sqlite_begin(connection) -> None:
    immediate = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
