"""``app.py`` under Streamlit's AppTest: it runs, and the date filter narrows the map."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import geo_events as ge
from geo_events.dashboard import FRAME_SECONDS, EventFilters, apply_filters, count_places, filter_rows, literal_markdown
from conftest import REPO

APP = str(REPO / "app.py")


def event_table(at: AppTest) -> pd.DataFrame:
    """The page's table of events and mentions (the sidebar lists the store's sources in another)."""
    return next(d.value for d in at.dataframe if "matched_text" in d.value.columns)


def metric(at: AppTest, label: str) -> int:
    return int(next(m.value for m in at.metric if m.label == label))


def expected_places(rows, start: date, end: date) -> int:
    return count_places(filter_rows(rows, start=start, end=end))


@pytest.fixture(autouse=True)
def no_user_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page also shows the event store's events: never the user's store in tests."""
    monkeypatch.setenv("GEO_EVENTS_STORE", str(tmp_path / "events.sqlite3"))


@pytest.fixture()
def app(monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("GEO_EVENTS_TILES", "none")
    monkeypatch.setattr(sys, "argv", ["app.py"])  # app.py reads paths after `--`
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


def test_app_shows_every_sample_place(app: AppTest, sample_events) -> None:
    assert metric(app, "Articles") == 20
    assert metric(app, "Places on the map") == expected_places(
        sample_events, date(2014, 1, 1), date(2023, 12, 31))
    assert metric(app, "Events") == int((sample_events["kind"] == "event").sum())


def test_moving_the_date_filter_narrows_the_map(app: AppTest, sample_events) -> None:
    before = metric(app, "Places on the map")
    app.slider(key="dates").set_value((date(2017, 1, 1), date(2018, 12, 31))).run()
    after = metric(app, "Places on the map")
    assert after == expected_places(sample_events, date(2017, 1, 1), date(2018, 12, 31))
    assert 0 < after < before
    in_range = filter_rows(sample_events, start=date(2017, 1, 1), end=date(2018, 12, 31))
    assert metric(app, "Articles") == in_range["article_id"].nunique()
    assert app.query_params["start"] in ("2017-01-01", ["2017-01-01"])
    assert app.query_params["end"] in ("2018-12-31", ["2018-12-31"])
    assert app.date_input(key="date_inputs").value == (date(2017, 1, 1), date(2018, 12, 31))


def test_filters_in_the_url_reproduce_the_view(monkeypatch: pytest.MonkeyPatch, sample_events) -> None:
    monkeypatch.setenv("GEO_EVENTS_TILES", "none")
    monkeypatch.setattr(sys, "argv", ["app.py"])
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update({"type": "Battles", "start": "2015-01-01", "mentions": "0"})
    at.run()
    assert not at.exception
    wanted = apply_filters(sample_events, EventFilters(
        start=date(2015, 1, 1), event_types=("Battles",), include_mentions=False))
    assert metric(at, "Events") == len(wanted) > 0
    assert metric(at, "Places on the map") == count_places(wanted)
    assert at.multiselect(key="types").value == ["Battles"] and not at.checkbox(key="mentions").value


@pytest.mark.parametrize(("query", "notice"), [
    ({"start": "yesterday"}, "start"), ({"geo": "9"}, "geo"), ({"mentions": "maybe"}, "mentions"),
    ({"start": "2020-01-01", "end": "2015-01-01"}, "after end"), ({"zoom": "3"}, "zoom"),
])
def test_malformed_url_values_fall_back_with_a_notice(monkeypatch: pytest.MonkeyPatch, query: dict,
                                                      notice: str) -> None:
    monkeypatch.setenv("GEO_EVENTS_TILES", "none")
    monkeypatch.setattr(sys, "argv", ["app.py"])
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(query)
    at.run()
    assert not at.exception
    assert any(notice in i.value for i in at.info)
    assert metric(at, "Articles") == 20  # the default view


def test_exports_offer_csv_geojson_and_html(app: AppTest) -> None:
    labels = [b.label for b in app.get("download_button")]
    assert labels == ["CSV (spreadsheet-safe)", "GeoJSON", "Map as HTML (works offline)"]


def test_pasted_article_adds_its_places(app: AppTest) -> None:
    before = metric(app, "Places on the map")
    # Typed and sent with one click (the box is in a form: no Ctrl+Enter first).
    app.text_area(key="paste_text").input(" date 2019-05-05 Clashes erupted in Kafranbel and Salqin.")
    app.button(key="add_pasted").click().run()
    assert metric(app, "Articles") == 21
    assert metric(app, "Places on the map") == before + 2
    with ge.EventStore.open() as store:  # kept: the test's own store (GEO_EVENTS_STORE)
        assert {e.matched_text for e in store.events()} == {"Kafranbel", "Salqin"}
    app.button(key="add_pasted").click().run()  # the same text again: stored once
    assert metric(app, "Articles") == 21 and any("1 already stored" in c.value for c in app.caption)


def test_missing_path_shows_an_error_not_a_traceback(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["app.py", str(tmp_path / "nope")])
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert "nope" in at.error[0].value and not at.metric


def test_many_reading_problems_are_one_line_and_a_table(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "good.txt").write_text(" date 2020-01-01 Drones hit Saraqib.", encoding="utf-8")
    rows = "".join(f"SYR{i},2020-01-02,Battles,35.9,39.0,1e400\n" for i in range(12))
    (tmp_path / "acled.csv").write_text("event_id_cnty,event_date,event_type,latitude,longitude,fatalities\n"
                                        + rows, encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["app.py", str(tmp_path)])
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    (summary,) = at.warning
    assert summary.value.startswith("12 inputs skipped and 0 read with a note")
    assert summary.value.endswith("acled\\.csv \\(12\\)")  # Markdown-escaped, shown as written
    assert at.expander[0].label == "All 12 reading problems" and len(at.dataframe[0].value) == 12
    assert metric(at, "Places on the map") == 1  # the good article is still shown


def test_user_folder_replaces_the_samples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text(" date 2020-01-01 Drones hit Saraqib.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("No date, but Idlib is named.", encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["app.py", str(tmp_path)])
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert metric(at, "Articles") == 2 and metric(at, "Places on the map") == 2
    # a caveat on a file still read: an info box, its name escaped so it shows as written
    assert any("b\\.txt" in w.value and "undated" in w.value for w in at.info)


def test_typed_dates_move_the_slider_and_the_map(app: AppTest, sample_events) -> None:
    app.date_input(key="date_inputs").set_value((date(2016, 1, 1), date(2016, 12, 31))).run()
    assert app.slider(key="dates").value == (date(2016, 1, 1), date(2016, 12, 31))
    assert metric(app, "Places on the map") == expected_places(sample_events, date(2016, 1, 1),
                                                               date(2016, 12, 31))


def test_type_filter_keeps_only_that_type(app: AppTest, sample_events) -> None:
    app.multiselect(key="types").set_value(["Protests"]).run()
    wanted = sample_events[sample_events["event_type"] == "Protests"]
    assert metric(app, "Events") == len(wanted) > 0
    assert app.query_params["type"] in ("Protests", ["Protests"])


@pytest.fixture()
def own_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A corrections file of this test's own; the cached gazetteer it touched is dropped after."""
    import streamlit as st

    monkeypatch.setenv("GEO_EVENTS_OVERRIDES", str(tmp_path / "overrides.csv"))
    yield tmp_path / "overrides.csv"
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture()
def app_with_an_unknown_village(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> AppTest:
    """The page on one article naming a village no gazetteer record has (a name to review)."""
    article = tmp_path / "2023-01-05-village.txt"
    article.write_text("date 2023-01-05\nGovernment forces shelled the village of Kafr Zwayq "
                       "near Hama on Thursday, killing two farmers.\n", encoding="utf-8")
    monkeypatch.setenv("GEO_EVENTS_TILES", "none")
    monkeypatch.setattr(sys, "argv", ["app.py", str(article)])
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


def type_a_correction(app: AppTest, country: str) -> str:
    """Fill "Fix places" with typed coordinates for the first name to review (``country``: the
    optional ISO code); the name, as written."""
    written = app.selectbox(key="fix_name").value
    app.radio(key="fix_how").set_value("Type coordinates").run()
    app.number_input(key="fix_lat").set_value(33.5).run()
    app.number_input(key="fix_lon").set_value(36.3).run()
    app.text_input(key="fix_place_name").input("Corrected Place").run()
    app.text_input(key="fix_country").input(country).run()
    return written


@pytest.mark.parametrize("country", ["SY", ""])  # the form's country is optional
def test_a_correction_is_saved_and_moves_every_row_of_the_name(
        own_overrides: Path, app_with_an_unknown_village: AppTest, country: str) -> None:
    app = app_with_an_unknown_village
    written = type_a_correction(app, country)
    app.button(key="fix_save").click().run()
    assert not app.exception
    overrides = own_overrides.read_text(encoding="utf-8")
    assert "Corrected Place" in overrides and written in overrides
    table = event_table(app)
    moved = table[table["matched_text"] == written]
    assert len(moved) and set(moved["location"]) == {"Corrected Place"}
    left = [box.options for box in app.selectbox if box.key == "fix_name"]  # none once all are fixed
    assert all(written not in options for options in left)


def test_a_correction_saved_just_before_a_rerun_is_kept(own_overrides: Path, app_with_an_unknown_village: AppTest,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    app = app_with_an_unknown_village
    written = type_a_correction(app, "SY")
    click_just_before_a_browser_rerun(app, "fix_save", monkeypatch)
    assert "Corrected Place" in own_overrides.read_text(encoding="utf-8")
    table = event_table(app)
    assert set(table.loc[table["matched_text"] == written, "location"]) == {"Corrected Place"}


def test_store_events_reported_twice_show_once(monkeypatch: pytest.MonkeyPatch, geoparser,
                                               sample_events) -> None:
    articles = [ge.parse_article(" date 2023-01-21 A drone struck Hajin on Friday.", source="a.txt"),
                ge.parse_article(" date 2023-01-22 Residents said a drone struck Hajin on Friday.",
                                 source="b.txt")]
    with ge.EventStore.open() as store:
        store.add([(a, geoparser.article_events(a)) for a in articles])
    monkeypatch.setenv("GEO_EVENTS_TILES", "none")
    monkeypatch.setattr(sys, "argv", ["app.py"])
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    assert metric(at, "Events") == int((sample_events["kind"] == "event").sum()) + 1
    table = event_table(at)
    (hajin,) = table[(table["kind"] == "event") & (table["matched_text"] == "Hajin")
                     & (table["event_date"] == pd.Timestamp("2023-01-20"))].itertuples()
    assert hajin.source_count == 2 and hajin.sources == "a.txt; b.txt"


def test_fit_the_map_refits_to_what_is_shown(app: AppTest) -> None:
    app.multiselect(key="types").set_value(["Protests"]).run()
    before = app.session_state["map_fit"]
    app.button(key="fit_map").click().run()
    assert not app.exception
    after = app.session_state["map_fit"]
    assert len(after) < len(before) and set(after["event_type"].dropna()) <= {"Protests", ""}


def test_an_event_in_a_path_article_and_in_the_store_shows_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  geoparser) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(" date 2023-01-21 A drone struck Hajin on Friday.", encoding="utf-8")
    stored = ge.parse_article(" date 2023-01-22 Residents said a drone struck Hajin on Friday.",
                              source="b.txt")
    with ge.EventStore.open() as store:
        store.add([(stored, geoparser.article_events(stored))])
    monkeypatch.setattr(sys, "argv", ["app.py", str(folder)])
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    at.toggle(key="show_store:0").set_value(True).run()  # a view of paths shows the store when asked
    table = event_table(at)
    (hajin,) = table[(table["kind"] == "event") & (table["matched_text"] == "Hajin")].itertuples()
    assert hajin.source_count == 2 and hajin.sources.endswith("a.txt; b.txt")
    assert metric(at, "Events") == 1 and metric(at, "Articles") == 1


def test_an_unreadable_store_is_a_warning_and_the_paths_still_show(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "events.sqlite3").write_text("not a database", encoding="utf-8")
    monkeypatch.setenv("GEO_EVENTS_STORE", str(tmp_path / "events.sqlite3"))
    monkeypatch.setenv("GEO_EVENTS_TILES", "none")
    monkeypatch.setattr(sys, "argv", ["app.py"])
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    assert any("event store could not be read" in w.value for w in at.warning)
    assert metric(at, "Articles") == 20


def test_the_names_to_review_metric_counts_what_fix_places_lists(app_with_an_unknown_village: AppTest) -> None:
    app = app_with_an_unknown_village
    listed = len(app.selectbox(key="fix_name").options)
    assert metric(app, "Names to review") == listed >= 1
    panel = next(e.label for e in app.expander if e.label.startswith("Fix places"))
    assert panel.startswith(f"Fix places ({listed} name")


def test_an_empty_paste_says_so_and_stores_nothing(app: AppTest) -> None:
    app.button(key="add_pasted").click().run()
    assert any("Paste an article's text" in w.value for w in app.warning)
    assert metric(app, "Articles") == 20


def test_a_paste_over_the_limit_is_refused_with_its_size(app: AppTest) -> None:
    app.text_area(key="paste_text").input("Clashes in Raqqa. " * 12_000)  # 216,000 characters
    app.button(key="add_pasted").click().run()
    assert any("216,000 characters" in e.value for e in app.error)
    assert metric(app, "Articles") == 20


def test_the_date_range_follows_the_data_when_it_reached_the_end(app: AppTest) -> None:
    assert app.slider(key="dates").value[1] == date(2023, 8, 27)  # the samples' last day
    app.text_area(key="paste_text").input(" date 2024-06-01 Hundreds protested in Sweida on Saturday.")
    app.button(key="add_pasted").click().run()
    assert app.slider(key="dates").value == (date(2014, 6, 10), date(2024, 6, 1))
    assert tuple(app.date_input(key="date_inputs").value) == (date(2014, 6, 10), date(2024, 6, 1))
    assert "Protests" in app.multiselect(key="types").options


def test_a_narrowed_date_range_stays_narrowed_when_the_data_grows(app: AppTest) -> None:
    app.slider(key="dates").set_value((date(2016, 1, 1), date(2018, 1, 1))).run()
    app.text_area(key="paste_text").input(" date 2024-06-01 Hundreds protested in Sweida on Saturday.")
    app.button(key="add_pasted").click().run()
    assert app.slider(key="dates").value == (date(2016, 1, 1), date(2018, 1, 1))
    assert app.slider(key="dates").max == pd.Timestamp("2024-06-01").value / 1000  # microseconds



def rerun_from_the_browser_before(at: AppTest, stale) -> AppTest:
    """Run ``at`` again with the widget values a browser held before the last run: the rerun a
    map that reports its view sends while a paste's run is still going (it carries what the
    browser showed then, and Streamlit lets a browser's value win over one the script set)."""
    at._run(widget_state=stale)  # AppTest's run() sends the values of the page it last got
    assert not at.exception, at.exception
    return at



def upload_report(at: AppTest) -> list[str]:
    """The sidebar's notes as read on the page (written escaped, so nothing in them is markup)."""
    return [re.sub(r"\\(.)", r"\1", c.value) for c in at.sidebar.caption]


def click_just_before_a_browser_rerun(at: AppTest, button: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """Click ``button`` and have the browser's next rerun reach the server just after the click's
    run starts, as when the map reports its view right after a click: Streamlit stops that run at
    its next element and runs the page again with what the rerun carries, the browser's values
    (a form's as submitted) and no click."""
    import gazetteer
    from streamlit.proto.WidgetStates_pb2 import WidgetStates
    from streamlit.runtime.scriptrunner_utils.script_requests import RerunData
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    at.button(key=button).click()
    values = WidgetStates()
    values.widgets.extend(w for w in at._tree.get_widget_states().widgets
                          if "trigger" not in (w.WhichOneof("value") or ""))
    real, sent = gazetteer.default_index_path, []

    def first_thing_the_page_asks():  # asked at the top of every run, before any widget
        if not sent:
            sent.append(True)
            ctx = get_script_run_ctx()
            ctx.script_requests.request_rerun(RerunData(query_string=ctx.query_string, widget_states=values,
                                                        page_script_hash=ctx.page_script_hash))
        return real()

    monkeypatch.setattr(gazetteer, "default_index_path", first_thing_the_page_asks)
    at.run()
    monkeypatch.setattr(gazetteer, "default_index_path", real)
    assert sent and not at.exception, at.exception
    return at


def test_a_paste_clicked_just_before_a_rerun_is_stored_and_shown(app: AppTest,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    app.text_area(key="paste_text").input(" date 2024-06-01 Hundreds protested in Sweida on Saturday.")
    click_just_before_a_browser_rerun(app, "add_pasted", monkeypatch)
    assert metric(app, "Articles") == 21
    assert "✓ pasted.txt: 1 new, 0 already stored, 1 events and mentions" in upload_report(app)


def test_an_upload_clicked_just_before_a_rerun_is_stored(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    app.file_uploader(key="uploads").set_value(
        ("sweida.txt", b" date 2024-06-01 Hundreds protested in Sweida on Saturday.", "text/plain")).run()
    click_just_before_a_browser_rerun(app, "store_uploads", monkeypatch)
    assert metric(app, "Articles") == 21
    assert "✓ sweida.txt: 1 new, 0 already stored, 1 events and mentions" in upload_report(app)


def test_a_rerun_sent_during_a_paste_keeps_the_new_end_of_the_date_range(app: AppTest) -> None:
    stale = app._tree.get_widget_states()  # the slider ends on the samples' last day
    app.text_area(key="paste_text").input(" date 2024-06-01 Hundreds protested in Sweida on Saturday.")
    app.button(key="add_pasted").click().run()
    rerun_from_the_browser_before(app, stale)
    assert app.slider(key="dates").value == (date(2014, 6, 10), date(2024, 6, 1))
    assert metric(app, "Articles") == 21


@pytest.fixture()
def paths_and_a_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, geoparser) -> AppTest:
    """The page started with one article file, beside a store holding two earlier uploads."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(" date 2023-01-21 A drone struck Hajin on Friday.", encoding="utf-8")
    uploads = [ge.parse_article(" date 2022-05-01 Clashes erupted in Kafranbel.", source="upload-1.txt"),
               ge.parse_article(" date 2022-05-02 Shelling hit Salqin.", source="upload-2.csv#2")]
    with ge.EventStore.open() as store:
        store.add([(a, geoparser.article_events(a)) for a in uploads])
    monkeypatch.setenv("GEO_EVENTS_TILES", "none")
    monkeypatch.setattr(sys, "argv", ["app.py", str(folder)])
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    return at


def test_a_view_of_paths_shows_them_and_the_store_only_when_switched_on(paths_and_a_store: AppTest) -> None:
    at = paths_and_a_store
    assert metric(at, "Articles") == 1
    assert "the event store's 2 sources (2 articles) are not shown" in at.caption[0].value
    at.toggle(key="show_store:0").set_value(True).run()
    assert metric(at, "Articles") == 3 and "and the event store's 2 sources (2 articles)." in at.caption[0].value



def test_a_rerun_sent_during_a_paste_keeps_the_paste_on_a_view_of_paths(paths_and_a_store: AppTest) -> None:
    at = paths_and_a_store
    stale = at._tree.get_widget_states()  # the store's sources switched off, as a view of paths starts
    at.text_area(key="paste_text").input(" date 2023-01-25 Hundreds protested in Sweida on Saturday.")
    at.button(key="add_pasted").click().run()
    rerun_from_the_browser_before(at, stale)
    assert "and the event store's 3 sources (3 articles)." in at.caption[0].value
    assert "Protests" in at.multiselect(key="types").options


def test_a_source_is_removed_only_after_confirming(paths_and_a_store: AppTest) -> None:
    at = paths_and_a_store
    sources = next(d.value for d in at.dataframe if "source" in d.value.columns)
    assert sorted(sources["source"]) == ["upload-1.txt", "upload-2.csv"]
    at.selectbox(key="removal_choice").set_value("upload-2.csv").run()
    at.button(key="remove_source").click().run()
    assert any(literal_markdown("upload-2.csv") in w.value and "cannot be undone" in w.value for w in at.warning)
    at.button(key="cancel_remove").click().run()
    with ge.EventStore.open() as store:
        assert len(store.sources()) == 2  # cancelled: nothing removed
    at.button(key="remove_source").click().run()
    at.button(key="confirm_remove").click().run()
    with ge.EventStore.open() as store:
        assert [s.name for s in store.sources()] == ["upload-1.txt"]
    assert any("Removed 1 articles" in s.value for s in at.success)
    at.button(key="clear_store").click().run()
    at.button(key="confirm_remove").click().run()
    with ge.EventStore.open() as store:
        assert store.counts() == (0, 0)


def test_a_removal_confirmed_just_before_a_rerun_is_done_once(paths_and_a_store: AppTest,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    at = paths_and_a_store
    at.selectbox(key="removal_choice").set_value("upload-2.csv").run()
    at.button(key="remove_source").click().run()
    click_just_before_a_browser_rerun(at, "confirm_remove", monkeypatch)
    with ge.EventStore.open() as store:
        assert [s.name for s in store.sources()] == ["upload-1.txt"]
    assert any("Removed 1 articles" in s.value for s in at.success)
    assert not any("cannot be undone" in w.value for w in at.warning)  # not asked again
    at.run()
    with ge.EventStore.open() as store:  # nothing left over to act on a later run
        assert [s.name for s in store.sources()] == ["upload-1.txt"]


def test_a_kept_click_whose_button_is_gone_never_acts_later(paths_and_a_store: AppTest) -> None:
    at = paths_and_a_store
    at.session_state["clicked:confirm_remove"] = True  # kept, but no removal is being confirmed
    at.run()
    at.selectbox(key="removal_choice").set_value("upload-2.csv").run()
    at.button(key="remove_source").click().run()
    assert any("cannot be undone" in w.value for w in at.warning)  # asked, not done by the old click
    with ge.EventStore.open() as store:
        assert len(store.sources()) == 2


def test_play_steps_the_map_through_the_dates(app: AppTest) -> None:
    def frame_caption() -> str:
        return next(c.value for c in app.caption if c.value == "all dates" or c.value.endswith(" of 111)"))

    assert frame_caption() == "all dates"
    app.selectbox(key="play_step").set_value("month").run()
    # The slowest speed: a rerun on a busy machine stays well within one frame's time.
    app.selectbox(key="play_seconds").set_value(max(FRAME_SECONDS)).run()
    app.button(key="play").click().run()
    assert frame_caption() == "June 2014 (1 of 111)"  # the samples: June 2014 to August 2023
    app.run()  # a rerun within a frame's time (a widget, the map): no step
    assert frame_caption() == "June 2014 (1 of 111)"
    app.session_state["play_moved"] = 0.0  # a frame's time has passed: the timer's tick steps
    app.run()
    assert frame_caption() == "July 2014 (2 of 111)"
    app.button(key="play").click().run()  # pause
    app.session_state["play_moved"] = 0.0
    app.run()
    assert frame_caption() == "July 2014 (2 of 111)"  # paused: no tick steps it
    app.button(key="play_stop").click().run()
    assert frame_caption() == "all dates"


UNCLEAR_TABLE = ("published,headline,body,content,link\n"
                 "2019-05-05,Clashes,Clashes erupted in Kafranbel.,see the report,https://a\n"
                 "2019-06-20,Protest,Hundreds protested in Salqin.,see the report,https://b\n").encode()


def test_an_unclear_table_upload_asks_for_its_columns_and_stores_the_picked_ones(app: AppTest) -> None:
    app.file_uploader(key="uploads").set_value(("news.csv", UNCLEAR_TABLE, "text/csv")).run()
    app.button(key="store_uploads").click().run()
    assert not app.exception, app.exception
    assert not app.sidebar.error  # no red box, let alone one per row
    text = app.selectbox(key="column:text:news.csv")
    assert text.options == ["published", "headline", "body", "content", "link"] and text.value == "body"
    assert [app.selectbox(key=f"column:{f}:news.csv").value for f in ("date", "title", "url")] == [
        "published", "headline", "link"]
    with ge.EventStore.open() as store:
        assert store.events() == []  # nothing stored before the columns are picked
    app.button(key="extract_columns:news.csv").click().run()
    assert not app.exception, app.exception
    with ge.EventStore.open() as store:
        stored = store.events()
    assert {e.matched_text for e in stored} == {"Kafranbel", "Salqin"}
    assert {e.title for e in stored} == {"Clashes", "Protest"}
    assert metric(app, "Articles") == 22
    assert not [box for box in app.selectbox if box.key and box.key.startswith("column:")]  # the form is gone
    assert any(c.value.startswith("✓ news") and "2 new" in c.value for c in app.sidebar.caption)  # its report


def test_the_form_stores_the_column_the_user_picks_not_the_guess(app: AppTest) -> None:
    table = ("published,body,content\n"
             "2019-05-05,see the report,Clashes erupted in Kafranbel and Salqin on Sunday.\n").encode()
    app.file_uploader(key="uploads").set_value(("own.csv", table, "text/csv")).run()
    app.button(key="store_uploads").click().run()
    assert app.selectbox(key="column:text:own.csv").value == "content"  # the guess: the longest cells
    app.selectbox(key="column:text:own.csv").set_value("body")  # a form sends its values on submit
    app.button(key="extract_columns:own.csv").click().run()
    with ge.EventStore.open() as store:
        assert store.events() == []  # "see the report" names no place
        assert store.counts()[0] == 1  # but the article was stored from the column picked


def test_picked_columns_sent_just_before_a_rerun_are_stored(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    table = ("published,body,content\n"
             "2019-05-05,see the report,Clashes erupted in Kafranbel and Salqin on Sunday.\n").encode()
    app.file_uploader(key="uploads").set_value(("own.csv", table, "text/csv")).run()
    app.button(key="store_uploads").click().run()
    app.selectbox(key="column:text:own.csv").set_value("body")
    click_just_before_a_browser_rerun(app, "extract_columns:own.csv", monkeypatch)
    assert not [box for box in app.selectbox if box.key == "column:text:own.csv"]  # its form is gone
    with ge.EventStore.open() as store:
        assert store.counts()[0] == 1 and store.events() == []  # stored from the column picked


def test_a_table_with_common_column_names_is_stored_without_a_form(app: AppTest) -> None:
    table = b"published,headline,body,link\n2019-05-05,Clashes,Clashes erupted in Kafranbel.,https://a\n"
    app.file_uploader(key="uploads").set_value(("plain.csv", table, "text/csv")).run()
    app.button(key="store_uploads").click().run()
    assert not app.exception, app.exception
    assert not [box for box in app.selectbox if box.key and box.key.startswith("column:")]
    with ge.EventStore.open() as store:
        assert {e.matched_text for e in store.events()} == {"Kafranbel"}


def test_skipping_an_unclear_table_drops_its_form_and_stores_nothing(app: AppTest) -> None:
    app.file_uploader(key="uploads").set_value(("news.csv", UNCLEAR_TABLE, "text/csv")).run()
    app.button(key="store_uploads").click().run()
    assert app.selectbox(key="column:text:news.csv").value == "body"
    app.button(key="skip_columns:news.csv").click().run()
    assert not app.exception, app.exception
    assert not [box for box in app.selectbox if box.key and box.key.startswith("column:")]
    with ge.EventStore.open() as store:
        assert store.counts() == (0, 0)


def test_an_events_type_is_edited_on_the_page_and_kept_in_the_store(app: AppTest) -> None:
    chosen = app.selectbox(key="edit_event").value
    now = app.selectbox(key="edit_type").value
    new_type = "Riots" if now != "Riots" else "Protests"
    app.selectbox(key="edit_type").set_value(new_type).run()
    subtype = app.selectbox(key="edit_subtype").options[0]
    app.button(key="edit_save").click().run()
    assert not app.exception
    assert any("Saved 2 change(s)" in s.value for s in app.success)
    table = event_table(app)
    (edited,) = table[table["edited"] != ""].itertuples()
    assert (edited.event_type, edited.sub_event_type) == (new_type, subtype)
    assert edited.edited.startswith(f"event_type: {now} -> {new_type} (")
    with ge.EventStore.open() as store:  # a sample article's event: the edit is in the store
        assert [e.new_value for e in store.edits()[chosen]] == [new_type, subtype]


def test_an_edit_saved_just_before_a_rerun_is_kept(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    chosen = app.selectbox(key="edit_event").value
    new_type = "Riots" if app.selectbox(key="edit_type").value != "Riots" else "Protests"
    app.selectbox(key="edit_type").set_value(new_type).run()
    click_just_before_a_browser_rerun(app, "edit_save", monkeypatch)
    assert any("Saved 2 change(s)" in s.value for s in app.success)
    with ge.EventStore.open() as store:
        assert [e.new_value for e in store.edits()[chosen]][0] == new_type


def test_a_click_whose_work_fails_is_not_done_again(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    import geo_events.dashboard

    def broken(*args, **kwargs):
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(geo_events.dashboard, "save_event_edit", broken)
    new_type = "Riots" if app.selectbox(key="edit_type").value != "Riots" else "Protests"
    app.selectbox(key="edit_type").set_value(new_type).run()
    app.button(key="edit_save").click().run()
    assert "the disk went away" in str(app.exception)  # shown once, as Streamlit shows a failure
    app.run()
    assert not app.exception, app.exception  # the next run does not try the click again


def test_an_event_marked_not_an_event_leaves_the_map_and_can_be_restored(app: AppTest) -> None:
    before = metric(app, "Events")
    chosen = app.selectbox(key="edit_event").value
    app.checkbox(key="edit_dismissed").check().run()
    app.button(key="edit_save").click().run()
    assert not app.exception
    assert metric(app, "Events") == before - 1
    assert "(not an event)" in app.selectbox(key="edit_event").format_func(chosen)  # still listed
    app.selectbox(key="edit_event").set_value(chosen).run()
    app.checkbox(key="edit_dismissed").uncheck().run()
    app.button(key="edit_save").click().run()
    assert metric(app, "Events") == before


def test_a_chosen_type_the_data_no_longer_has_is_dropped_after_a_removal(paths_and_a_store: AppTest) -> None:
    at = paths_and_a_store
    at.toggle(key="show_store:0").set_value(True).run()
    stored_only = set(at.multiselect(key="types").options) - {"Explosions/Remote violence"}
    assert stored_only, at.multiselect(key="types").options  # a type only the stored uploads have
    chosen = sorted(stored_only)[0]
    at.multiselect(key="types").set_value([chosen]).run()
    for name in ("upload-1.txt", "upload-2.csv"):
        at.selectbox(key="removal_choice").set_value(name).run()
        at.button(key="remove_source").click().run()
        at.button(key="confirm_remove").click().run()
    assert not at.exception, at.exception
    assert chosen not in at.multiselect(key="types").options and at.multiselect(key="types").value == []
    assert metric(at, "Articles") == 1
