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
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

import geo_events as ge
from geo_events.dashboard import (CORRECTABLE_KINDS, EDIT_TYPES, FIELD_LABELS, FITTED_START, EventFilters,
                                  FilterChoices, GEO_LABELS, PRECISION_LABELS, UnclearTable, UploadStatus,
                                  active_rows, add_village_places, apply_filters, base_map, build_map, candidates,
                                  clicked_place, column_options, correct_everywhere, count_places,
                                  download_command, edit_choices, event_table, form_changes, picked_columns,
                                  save_event_edit, store_table, stored_edits, subtype_options,
                                  filters_from_query, filters_to_query, literal_markdown, located_rows,
                                  map_fit, path_events, pick_period, place_label, place_layer, remove_stored,
                                  FRAME_SECONDS, STEPS, frame_label, frame_rows, frame_starts,
                                  stored_sources,
                                  problem_summary, problem_table,
                                  query_from_params, review_labels, review_names, serve_cluster_assets,
                                  serve_leaflet_assets, shown_counts, standalone_html, store_uploads,
                                  store_version, stored_events, table_view, tiles_setting, timeline_chart,
                                  timeline_counts, typed_place, use_local_assets, use_local_cluster_assets,
                                  bounds_from_map, view_from_map, view_from_query, view_to_query, village_countries)
from geo_events.dashboard.event_map import summary_layer
from geo_events.dashboard.store_view import (BIG_STORE_ROWS, TABLE_ROWS, StorePart, combined_summary,
                                             combined_timeline, frame_dates, legend_rows, query_of,
                                             store_filter_choices, store_part, summary_rows)
from geo_events.errors import GeoEventsError, StoreError, UserInputError
from geo_events.io import MAX_UPLOAD_BYTES, rows_to_text
from geo_events.store import EventStore, StoredSource
from geo_events.store.location import Location, as_location, store_location
from geo_events.store.queries import EventQuery, StoreChoices
from gazetteer import FallbackGeocoder, Gazetteer, build_index, default_index_path, index_is_current

st.set_page_config(page_title="Geo events: where and when", page_icon="🗺️", layout="wide")
RUN_STARTED = time.perf_counter()  # this run of the script: its time is logged (debug) at the end
logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
log = logging.getLogger("geo_events.page")

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
def load_stored_events(path: str, version: tuple) -> list[ge.Event]:
    """``version`` (mtime, size) makes a changed store read again."""
    return stored_events(as_location(path))


@st.cache_data(show_spinner=False)
def load_table(paths: tuple[str, ...], store: str, version: tuple | None,
               edits_version: tuple | None = None) -> pd.DataFrame:
    """The event table of the paths' and the store's events (store not shown: ``version`` None),
    with the analyst's edits kept in the store applied (no store file: ``edits_version`` None)."""
    return event_table(load_events(paths)[0], load_stored_events(store, version) if version else (),
                       edits=stored_edits(as_location(store)) if edits_version else None)


@st.cache_resource(show_spinner=False)
def shared_store(location: str) -> EventStore:
    """One open store per location (its engine and connection pool), shared by every session and
    rerun: opening one checks its schema, and a server's costs a new pool each time."""
    return EventStore.open(as_location(location))


def current_version(location: Location) -> tuple | None:
    """:func:`store_version` of the store at ``location``, a server's asked over the shared pool."""
    return store_version(location) if isinstance(location, Path) else shared_store(str(location)).version()


@st.cache_data(show_spinner=False)
def load_store_size(location: str, version: tuple | None) -> int:
    """Rows in the store (events and mentions), read again when it changed."""
    if not version:
        return 0
    return shared_store(location).counts()[1]


@st.cache_data(show_spinner=False)
def load_store_choices(location: str, version: tuple | None) -> StoreChoices:
    """A big store's filter choices, asked once per store change."""
    from geo_events.store.queries import filter_choices

    with shared_store(location).connection() as conn:
        return filter_choices(conn)


