"""The project's exception tree: one root, :class:`GeoEventsError`, for the gazetteer and geo_events.

The root lives here, in the lowest layer, so that the gazetteer can raise
errors the page and the command line catch as one kind without importing
geo_events; :mod:`geo_events.errors` re-exports it and adds the pipeline's
own errors. Each class mixes in the builtin it refines (geopy's ``exc.py``
pattern), so ``except ValueError`` still works for callers that expect one.

    >>> issubclass(GazetteerDataError, GeoEventsError) and issubclass(GazetteerDataError, ValueError)
    True
"""

from __future__ import annotations

__all__ = ["GeoEventsError", "GazetteerError", "GazetteerBuildError", "GazetteerDataError",
           "GazetteerSettingError", "DumpDownloadError", "DumpUnreachableError", "DumpHTTPError",
           "DumpFileError"]


class GeoEventsError(Exception):
    """Root of every error this project raises: the gazetteer's and geo_events'."""


class GazetteerError(GeoEventsError):
    """Base class of every error the gazetteer raises."""


class GazetteerBuildError(GazetteerError, RuntimeError):
    """The on-disk index could not be built or opened."""


class GazetteerDataError(GazetteerError, ValueError):
    """Source data (a packaged file or a user file) is malformed."""


class GazetteerSettingError(GazetteerError, ValueError):
    """An option or setting the user gave (a command-line option, an environment variable)
    has a value that makes no sense; the message names the setting and the value."""


class DumpDownloadError(GazetteerError):
    """A GeoNames country file could not be downloaded (:mod:`gazetteer.download`); the
    message names the country and the URL."""


class DumpUnreachableError(DumpDownloadError, ConnectionError):
    """The server did not answer (offline, unknown host, refused, timed out), or closed the
    connection before the whole file came too many times; what was received is kept."""


class DumpHTTPError(DumpDownloadError):
    """The server answered with an HTTP error (404: it has no file for that country; 5xx)."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


class DumpFileError(DumpDownloadError, ValueError):
    """What the server sent is not a GeoNames dump: larger than allowed, an HTML page, not a
    zip holding ``CC.txt``, or rows that are not GeoNames rows. Nothing of it is kept."""
