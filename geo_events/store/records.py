"""Events as rows of the ``events`` table and back; the analyst's edits kept in the rows.

    >>> from datetime import date
    >>> event = Event("a:1", "a", "a.txt", "", date(2023, 1, 20), 1, "Battles", "Armed clash", "SDF",
    ...               "ISIS", 1, 0, 0, "Raqqa", "Raqqa", 35.95, 39.01, 1, "Syria", None, 163915, "",
    ...               0.9, "event")
    >>> row = event_row(event)
    >>> row["event_date"], row["needs_review"], row["dismissed"]
    ('2023-01-20', 0, 0)
    >>> row_event(row) == event
    True

Schema 4 keeps each event's current values in its row (schema 5 its
searched text too, :func:`refresh_search_text`): an edit updates the
row as it is kept (:func:`reapply_edits`), and an event stored again gets
the latest edits of its id before it is inserted (:func:`edits_of`), so a
read is the rows as they are. Every function here runs inside the caller's
transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from datetime import date
from typing import Any

from sqlalchemy import BigInteger, Connection, Text, bindparam, cast, select, update
from sqlalchemy.sql.elements import ColumnElement

from geo_events.models import Event
from geo_events.store.edits import EDITABLE_FIELDS, EventEdit, apply_edits
from geo_events.store.tables import EDITS, EVENTS, META, SEARCH_COLUMNS, STORED_FIELDS, search_text

__all__ = ["event_row", "row_event", "edits_of", "reapply_edits", "bump_version", "chunks", "CHUNK_ROWS",
           "refresh_search_text"]

#: Ids per ``IN (...)`` list: far below SQLite's and PostgreSQL's limits on bound parameters.
CHUNK_ROWS = 500
#: The columns an edit can change, as kept in the row (``edited`` sums up the edits).
_EDITED_COLUMNS = (*EDITABLE_FIELDS, "edited", "search_text")
_COLUMNS = [EVENTS.c[name] for name in STORED_FIELDS]


def chunks(items: Iterable[Any], size: int = CHUNK_ROWS) -> Iterator[list[Any]]:
    """``items`` in lists of at most ``size``."""
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def event_row(event: Event) -> dict[str, Any]:
    """The ``events`` row of ``event``: dates as ISO text, flags as 0/1, and its searched text
    (:func:`~geo_events.store.tables.search_text`)."""
    row = {}
    for name in STORED_FIELDS:
        value = getattr(event, name)
        row[name] = (value.isoformat() if isinstance(value, date) else int(value) if isinstance(value, bool)
                     else value)
    row["search_text"] = search_text(row)
    return row


def refresh_search_text(conn: Connection, *where: ColumnElement, batch_rows: int = 5_000) -> int:
    """Write ``search_text`` again into the rows ``where`` selects (every row without one), in
    batches of ``batch_rows`` walked by id; how many rows were written."""
    c = EVENTS.c
    terms = list(where) or [c.search_text.is_(None)]
    setter = update(EVENTS).where(c.event_id == bindparam("id_")).values(search_text=bindparam("text_"))
    written, last = 0, None
    while True:
        page = select(c.event_id, *(c[name] for name in SEARCH_COLUMNS)).where(*terms)
        if last is not None:
            page = page.where(c.event_id > last)
        rows = conn.execute(page.order_by(c.event_id).limit(batch_rows)).mappings().all()
        if not rows:
            return written
        conn.execute(setter, [{"id_": row["event_id"], "text_": search_text(row)} for row in rows])
        written += len(rows)
        last = rows[-1]["event_id"]


def row_event(row: Mapping[str, Any]) -> Event:
    """The :class:`Event` of an ``events`` row (a mapping of its columns)."""
    fields = {name: row[name] for name in STORED_FIELDS}
    if fields["event_date"] is not None:
        fields["event_date"] = date.fromisoformat(fields["event_date"])
    fields["needs_review"] = bool(fields["needs_review"])
    fields["dismissed"] = bool(fields["dismissed"])
    fields["edited"] = fields["edited"] or ""
    return Event(**fields)


def select_events():
    """``SELECT`` of every event column (add ``where`` / ``order_by``)."""
    return select(*_COLUMNS)


def edits_of(conn: Connection, event_ids: Collection[str]) -> dict[str, list[EventEdit]]:
    """The edits kept of ``event_ids``, by id, each history oldest first."""
    found: dict[str, list[EventEdit]] = {}
    query = (select(EDITS.c.event_id, EDITS.c.field, EDITS.c.old_value, EDITS.c.new_value, EDITS.c.edited_at)
             .where(EDITS.c.event_id.in_(bindparam("ids", expanding=True))).order_by(EDITS.c.edit_id))
    for batch in chunks(sorted(event_ids)):  # an event's whole history is in one batch
        for row in conn.execute(query, {"ids": batch}):
            found.setdefault(row[0], []).append(EventEdit(*row))
    return found


def reapply_edits(conn: Connection, event_ids: Iterable[str]) -> int:
    """Write the latest edits of ``event_ids`` into their rows (``edited`` and ``dismissed``
    too); how many rows changed. Ids without a stored event or without edits are left alone."""
    setter = (update(EVENTS).where(EVENTS.c.event_id == bindparam("id_"))
              .values({name: bindparam(f"new_{name}") for name in _EDITED_COLUMNS}))
    changed = 0
    for batch in chunks(sorted(set(event_ids))):
        # Lock the rows first (PostgreSQL; SQLite's writers are one at a time already): a concurrent
        # edit of the same event waits, and the history read next includes what it committed.
        conn.execute(select(EVENTS.c.event_id).where(EVENTS.c.event_id.in_(batch))
                     .order_by(EVENTS.c.event_id).with_for_update())
        history = edits_of(conn, batch)
        if not history:
            continue
        rows = conn.execute(select_events().where(EVENTS.c.event_id.in_(list(history)))).mappings().all()
        updates = []
        for event in apply_edits([row_event(row) for row in rows], history):
            values = event_row(event)
            updates.append({"id_": event.event_id, **{f"new_{name}": values[name] for name in _EDITED_COLUMNS}})
        if updates:
            conn.execute(setter, updates)
            changed += len(updates)
    return changed


def bump_version(conn: Connection) -> None:
    """Count one more write in ``meta`` (:meth:`~geo_events.EventStore.version`)."""
    conn.execute(update(META).where(META.c.key == "version")
                 .values(value=cast(cast(META.c.value, BigInteger) + 1, Text)))