@st.cache_data(show_spinner=False, max_entries=32)
def load_store_part(location: str, version: tuple | None, query: EventQuery, period: str,
                    table_limit: int = TABLE_ROWS) -> StorePart:
    """What the page shows of a big store under ``query``, asked in SQL (cached per filters)."""
    return store_part(shared_store(location), query, period=period, table_limit=table_limit)


def paste_box() -> None:
    # A form: the button sends what is in the box when it is clicked (a plain text area
    # commits only on Ctrl+Enter or blur), and Streamlit draws no key hint over the text.
    with st.sidebar.expander("Paste an article"):
        with st.form("paste_form", enter_to_submit=False, border=False):
            st.caption("Optionally start with a line `date YYYY-MM-DD`. The text is kept in the event store.")
            # No max_chars: its counter is drawn inside the box, over the text; the limit is checked below.
            st.text_area("Article text", key="paste_text", height=160)
            st.form_submit_button("Add to map", key="add_pasted", on_click=remember_click,
                                  args=("add_pasted", lambda: st.session_state.get("paste_text", "")))
        if (text := clicked("add_pasted")) is None:
            return
        with click_work("add_pasted"):
            if len(text) > MAX_PASTE_CHARS:
                st.error(f"The text is {len(text):,} characters; a paste takes up to {MAX_PASTE_CHARS:,}. "
                         "Upload it as a .txt file instead.")
            elif text.strip():
                keep_report(store_files([("pasted.txt", text.encode("utf-8"))]))
            else:
                st.warning("Paste an article's text into the box first.")


def upload_box() -> None:
    """Upload articles; their events are extracted and kept in the event store."""
    with st.sidebar.expander("Upload articles"):
        st.caption(".txt articles, .csv/.jsonl collections (columns such as text or body, date or published, "
                   "title or headline, url or link; asked when unclear), ACLED .csv exports, or a .zip of them; "
                   f"up to {MAX_UPLOAD_BYTES // 2**20} MB each.")
        files = st.file_uploader("Files", type=["txt", "csv", "jsonl", "zip"], accept_multiple_files=True,
                                 key="uploads")
        st.button("Extract and store", disabled=not files, key="store_uploads", on_click=remember_click,
                  args=("store_uploads", lambda: [(f.name, f.getvalue())
                                                  for f in st.session_state.get("uploads") or ()]))
    if (queued := clicked("store_uploads")) is not None:
        with click_work("store_uploads"):
            keep_report(store_files(queued))


#: Where a button's callback keeps its click (and what it sends) until the page has done its work.
CLICKED = "clicked:"


def remember_click(button: str, read: Callable[[], object] = lambda: True) -> None:
    """A button's callback: keep its click, with what it sends (``read()``), until the page has
    done its work (:func:`click_work`).

    Callbacks run before the page does. A rerun the browser sends just after the click (the map
    reporting its view) stops the page's run where it is and runs it again without the click:
    read from the button in the page, the click would be lost, or its work left half done; kept
    here, the next run does the work, and doing it again is harmless (the store keeps each
    article once, and an edit or a removal done twice leaves what it left once)."""
    st.session_state[CLICKED + button] = read()


def clicked(button: str) -> object | None:
    """What ``button`` sent, while its click's work is not done; ``None`` otherwise."""
    return st.session_state.get(CLICKED + button)


@contextmanager
def click_work(button: str) -> Iterator[None]:
    """The work of ``button``'s click: once the block ends, or fails, the click is dropped. A run
    Streamlit stops inside it (a rerun, which is no ``Exception``) leaves the click for the next
    run. Call ``st.rerun`` after the block, never inside it: the click would be done again."""
    try:
        yield
    except Exception:
        st.session_state.pop(CLICKED + button, None)
        raise
    st.session_state.pop(CLICKED + button, None)


def forget_clicks() -> None:
    """At the end of a whole run: clicks kept for buttons the page no longer draws are dropped, as
    Streamlit drops such clicks, so they never act on a later page."""
    for key in [k for k in st.session_state if str(k).startswith(CLICKED)]:
        del st.session_state[key]


