"""The dashboard: ``streamlit run app.py [-- PATH...]``.

Layout and widgets only; what the page computes is in ``geo_events.dashboard``.
With no paths it maps the built-in sample articles; events ingested into the
event store (``python -m geo_events ingest``) are shown with them, an event
reported in both once with both sources.
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

import geo_events as ge
from geo_events.dashboard import (CORRECTABLE_KINDS, FITTED_START, EventFilters, FilterChoices, GEO_LABELS,
                                  PRECISION_LABELS, UploadStatus, add_village_places, apply_filters, base_map,
                                  build_map, candidates, clicked_place, correct_everywhere, download_command,
                                  event_table,
                                  filters_from_query, filters_to_query, literal_markdown, located_rows,
                                  map_fit, path_events, pick_period, place_label, place_layer,
                                  problem_summary, problem_table,
                                  query_from_params, review_labels, review_names, serve_cluster_assets,
                                  serve_leaflet_assets, shown_counts, standalone_html, store_uploads,
                                  store_version, stored_events, table_view, tiles_setting, timeline_chart,
                                  timeline_counts, typed_place, use_local_assets, use_local_cluster_assets,
                                  view_from_map, view_from_query, view_to_query, village_countries)
from geo_events.errors import GeoEventsError, StoreError
from geo_events.io import MAX_UPLOAD_BYTES, rows_to_text
from geo_events.store import default_store_path
from gazetteer import FallbackGeocoder, Gazetteer, build_index, default_index_path, index_is_current

st.set_page_config(page_title="Geo events: where and when", page_icon="🗺️", layout="wide")
logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")

MAX_PASTE_CHARS = 200_000
#: Reading problems shown one by one above the map; past this, one line sums them up and a
#: table lists them all.
SHOWN_PROBLEMS = 3


@st.cache_resource
def gazetteer_build_lock() -> threading.Lock:
    """One build at a time in this server, whichever session starts it."""
    return threading.Lock()


def prepare_gazetteer() -> None:
    """On a first run, build the offline gazetteer under a progress bar naming its stages."""
    path = default_index_path()
    if st.session_state.get("gazetteer_ready") == str(path) or index_is_current(path):
        st.session_state["gazetteer_ready"] = str(path)
        return
    bar = st.progress(0.0, text="Building the offline gazetteer (first run only)…")
    try:
        with gazetteer_build_lock():
            if not index_is_current(path):  # another session may have built it meanwhile
                build_index(path, step=lambda done, what: bar.progress(
                    done, text=f"Building the offline gazetteer (first run only): {what}"))
    finally:
        bar.empty()
    st.session_state["gazetteer_ready"] = str(path)


@st.cache_resource(show_spinner="Opening the offline gazetteer…")
def load_geoparser() -> ge.Geoparser:
    # The online fallback geocoder is off unless GEO_EVENTS_GEOCODER_DOMAIN is set.
    return ge.Geoparser(Gazetteer.open(), geocoder=FallbackGeocoder.from_settings())


@st.cache_resource
def asset_urls() -> tuple[str, str]:
    return serve_leaflet_assets(), serve_cluster_assets()


# Events are frozen values: shared by every session (cache_resource), never copied per rerun.
@st.cache_resource(show_spinner="Reading the articles and extracting their events…")
def load_events(paths: tuple[str, ...]) -> tuple[list[ge.Event], list[ge.IngestProblem]]:
    return path_events(paths, geoparser=load_geoparser())


@st.cache_resource(show_spinner=False)
def load_stored_events(path: str, version: tuple[int, int]) -> list[ge.Event]:
    """``version`` (mtime, size) makes a changed store read again."""
    return stored_events(Path(path))


@st.cache_data(show_spinner=False)
def load_table(paths: tuple[str, ...], store: str, version: tuple[int, int] | None) -> pd.DataFrame:
    """The event table of the paths' and the store's events (no store file: ``version`` None)."""
    return event_table(load_events(paths)[0], load_stored_events(store, version) if version else ())


def paste_box() -> None:
    with st.sidebar.expander("Paste an article"):
        st.caption("Optionally start with a line `date YYYY-MM-DD`. The text is kept in the event store.")
        text = st.text_area("Article text", max_chars=MAX_PASTE_CHARS, key="paste_text")
        if st.button("Add to map", disabled=not text.strip(), key="add_pasted"):
            st.session_state["upload_report"] = store_files([("pasted.txt", text.encode("utf-8"))])


def upload_box() -> None:
    """Upload articles; their events are extracted and kept in the event store."""
    with st.sidebar.expander("Upload articles"):
        st.caption(".txt articles, .csv/.jsonl collections (date, title, text, url), ACLED .csv "
                   f"exports, or a .zip of them; up to {MAX_UPLOAD_BYTES // 2**20} MB each.")
        files = st.file_uploader("Files", type=["txt", "csv", "jsonl", "zip"], accept_multiple_files=True,
                                 key="uploads")
        if st.button("Extract and store", disabled=not files, key="store_uploads"):
            st.session_state["upload_report"] = store_files([(f.name, f.getvalue()) for f in files])


def store_files(files: list[tuple[str, bytes]]) -> list[UploadStatus]:
    """Extract and store each upload under a progress bar; one status per file or problem."""
    progress = st.progress(0.0, text="Reading the uploads…")
    try:
        with ge.EventStore.open() as store:
            return store_uploads(files, geoparser=load_geoparser(), store=store,
                                 on_progress=lambda done, total, name: progress.progress(
                                     done / total, text=literal_markdown(f"{name} ({done}/{total})")))
    except StoreError as err:
        return [UploadStatus("event store", f"not opened: {err}", stored=False)]
    finally:
        progress.empty()


def _sync(source: str, target: str) -> None:
    """Keep the date slider and the date inputs showing the same range."""
    value = st.session_state.get(source)
    if isinstance(value, (tuple, list)) and len(value) == 2:
        st.session_state[target] = tuple(value)


def filter_widgets(rows: pd.DataFrame, initial: EventFilters) -> EventFilters:
    """The sidebar's filters; on a session's first run they start from the URL (``initial``)."""
    side = st.sidebar
    choices = FilterChoices.from_rows(rows)
    if "filters_ready" not in st.session_state:
        st.session_state["filters_ready"] = True
        dates = choices.starting_range(initial)
        if dates is not None:
            st.session_state["dates"] = st.session_state["date_inputs"] = dates
        offered = choices.offered(initial)
        st.session_state.update(types=list(offered.event_types), countries=list(offered.countries),
                                admin1=list(offered.admin1), actors=list(offered.actors),
                                place=initial.place, search=initial.text, geo=initial.max_geo_precision,
                                time=initial.max_time_precision, mentions=initial.include_mentions,
                                undated=initial.include_undated, heat=initial.show_heat)
    start = end = None
    if choices.bounds:
        low, high = choices.bounds
        if low < high:
            side.slider("Dates", min_value=low, max_value=high, format="YYYY-MM-DD", key="dates",
                        on_change=_sync, args=("dates", "date_inputs"))
            side.date_input("…or type the dates", min_value=low, max_value=high, key="date_inputs",
                            on_change=_sync, args=("date_inputs", "dates"))
            start, end = st.session_state["dates"]
        else:
            side.caption(f"Every dated event is from {low:%Y-%m-%d}.")
    chosen = {key: tuple(side.multiselect(label, options, key=key))
              for label, key, options in (("Event type", "types", choices.event_types),
                                          ("Actor", "actors", choices.actors),
                                          ("Country", "countries", choices.countries),
                                          ("Province (admin1)", "admin1", choices.admin1))}
    place = side.text_input("Place", key="place", max_chars=200)
    text = side.text_input("Search the text", key="search", max_chars=200)
    geo = side.selectbox("Location precision", list(GEO_LABELS), format_func=GEO_LABELS.get, key="geo")
    timing = side.selectbox("Date precision", list(PRECISION_LABELS), format_func=PRECISION_LABELS.get,
                            key="time")
    mentions = side.checkbox("Include places merely mentioned", key="mentions")
    undated = side.checkbox("Include undated articles", key="undated")
    heat = side.toggle("Heat map", key="heat")
    start, end = choices.open_ends(start, end)
    return EventFilters(
        start=start, end=end, event_types=chosen["types"], actors=chosen["actors"],
        countries=chosen["countries"], admin1=chosen["admin1"], place=place.strip(), text=text.strip(),
        max_geo_precision=geo, max_time_precision=timing, include_mentions=mentions,
        include_undated=undated, show_heat=heat)


def village_widgets(table: pd.DataFrame) -> None:
    """Download GeoNames' files of the countries shown, so their villages are found from the next run."""
    offered = village_countries(table, load_geoparser().gazetteer.country_names())
    if offered:
        chosen = st.multiselect("Add village-level places for", list(offered), format_func=offered.get,
                                key="village_countries", help="Downloads GeoNames' file of each country once "
                                "and adds its villages, rivers and bases to the gazetteer.")
        if st.button("Download and add", disabled=not chosen, key="village_add"):
            bar = st.progress(0.0, text="Starting…")
            done = add_village_places(chosen, country_names=offered, on_progress=lambda share, text: bar.progress(
                min(share, 1.0), text=literal_markdown(text)))
            bar.empty()
            st.session_state["village_report"] = done
            if any(report.error is None for report in done):
                load_geoparser.clear()  # the next run opens the gazetteer with the new places
                load_events.clear()
                load_table.clear()
            st.rerun()
    for report in st.session_state.get("village_report", []):
        (st.error if report.error else st.success)(literal_markdown(report.message))
        if report.offline:
            st.caption("Once connected, run this (it resumes), or download the file by hand and "
                       f"`python -m gazetteer import {report.code}.zip`:")
            st.code(download_command([report.code]), language="bash")
    if offered or st.session_state.get("village_report"):
        st.divider()


