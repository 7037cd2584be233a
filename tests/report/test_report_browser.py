"""The report pages in a real browser: headless Chromium, every network request blocked.

Each page must load without console errors and without trying to fetch anything, draw
every figure with a non-zero size, and fit a 390 px wide screen without horizontal page
scrolling (wide figures and tables scroll inside their own box).  A screenshot of each
page is saved.  The test is skipped only when no Chromium is installed; on CI (the
``CI`` environment variable set, as ``.ci/run`` does) a missing Chromium is a failure.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from report_pages import PAGES

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NARROW = 390
WIDE = 1280


def chromium_path() -> str | None:
    """The system's Chromium (Debian package ``chromium``), or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    executable = chromium_path()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing on CI; .ci/run installs it (apt-get install -y chromium)")
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium); the browser test needs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=executable,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": WIDE, "height": 900},
        )
        yield context
        context.close()


def open_page(context, path: Path, width: int):
    """Load ``path`` at ``width`` px with the network blocked; returns (page, attempted URLs, console errors)."""
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    attempted: list[str] = []
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))

    def route(handle) -> None:
        url = handle.request.url
        if url.startswith(("file:", "data:")):
            handle.continue_()
        else:
            attempted.append(url)
            handle.abort()

    page.route("**/*", route)
    page.goto(path.as_uri(), wait_until="load")
    return page, attempted, errors


FIGURE_SIZES = """() => [...document.querySelectorAll('figure svg, figure img')].map(e => {
    const box = e.getBoundingClientRect(); return [box.width, box.height]; })"""


@pytest.mark.parametrize("name", PAGES)
def test_page_renders_offline_and_fits_a_phone(browser, report_pages, tmp_path, name):
    for width in (WIDE, NARROW):
        page, attempted, errors = open_page(browser, report_pages[name], width)
        assert attempted == [], f"the page tried to fetch {attempted}"
        assert errors == [], f"console errors: {errors}"
        sizes = page.evaluate(FIGURE_SIZES)
        assert all(w > 50 and h > 50 for w, h in sizes), sizes
        assert len(sizes) == page.evaluate("document.querySelectorAll('figure').length")
        scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
        assert scroll_width <= width, f"the page scrolls sideways at {width} px ({scroll_width} px wide)"
        shot = tmp_path / f"{name}-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
        page.close()


def test_pair_page_has_every_figure(browser, report_pages):
    page, _, _ = open_page(browser, report_pages["pair"], WIDE)
    count = len(page.evaluate(FIGURE_SIZES))
    page.close()
    # Two region maps, two comparison maps, two tornados and two trees.
    assert count == 8
