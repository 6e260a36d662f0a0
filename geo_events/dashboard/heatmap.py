"""A heat map of event density, drawn on the server as one image over the map.

    >>> import pandas as pd
    >>> rows = pd.DataFrame({"latitude": [35.0, 35.1, 36.0], "longitude": [40.0, 40.1, 41.0]})
    >>> layer = heat_layer(rows)
    >>> layer.url.startswith("data:image/png;base64,")
    True

Leaflet.heat, folium's ``HeatMap`` plugin, loads from a CDN and no PyPI
package ships it, so it cannot render offline. Here the density is binned
with numpy on a grid in Web Mercator (so the image lines up with the map at
every latitude), smoothed with a Gaussian kernel, coloured from transparent
yellow to opaque red, and encoded as a PNG with Pillow (both installed with
Streamlit). The result is one ``ImageOverlay``, a core Leaflet layer, of a
few tens of kB.
"""

from __future__ import annotations

import base64
import io
import math

import folium
import numpy as np
import pandas as pd

__all__ = ["heat_layer", "HEAT_SIZE_PX", "HEAT_SIGMA_PX"]

#: Width of the heat image's longer side, and the smoothing radius, in image pixels.
HEAT_SIZE_PX = 512
HEAT_SIGMA_PX = 10.0
_MAX_MERCATOR_LAT = 85.0


def _mercator_y(lat: np.ndarray) -> np.ndarray:
    lat = np.clip(lat, -_MAX_MERCATOR_LAT, _MAX_MERCATOR_LAT)
    return np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))


def _latitude(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def _blur(grid: np.ndarray, sigma: float) -> np.ndarray:
    radius = int(3 * sigma)
    offsets = np.arange(-radius, radius + 1)
    kernel = np.exp(-(offsets ** 2) / (2 * sigma ** 2))
    kernel /= kernel.sum()
    grid = np.apply_along_axis(lambda row: np.convolve(row, kernel, mode="same"), 1, grid)
    return np.apply_along_axis(lambda column: np.convolve(column, kernel, mode="same"), 0, grid)


def heat_layer(rows: pd.DataFrame, *, size_px: int = HEAT_SIZE_PX, sigma_px: float = HEAT_SIGMA_PX,
               name: str = "Heat map") -> folium.raster_layers.ImageOverlay | None:
    """The density of ``rows`` (each row one unit, or ``count`` units where the rows have that
    column: places already counted) as an image layer; ``None`` with no located row."""
    located = rows.dropna(subset=["latitude", "longitude"])
    if located.empty:
        return None
    lon = located["longitude"].to_numpy(dtype=float)
    y = _mercator_y(located["latitude"].to_numpy(dtype=float))
    pad = 4 * sigma_px / size_px
    x_span = max(lon.max() - lon.min(), 0.5)
    y_span = max(y.max() - y.min(), math.radians(0.5))
    west, east = lon.min() - pad * x_span - 0.25, lon.max() + pad * x_span + 0.25
    south, north = y.min() - pad * y_span - math.radians(0.25), y.max() + pad * y_span + math.radians(0.25)
    width_units, height_units = math.radians(east - west), north - south
    scale = size_px / max(width_units, height_units)
    width, height = max(8, round(width_units * scale)), max(8, round(height_units * scale))
    weights = located["count"].to_numpy(dtype=float) if "count" in located else None
    grid, _, _ = np.histogram2d(north - y, lon, bins=(height, width),
                                range=((0, north - south), (west, east)), weights=weights)
    density = _blur(grid, sigma_px)
    if density.max() <= 0:
        return None
    level = np.sqrt(density / density.max())  # square root: a lone event still shows
    rgba = np.zeros((height, width, 4), dtype=np.uint8)
    rgba[..., 0] = 255
    rgba[..., 1] = (220 * (1 - level)).astype(np.uint8)
    rgba[..., 3] = (np.clip(level * 1.4, 0, 1) * 200).astype(np.uint8)
    from PIL import Image  # only when a heat map is asked for: Pillow costs memory at import

    buffer = io.BytesIO()
    Image.fromarray(rgba, "RGBA").save(buffer, format="PNG", optimize=True)
    url = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    return folium.raster_layers.ImageOverlay(url, bounds=[[_latitude(south), west], [_latitude(north), east]],
                                             name=name, opacity=0.8, interactive=False, zindex=450)
