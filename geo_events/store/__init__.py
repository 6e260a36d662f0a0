"""The event store: SQLite, one transaction per file, re-ingest a no-op."""

from __future__ import annotations

from .event_store import EventStore, AddResult, default_store_path, STORE_ENV

__all__ = ['EventStore', 'AddResult', 'default_store_path', 'STORE_ENV']
