"""The output formats of row tables, apart from the writers so that naming them loads no pandas.

    >>> "geojson" in FORMATS
    True
"""

from __future__ import annotations

from typing import Literal

__all__ = ["Format", "FORMATS"]

Format = Literal["jsonl", "csv", "geojson"]
FORMATS: tuple[str, ...] = ("jsonl", "csv", "geojson")
