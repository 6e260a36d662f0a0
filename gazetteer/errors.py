"""The gazetteer's exceptions: one root, mixed with the builtin they refine."""

from __future__ import annotations

__all__ = ["GazetteerError", "GazetteerBuildError", "GazetteerDataError"]


class GazetteerError(Exception):
    """Base class of every error the gazetteer raises."""


class GazetteerBuildError(GazetteerError, RuntimeError):
    """The on-disk index could not be built or opened."""


class GazetteerDataError(GazetteerError, ValueError):
    """Source data (a packaged file or a user file) is malformed."""
