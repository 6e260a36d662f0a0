"""The page's parts: its events, filters, the folium map and heat map, served assets, timeline,
corrections, edits of events, storing uploads, and what the page shows of the filtered rows."""

from __future__ import annotations

from .filters import (EventFilters, apply_filters, filter_rows, date_bounds, filters_from_query,
                      filters_to_query, query_from_params)
from .filter_choices import FilterChoices, GEO_LABELS, PRECISION_LABELS
from .event_map import (FITTED_START, TYPE_COLOURS, MapView, base_map, build_map, clicked_place, count_places,
                        framing_rows, place_layer, place_summary, popup_html, tiles_setting, web_link)
from .shared_view import bounds_from_map, view_from_map, view_from_query, view_to_query
from .web_assets import (cluster_asset_dir, leaflet_asset_dir, serve_cluster_assets, serve_leaflet_assets,
                         standalone_html, use_local_assets, use_local_cluster_assets)
from .timeline import pick_period, timeline_chart, timeline_counts
from .corrections import (AppliedCorrection, VillageImport, add_village_places, candidates, correct_everywhere,
                          download_command, place_label, review_labels, review_names, save_correction,
                          typed_place, village_countries, CORRECTABLE_KINDS)
from .event_sources import (event_table, merge_sources, path_events, remove_stored, store_version,
                            stored_edits, stored_events, stored_sources)
from .event_edits import (EDIT_TYPES, active_rows, edit_choices, event_label, form_changes, save_event_edit,
                          subtype_options)
from .uploads_to_store import (FIELD_LABELS, UnclearTable, UploadStatus, column_options, picked_columns,
                               store_table, store_uploads)
from .plain_text import literal_markdown
from .playback import FRAME_SECONDS, STEPS, frame_label, frame_rows, frame_starts
from .view import (MAP_FIT_COLUMNS, TABLE_COLUMNS, ShownCounts, located_rows, map_fit, problem_summary,
                   problem_table, shown_counts, table_view)

__all__ = ['EventFilters', 'apply_filters', 'filter_rows', 'date_bounds', 'filters_from_query',
           'filters_to_query', 'query_from_params', 'FilterChoices', 'GEO_LABELS', 'PRECISION_LABELS',
           'TYPE_COLOURS', 'base_map', 'build_map', 'clicked_place', 'count_places', 'place_layer',
           'place_summary', 'popup_html', 'tiles_setting', 'web_link', 'cluster_asset_dir',
           'leaflet_asset_dir', 'serve_cluster_assets', 'serve_leaflet_assets', 'standalone_html',
           'use_local_assets', 'use_local_cluster_assets', 'pick_period', 'timeline_chart',
           'timeline_counts', 'AppliedCorrection', 'candidates', 'correct_everywhere', 'place_label',
           'review_labels', 'review_names', 'save_correction', 'typed_place', 'CORRECTABLE_KINDS',
           'VillageImport', 'add_village_places', 'download_command', 'village_countries',
           'event_table', 'merge_sources', 'remove_stored', 'stored_sources', 'path_events', 'store_version', 'stored_events', 'UploadStatus',
           'store_uploads', 'MAP_FIT_COLUMNS', 'TABLE_COLUMNS', 'ShownCounts', 'located_rows', 'map_fit',
           'shown_counts', 'table_view', 'literal_markdown', 'problem_summary', 'problem_table',
           'FRAME_SECONDS', 'STEPS', 'frame_label', 'frame_rows', 'frame_starts', 'MapView', 'FITTED_START',
           'framing_rows', 'view_from_map', 'bounds_from_map', 'view_from_query', 'view_to_query',
           'FIELD_LABELS', 'UnclearTable', 'column_options', 'picked_columns', 'store_table',
           'stored_edits', 'EDIT_TYPES', 'active_rows', 'edit_choices', 'event_label', 'form_changes',
           'save_event_edit', 'subtype_options']
