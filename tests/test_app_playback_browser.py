"""Time playback in a real browser: frames advance on their own, the page is not reloaded
and the map's frame is kept (only its events layer changes)."""

from __future__ import annotations

import re

import pytest

from test_app_browser import pytestmark  # noqa: F401  (the same skip and marker)

browser = pytest.importorskip("browser")


def test_playback_steps_the_map_without_reloading(sample_events) -> None:
    from playwright.sync_api import expect

    with browser.streamlit_app() as server, browser.offline_browser() as state:
        page = state.page
        page.goto(server.url)
        browser.markers(page).first.wait_for()
        browser.expect_page_idle(page)
        page.evaluate("() => { window.__notReloaded = true; }")
        map_frame = next(f for f in page.frames if f.evaluate("() => Boolean(window.map)"))
        map_frame.evaluate("() => { window.__sameMap = true; }")
        everything = browser.markers(page).count()

        page.get_by_role("button", name="▶ Play").click()
        label = page.get_by_text(re.compile(r"^week of \d{4}-\d{2}-\d{2} \((\d+) of (\d+)\)$"))
        expect(label).to_be_visible(timeout=30_000)
        expect(page.get_by_text(re.compile(r"\(4 of \d+\)$"))).to_be_visible(timeout=30_000)  # on its own
        assert browser.markers(page).count() < everything  # one week's places, not all
        assert page.evaluate("() => window.__notReloaded === true")
        assert map_frame.evaluate("() => window.__sameMap === true")  # the map was not redrawn from scratch
        page.get_by_role("button", name="⏸ Pause").click()
        page.get_by_role("button", name="⏹ All dates").click()
        browser.expect_markers(page, everything)
