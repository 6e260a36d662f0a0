"""Reading articles (txt, CSV, JSONL, ACLED, zip uploads) and writing rows (CSV, JSONL, GeoJSON)."""

from __future__ import annotations

import importlib

from .batch import BatchLineError, geoparse_lines, resolve_lines, toponym_record
from .column_detection import ColumnGuess, detect_columns
from .formats import FORMATS, Format
from .readers import (IngestResult, InputFile, parse_article, read_article_file, read_inputs, read_paths,
                      unsure_tables)
from .tables import ColumnNames, parse_column_names
from .uploads import MAX_UPLOAD_BYTES, UploadedFile, read_uploads

__all__ = ['parse_article', 'read_article_file', 'read_paths', 'read_inputs', 'IngestResult', 'InputFile',
           'ColumnNames', 'parse_column_names', 'ColumnGuess', 'detect_columns', 'unsure_tables', 'UploadedFile',
           'read_uploads', 'MAX_UPLOAD_BYTES',
           'place_rows', 'event_rows', 'COLUMNS', 'write_rows', 'rows_to_text', 'to_records', 'to_geojson',
           'csv_safe', 'FORMATS', 'Format', 'geoparse_lines', 'resolve_lines', 'toponym_record',
           'BatchLineError']

#: Names of the modules that build or write pandas tables, imported on first use
#: (PEP 562): `geoparse` and `resolve` need none of them.
_TABLES = {"place_rows": ".rows", "event_rows": ".rows", "COLUMNS": ".rows", "write_rows": ".export",
           "rows_to_text": ".export", "to_records": ".export", "to_geojson": ".export",
           "csv_safe": ".export"}


def __getattr__(name: str) -> object:
    """The table modules' names, imported on first use."""
    if name in _TABLES:
        module = importlib.import_module(_TABLES[name], __name__)
        return getattr(module, name)
    raise AttributeError(f"module 'geo_events.io' has no attribute {name!r}")