def keep_report(report: list[UploadStatus]) -> None:
    """Show ``report`` until the next upload; keep its unclear tables until their columns are picked.
    What it stored is shown on the map: the store's toggle starts again, switched on."""
    st.session_state["upload_report"] = report
    if any(status.stored for status in report):
        st.session_state["store_additions"] = st.session_state.get("store_additions", 0) + 1
    st.session_state.setdefault("unclear_tables", {}).update({s.table.name: s.table for s in report if s.table})


def column_forms() -> None:
    """A form for each uploaded table whose columns could not be told: which column holds what
    (preselected with the guess), then extract it with those columns, or skip it."""
    unclear: dict[str, UnclearTable] = st.session_state.get("unclear_tables", {})
    for name, table in list(unclear.items()):
        with st.sidebar.form(key=f"columns:{name}"):
            st.markdown(literal_markdown(f"Which columns of {name} hold what?"))
            st.caption(literal_markdown(table.guess.describe()))
            picked = {}
            for field, label in FIELD_LABELS.items():
                options, index = column_options(table, field)
                picked[field] = st.selectbox(label, options, index=index, key=f"column:{field}:{name}",
                                             format_func=lambda column: "(none)" if column is None else column)
            for button, label in ((f"extract_columns:{name}", "Extract with these columns"),
                                  (f"skip_columns:{name}", "Skip this file")):
                st.form_submit_button(label, key=button, on_click=remember_click, args=(button,))
        extract, skip = clicked(f"extract_columns:{name}"), clicked(f"skip_columns:{name}")
        if extract or skip:
            with click_work(f"extract_columns:{name}"), click_work(f"skip_columns:{name}"):
                if extract:
                    keep_report(store_picked(table, picked))
                del unclear[name]  # only once stored: a run stopped before this does it again
            st.rerun()


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


def store_picked(table: UnclearTable, picked: dict[str, str | None]) -> list[UploadStatus]:
    """Extract and store an unclear table with the columns picked in its form."""
    try:
        columns = picked_columns(picked)
        with st.spinner(literal_markdown(f"Reading {table.name}…")), ge.EventStore.open() as store:
            return store_table(table, columns, geoparser=load_geoparser(), store=store)
    except (StoreError, UserInputError) as err:
        return [UploadStatus(table.name, f"not stored: {err}", stored=False)]


def _sync(source: str, target: str) -> None:
    """Keep the date slider and the date inputs showing the same range."""
    value = st.session_state.get(source)
    if isinstance(value, (tuple, list)) and len(value) == 2:
        st.session_state[target] = tuple(value)


def filter_widgets(choices: FilterChoices, initial: EventFilters) -> EventFilters:
    """The sidebar's filters (offering ``choices``); on a session's first run they start from the
    URL (``initial``)."""
    side = st.sidebar
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
                                undated=initial.include_undated, heat=initial.show_heat, in_view=initial.in_view)
    elif choices.bounds != st.session_state.get("date_bounds"):  # uploads or removals moved the data's ends
        chosen = st.session_state.get("dates")
        dates = choices.following(st.session_state.get("date_bounds"),
                                  tuple(chosen) if isinstance(chosen, (tuple, list)) and len(chosen) == 2 else None)
        if dates is not None:
            st.session_state["dates"] = st.session_state["date_inputs"] = dates
    st.session_state["date_bounds"] = choices.bounds
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
    in_view = side.toggle("Only the map's view", key="in_view",
                          help="Counts, timeline and table follow the map as you pan and zoom")
    start, end = choices.open_ends(start, end)
    return EventFilters(
        start=start, end=end, event_types=chosen["types"], actors=chosen["actors"],
        countries=chosen["countries"], admin1=chosen["admin1"], place=place.strip(), text=text.strip(),
        max_geo_precision=geo, max_time_precision=timing, include_mentions=mentions,
        include_undated=undated, show_heat=heat, in_view=in_view)


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


@st.cache_data(show_spinner=False)
def load_sources(path: str, version: tuple | None) -> list[StoredSource]:
    """The store's sources, read again only when the store changed (``version``: mtime, size)."""
    return stored_sources(as_location(path)) if version else []


