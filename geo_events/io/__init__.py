"""Reading articles (txt, CSV, JSONL, ACLED, zip uploads) and writing rows (CSV, JSONL, GeoJSON)."""

from __future__ import annotations

from .readers import parse_article, read_article_file, read_paths, read_inputs, IngestResult, InputFile
from .tables import ColumnNames, parse_column_names
from .uploads import UploadedFile, read_uploads, MAX_UPLOAD_BYTES
from .rows import place_rows, event_rows, COLUMNS
from .export import write_rows, rows_to_text, to_records, to_geojson, csv_safe, FORMATS
from .batch import geoparse_lines, resolve_lines, toponym_record, BatchLineError

__all__ = ['parse_article', 'read_article_file', 'read_paths', 'read_inputs', 'IngestResult', 'InputFile', 'ColumnNames', 'parse_column_names', 'UploadedFile', 'read_uploads', 'MAX_UPLOAD_BYTES', 'place_rows', 'event_rows', 'COLUMNS', 'write_rows', 'rows_to_text', 'to_records', 'to_geojson', 'csv_safe', 'FORMATS', 'geoparse_lines', 'resolve_lines', 'toponym_record', 'BatchLineError']
