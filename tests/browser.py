"""Drive the real dashboard: `streamlit run app.py` on a free port, Debian's chromium.

Used by the browser tests and scripts/screenshot.py. The server is ready when
it prints its URL and its health endpoint answers, and the page is ready when
Playwright sees what it waits for. One short pause (:func:`expect_page_idle`):
the map reports its view a moment after it is drawn, or not at all, and
nothing on the page says which.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import socket
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
MARKERS = "path.leaflet-interactive"
STARTUP_DEADLINE_SECONDS = 180.0

log = logging.getLogger(__name__)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    output: list[str] = field(default_factory=list)


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=5) as reply:
            return reply.read().strip() == b"ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def _pump(stream, lines: list[str], ready: queue.Queue) -> None:
    """Collect the server's output; signal once it says where it listens."""
    for raw in iter(stream.readline, b""):
        line = raw.decode("utf-8", "replace")
        lines.append(line)
        if "URL:" in line:
            ready.put(True)
    ready.put(False)  # the process closed its output: it has exited


@contextlib.contextmanager
def streamlit_app(*paths: str | Path, store: Path | None = None) -> Iterator[Server]:
    """Run ``streamlit run app.py [-- PATH...]`` until the block ends, with an event store
    of its own (an empty temporary one unless ``store`` names one)."""
    with tempfile.TemporaryDirectory(prefix="geo-events-store-") as tmp:
        yield from _run_app(paths, store or Path(tmp) / "events.sqlite3")


def _run_app(paths: tuple, store: Path) -> Iterator[Server]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"),
               "--server.headless", "true", "--server.port", str(port),
               "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
    if paths:
        command += ["--", *map(str, paths)]
    env = {**os.environ, "GEO_EVENTS_TILES": "none", "GEO_EVENTS_STORE": str(store)}
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    server = Server(url, process)
    ready: queue.Queue = queue.Queue()
    threading.Thread(target=_pump, args=(process.stdout, server.output, ready), daemon=True).start()
    try:
        try:
            started = ready.get(timeout=STARTUP_DEADLINE_SECONDS)
        except queue.Empty:
            started = False
        if not (started and _healthy(url)):
            raise RuntimeError("streamlit did not start:\n" + "".join(server.output))
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Browser:
    page: object
    aborted: list[str] = field(default_factory=list)
    responses: list[tuple[int, str]] = field(default_factory=list)


@contextlib.contextmanager
def offline_browser(*, width: int = 1400, height: int = 1000) -> Iterator[Browser]:
    """Chromium with every request to another host than this machine aborted."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = chromium.new_context(viewport={"width": width, "height": height})
        state = Browser(page=None)

        def route(request_route) -> None:
            host = urlparse(request_route.request.url).hostname or ""
            if host in {"127.0.0.1", "localhost"} or request_route.request.url.startswith("data:"):
                request_route.continue_()
            else:
                state.aborted.append(request_route.request.url)
                request_route.abort()

        context.route("**/*", route)
        state.page = context.new_page()
        state.page.on("response", lambda r: state.responses.append((r.status, r.url)))
        try:
            yield state
        finally:
            context.close()
            chromium.close()


def markers(page):
    """The Leaflet markers inside the map's iframe, as a Playwright locator."""
    return page.frame_locator(MAP_FRAME).locator(MARKERS)


def expect_markers(page, count: int, *, timeout_ms: int = 60_000) -> None:
    """Wait until the map shows exactly ``count`` markers and the page has stopped running
    (the map reports its view once it is drawn, which reruns the page: a widget used while
    that rerun runs may miss it) - fails after the timeout."""
    from playwright.sync_api import expect

    expect(markers(page)).to_have_count(count, timeout=timeout_ms)
    expect_page_idle(page, timeout_ms=timeout_ms)


def expect_page_idle(page, *, timeout_ms: int = 30_000) -> None:
    """Wait until Streamlit's "Running..." indicator is gone."""
    from playwright.sync_api import expect

    page.wait_for_timeout(300)  # the map's view report arrives a moment after it is drawn
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=timeout_ms)


