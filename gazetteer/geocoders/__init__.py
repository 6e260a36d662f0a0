"""The optional online fallback: geocoding services asked for names the offline index lacks.

    >>> from gazetteer.geocoders import FallbackGeocoder
    >>> FallbackGeocoder.from_settings(domain="") is None     # off unless configured
    True

One module per service (:mod:`~gazetteer.geocoders.nominatim`) and the disk
cache they share (:mod:`~gazetteer.geocoders.cache`).
"""

from __future__ import annotations

from .cache import default_geocoder_cache_path
from .nominatim import FallbackGeocoder

__all__ = ["FallbackGeocoder", "default_geocoder_cache_path"]
