"""The page's parts: filters, the folium map and heat map, served assets, timeline, corrections."""

from __future__ import annotations

from .filters import EventFilters, apply_filters, filter_rows, date_bounds, filters_from_query, filters_to_query
from .event_map import TYPE_COLOURS, base_map, build_map, clicked_place, count_places, place_layer, place_summary, popup_html, tiles_setting, web_link
from .web_assets import cluster_asset_dir, leaflet_asset_dir, serve_cluster_assets, serve_leaflet_assets, standalone_html, use_local_assets, use_local_cluster_assets
from .timeline import pick_period, timeline_counts
from .corrections import candidates, place_label, review_names, save_correction, typed_place, CORRECTABLE_KINDS

__all__ = ['EventFilters', 'apply_filters', 'filter_rows', 'date_bounds', 'filters_from_query', 'filters_to_query', 'TYPE_COLOURS', 'base_map', 'build_map', 'clicked_place', 'count_places', 'place_layer', 'place_summary', 'popup_html', 'tiles_setting', 'web_link', 'cluster_asset_dir', 'leaflet_asset_dir', 'serve_cluster_assets', 'serve_leaflet_assets', 'standalone_html', 'use_local_assets', 'use_local_cluster_assets', 'pick_period', 'timeline_counts', 'candidates', 'place_label', 'review_names', 'save_correction', 'typed_place', 'CORRECTABLE_KINDS']
