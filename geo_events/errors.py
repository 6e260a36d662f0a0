"""Every exception geo_events raises, rooted at :class:`GeoEventsError`.

The root is defined by the gazetteer (the lowest layer) and shared, so one
``except GeoEventsError`` in the command line or the page catches gazetteer
errors too:

    >>> from gazetteer import GazetteerBuildError
    >>> issubclass(GazetteerBuildError, GeoEventsError), issubclass(StoreError, GeoEventsError)
    (True, True)
"""

from __future__ import annotations

from gazetteer.errors import GazetteerBuildError, GazetteerDataError, GazetteerError, GeoEventsError

__all__ = ["GeoEventsError", "GazetteerError", "GazetteerBuildError", "GazetteerDataError",
           "InputPathError", "ArticleFormatError", "ExportFormatError", "SpanError", "LexiconError",
           "StoreError", "UserInputError", "EditError", "MissingAssetError", "DeadlineError",
           "ClusterError"]


class UserInputError(GeoEventsError, ValueError):
    """A value the user typed or linked (a filter, a correction, a setting) makes no sense; the
    message names the value."""


class EditError(UserInputError):
    """An analyst's edit of an event names a field that cannot be edited or a value that field
    cannot take (a type ACLED does not have, a date not YYYY-MM-DD, a latitude past 90); the
    message names the field and the value."""


class MissingAssetError(GeoEventsError, FileNotFoundError):
    """A file an installed dependency should ship (Leaflet's JS and CSS) is missing; reinstall it."""


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
    """The event store (a SQLite file or a PostgreSQL database) cannot be opened, reached, read or
    written, or is of a newer schema; the message names the store (a server by host, port and
    database, never with its password)."""


class DeadlineError(GeoEventsError, TimeoutError):
    """One unit of work (an article, an input line) ran past its deadline and was stopped
    (:func:`geo_events.limits.check_deadline`); the batch goes on without it."""


class ClusterError(GeoEventsError, ConnectionError):
    """The Dask cluster of a distributed ``ingest`` cannot be started or reached, or has no
    workers; the message names the scheduler's address."""