def corrections_panel(table: pd.DataFrame) -> None:
    """Unresolved and low-confidence names; a fix is saved and applied to every row at once.
    Villages of the countries shown can be added to the gazetteer first."""
    review = review_names(table)
    with st.expander(f"Fix places ({len(review)} name{'' if len(review) == 1 else 's'} to review)"):
        village_widgets(table)
        if review.empty:
            st.caption("Every name shown is resolved with confidence.")
            return
        labels = review_labels(review)
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
            kind = st.selectbox("Kind", CORRECTABLE_KINDS, key="fix_kind")
            code = st.text_input("Country (ISO code, e.g. SY)", key="fix_country", max_chars=2)
            try:
                place = typed_place(name, lat, lon, kind=kind, country_code=code)
            except GeoEventsError as err:
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
            try:
                with ge.EventStore.open() as store:
                    done = correct_everywhere(gazetteer, written, place, store=store)
            except GeoEventsError as err:
                st.error(f"The correction could not be saved: {err}")
                return
            load_events.clear()  # extracted again with the correction in the gazetteer
            load_table.clear()
            st.success(f"{written} → {place_label(done.place)}: saved to your corrections; "
                       f"{done.moved_rows} stored row(s) moved.")
            st.rerun()


paths = tuple(sys.argv[1:]) or (str(ge.SAMPLE_ARTICLES_DIR),)
try:
    prepare_gazetteer()
    problems = load_events(paths)[1]
    leaflet_url, cluster_url = asset_urls()
