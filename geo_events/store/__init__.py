"""The event store: SQLite (the default) or PostgreSQL, one transaction per file, re-ingest a no-op.

Each name is imported on first use (PEP 562), so the command line's other
commands start without SQLAlchemy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geo_events.lazy_exports import lazy_names

#: Public name -> the module that defines it.
_EXPORTS = {
    "EventStore": "geo_events.store.event_store", "AddResult": "geo_events.store.event_store",
    "StoredSource": "geo_events.store.event_store",
    "default_store_path": "geo_events.store.location", "store_location": "geo_events.store.location",
    "as_location": "geo_events.store.location", "STORE_ENV": "geo_events.store.location",
    "EventEdit": "geo_events.store.edits", "EDITABLE_FIELDS": "geo_events.store.edits",
    "apply_edits": "geo_events.store.edits", "check_changes": "geo_events.store.edits",
    "sub_event_types": "geo_events.store.edits",
}

__all__ = list(_EXPORTS)


__getattr__, __dir__ = lazy_names(__name__, _EXPORTS)


if TYPE_CHECKING:  # for type checkers and IDEs: the same names, imported eagerly
    from .edits import EDITABLE_FIELDS, EventEdit, apply_edits, check_changes, sub_event_types
    from .event_store import AddResult, EventStore, StoredSource
    from .location import STORE_ENV, as_location, default_store_path, store_location