def show_store_key() -> str:
    """The key of the toggle that shows the store's sources: a new toggle after each upload or
    paste that stored something. A rerun the browser sends while that run goes on (the map
    reporting its view) carries the old toggle's value, and Streamlit lets a browser's value win
    over one the script set: under one key, it would switch the store off again and hide what
    was just added."""
    return f"show_store:{st.session_state.get('store_additions', 0)}"


def sources_panel(store_path: Location, version: tuple | None, *, started_with_paths: bool) -> list[StoredSource]:
    """The store's sources: listed, shown on the map or not, removed one by one or all at once
    (each after a confirmation). Returns the sources in the store."""
    # A view of given paths leaves the store out until it is switched on or added to.
    st.session_state.setdefault(show_store_key(), bool(st.session_state.get("store_additions"))
                                or not started_with_paths)
    try:
        sources = load_sources(str(store_path), version)
    except StoreError as err:
        st.sidebar.warning(f"The event store could not be read: {err}")
        return []
    with st.sidebar.expander(f"Sources in the event store ({len(sources)})"):
        st.toggle("Show the store's sources on the map", key=show_store_key())
        if not sources:
            st.caption("Nothing stored yet: uploads and pastes are kept here.")
            return sources
        st.dataframe(pd.DataFrame({"source": [s.name for s in sources], "articles": [s.articles for s in sources],
                                   "events": [s.events for s in sources],
                                   "added (UTC)": [s.last_added.replace("T", " ")[:16] for s in sources]}),
                     hide_index=True)
        pending = st.session_state.get("confirm_removal")
        if pending is None:
            name = st.selectbox("Source", [s.name for s in sources], key="removal_choice")
            left, right = st.columns(2)
            if left.button("Remove…", key="remove_source"):
                st.session_state["confirm_removal"] = name
                st.rerun()
            if right.button("Clear the store…", key="clear_store"):
                st.session_state["confirm_removal"] = ""  # every source
                st.rerun()
            return sources
        chosen = [s for s in sources if s.name == pending] if pending else sources
        what = (f"“{literal_markdown(pending)}”" if pending else f"all {len(sources)} sources")
        st.warning(f"Remove {what}: {sum(s.articles for s in chosen)} articles and "
                   f"{sum(s.events for s in chosen)} events and mentions? This cannot be undone.")
        yes, no = st.columns(2)
        yes.button("Yes, remove", key="confirm_remove", type="primary", on_click=remember_click,
                   args=("confirm_remove",))
        if clicked("confirm_remove"):
            with click_work("confirm_remove"):
                removed = remove_stored(store_path, pending or None)
                st.session_state.pop("confirm_removal")
                st.session_state["removal_report"] = (f"Removed {removed.articles} articles and "
                                                      f"{removed.events} events and mentions.")
            st.rerun()
        if no.button("Cancel", key="cancel_remove"):
            st.session_state.pop("confirm_removal")
            st.rerun()
    return sources


def corrections_panel(table: pd.DataFrame, review: pd.DataFrame) -> None:
    """Unresolved and low-confidence names; a fix is saved and applied to every row at once.
    Villages of the countries shown can be added to the gazetteer first. ``review``: the
    table's names to review (:func:`review_names`, which the metric counts too)."""
    unresolved = int(review["location"].isna().sum())
    with st.expander(f"Fix places ({len(review)} name{'' if len(review) == 1 else 's'} to review, "
                     f"{unresolved} unresolved)"):
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
        if place is None:
            return
        st.button("Save correction", key="fix_save", on_click=remember_click, args=("fix_save",))
        if clicked("fix_save"):
            with click_work("fix_save"):
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


