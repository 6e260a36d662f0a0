"""The dashboard: ``streamlit run app.py [-- PATH...]``.

Layout and widgets only; the work is done by the geo_events package. With no
paths it maps the built-in sample articles; events ingested into the event
store (``python -m geo_events ingest``) are shown beside them.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

import geo_events as ge
from geo_events.dashboard import EventFilters, TYPE_COLOURS, apply_filters, base_map, build_map, candidates, clicked_place, corrections, count_places, date_bounds, filters_from_query, filters_to_query, pick_period, place_label, place_layer, review_names, save_correction, serve_cluster_assets, serve_leaflet_assets, standalone_html, tiles_setting, timeline_counts, typed_place, use_local_assets, use_local_cluster_assets, web_link
from geo_events.errors import InputPathError, StoreError
from geo_events.io import MAX_UPLOAD_BYTES, read_uploads, rows_to_text
from geo_events.store import default_store_path
from gazetteer import FallbackGeocoder, Gazetteer, GazetteerError

st.set_page_config(page_title="Geo events: where and when", page_icon="🗺️", layout="wide")
logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")

MAX_PASTE_CHARS = 200_000
TABLE_COLUMNS = ["event_date", "time_precision", "kind", "event_type", "sub_event_type", "actor1",
                 "actor2", "fatalities", "injuries", "captured", "matched_text", "location", "admin1",
                 "country", "geo_precision", "confidence", "needs_review", "source_count", "notes",
                 "sources", "url"]
PRECISION_LABELS = {3: "any", 2: "week/month or better", 1: "exact day only"}
GEO_LABELS = {3: "any", 2: "near a town or better", 1: "the town itself"}


@st.cache_resource(show_spinner="Opening the offline gazetteer (the first run builds it, ~40 s)…")
def load_geoparser() -> ge.Geoparser:
    # The online fallback geocoder is off unless GEO_EVENTS_GEOCODER_DOMAIN is set.
    return ge.Geoparser(Gazetteer.open(), geocoder=FallbackGeocoder.from_settings())


@st.cache_resource
def asset_urls() -> tuple[str, str]:
    return serve_leaflet_assets(), serve_cluster_assets()


@st.cache_data(show_spinner="Reading the articles and extracting their events…")
def load_events(paths: tuple[str, ...]) -> tuple[pd.DataFrame, list[ge.IngestProblem]]:
    result = ge.read_paths(paths)
    events = load_geoparser().events(result.articles) + result.events
    return ge.event_rows(ge.merge_duplicates(events)), result.problems


@st.cache_data(show_spinner=False)
def stored_events(path: str, version: tuple[int, int]) -> pd.DataFrame:
    """The store's events, one per event however many articles report it; ``version``
    (mtime, size) makes a changed store read again."""
    with ge.EventStore.open(Path(path)) as store:
        return ge.event_rows(ge.merge_duplicates(store.events()))


def paste_box() -> None:
    with st.sidebar.expander("Paste an article"):
        st.caption("Optionally start with a line `date YYYY-MM-DD`. The text is kept in the event store.")
        text = st.text_area("Article text", max_chars=MAX_PASTE_CHARS, key="paste_text")
        if st.button("Add to map", disabled=not text.strip(), key="add_pasted"):
            st.session_state["upload_report"] = store_uploads([("pasted.txt", text.encode("utf-8"))])


def upload_box() -> None:
    """Upload articles; their events are extracted and kept in the event store."""
    with st.sidebar.expander("Upload articles"):
        st.caption(".txt articles, .csv/.jsonl collections (date, title, text, url), ACLED .csv "
                   f"exports, or a .zip of them; up to {MAX_UPLOAD_BYTES // 2**20} MB each.")
        files = st.file_uploader("Files", type=["txt", "csv", "jsonl", "zip"], accept_multiple_files=True,
                                 key="uploads")
        if st.button("Extract and store", disabled=not files, key="store_uploads"):
            st.session_state["upload_report"] = store_uploads([(f.name, f.getvalue()) for f in files])


def store_uploads(files: list[tuple[str, bytes]]) -> list[str]:
    """Extract and store each upload, with a progress bar; one status line per file."""
    uploads = read_uploads(files)
    report: list[str] = []
    progress = st.progress(0.0, text="Reading the uploads…")
    with ge.EventStore.open() as store:
        for done, upload in enumerate(uploads, start=1):
            progress.progress(done / len(uploads), text=f"{upload.name} ({done}/{len(uploads)})")
            item = upload.input
            try:
                added = store.add([(a, load_geoparser().article_events(a)) for a in item.articles],
                                  item.events)
            except ge.GeoEventsError as err:
                report.append(f"✗ {upload.name}: not stored: {err}")
                continue
            report += [f"✗ {p.source}: {p.message}" for p in item.problems]
            if item.articles or item.events:
                report.append(f"✓ {upload.name}: {added.articles} new, {added.skipped} already stored, "
                              f"{added.events} events and mentions")
    progress.empty()
    return report


def _sync(source: str, target: str) -> None:
    """Keep the date slider and the date inputs showing the same range."""
    value = st.session_state.get(source)
    if isinstance(value, (tuple, list)) and len(value) == 2:
        st.session_state[target] = tuple(value)


def filter_widgets(rows: pd.DataFrame, initial: EventFilters) -> EventFilters:
    """The sidebar's filters; on a session's first run they start from the URL (``initial``)."""
    side = st.sidebar
    bounds = date_bounds(rows)
    actors = sorted({a for column in ("actor1", "actor2") for a in rows[column].dropna() if a})
    options = {key: sorted(v for v in rows[column].dropna().unique() if v)
               for key, column in (("types", "event_type"), ("countries", "country"), ("admin1", "admin1"))}
    options["actors"] = actors
    if "filters_ready" not in st.session_state:
        st.session_state["filters_ready"] = True
        if bounds:
            low, high = bounds
            start = min(max(initial.start or low, low), high)
            end = max(min(initial.end or high, high), start)
            st.session_state["dates"] = st.session_state["date_inputs"] = (start, end)
        for key, chosen in (("types", initial.event_types), ("countries", initial.countries),
                            ("admin1", initial.admin1), ("actors", initial.actors)):
            st.session_state[key] = [v for v in chosen if v in options[key]]
        st.session_state.update(place=initial.place, search=initial.text, geo=initial.max_geo_precision,
                                time=initial.max_time_precision, mentions=initial.include_mentions,
                                undated=initial.include_undated, heat=initial.show_heat)
    start = end = None
    if bounds:
        low, high = bounds
        if low < high:
            side.slider("Dates", min_value=low, max_value=high, format="YYYY-MM-DD", key="dates",
                        on_change=_sync, args=("dates", "date_inputs"))
            side.date_input("…or type the dates", min_value=low, max_value=high, key="date_inputs",
                            on_change=_sync, args=("date_inputs", "dates"))
            start, end = st.session_state["dates"]
        else:
            side.caption(f"Every dated event is from {low:%Y-%m-%d}.")
    chosen = {key: tuple(side.multiselect(label, options[key], key=key))
              for label, key in (("Event type", "types"), ("Actor", "actors"), ("Country", "countries"),
                                 ("Province (admin1)", "admin1"))}
    place = side.text_input("Place", key="place", max_chars=200)
    text = side.text_input("Search the text", key="search", max_chars=200)
    geo = side.selectbox("Location precision", list(GEO_LABELS), format_func=GEO_LABELS.get, key="geo")
    timing = side.selectbox("Date precision", list(PRECISION_LABELS), format_func=PRECISION_LABELS.get,
                            key="time")
    mentions = side.checkbox("Include places merely mentioned", key="mentions")
    undated = side.checkbox("Include undated articles", key="undated")
    heat = side.toggle("Heat map", key="heat")
    return EventFilters(
        start=start if bounds and start != bounds[0] else None,
        end=end if bounds and end != bounds[1] else None,
        event_types=chosen["types"], actors=chosen["actors"], countries=chosen["countries"],
        admin1=chosen["admin1"], place=place.strip(), text=text.strip(), max_geo_precision=geo,
        max_time_precision=timing, include_mentions=mentions, include_undated=undated, show_heat=heat)


paths = tuple(sys.argv[1:]) or (str(ge.SAMPLE_ARTICLES_DIR),)
try:
    rows, problems = load_events(paths)
    leaflet_url, cluster_url = asset_urls()
except InputPathError as err:
    st.error(f"Cannot open the articles: {err}")
    st.stop()
except GazetteerError as err:
    st.error(f"The gazetteer could not be opened: {err}")
    st.stop()

upload_box()
paste_box()
for line in st.session_state.get("upload_report", []):  # what the last upload or paste stored
    (st.sidebar.error if line.startswith("✗") else st.sidebar.caption)(line)
store_path = default_store_path()
if store_path.is_file():
    try:
        stat = store_path.stat()
        rows = pd.concat([rows, stored_events(str(store_path), (stat.st_mtime_ns, stat.st_size))],
                         ignore_index=True).drop_duplicates("event_id")
    except StoreError as err:
        st.warning(f"The event store could not be read: {err}")

st.title("Where and when: events in the news")
st.caption("Sample articles written for this project" if len(sys.argv) < 2
           else f"Articles from {', '.join(paths)}")
for problem in problems:
    st.warning(f"{problem.source}: {problem.message}")

if "url_filters" not in st.session_state:  # the first run of this session: the URL's filters
    st.session_state["url_filters"], st.session_state["url_notices"] = \
        filters_from_query(st.query_params.to_dict() | {k: st.query_params.get_all(k)
                                                           for k in ("type", "actor", "country", "admin1")
                                                           if k in st.query_params})
for notice in st.session_state["url_notices"]:
    st.info(f"Link filter not applied — {notice}")
filters = filter_widgets(rows, st.session_state["url_filters"])
st.query_params.from_dict(filters_to_query(filters))

shown = apply_filters(rows, filters)
located = shown.dropna(subset=["latitude", "longitude"])
places = count_places(located)
left, middle, right, last = st.columns(4)
left.metric("Events", int((shown["kind"] == "event").sum()))
middle.metric("Articles", shown["article_id"].nunique())
right.metric("Places on the map", places)
last.metric("Unresolved names", int(shown["latitude"].isna().sum()))

# The base map (basemap, outlines, legend, view) is fitted once per session to what the
# first view shows, and kept: filter changes swap only the events layer, so the analyst's
# zoom and centre stay where they are. "Fit the map" fits it to what is shown now.
if "map_fit" not in st.session_state or st.session_state.pop("refit", False):
    st.session_state["map_fit"] = located[["location", "latitude", "longitude", "kind", "event_type"]]
fit_rows = st.session_state["map_fit"] if len(st.session_state["map_fit"]) else located
base = use_local_assets(base_map(fit_rows, tiles=tiles_setting(), legend_rows=rows),
                           base_url=leaflet_url)
layer = place_layer(located, heat=filters.show_heat)
use_local_cluster_assets(layer, cluster_base_url=cluster_url)
clicked = st_folium(base, height=560, use_container_width=True, feature_group_to_add=layer,
                    returned_objects=["last_object_clicked", "last_object_clicked_tooltip"], key="map")
caption, fit = st.columns([5, 1])
caption.caption(f"{places} place{'' if places == 1 else 's'} shown · circle size: events and mentions there · "
                "colour: the most frequent event type (see the legend) · click a circle to list its rows")
if fit.button("Fit the map", key="fit_map", help="Zoom the map to the places shown now"):
    st.session_state["refit"] = True
    st.rerun()

table = shown
click = ((clicked or {}).get("last_object_clicked"), (clicked or {}).get("last_object_clicked_tooltip"))
at = clicked_place(located, *click) if str(click) != st.session_state.get("cleared_click") else None
if at is not None:
    table = at
    notice, show_all = st.columns([5, 1])
    notice.info(f"Rows at {at['location'].iloc[0]} only (the circle you clicked).")
    if show_all.button("Show all rows", key="show_all"):
        st.session_state["cleared_click"] = str(click)
        st.rerun()

st.subheader("Timeline")
period = pick_period(shown)
counts = timeline_counts(shown, period=period)
if counts.empty:
    st.caption("No dated events under these filters.")
else:
    types = [t for t in TYPE_COLOURS if t in set(counts["event_type"])]
    chart = alt.Chart(counts).mark_bar().encode(  # the map's colours, so the two read together
        x=alt.X("period:T", title=f"{period} starting"), y=alt.Y("sum(events):Q", title="events"),
        color=alt.Color("event_type:N", title="event type",
                        scale=alt.Scale(domain=types, range=[TYPE_COLOURS[t] for t in types])),
        tooltip=["period:T", "event_type:N", "events:Q"])
    st.altair_chart(chart, width="stretch")

st.subheader("Events and mentions")
st.dataframe(table[TABLE_COLUMNS].assign(url=table["url"].map(web_link)), hide_index=True, width="stretch",
             column_config={"event_date": st.column_config.DateColumn("date"),
                            "confidence": st.column_config.NumberColumn(format="%.2f"),
                            "url": st.column_config.LinkColumn("link")})

def corrections_panel(table: pd.DataFrame) -> None:
    """Unresolved and low-confidence names; a fix is saved and applied to every row at once."""
    review = review_names(table)
    with st.expander(f"Fix places ({len(review)} name{'' if len(review) == 1 else 's'} to review)"):
        if review.empty:
            st.caption("Every name shown is resolved with confidence.")
            return
        labels = {row.matched_text: f"{row.matched_text} — {row.rows} row(s), now "
                                    f"{row.location if isinstance(row.location, str) else 'unresolved'}"
                  for row in review.itertuples(index=False)}
        written = st.selectbox("Name as written", list(labels), format_func=labels.get, key="fix_name")
        how = st.radio("Place it", ["Pick a candidate", "Search the gazetteer", "Type coordinates"],
                       horizontal=True, key="fix_how")
        gazetteer = load_geoparser().gazetteer
        place = None
        if how == "Type coordinates":
            name = st.text_input("Place name", value=written, key="fix_place_name", max_chars=200)
            lat = st.number_input("Latitude", min_value=-90.0, max_value=90.0, value=0.0, format="%.5f",
                                  key="fix_lat")
            lon = st.number_input("Longitude", min_value=-180.0, max_value=180.0, value=0.0, format="%.5f",
                                  key="fix_lon")
            kind = st.selectbox("Kind", corrections.CORRECTABLE_KINDS, key="fix_kind")
            code = st.text_input("Country (ISO code, e.g. SY)", key="fix_country", max_chars=2)
            try:
                place = typed_place(name, lat, lon, kind=kind, country_code=code)
            except ValueError as err:
                st.warning(str(err))
        else:
            query = written if how == "Pick a candidate" else st.text_input(
                "Search for", key="fix_query", max_chars=200)
            found = candidates(gazetteer, query or "")
            if found:
                place = st.selectbox("Candidate", found, format_func=place_label, key="fix_candidate")
            else:
                st.caption("No place in the gazetteer for that name.")
        if place is not None and st.button("Save correction", key="fix_save"):
            saved = save_correction(gazetteer, written, place)
            with ge.EventStore.open() as store:
                moved = store.apply_correction(written, saved, country=gazetteer.country_names().get(
                    saved.country_code))
            load_events.clear()  # extracted again with the correction in the gazetteer
            st.success(f"{written} → {place_label(saved)}: saved to your corrections; "
                       f"{moved} stored row(s) moved.")
            st.rerun()


corrections_panel(shown)

st.subheader("Export what is shown")
# Each file is made when its button is clicked, not on every rerun (the HTML map inlines
# Leaflet: a few hundred kB of work per rerun otherwise).
csv_col, geojson_col, html_col = st.columns(3)
csv_col.download_button("CSV (spreadsheet-safe)", lambda: rows_to_text(table, fmt="csv"), "events.csv",
                        "text/csv", on_click="ignore")
geojson_col.download_button("GeoJSON", lambda: rows_to_text(table, fmt="geojson"), "events.geojson",
                            "application/geo+json", on_click="ignore")
html_col.download_button("Map as HTML (works offline)",
                         lambda: standalone_html(build_map(located, tiles=tiles_setting(),
                                                                 heat=filters.show_heat)),
                         "events-map.html", "text/html", on_click="ignore")
