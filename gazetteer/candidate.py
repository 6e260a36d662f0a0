"""What a gazetteer lookup returns: one typed record per possible place.

    >>> Candidate(name="Mosul", latitude=36.335, longitude=43.119, kind="city",
    ...           country_code="IQ").latlon
    (36.335, 43.119)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Literal

__all__ = ["Candidate", "NameMatch", "Kind", "KINDS", "LatLon"]

Kind = Literal["country", "admin1", "admin2", "city", "region", "feature"]
KINDS: tuple[str, ...] = ("country", "admin1", "admin2", "city", "region", "feature")
LatLon = tuple[float, float]
_KIND_SET = frozenset(KINDS)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place a name may refer to, as stored in the gazetteer index."""

    name: str
    latitude: float
    longitude: float
    kind: Kind
    country_code: str = ""
    admin1: str = ""
    population: int = 0
    geonameid: int | None = None
    source: str = ""
    #: How many distinct spellings the gazetteer records for the place: a
    #: prominence cue (a world city has dozens, a village one or two).
    alternate_names: int = 0

    def __post_init__(self) -> None:
        # One comparison chain in the common case: an index build makes 280,000 of these.
        lat, lon = self.latitude, self.longitude
        if not (type(lat) is float and type(lon) is float and -90.0 <= lat <= 90.0
                and -180.0 <= lon <= 180.0):
            self._check_point()
        if self.kind not in _KIND_SET:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r}")

    def _check_point(self) -> None:
        for field, value, limit in (("latitude", self.latitude, 90.0),
                                    ("longitude", self.longitude, 180.0)):
            if not isinstance(value, (int, float)):
                raise TypeError(f"{field} must be a number, got {value!r} of type {type(value).__name__}")
            if math.isnan(value) or abs(value) > limit:
                raise ValueError(f"{field} must be within +/-{limit}, got {value!r}")

    @classmethod
    def from_index_row(cls, row: tuple) -> Candidate:
        """Rebuild a candidate stored in the index: validated when written, so not again.

        Lookups return hundreds of these for common names; skipping the
        checks halves their cost.
        """
        candidate = object.__new__(cls)
        for name, value in zip(_FIELDS, row, strict=True):
            object.__setattr__(candidate, name, value)
        return candidate

    @property
    def latlon(self) -> LatLon:
        return (self.latitude, self.longitude)


_FIELDS = tuple(f.name for f in fields(Candidate))


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A candidate found for a name, and whether the name is spelled as one of its records.

    ``spelled_alike`` is False when only the transliteration-folded keys meet
    ("Daraa" finding Darayya): a weaker reason to pick that place.
    ``override`` marks a curated or user correction, which wins over packaged data.
    """

    candidate: Candidate
    spelled_alike: bool
    override: bool = False