def edit_panel(shown: pd.DataFrame, every: pd.DataFrame, store_path: Location) -> None:
    """Change an event's type, actors, date or place, or mark it "not an event"; kept in the store."""
    if report := st.session_state.pop("edit_report", None):
        st.success(report)
    with st.expander("Edit an event"):
        labels = edit_choices(shown, every)
        if not labels:
            st.caption("No event shown to edit.")
            return
        event_id = st.selectbox("Event", list(labels), format_func=labels.get, key="edit_event")
        row = every[every["event_id"] == event_id].iloc[0].to_dict()
        if st.session_state.get("edit_for") != event_id:  # another event: the form starts from its values
            st.session_state.update(
                edit_for=event_id, edit_type=row["event_type"] if row["event_type"] in EDIT_TYPES else EDIT_TYPES[0],
                edit_subtype=row["sub_event_type"], edit_actor1=row["actor1"] or "", edit_actor2=row["actor2"] or "",
                edit_date=row["event_date"].date() if pd.notna(row["event_date"]) else None,
                edit_dismissed=bool(row["dismissed"]), edit_place_how="Keep the place")
        kind = st.selectbox("Event type", EDIT_TYPES, key="edit_type")
        options = subtype_options(kind)
        if st.session_state.get("edit_subtype") not in options:
            st.session_state["edit_subtype"] = options[0]
        subtype = st.selectbox("Sub-event type", options, key="edit_subtype")
        first, second = st.columns(2)
        actor1 = first.text_input("Actor 1", key="edit_actor1", max_chars=200)
        actor2 = second.text_input("Actor 2", key="edit_actor2", max_chars=200)
        day = st.date_input("Date", key="edit_date", min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
        how = st.radio("Place", ["Keep the place", "Search the gazetteer"], horizontal=True, key="edit_place_how")
        place = None
        if how == "Search the gazetteer":
            found = candidates(load_geoparser().gazetteer, st.text_input("Search for", key="edit_place_query",
                                                                          max_chars=200))
            if found:
                place = st.selectbox("Candidate", found, format_func=place_label, key="edit_place_candidate")
            else:
                st.caption("No place in the gazetteer for that name.")
        dismissed = st.checkbox("Not an event", key="edit_dismissed",
                                help="Kept and listed here, left off the map, the counts and the exports")
        st.button("Save", key="edit_save", on_click=remember_click, args=("edit_save",))
        if clicked("edit_save"):
            with click_work("edit_save"):
                country = (load_geoparser().gazetteer.country_names().get(place.country_code)
                           if place is not None else None)
                changes = form_changes(row, event_type=kind, sub_event_type=subtype, actor1=actor1,
                                       actor2=actor2, event_date=day if isinstance(day, date) else None,
                                       dismissed=dismissed, place=place, country=country)
                if not changes:
                    st.info("Nothing changed.")
                    return
                try:
                    kept = save_event_edit(store_path, row, changes)
                except GeoEventsError as err:
                    st.error(literal_markdown(f"The edit could not be saved: {err}"))
                    return
            load_stored_events.clear()
            load_table.clear()
            st.session_state.pop("edit_for", None)  # the form reads the edited event again
            st.session_state["edit_report"] = (f"Saved {len(kept)} change(s): "
                                               + literal_markdown(", ".join(e.field for e in kept)) + ".")
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
column_forms()
for status in st.session_state.get("upload_report", []):  # what the last upload or paste stored
    if status.table is not None:  # its column form stands for it
        continue
    show = st.sidebar.caption if status.stored else st.sidebar.info if status.note else st.sidebar.error
    show(literal_markdown(str(status)))  # file names and cells are shown as written, never as markup
store_path = store_location()  # a file (the default) or a postgresql:// URL
started_with_paths = len(sys.argv) > 1
try:  # read once a run: the panel's removals rerun the page before anything else reads the store
    version = current_version(store_path)
except StoreError as err:
    st.warning(f"The event store could not be read: {err}")
    version = None
sources = sources_panel(store_path, version, started_with_paths=started_with_paths)
if report := st.session_state.pop("removal_report", None):
    st.sidebar.success(report)
show_store = bool(st.session_state.get(show_store_key())) and bool(sources)
try:
    # A big store is asked in SQL for what each view shows (store_view); a smaller one is read whole.
    big = show_store and load_store_size(str(store_path), version) > BIG_STORE_ROWS
    every_row = load_table(paths, str(store_path), version if show_store and not big else None, version)
    choices = FilterChoices.from_rows(active_rows(every_row))
    if big:
        choices = choices.joined(store_filter_choices(load_store_choices(str(store_path), version)))
except StoreError as err:
    st.warning(f"The event store could not be read: {err}")
    big = False
    every_row = load_table(paths, str(store_path), None)
    choices = FilterChoices.from_rows(active_rows(every_row))
rows = active_rows(every_row)  # events marked "not an event" are listed only in "Edit an event"

st.title("Where and when: events in the news")
given = ("the sample articles written for this project" if not started_with_paths
         else "the articles in " + literal_markdown(", ".join(paths)))  # paths shown as written
stored = f"{len(sources)} source{'' if len(sources) == 1 else 's'} ({sum(s.articles for s in sources)} articles)"
st.caption(f"Showing {given}" + (f", and the event store's {stored}" if show_store
                                 else f"; the event store's {stored} are not shown (see Sources)" if sources
                                 else "") + ".")
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
    st.session_state["url_filters"], unshown = choices.applicable(linked)
    st.session_state["url_notices"] = notices + view_notices + unshown
for notice in st.session_state["url_notices"]:  # the value in a code span: never rendered as markup
    st.info(f"Link filter not applied: {notice.markdown()}")
filters = filter_widgets(choices, st.session_state["url_filters"])
# The view the map reported last (or the link's) goes into the link with the filters.
shared_view = st.session_state.get("map_view") or st.session_state["url_view"]
st.query_params.from_dict({**filters_to_query(filters), **(view_to_query(shared_view) if shared_view else {})})

# The box the map reported last (its value is in the session before the map is drawn again);
# apply_filters and query_of use it only when filters.in_view asks.
view_box = bounds_from_map(st.session_state.get("map"))
shown = apply_filters(rows, filters, bounds=view_box)
located = located_rows(shown)
numbers = shown_counts(shown)
part: StorePart | None = None
if big:  # the store's share, asked in SQL; the page's own articles are added to it
    period = pick_period(pd.DataFrame({"event_date": pd.to_datetime(list(choices.bounds or ()))}))
    part = load_store_part(str(store_path), version, query_of(filters, bounds=view_box), period)
    shown_all = pd.concat([part.rows, shown], ignore_index=True) if len(shown) else part.rows
    map_places = combined_summary(part.places, located)
    left, middle, right, last = st.columns(4)
    left.metric("Events", numbers.events + part.counts.events)
    middle.metric("Articles", numbers.articles + part.counts.articles)
    right.metric("Places on the map", len(map_places))
    st.caption(f"The event store holds more than {BIG_STORE_ROWS:,} rows: the map, counts and timeline are "
               f"asked of it for these filters; the table lists the latest {TABLE_ROWS:,} of "
               f"{part.counts.rows + len(shown):,} rows, and reports of one event by several articles are "
               "not merged.")
else:
    period = pick_period(shown)
    shown_all = shown
    map_places = None
    left, middle, right, last = st.columns(4)
    left.metric("Events", numbers.events)
    middle.metric("Articles", numbers.articles)
    right.metric("Places on the map", numbers.places)
to_review = review_names(shown_all)  # the same names "Fix places" lists
unresolved = int(to_review["location"].isna().sum())
last.metric("Names to review", len(to_review),
            help=f"{unresolved} unresolved and {len(to_review) - unresolved} placed with low confidence: "
                 "see “Fix places” below the table")

# The base map (basemap, outlines, town names, legend, view) is fitted once per session to what the
# first view shows, and kept: filter changes swap only the events layer, so the analyst's
# zoom and centre stay where they are. "Fit the map" fits it to what is shown now.
refit = st.session_state.pop("refit", False)
if refit:  # "Fit the map": the link's view is left for the events' own
    st.session_state["url_view"] = st.session_state["map_view"] = None
fit_source = located if map_places is None else summary_rows(map_places)
st.session_state["map_fit"], fit_rows = map_fit(st.session_state.get("map_fit"), fit_source, refit=refit)
base = use_local_assets(base_map(fit_rows, tiles=tiles_setting(),
                                 legend_rows=rows if map_places is None else legend_rows(choices),
                                 view=st.session_state["url_view"], gazetteer=load_geoparser().gazetteer),
                        base_url=leaflet_url)


def playback_controls(located: pd.DataFrame) -> tuple[list, int | None]:
    """Play/pause, step and speed; the frames of the chosen step and the frame shown (``None``: all dates)."""
    step_col, speed_col, play_col, stop_col, where = st.columns([1.2, 1, 1, 1, 3.5])
    step = step_col.selectbox("Step", STEPS, index=1, key="play_step", label_visibility="collapsed")
    speed_col.selectbox("Speed", FRAME_SECONDS, index=1, key="play_seconds", label_visibility="collapsed",
                        format_func=lambda s: f"{s:g} s a frame")
    frames = frame_starts(located, step=step)
    at = st.session_state.get("play_at")
    at = at if at is not None and at < len(frames) else None
    playing = bool(st.session_state.get("playing")) and at is not None
    if play_col.button("⏸ Pause" if playing else "▶ Play", key="play", disabled=not frames,
                       help="Step the map and the timeline through the dates shown"):
        st.session_state["playing"] = not playing
        st.session_state["play_at"] = 0 if at is None or at == len(frames) - 1 else at
        st.session_state["play_moved"] = time.monotonic()
        st.rerun()  # the timer starts or stops
    if stop_col.button("⏹ All dates", key="play_stop", disabled=at is None):
        st.session_state["playing"], st.session_state["play_at"] = False, None
        st.rerun()
    where.caption(frame_label(frames, at, step=step) if at is not None
                  else "all dates" if frames else "no dated events to play")
    return frames, at


def map_and_timeline(base, located: pd.DataFrame, shown: pd.DataFrame, heat: bool) -> None:
    """The map (the frame's events while playing) and the timeline (the frame shaded); with a
    big store, its places and bars as asked in SQL (``part``, ``map_places``) with the page's own."""
    frames, at = playback_controls(frame_source)
    step = st.session_state["play_step"]
    if part is None:
        on_map = frame_rows(located, frames[at], step=step) if at is not None else located
        layer = place_layer(on_map, heat=heat)
        count = count_places(on_map)
    else:
        places_now = map_places
        if at is not None:  # the frame's places: one more question to the store
            framed = load_store_part(str(store_path), version, query_of(filters, bounds=view_box,
                                                                         dates=frame_dates(frames[at], step=step)),
                                     period, table_limit=0)
            places_now = combined_summary(framed.places, frame_rows(located, frames[at], step=step))
        layer = summary_layer(places_now, heat=heat)
        count = len(places_now)
    use_local_cluster_assets(layer, cluster_base_url=cluster_url)
    clicked = st_folium(base, height=560, use_container_width=True, feature_group_to_add=layer,
                        returned_objects=["last_object_clicked", "last_object_clicked_tooltip", "zoom", "center",
                                          "bounds"],
                        key="map")
    if (moved := view_from_map(clicked)) not in (None, shared_view, FITTED_START):
        st.session_state["map_view"] = moved  # panned or zoomed: the link follows
        st.query_params.update(view_to_query(moved))
    click = ((clicked or {}).get("last_object_clicked"), (clicked or {}).get("last_object_clicked_tooltip"))
    st.session_state["map_click_value"] = click
    caption, fit = st.columns([5, 1])
    caption.caption(f"{count} place{'' if count == 1 else 's'} shown · circle size: events and mentions there · "
                    "colour: the most frequent event type (see the legend) · click a circle to list its rows")
    if fit.button("Fit the map", key="fit_map", help="Zoom the map to the places shown now"):
        st.session_state["refit"] = True
        st.rerun()

    st.subheader("Timeline")
    bars = timeline_counts(shown, period=period) if part is None else combined_timeline(part.bars, shown,
                                                                                        period=period)
    if bars.empty:
        st.caption("No dated events under these filters.")
    else:
        window = (frames[at], step) if at is not None else None
        st.altair_chart(timeline_chart(bars, period=period, window=window), width="stretch")


def playback_timer() -> None:
    """While playing, a fragment on a timer: each tick moves to the next frame and reruns the
    page, which swaps the map's events layer (its frame and base map are kept). A tick finds
    nothing to do when the last move was under a frame ago: the page's own reruns run it too."""
    seconds = float(st.session_state.get("play_seconds", 1.0))
    now = time.monotonic()
    if now - st.session_state.get("play_moved", 0.0) < 0.9 * seconds:
        return
    frames = frame_starts(frame_source, step=st.session_state.get("play_step", "week"))
    at = st.session_state.get("play_at")
    if at is None or at + 1 >= len(frames):
        st.session_state["playing"] = False  # the last frame stays on the map
    else:
        st.session_state["play_at"] = at + 1
    st.session_state["play_moved"] = now
    st.rerun()


# Playback steps through the dates shown: the rows' own, or a big store's first and last.
frame_source = located if part is None else pd.DataFrame(
    {"event_date": pd.to_datetime([*located["event_date"].dropna(), *(choices.bounds or ())])})
map_and_timeline(base, located, shown, filters.show_heat)
if st.session_state.get("playing") and st.session_state.get("play_at") is not None:
    st.fragment(playback_timer, run_every=float(st.session_state.get("play_seconds", 1.0)))()

table = shown if part is None else shown_all.sort_values(
    "event_date", ascending=False, na_position="last", kind="stable").head(TABLE_ROWS)
click = st.session_state.get("map_click_value", (None, None))
at = None
if str(click) != st.session_state.get("cleared_click"):
    if part is None:
        at = clicked_place(located, *click)
    elif (hit := clicked_place(map_places, *click)) is not None:  # the place's rows, asked of the store
        where = (hit["location"].iloc[0], float(hit["latitude"].iloc[0]), float(hit["longitude"].iloc[0]))
        there = load_store_part(str(store_path), version, query_of(filters, bounds=view_box, at_place=where),
                                period).rows
        own = clicked_place(located, *click)
        at = there if own is None else pd.concat([there, own], ignore_index=True)
        at = at if len(at) else None
if at is not None:
    table = at
    notice, show_all = st.columns([5, 1])
    notice.info(f"Rows at {at['location'].iloc[0]} only (the circle you clicked).")
    if show_all.button("Show all rows", key="show_all"):
        st.session_state["cleared_click"] = str(click)
        st.rerun()

st.subheader("Events and mentions")
st.dataframe(table_view(table), hide_index=True, width="stretch",
             column_config={"event_date": st.column_config.DateColumn("date"),
                            "confidence": st.column_config.NumberColumn(format="%.2f"),
                            "url": st.column_config.LinkColumn("link")})

edit_panel(table, every_row if part is None else table, store_path)
corrections_panel(shown, to_review)

st.subheader("Export what is shown")
# Each file is made when its button is clicked, not on every rerun (the HTML map inlines
# Leaflet: a few hundred kB of work per rerun otherwise).
csv_col, geojson_col, html_col = st.columns(3)
csv_col.download_button("CSV (spreadsheet-safe)", lambda: rows_to_text(table, fmt="csv"), "events.csv",
                        "text/csv", on_click="ignore")
geojson_col.download_button("GeoJSON", lambda: rows_to_text(table, fmt="geojson"), "events.geojson",
                            "application/geo+json", on_click="ignore")
def whole_map():
    """The map of what is shown, as one object (built when its download is asked for)."""
    if map_places is None:
        return build_map(located, tiles=tiles_setting(), heat=filters.show_heat, gazetteer=load_geoparser().gazetteer)
    fmap = base_map(summary_rows(map_places), tiles=tiles_setting(), gazetteer=load_geoparser().gazetteer)
    summary_layer(map_places, heat=filters.show_heat).add_to(fmap)
    return fmap


html_col.download_button("Map as HTML (works offline)", lambda: standalone_html(whole_map()),
                         "events-map.html", "text/html", on_click="ignore")
forget_clicks()
log.debug("page drawn in %.3f s", time.perf_counter() - RUN_STARTED)
