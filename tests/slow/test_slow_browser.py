"""Headless Chromium on the site served under /digest/: axe-core, 404s, console errors, layout, screenshots.

Screenshots go to artifacts/screenshots/ (git-ignored), named SITE-KIND-WIDTH.png, for a person to look at.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from .conftest import ARTIFACTS, Tools, timed
from .harness.browser import (
    KINDS,
    MISSING_PAGE,
    OPTIONAL_KINDS,
    READY,
    WIDTHS,
    inspect_page,
    page_of_kind,
)
from .harness.server import SubPathServer
from .harness.site import BuiltSite

pytestmark = pytest.mark.slow

# Pages only a real build makes (the hand-made fixture site has neither); real builds must have them.
GENERATED_ONLY = frozenset({"search", "stats"})


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("kind", KINDS)
def test_page_in_browser(site: BuiltSite, kind: str, width: int, browser: Browser, tools: Tools,
                         servers: dict[str, SubPathServer]) -> None:
    path = page_of_kind(site, kind)
    if path is None:
        if kind in OPTIONAL_KINDS or (site.name == "fixture" and kind in GENERATED_ONLY):
            pytest.skip(f"{site.name} has no {kind} page")
        pytest.fail(f"{site.name} has no {kind} page")
    server = servers[site.name]
    server.start()
    screenshot = ARTIFACTS / "screenshots" / f"{site.name}-{kind}-{width}.png"
    with timed(f"{site.name}: browser"):
        visit = inspect_page(browser, server.url + path, width, tools.axe_js, screenshot, server.origin,
                             ready=READY.get(kind))
    problems = visit.problems(expected_status=404 if path == MISSING_PAGE else 200)
    if problems:
        pytest.fail(f"{server.url + path} at {width}px:\n" + "\n".join(problems), pytrace=False)
