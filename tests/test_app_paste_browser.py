"""Pasting an article in a real browser: typed, one click, on the map; no hint over the text."""

from __future__ import annotations

import pytest

from test_app_browser import pytestmark  # noqa: F401  (the same skip and marker)

browser = pytest.importorskip("browser")


def test_a_pasted_article_goes_on_the_map_with_one_click(session_with_server) -> None:
    page, before = session_with_server
    page.get_by_text("Paste an article").click()
    box = page.get_by_label("Article text")
    box.click()
    page.keyboard.type(" date 2019-05-05 Clashes erupted in Kafranbel and Salqin.")
    hints = page.locator('[data-testid="InputInstructions"]')  # key hints, character counters
    assert hints.count() == 0 or all(not h.is_visible() or h.inner_text().strip() == "" for h in hints.all())
    page.get_by_role("button", name="Add to map").click()  # no Ctrl+Enter, no click elsewhere first
    browser.expect_markers(page, before + 2)


@pytest.fixture()
def session_with_server():
    with browser.streamlit_app() as server, browser.offline_browser() as state:
        state.page.goto(server.url)
        browser.markers(state.page).first.wait_for()
        yield state.page, browser.markers(state.page).count()


def test_the_legend_follows_a_pasted_event_type(tmp_path) -> None:
    (tmp_path / "raqqa.txt").write_text("date 2020-01-01\nClashes erupted in Raqqa on Wednesday between "
                                        "government forces and militants.\n", encoding="utf-8")
    with browser.streamlit_app(tmp_path) as server, browser.offline_browser() as state:
        page = state.page
        page.goto(server.url)
        legend = page.frame_locator(browser.MAP_FRAME).locator(".geo-events-legend")
        legend.wait_for()
        assert "Protests" not in legend.inner_text()
        page.get_by_text("Paste an article").click()
        page.get_by_label("Article text").fill(" date 2021-06-01 Hundreds protested in Sweida against rising prices.")
        page.get_by_role("button", name="Add to map").click()
        from playwright.sync_api import expect

        # While the page reruns, the old map frame lingers beside the new one (listed after it).
        legend = page.locator(browser.MAP_FRAME).first.content_frame.locator(".geo-events-legend")
        expect(legend).to_contain_text("Protests", timeout=60_000)
        expect(page.get_by_role("slider", name="Dates — end")).to_have_attribute("aria-valuetext", "2021-06-01")
