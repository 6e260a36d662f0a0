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
