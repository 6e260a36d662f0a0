"""Offline gazetteer: GeoNames data from PyPI packages, folded names, SQLite.

    >>> from gazetteer import Gazetteer
    >>> Gazetteer.open().lookup("Mosul")[0].country_code
    'IQ'

Villages: ``add_countries(["SY"])`` (``python -m gazetteer download SY``) fetches
GeoNames' Syrian file once and adds it to the index.
"""

from .candidate import KINDS, Candidate, Kind, LatLon, NameMatch
from .capitals import is_capital
from .distance import great_circle_km
from .errors import (DumpDownloadError, GazetteerBuildError, GazetteerDataError, GazetteerError,
                     GazetteerSettingError)
from .folding import ARTICLE_TOKENS, fold_name, fold_spelling
from .indexing import INDEX_FORMAT, build_index, default_index_path, import_dump, index_is_current
from .demonyms import demonym_countries, demonym_country
from .geocoders import FallbackGeocoder, default_geocoder_cache_path
from .index import Gazetteer
from .download import add_countries, download_dump
from .overrides import (CURATED_OVERRIDES, OverrideEntry, OverrideTable, append_override,
                        default_override_paths, user_overrides_path)
from .sources.outlines import country_outlines

__all__ = [
    "Candidate", "NameMatch", "Kind", "KINDS", "LatLon", "great_circle_km",
    "GazetteerError", "GazetteerBuildError", "GazetteerDataError", "GazetteerSettingError",
    "DumpDownloadError", "add_countries", "download_dump",
    "fold_name", "fold_spelling", "ARTICLE_TOKENS", "is_capital",
    "demonym_countries", "demonym_country", "country_outlines",
    "FallbackGeocoder", "default_geocoder_cache_path",
    "Gazetteer", "build_index", "import_dump", "index_is_current", "default_index_path",
    "INDEX_FORMAT",
    "OverrideTable", "OverrideEntry", "append_override", "default_override_paths",
    "user_overrides_path", "CURATED_OVERRIDES",
]
