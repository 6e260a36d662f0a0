"""Write the place table as JSON Lines, CSV (spreadsheet-safe) or GeoJSON.

    >>> import io, pandas as pd
    >>> out = io.StringIO()
    >>> write_rows(pd.DataFrame({"notes": ["=HYPERLINK(1)"]}), out, fmt="csv")
    >>> out.getvalue().splitlines()[1]
    "'=HYPERLINK(1)"
"""

from __future__ import annotations

import io
import json
import math
from typing import TextIO

import pandas as pd

from geo_events.errors import ExportFormatError

from .formats import FORMATS, Format

__all__ = ["write_rows", "rows_to_text", "to_records", "to_geojson", "csv_safe", "FORMATS", "Format"]

# Characters that make a spreadsheet read a cell as a formula (OWASP's list).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_safe(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _plain(value: object) -> object:
    """A JSON-ready version of one cell (dates as ISO strings, NaN as null)."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if value is pd.NA:
        return None
    return value


def to_records(rows: pd.DataFrame) -> list[dict]:
    """Rows as plain dicts, ready for ``json.dumps``."""
    return [{k: _plain(v) for k, v in row.items()} for row in rows.to_dict("records")]


def to_geojson(rows: pd.DataFrame) -> dict:
    """An RFC 7946 FeatureCollection; unresolved rows keep a null geometry."""
    features = []
    for record in to_records(rows):
        lat, lon = record.get("latitude"), record.get("longitude")
        geometry = ({"type": "Point", "coordinates": [lon, lat]}
                    if lat is not None and lon is not None else None)
        features.append({"type": "Feature", "geometry": geometry, "properties": record})
    return {"type": "FeatureCollection", "features": features}


def write_rows(rows: pd.DataFrame, out: TextIO, *, fmt: Format = "jsonl") -> None:
    """Write ``rows`` to the open text stream ``out`` in format ``fmt``."""
    if fmt == "jsonl":
        for record in to_records(rows):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        safe = rows.copy()
        for column in safe.columns:
            if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
                safe[column] = safe[column].map(csv_safe)
        if "event_date" in safe.columns:
            safe["event_date"] = pd.to_datetime(safe["event_date"]).dt.strftime("%Y-%m-%d")
        safe.to_csv(out, index=False, lineterminator="\n")
    elif fmt == "geojson":
        json.dump(to_geojson(rows), out, ensure_ascii=False)
        out.write("\n")
    else:
        raise ExportFormatError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def rows_to_text(rows: pd.DataFrame, *, fmt: Format = "csv") -> str:
    """:func:`write_rows` into a string (for a download button)."""
    out = io.StringIO()
    write_rows(rows, out, fmt=fmt)
    return out.getvalue()