except GeoEventsError as err:  # a missing path, a gazetteer that cannot be opened...
    st.error(literal_markdown(f"Cannot show the events: {err}"))
    st.stop()

upload_box()
paste_box()
for status in st.session_state.get("upload_report", []):  # what the last upload or paste stored
    show = st.sidebar.caption if status.stored else st.sidebar.info if status.note else st.sidebar.error
    show(literal_markdown(str(status)))  # file names and cells are shown as written, never as markup
store_path = default_store_path()
try:
    rows = load_table(paths, str(store_path), store_version(store_path))
except StoreError as err:
    st.warning(f"The event store could not be read: {err}")
    rows = load_table(paths, str(store_path), None)

st.title("Where and when: events in the news")
st.caption("Sample articles written for this project" if len(sys.argv) < 2
           else f"Articles from {', '.join(paths)}")
if len(problems) <= SHOWN_PROBLEMS:  # each named once; names and cells shown as written
    for problem in problems:
        (st.info if problem.kept else st.warning)(literal_markdown(str(problem)))
else:  # many: one line, and every one of them in a table
    (st.warning if any(not p.kept for p in problems) else st.info)(literal_markdown(problem_summary(problems)))
    with st.expander(f"All {len(problems):,} reading problems"):
        st.dataframe(problem_table(problems), hide_index=True)

