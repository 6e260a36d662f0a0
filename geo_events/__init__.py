"""geo_events: news articles in, dated places on a map out.

    >>> from gazetteer import Gazetteer
    >>> from geo_events import Geoparser, read_paths, SAMPLE_ARTICLES_DIR
    >>> rows = Geoparser(Gazetteer.open()).extract(read_paths([SAMPLE_ARTICLES_DIR]).articles)
    >>> {"Mosul", "Ar Raqqah"} <= set(rows["location"])
    True
"""

from pathlib import Path

from .batch import BatchLineError, geoparse_lines, resolve_lines, toponym_record
from .errors import (ArticleFormatError, ExportFormatError, GeoEventsError, InputPathError, LexiconError,
                     SpanError, StoreError)
from .event_map import TYPE_COLOURS, base_map, build_map, clicked_place, place_layer, web_link, count_places, place_summary, popup_html, tiles_setting
from .export import FORMATS, csv_safe, rows_to_text, to_geojson, to_records, write_rows
from .filters import EventFilters, apply_filters, date_bounds, filter_rows, filters_from_query, filters_to_query
from .ingest import InputFile, IngestResult, parse_article, read_article_file, read_inputs, read_paths
from .tables import ColumnNames, parse_column_names
from .join import COLUMNS, event_rows, place_rows
from .corrections import candidates, place_label, review_names, save_correction, typed_place
from .dedup import merge_duplicates
from .events import extract_events
from .store import AddResult, EventStore, default_store_path
from .models import EVENT_FIELDS, Article, Event, IngestProblem, Mention, ResolvedMention
from .pipeline import Geoparser
from .ranking import DocumentContext, rank_candidates
from .recognize import PlaceFinder
from .resolve import Resolver
from .sentences import sentence_spans
from .timeline import pick_period, timeline_counts
from .uploads import MAX_UPLOAD_BYTES, UploadedFile, read_uploads
from .web_assets import (cluster_asset_dir, leaflet_asset_dir, serve_cluster_assets, serve_leaflet_assets,
                         standalone_html, use_local_assets, use_local_cluster_assets)

#: The built-in sample corpus: articles written for this project.
SAMPLE_ARTICLES_DIR = Path(__file__).parent / "sample_articles"

__all__ = [
    "GeoEventsError", "InputPathError", "ArticleFormatError", "ExportFormatError", "SpanError",
    "Article", "Mention", "ResolvedMention", "IngestProblem", "IngestResult",
    "parse_article", "read_article_file", "read_paths", "read_inputs", "InputFile",
    "ColumnNames", "parse_column_names",
    "sentence_spans", "PlaceFinder", "Resolver", "DocumentContext", "rank_candidates",
    "Geoparser", "place_rows", "COLUMNS", "event_rows", "Event", "EVENT_FIELDS",
    "geoparse_lines", "resolve_lines", "toponym_record", "BatchLineError",
    "filter_rows", "date_bounds", "EventFilters", "apply_filters", "filters_from_query",
    "filters_to_query", "base_map", "place_layer", "clicked_place", "web_link", "use_local_cluster_assets", "timeline_counts", "pick_period", "place_summary", "TYPE_COLOURS", "rows_to_text",
    "write_rows", "to_records", "to_geojson", "csv_safe", "FORMATS",
    "build_map", "count_places", "popup_html", "tiles_setting",
    "leaflet_asset_dir", "serve_leaflet_assets", "use_local_assets", "cluster_asset_dir",
    "serve_cluster_assets", "standalone_html", "read_uploads", "UploadedFile", "MAX_UPLOAD_BYTES",
    "SAMPLE_ARTICLES_DIR", "review_names", "candidates", "place_label", "typed_place", "save_correction",
    "merge_duplicates", "extract_events", "EventStore", "AddResult",
    "default_store_path", "LexiconError", "StoreError",
]
