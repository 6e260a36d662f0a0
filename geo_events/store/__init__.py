"""The event store: SQLite, one transaction per file, re-ingest a no-op."""

from __future__ import annotations

from .edits import EDITABLE_FIELDS, EventEdit, apply_edits, check_changes, sub_event_types
from .event_store import STORE_ENV, AddResult, EventStore, StoredSource, default_store_path

__all__ = ['EventStore', 'AddResult', 'StoredSource', 'default_store_path', 'STORE_ENV', 'EventEdit',
           'EDITABLE_FIELDS', 'apply_edits', 'check_changes', 'sub_event_types']
