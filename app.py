"""The dashboard: ``streamlit run app.py [-- PATH...]``.

Layout and widgets only; the work is done by the geo_events package. With no
paths it maps the built-in sample articles.
"""

from __future__ import annotations

import logging
import sys
from datetime import date

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

import geo_events as ge
from gazetteer import FallbackGeocoder, Gazetteer, GazetteerError

st.set_page_config(page_title="Geo events: where and when", page_icon="🗺️", layout="wide")
logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")

MAX_PASTE_CHARS = 200_000
TABLE_COLUMNS = ["event_date", "matched_text", "location", "country", "confidence",
                 "needs_review", "notes", "source"]


@st.cache_resource(show_spinner="Opening the offline gazetteer (the first run builds it, ~20 s)…")
def load_geoparser() -> ge.Geoparser:
    # The online fallback geocoder is off unless GEO_EVENTS_GEOCODER_DOMAIN is set.
    return ge.Geoparser(Gazetteer.open(), geocoder=FallbackGeocoder.from_settings())


@st.cache_resource
def leaflet_base_url() -> str:
    return ge.serve_leaflet_assets()


@st.cache_data(show_spinner="Reading and geoparsing the articles…")
def load_rows(paths: tuple[str, ...]) -> tuple[pd.DataFrame, list[ge.IngestProblem]]:
    result = ge.read_paths(paths)
    return load_geoparser().extract(result.articles), result.problems


@st.cache_data(show_spinner="Geoparsing the pasted text…")
def pasted_rows(texts: tuple[str, ...]) -> pd.DataFrame:
    articles = [ge.parse_article(text, source=f"pasted #{n}") for n, text in enumerate(texts, 1)]
    return load_geoparser().extract(articles)


def paste_box() -> None:
    with st.sidebar.expander("Paste an article"):
        st.caption("Optionally start with a line `date YYYY-MM-DD`.")
        text = st.text_area("Article text", max_chars=MAX_PASTE_CHARS, key="paste_text")
        if st.button("Add to map", disabled=not text.strip()):
            st.session_state.setdefault("pasted", []).append(text)


paths = tuple(sys.argv[1:]) or (str(ge.SAMPLE_ARTICLES_DIR),)
try:
    rows, problems = load_rows(paths)
    base_url = leaflet_base_url()
except ge.InputPathError as err:
    st.error(f"Cannot open the articles: {err}")
    st.stop()
except GazetteerError as err:
    st.error(f"The gazetteer could not be opened: {err}")
    st.stop()

paste_box()
if st.session_state.get("pasted"):
    rows = pd.concat([rows, pasted_rows(tuple(st.session_state["pasted"]))], ignore_index=True)

st.title("Where and when: places in the news")
st.caption("Sample articles written for this project" if len(sys.argv) < 2
           else f"Articles from {', '.join(paths)}")
for problem in problems:
    st.warning(f"{problem.source}: {problem.message}")

bounds = ge.date_bounds(rows)
start: date | None = None
end: date | None = None
if bounds and bounds[0] < bounds[1]:
    start, end = st.sidebar.slider("Dates", min_value=bounds[0], max_value=bounds[1],
                                   value=bounds, format="YYYY-MM-DD", key="dates")
elif bounds:
    st.sidebar.caption(f"Every dated article is from {bounds[0]:%Y-%m-%d}.")
include_undated = st.sidebar.checkbox("Include undated articles", value=True, key="undated")
shown = ge.filter_rows(rows, start=start, end=end, include_undated=include_undated)
located = shown.dropna(subset=["latitude", "longitude"])

places = ge.count_places(located)
left, middle, right = st.columns(3)
left.metric("Articles", shown["article_id"].nunique())
middle.metric("Places on the map", places)
right.metric("Unresolved names", int(shown["latitude"].isna().sum()))

fmap = ge.use_local_assets(ge.build_map(located, tiles=ge.tiles_setting()), base_url=base_url)
st_folium(fmap, height=560, use_container_width=True, returned_objects=[], key="map")
st.caption(f"{places} place{'' if places == 1 else 's'} shown · circle size: rows at that place · "
           "red: town, orange: province, blue: country, purple: region")

st.subheader("Places by article")
st.dataframe(shown[TABLE_COLUMNS], hide_index=True, width="stretch",
             column_config={"event_date": st.column_config.DateColumn("date"),
                            "confidence": st.column_config.NumberColumn(format="%.2f")})
