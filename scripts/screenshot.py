"""Screenshot the running dashboard for the README: ``python scripts/screenshot.py [-o PNG]``.

Starts ``streamlit run app.py`` on the sample articles (offline, no basemap),
opens it in Debian's chromium, opens the popup of the place with the most
rows, and saves a 1400x1000 PNG (default: docs/screenshot.png).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

import browser  # noqa: E402  (the shared browser helpers live beside the tests)

log = logging.getLogger("screenshot")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-o", "--output", type=Path, default=REPO / "docs" / "screenshot.png")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with browser.streamlit_app() as server, browser.offline_browser() as session:
        page = session.page
        page.goto(server.url)
        markers = browser.markers(page)
        markers.first.wait_for()
        browser.expect_page_idle(page)  # the map's view report reruns the page once
        browser.expect_map_idle(page)
        # The biggest circle is the place with the most rows: open its popup.
        radii = markers.evaluate_all("els => els.map(e => e.getBBox().width)")
        browser.open_popup(page, markers.nth(radii.index(max(radii))))
        page.screenshot(path=str(args.output))
    # A 256-colour palette (Pillow comes with streamlit): the page's flat colours keep, the file is
    # a third of the size (octree: median cut merged the legend's small colour dots).
    from PIL import Image

    with Image.open(args.output) as shot:
        palette = shot.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE)
        palette.save(args.output, optimize=True)
    log.info("saved %s (%d external requests blocked)", args.output, len(session.aborted))
    return 0


if __name__ == "__main__":
    sys.exit(main())
