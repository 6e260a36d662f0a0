"""The event store: SQLite, one transaction per file, re-ingest a no-op."""

from __future__ import annotations

from .event_store import STORE_ENV, AddResult, EventStore, StoredSource, default_store_path

__all__ = ['EventStore', 'AddResult', 'StoredSource', 'default_store_path', 'STORE_ENV']