if "url_filters" not in st.session_state:  # the first run of this session: the URL's filters and view
    query = query_from_params(st.query_params)
    linked, notices = filters_from_query(query)
    st.session_state["url_view"], view_notices = view_from_query(query)
    st.session_state["url_filters"], unshown = FilterChoices.from_rows(rows).applicable(linked)
    st.session_state["url_notices"] = notices + view_notices + unshown
for notice in st.session_state["url_notices"]:  # the value in a code span: never rendered as markup
    st.info(f"Link filter not applied: {notice.markdown()}")
filters = filter_widgets(rows, st.session_state["url_filters"])
# The view the map reported last (or the link's) goes into the link with the filters.
shared_view = st.session_state.get("map_view") or st.session_state["url_view"]
st.query_params.from_dict({**filters_to_query(filters), **(view_to_query(shared_view) if shared_view else {})})

shown = apply_filters(rows, filters)
located = located_rows(shown)
numbers = shown_counts(shown)
places = numbers.places
left, middle, right, last = st.columns(4)
left.metric("Events", numbers.events)
middle.metric("Articles", numbers.articles)
right.metric("Places on the map", places)
last.metric("Unresolved names", numbers.unresolved)

# The base map (basemap, outlines, town names, legend, view) is fitted once per session to what the
# first view shows, and kept: filter changes swap only the events layer, so the analyst's
# zoom and centre stay where they are. "Fit the map" fits it to what is shown now.
refit = st.session_state.pop("refit", False)
if refit:  # "Fit the map": the link's view is left for the events' own
    st.session_state["url_view"] = st.session_state["map_view"] = None
st.session_state["map_fit"], fit_rows = map_fit(st.session_state.get("map_fit"), located, refit=refit)
base = use_local_assets(base_map(fit_rows, tiles=tiles_setting(), legend_rows=rows,
                                 view=st.session_state["url_view"], gazetteer=load_geoparser().gazetteer),
                        base_url=leaflet_url)
layer = place_layer(located, heat=filters.show_heat)
use_local_cluster_assets(layer, cluster_base_url=cluster_url)
clicked = st_folium(base, height=560, use_container_width=True, feature_group_to_add=layer,
                    returned_objects=["last_object_clicked", "last_object_clicked_tooltip", "zoom", "center"],
                    key="map")
if (moved := view_from_map(clicked)) not in (None, shared_view, FITTED_START):
    st.session_state["map_view"] = moved  # panned or zoomed: the link follows
    st.query_params.update(view_to_query(moved))
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
bars = timeline_counts(shown, period=period)
if bars.empty:
    st.caption("No dated events under these filters.")
else:
    st.altair_chart(timeline_chart(bars, period=period), width="stretch")  # the map's colours

st.subheader("Events and mentions")
st.dataframe(table_view(table), hide_index=True, width="stretch",
             column_config={"event_date": st.column_config.DateColumn("date"),
                            "confidence": st.column_config.NumberColumn(format="%.2f"),
                            "url": st.column_config.LinkColumn("link")})

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
                         lambda: standalone_html(build_map(located, tiles=tiles_setting(), heat=filters.show_heat,
                                                           gazetteer=load_geoparser().gazetteer)),
                         "events-map.html", "text/html", on_click="ignore")
