"""The dashboard in a real browser (Debian's chromium), offline.

Every request to a host other than this machine is aborted, so these tests
prove the map renders from the app's own assets.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pandas as pd
import pytest

import geo_events as ge
from geo_events.dashboard import EventFilters, apply_filters, build_map, count_places, date_bounds, filter_rows, filters_to_query, standalone_html
from geo_events.models import EVENT_FIELDS
from conftest import REPO

ARTIFACTS = REPO / "test-artifacts"

def _browser_missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -r requirements-dev.txt)"
    if not Path("/usr/bin/chromium").exists():
        return "Debian's chromium is not installed (apt-get install chromium)"
    return None


_missing = _browser_missing()
if _missing and os.environ.get("GEO_EVENTS_REQUIRE_BROWSER") == "1":
    raise RuntimeError(f"browser tests are required here but cannot run: {_missing}")
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(_missing is not None, reason=_missing or "")]

if _missing is None:
    import browser


def places(rows: pd.DataFrame, start: date | None = None, end: date | None = None) -> int:
    return count_places(filter_rows(rows, start=start, end=end))


@pytest.fixture(scope="module")
def server():
    with browser.streamlit_app() as running:
        yield running


@pytest.fixture()
def session():
    with browser.offline_browser() as state:
        yield state


def test_map_renders_every_place_offline(server, session, sample_events: pd.DataFrame) -> None:
    page = session.page
    page.goto(server.url)
    browser.expect_markers(page, places(sample_events))
    assert any(status == 200 and url.startswith(server.url) and url.endswith("/leaflet.js")
               for status, url in session.responses)
    box = page.locator(browser.MAP_FRAME).bounding_box()
    assert box is not None and box["height"] > 300
    ARTIFACTS.mkdir(exist_ok=True)
    browser.expect_map_idle(page)
    page.screenshot(path=str(ARTIFACTS / "map-all-dates.png"), full_page=True)


def test_narrowing_the_dates_removes_markers(server, session, sample_events: pd.DataFrame) -> None:
    page = session.page
    page.goto(server.url)
    first, last = date_bounds(sample_events)
    browser.expect_markers(page, places(sample_events))
    end = page.get_by_role("slider", name="Dates — end")
    # The end thumb cannot pass the start: the range is the first date.
    browser.press_until_markers(page, end, "Home", value_text=first.isoformat(),
                                count=places(sample_events, first, first), away_key="End")
    assert places(sample_events, first, first) < places(sample_events, first, last)
    browser.expect_map_idle(page)
    page.screenshot(path=str(ARTIFACTS / "map-first-date.png"), full_page=True)


def test_hostile_article_is_shown_as_text(tmp_path: Path, session) -> None:
    (tmp_path / "hostile.txt").write_text(
        ' date 2022-05-01 Clashes in Raqqa <img src=x onerror="window.__pwned=1"> and '
        "<script>window.__pwned=2</script> were reported.", encoding="utf-8")
    with browser.streamlit_app(tmp_path) as hostile:
        page = session.page
        page.goto(hostile.url)
        browser.expect_markers(page, 1)
        browser.expect_map_idle(page)
        popup = browser.open_popup(page, browser.markers(page).first)
        frame = page.frame_locator(browser.MAP_FRAME)
        text = popup.inner_text()
        assert "<script>window.__pwned=2</script>" in text and "onerror=" in text
        assert popup.locator("img, script").count() == 0
        assert frame.locator("body").evaluate("() => window.__pwned") is None
        page.screenshot(path=str(ARTIFACTS / "map-hostile-popup.png"), full_page=True)


def test_shared_url_shows_the_same_markers_in_a_fresh_browser(server, sample_events: pd.DataFrame) -> None:
    filters = EventFilters(start=date(2015, 1, 1), event_types=("Battles",), include_mentions=False)
    wanted = count_places(apply_filters(sample_events, filters))
    query = "&".join(f"{k}={v}" for k, v in filters_to_query(filters).items() if isinstance(v, str))
    query += "&type=Battles&heat=1"
    with browser.offline_browser() as fresh:
        page = fresh.page
        page.goto(f"{server.url}/?{query}")
        browser.expect_markers(page, wanted)
        assert 0 < wanted < count_places(sample_events)
        # The heat map is on in that link, and draws offline (one image layer, no request out).
        heat = page.frame_locator(browser.MAP_FRAME).locator("img.leaflet-image-layer")
        heat.wait_for(timeout=30_000)
        assert heat.get_attribute("src").startswith("data:image/png;base64,") and not fresh.aborted
        browser.expect_map_idle(page)
        page.screenshot(path=str(ARTIFACTS / "map-shared-url.png"), full_page=True)


def test_link_values_that_make_no_sense_are_named_as_text(server, session,
                                                           sample_events: pd.DataFrame) -> None:
    hostile = {"type": "<script>window.__pwned=1</script>", "actor": '<img src=x onerror="window.__pwned=2">',
               "country": "**bold** [a](javascript:window.__pwned=3) :red[x]"}
    query = "&".join(f"{k}={quote(v)}" for k, v in hostile.items()) + "&end=1900-01-01&mentions=0&geo=abc"
    page = session.page
    page.goto(f"{server.url}/?{query}")
    # The rest of the link applies: every place but those merely mentioned.
    wanted = count_places(apply_filters(sample_events, EventFilters(include_mentions=False)))
    browser.expect_markers(page, wanted)
    notices = page.locator('[data-testid="stAlertContentInfo"]')
    texts = notices.all_inner_texts()
    for key, value in [*hostile.items(), ("end", "1900-01-01"), ("geo", "abc")]:
        assert any(f"{key}={value!r}" in text for text in texts), (key, texts)
    assert notices.locator("img, script, a, strong, [style*=color]").count() == 0
    assert page.evaluate("() => window.__pwned") is None
    page.screenshot(path=str(ARTIFACTS / "url-notices.png"))


def test_uploading_a_file_adds_its_markers_and_stores_them(tmp_path: Path, session,
                                                            sample_events: pd.DataFrame) -> None:
    upload = tmp_path / "upload.txt"
    upload.write_text(" date 2019-05-05 Shelling hit Kafranbel and Salqin on Sunday.", encoding="utf-8")
    store = tmp_path / "events.sqlite3"
    with browser.streamlit_app(store=store) as running:
        page = session.page
        page.goto(running.url)
        before = places(sample_events)
        browser.expect_markers(page, before)
        page.get_by_text("Upload articles").click()
        browser.upload(page, str(upload), button="Extract and store")
        page.get_by_role("button", name="Extract and store").click()
        page.get_by_text("✓ upload.txt: 1 new").wait_for(timeout=60_000)
        browser.expect_markers(page, before + 2)
        browser.expect_map_idle(page)
        page.screenshot(path=str(ARTIFACTS / "map-after-upload.png"), full_page=True)
    with ge.EventStore.open(store) as kept:
        assert {e.matched_text for e in kept.events()} >= {"Kafranbel", "Salqin"}


def test_a_hostile_upload_is_named_as_text_and_the_good_files_beside_it_are_stored(
        tmp_path: Path, session, sample_events: pd.DataFrame) -> None:
    import io
    import zipfile

    hostile = "![x](http://127.0.0.1:9/p.png) **b** :red[r].txt"
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("a.txt", b" date 2019-05-05 x")
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("good.txt", b" date 2019-05-05 Shelling hit Kafranbel on Sunday.")
        archive.writestr("inner.zip", inner.getvalue())
        archive.writestr("..\\..\\evil.txt", b" date 2019-05-06 Clashes near Salqin.")
        archive.writestr("bad.csv", b'text,date\n"never closed,2019-05-07\nFires in Homs,2019-05-07\n')
    store = tmp_path / "events.sqlite3"
    with browser.streamlit_app(store=store) as running:
        page = session.page
        page.goto(running.url)
        browser.expect_markers(page, places(sample_events))
        page.get_by_text("Upload articles").click()
        browser.upload(page, [
            {"name": hostile, "mimeType": "text/plain", "buffer": b"\x00\x01 binary"},
            {"name": "bundle.zip", "mimeType": "application/zip", "buffer": bundle.getvalue()}],
            button="Extract and store")
        page.get_by_role("button", name="Extract and store").click()
        page.get_by_text("✓ bundle.zip/good.txt: 1 new").wait_for(timeout=60_000)
        sidebar = page.locator('[data-testid="stSidebar"]')
        statuses = sidebar.locator('[data-testid="stCaptionContainer"], [data-testid^="stAlertContent"]')
        texts = statuses.all_inner_texts()
        shown = "\n".join(texts)
        # the name up to its last slash is taken for a folder; the rest shows as written
        assert "✗ p.png) **b** :red[r].txt: looks like a binary file" in shown, shown
        assert "bundle.zip/inner.zip: a zip inside the zip is not opened" in shown
        assert "bundle.zip/evil.txt: its name '..\\\\..\\\\evil.txt' points outside the zip" in shown
        assert "bundle.zip/bad.csv, line 2: a quote opened on this line is never closed" in shown
        assert statuses.locator("img, a, strong, [style*=color]").count() == 0
        page.screenshot(path=str(ARTIFACTS / "hostile-upload.png"), full_page=True)
    with ge.EventStore.open(store) as kept:
        assert {e.matched_text for e in kept.events()} >= {"Kafranbel", "Salqin", "Homs"}


def test_many_places_cluster_offline_in_the_standalone_map(session) -> None:
    rows = ge.event_rows([])
    rows = pd.DataFrame({c: [None] * 300 for c in rows.columns}).assign(
        location=[f"P{i}" for i in range(300)], latitude=[30 + (i % 20) / 3 for i in range(300)],
        longitude=[38 + (i // 20) / 3 for i in range(300)], kind="mention", notes="x", source="s")
    page = session.page
    page.set_content(standalone_html(build_map(rows, tiles=None)))
    page.locator(".marker-cluster").first.wait_for(timeout=30_000)
    # Once the map settles, every place is counted once: in a cluster or as its own circle.
    # Mid-animation the clusters of two zoom levels are both in the page (600 for 300), and
    # the map's fit to its places can start after a first settled count, so the count must
    # hold with no zoom or cluster animation running for a whole second before it is read.
    settled = page.wait_for_function("""() => {
        const animating = document.querySelector('.leaflet-zoom-anim, .leaflet-cluster-anim');
        const clustered = [...document.querySelectorAll('.marker-cluster')]
            .reduce((sum, el) => sum + (parseInt(el.innerText, 10) || 0), 0);
        const total = clustered + document.querySelectorAll('path.leaflet-interactive').length;
        const now = performance.now();
        const last = window.__settledCount;
        if (animating || !last || last.total !== total) {
            window.__settledCount = {total, since: now};
            return false;
        }
        return now - last.since >= 1000 ? total : false;
    }""", timeout=60_000, polling=100)
    assert settled.json_value() == 300
    page.screenshot(path=str(ARTIFACTS / "standalone-clusters.png"))


def test_zoom_stays_when_a_filter_changes(server, session, sample_events: pd.DataFrame) -> None:
    page = session.page
    page.goto(server.url)
    first, last = date_bounds(sample_events)
    browser.expect_markers(page, places(sample_events))
    frame = page.frame_locator(browser.MAP_FRAME)
    scale = frame.locator(".leaflet-control-scale-line").first
    fitted = scale.inner_text()
    frame.locator(".leaflet-control-zoom-in").click()
    page.wait_for_function(
        "([sel, before]) => { const f = document.querySelector(sel); const s = f && "
        "f.contentDocument.querySelector('.leaflet-control-scale-line'); return s && s.innerText !== before; }",
        arg=[browser.MAP_FRAME, fitted], timeout=30_000)
    browser.expect_map_idle(page)
    browser.expect_page_idle(page)  # the zoom goes into the link: a rerun
    zoomed = scale.inner_text()
    end = page.get_by_role("slider", name="Dates — end")
    browser.press_until_markers(page, end, "Home", value_text=first.isoformat(),
                                count=places(sample_events, first, first), away_key="End")
    browser.expect_map_idle(page)
    assert scale.inner_text() == zoomed != fitted
    page.screenshot(path=str(ARTIFACTS / "map-zoom-kept.png"), full_page=True)


def test_clicking_a_marker_lists_only_that_place(server, session, sample_events: pd.DataFrame) -> None:
    page = session.page
    page.goto(server.url)
    browser.expect_markers(page, places(sample_events))
    browser.expect_map_idle(page)
    popup = browser.open_popup(page, browser.markers(page).first)
    place = popup.locator("h4").inner_text().split(",")[0]
    notice = page.get_by_text(f"Rows at {place} only")
    notice.wait_for(timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "table-one-place.png"), full_page=True)
    page.get_by_role("button", name="Show all rows").click()
    notice.wait_for(state="detached", timeout=30_000)


def test_exports_download_what_is_shown(server, session, sample_events: pd.DataFrame) -> None:
    page = session.page
    page.goto(server.url)
    browser.expect_markers(page, places(sample_events))
    header = browser.download(page, "CSV (spreadsheet-safe)").read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == list(EVENT_FIELDS)
    html = browser.download(page, "Map as HTML (works offline)").read_text(encoding="utf-8")
    assert "Leaflet 1.9" in html and '"type":"Feature"' in html and "<script src=" not in html
    assert '[33.51,36.291,"Damascus",3,1]' in html  # the town names travel with the export
