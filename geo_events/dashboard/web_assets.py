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
so the base URL is relative to that iframe. A missing asset folder raises
:class:`~geo_events.errors.MissingAssetError` (a ``FileNotFoundError``).
"""

from __future__ import annotations

import logging
from pathlib import Path

import folium
from folium.plugins import MarkerCluster

from geo_events.errors import MissingAssetError, UserInputError

__all__ = ["leaflet_asset_dir", "serve_leaflet_assets", "use_local_assets", "ASSET_COMPONENT",
           "cluster_asset_dir", "serve_cluster_assets", "CLUSTER_COMPONENT", "standalone_html",
           "use_local_cluster_assets"]

log = logging.getLogger(__name__)

ASSET_COMPONENT = "leaflet_assets"
CLUSTER_COMPONENT = "markercluster_assets"
_CLUSTER_JS = "leaflet.markercluster.js"
_JS = "leaflet.js"
_CSS = "leaflet.css"


def leaflet_asset_dir() -> Path:
    """The folder holding ``leaflet.js``, ``leaflet.css`` and ``images/``."""
    import js_lib_leaflet

    folder = Path(js_lib_leaflet.__file__).parent / "static" / "js_lib_leaflet"
    if not (folder / _JS).is_file():
        raise MissingAssetError(f"Leaflet assets missing from {str(folder)!r}; "
                                "reinstall django-js-lib-leaflet")
    return folder


def serve_leaflet_assets() -> str:
    """Register the asset folder with Streamlit; return its URL base for map iframes."""
    return _serve(ASSET_COMPONENT, leaflet_asset_dir())


def _serve(name: str, folder: Path) -> str:
    """Serve ``folder`` as the Streamlit component ``name``; its URL base, relative to a map iframe."""
    import streamlit.components.v1 as components

    component = components.declare_component(name, path=str(folder))
    log.debug("serving %s as component %s", folder, component.name)
    return f"../{component.name}/"


def cluster_asset_dir() -> Path:
    """The folder holding Leaflet.markercluster's JS and CSS (XStatic-Leaflet-MarkerCluster)."""
    from xstatic.pkg import leaflet_markercluster

    folder = Path(leaflet_markercluster.BASE_DIR)
    if not (folder / _CLUSTER_JS).is_file():
        raise MissingAssetError(f"Leaflet.markercluster missing from {str(folder)!r}; "
                                "reinstall XStatic-Leaflet-MarkerCluster")
    return folder


def serve_cluster_assets() -> str:
    """Register Leaflet.markercluster's folder with Streamlit; return its URL base for map iframes."""
    return _serve(CLUSTER_COMPONENT, cluster_asset_dir())


def use_local_assets(fmap: folium.Map, *, base_url: str, cluster_base_url: str | None = None) -> folium.Map:
    """Make ``fmap`` load only Leaflet (and Leaflet.markercluster), from the app, not CDNs.

    The map's other default assets (jQuery, Bootstrap, awesome-markers) are
    dropped: the circle markers and popups drawn here need none of them. A
    marker cluster on the map loads its files from ``cluster_base_url``.
    """
    fmap.default_js = [("leaflet", base_url + _JS)]
    fmap.default_css = [("leaflet_css", base_url + _CSS)]
    use_local_cluster_assets(fmap, cluster_base_url=cluster_base_url)
    return fmap


def use_local_cluster_assets(element, *, cluster_base_url: str | None) -> None:
    """Point every marker cluster under ``element`` (a map or a layer group) at the app's copy
    of Leaflet.markercluster; :class:`~geo_events.errors.UserInputError` (a ``ValueError``) if
    there is one and no URL."""
    for child in _descendants(element):
        if isinstance(child, MarkerCluster):
            if cluster_base_url is None:
                raise UserInputError(f"the map clusters its markers: cluster_base_url must be a URL, "
                                     f"got {cluster_base_url!r} ({type(cluster_base_url).__name__})")
            child.default_js = [("markerclusterjs", cluster_base_url + _CLUSTER_JS)]
            child.default_css = [("markerclustercss", cluster_base_url + "MarkerCluster.css"),
                                 ("markerclusterdefaultcss", cluster_base_url + "MarkerCluster.Default.css")]


def _descendants(element) -> list:
    found = []
    for child in element._children.values():
        found.append(child)
        found.extend(_descendants(child))
    return found



_INLINE = "geo-events-inline:"


def standalone_html(fmap: folium.Map) -> str:
    """The map as one HTML file that works offline: Leaflet (and Leaflet.markercluster)
    inlined from the installed packages instead of linked."""
    use_local_assets(fmap, base_url=_INLINE, cluster_base_url=_INLINE)
    page = fmap.get_root().render()
    files = {name: leaflet_asset_dir() / name for name in (_JS, _CSS)}
    files.update({name: cluster_asset_dir() / name for name in
                  (_CLUSTER_JS, "MarkerCluster.css", "MarkerCluster.Default.css")})
    for name, path in files.items():
        content = path.read_text(encoding="utf-8").replace("</script", "<\\/script")
        if name.endswith(".js"):
            page = page.replace(f'<script src="{_INLINE}{name}"></script>', f"<script>{content}</script>")
        else:
            page = page.replace(f'<link rel="stylesheet" href="{_INLINE}{name}"/>', f"<style>{content}</style>")
    return page