def expect_map_idle(page, *, timeout_ms: int = 30_000) -> None:
    """Wait until Leaflet has finished its zoom animation (for honest screenshots)."""
    from playwright.sync_api import expect

    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator(".leaflet-zoom-anim, .leaflet-pan-anim")).to_have_count(0, timeout=timeout_ms)
    expect(frame.locator("svg[style*='scale(']")).to_have_count(0, timeout=timeout_ms)


def download(page, button: str, *, attempts: int = 3, timeout_ms: int = 10_000) -> Path:
    """Click the download button named ``button`` until the browser receives its file; where
    it saved it. A click while the page reruns (the map reports its view after it fits, and
    may report it again) can carry the file id of the run before, which the rerun revoked:
    Streamlit answers "Deferred file ... not found" and nothing downloads until the button's
    new id has arrived, so the click is tried again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    for attempt in range(1, attempts + 1):
        try:
            with page.expect_download(timeout=timeout_ms) as started:
                page.get_by_role("button", name=button).click()
            return Path(started.value.path())
        except PlaywrightTimeoutError:
            log.info("no download from %r after click %d of %d", button, attempt, attempts)
    raise AssertionError(f"no download from the {button!r} button after {attempts} clicks")


def press_until(control, key: str, *, value_text: str, attempts: int = 3, timeout_ms: int = 10_000) -> None:
    """Focus ``control`` (a slider thumb) and press ``key`` until it reads ``value_text``. A key
    pressed while the page reruns (the map reports its view a moment after it is drawn, later on
    a busy machine) can be lost to the rerun's redraw of the widget: it is pressed again."""
    from playwright.sync_api import expect

    for attempt in range(1, attempts + 1):
        control.focus()
        control.press(key)
        try:
            expect(control).to_have_attribute("aria-valuetext", value_text, timeout=timeout_ms)
            return
        except AssertionError:
            log.info("%s did not reach %r after press %d of %d", key, value_text, attempt, attempts)
    raise AssertionError(f"the control never read {value_text!r} after {attempts} presses of {key}")


def press_until_markers(page, control, key: str, *, value_text: str, count: int, away_key: str,
                        attempts: int = 3, timeout_ms: int = 20_000) -> None:
    """Press ``key`` on ``control`` (:func:`press_until`) until the map shows ``count`` markers.
    A change can reach the widget yet not the server, when it comes while another rerun (the
    map's view report) is being sent: the control is then moved away (``away_key``) and back,
    a change the server sees."""
    for attempt in range(1, attempts + 1):
        press_until(control, key, value_text=value_text)
        try:
            expect_markers(page, count, timeout_ms=timeout_ms)
            return
        except AssertionError:
            log.info("%s reached %r but the map did not follow (attempt %d of %d)", key, value_text, attempt,
                     attempts)
            control.focus()
            control.press(away_key)
            expect_page_idle(page)
    raise AssertionError(f"the map never showed {count} markers after {attempts} presses of {key}")


def upload(page, files, *, button: str, attempts: int = 3, timeout_ms: int = 10_000) -> None:
    """Give the page's file uploader ``files`` (what Playwright's ``set_input_files`` takes) until
    the ``button`` that sends them is enabled. Files given while the page reruns (the map reports
    its view a moment after it is drawn, later on a busy machine) can be dropped by the rerun's
    redraw of the uploader, leaving the button disabled: they are given again."""
    from playwright.sync_api import expect

    for attempt in range(1, attempts + 1):
        page.locator('input[type="file"]').set_input_files(files)
        try:
            expect(page.get_by_role("button", name=button)).to_be_enabled(timeout=timeout_ms)
            return
        except AssertionError:
            log.info("the uploader dropped its files (attempt %d of %d)", attempt, attempts)
    raise AssertionError(f"the {button!r} button stayed disabled after {attempts} uploads")


def open_popup(page, marker) -> object:
    """Click ``marker`` and return its popup's content once it is fully shown."""
    from playwright.sync_api import expect

    marker.click()
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator(".leaflet-popup")).to_have_css("opacity", "1")
    expect_map_idle(page)  # the map pans to fit the popup
    return frame.locator(".leaflet-popup-content")
