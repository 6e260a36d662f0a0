"""Serve Leaflet's JS/CSS from the installed django-js-lib-leaflet package.

    >>> base = serve_leaflet_assets()          # inside a Streamlit script run
    >>> m = use_local_assets(folium.Map(), base_url=base)
    >>> m.default_js[0][1].endswith("leaflet.js")
    True

folium points the browser at a CDN for Leaflet, so a map stays blank
offline. django-js-lib-leaflet ships Leaflet 1.9.4's dist files as plain
package data; Streamlit serves any declared component's folder under
``/component/<name>/``, so declaring one whose folder is that package
directory serves Leaflet from the app itself, with no copy in the repo.
streamlit-folium then loads the links we put in the map's ``default_js`` /
``default_css`` inside its iframe (``/component/streamlit_folium.st_folium/``),
so the base URL is relative to that iframe.
"""

from __future__ import annotations

import logging
from pathlib import Path

import folium

__all__ = ["leaflet_asset_dir", "serve_leaflet_assets", "use_local_assets", "ASSET_COMPONENT"]

log = logging.getLogger(__name__)

ASSET_COMPONENT = "leaflet_assets"
_JS = "leaflet.js"
_CSS = "leaflet.css"


def leaflet_asset_dir() -> Path:
    """The folder holding ``leaflet.js``, ``leaflet.css`` and ``images/``."""
    import js_lib_leaflet

    folder = Path(js_lib_leaflet.__file__).parent / "static" / "js_lib_leaflet"
    if not (folder / _JS).is_file():
        raise FileNotFoundError(f"Leaflet assets missing from {folder}; reinstall django-js-lib-leaflet")
    return folder


def serve_leaflet_assets() -> str:
    """Register the asset folder with Streamlit; return its URL base for map iframes."""
    import streamlit.components.v1 as components

    component = components.declare_component(ASSET_COMPONENT, path=str(leaflet_asset_dir()))
    log.debug("serving Leaflet assets as component %s", component.name)
    return f"../{component.name}/"


def use_local_assets(fmap: folium.Map, *, base_url: str) -> folium.Map:
    """Make ``fmap`` load only Leaflet, from ``base_url``, instead of CDNs.

    The map's other default assets (jQuery, Bootstrap, awesome-markers) are
    dropped: the circle markers and popups drawn here need none of them.
    """
    fmap.default_js = [("leaflet", base_url + _JS)]
    fmap.default_css = [("leaflet_css", base_url + _CSS)]
    return fmap

