"""The query planner's statistics of a SQLite store, gathered again as the store grows.

    >>> from sqlalchemy import create_engine
    >>> from geo_events.store.tables import METADATA
    >>> engine = create_engine("sqlite://")
    >>> METADATA.create_all(engine)
    >>> with engine.begin() as conn:
    ...     refresh_statistics(conn)  # an empty store: nothing to learn yet
    False

Until ``ANALYZE`` has run, SQLite plans as if an equality on any index kept
about ten rows: "two event types" walked the type index and fetched a third
of a million events by id (1.55 s at a million events) instead of reading
the covering place index (0.46 s once the statistics were there), and "one
type" took 0.66 s instead of 0.33 s. PostgreSQL's autovacuum gathers its own.
After each write the store calls :func:`refresh_statistics`, which runs
``ANALYZE`` once the events have doubled (or halved) since it last ran, from
:data:`STATISTICS_MIN_ROWS` on (a smaller store is read whole by the page):
over a store's life that reads at most about twice its final size (1.6 s
for a million events on this project's 2-core machine).
"""

from __future__ import annotations

import logging

from sqlalchemy import Connection, func, select

from .tables import EVENTS, META

__all__ = ["STATISTICS_MIN_ROWS", "refresh_statistics"]

log = logging.getLogger(__name__)

#: Events from which a SQLite store keeps planner statistics.
STATISTICS_MIN_ROWS = 10_000
#: ``meta`` key: how many events the store held when ``ANALYZE`` last ran.
_ANALYZED = "analyzed_rows"


def refresh_statistics(conn: Connection) -> bool:
    """Run ``ANALYZE`` on ``conn``'s SQLite store when its events have doubled or halved since
    it last ran (or it never ran and there are :data:`STATISTICS_MIN_ROWS`); whether it ran.
    Other databases keep their own statistics: ``False``."""
    if conn.dialect.name != "sqlite":
        return False
    rows = int(conn.execute(select(func.count()).select_from(EVENTS)).scalar_one())
    found = conn.execute(select(META.c.value).where(META.c.key == _ANALYZED)).scalar()
    last = int(found) if found is not None else None
    if rows < STATISTICS_MIN_ROWS and (last is None or last < STATISTICS_MIN_ROWS):
        return False  # small, and no statistics of a big store to correct
    if last is not None and last / 2 < rows < last * 2:
        return False
    conn.exec_driver_sql("ANALYZE")
    if last is None:
        conn.execute(META.insert().values(key=_ANALYZED, value=str(rows)))
    else:
        conn.execute(META.update().where(META.c.key == _ANALYZED).values(value=str(rows)))
    log.info("event store statistics gathered at %d events", rows)
    return True
