"""Every exception geo_events raises, rooted at :class:`GeoEventsError`."""

from __future__ import annotations

__all__ = ["GeoEventsError", "InputPathError", "ArticleFormatError", "ExportFormatError", "SpanError",
           "LexiconError", "StoreError"]


class GeoEventsError(Exception):
    """Base class of every error the geo_events package raises."""


class InputPathError(GeoEventsError, FileNotFoundError):
    """A path given by the user does not exist or cannot be read."""


class ArticleFormatError(GeoEventsError, ValueError):
    """An input file is not an article we can read (binary, not UTF-8, too big)."""


class ExportFormatError(GeoEventsError, ValueError):
    """An unknown export format was asked for."""


class SpanError(GeoEventsError, ValueError):
    """A caller-given span does not fit its text (not two offsets, or out of range)."""


class LexiconError(GeoEventsError, ValueError):
    """A packaged or user lexicon file (triggers, actors) is malformed; names the file and row."""


class StoreError(GeoEventsError, OSError):
    """The event store (SQLite) cannot be opened, read or written."""
