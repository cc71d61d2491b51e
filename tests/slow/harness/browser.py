"""One page in headless Chromium (Debian's, driven by Playwright): what a reader's browser would report.

A visit collects console errors, uncaught exceptions, responses >= 400, requests that failed or left the
local server (a published page must not depend on the network), horizontal overflow, and axe-core's
serious and critical accessibility violations; it saves a screenshot for a person to look at.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, ConsoleMessage, Playwright, Request, Response, Route

from .site import BuiltSite

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run")
WIDTHS = {390: 844, 1280: 800}
"""Viewport width -> height: a phone and a laptop."""

# Page kinds every digest site has, with the rule that picks one page of each from the built files;
# None marks a kind the site may lack.
OPTIONAL_KINDS = frozenset({"about"})
# What a page must show before it is measured: the search page has to find papers, under the sub-path.
READY = {"search": ".pagefind-ui__result a[href*='/papers/']"}
KINDS = ("home", "paper", "tag", "tags-index", "date", "dates-index", "search", "stats", "about", "404")
MISSING_PAGE = "no-such-page-for-the-404-check/"


def launch(playwright: Playwright) -> Browser:
    # Playwright cannot download its own browser here; Debian's Chromium is the one CI installs.
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))


def _largest(site: BuiltSite, pattern: str, exclude: str = "") -> str | None:
    """The biggest page matching ``pattern`` (most text, most likely to overflow), ties by path."""
    pages = [p for p in site.root.glob(pattern) if p.is_file() and site.rel(p) != exclude]
    if not pages:
        return None
    best = max(pages, key=lambda p: (p.stat().st_size, site.rel(p)))
    return site.rel(best)[: -len("index.html")]


def page_of_kind(site: BuiltSite, kind: str) -> str | None:
    """The path (relative to the base URL) of one page of ``kind``, or None when the site has none."""
    index = {"home": "", "tags-index": "tags/", "dates-index": "dates/", "search": "search/?q=attention",
             "stats": "stats/", "about": "about/"}
    if kind in index:
        page = index[kind].split("?")[0]
        return index[kind] if (site.root / page / "index.html").is_file() else None
    if kind == "404":
        return MISSING_PAGE if (site.root / "404.html").is_file() else None
    pattern = {"paper": "papers/*/index.html", "tag": "tags/*/index.html", "date": "dates/*/index.html"}[kind]
    return _largest(site, pattern)


@dataclass(slots=True)
class Visit:
    """What one page load showed (mutable while the page loads; read after ``inspect_page``)."""

    url: str
    status: int = 0
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    overflow: int = 0
    """``scrollWidth - innerWidth`` in CSS pixels; above 0 means a horizontal scrollbar."""
    axe: list[str] = field(default_factory=list)

    def problems(self, expected_status: int = 200) -> list[str]:
        found = [f"console error: {m}" for m in self.console_errors]
        found += [f"uncaught exception: {m}" for m in self.page_errors]
        found += [f"HTTP {m}" for m in self.bad_responses]
        found += [f"request failed: {m}" for m in self.failed_requests]
        found += [f"request outside the local site: {m}" for m in self.outside_requests]
        found += [f"axe: {m}" for m in self.axe]
        if self.status != expected_status:
            found.append(f"page answered {self.status}, expected {expected_status}")
        if self.overflow > 0:
            found.append(f"horizontal overflow: the page is {self.overflow}px wider than the viewport")
        return found


def _listen(page: Any, visit: Visit, origin: str) -> None:
    def on_response(response: Response) -> None:
        # The page itself may be the deliberate 404; its status is checked on its own.
        if response.status >= 400 and response.url != visit.url:
            visit.bad_responses.append(f"{response.status} {response.url}")

    def on_route(route: Route, request: Request) -> None:
        if request.url.startswith(origin + "/"):
            route.continue_()
        else:
            visit.outside_requests.append(request.url)
            route.abort()

    def on_console(message: ConsoleMessage) -> None:
        where = message.location.get("url", "")
        # Chromium logs the page's own 404 status as a console error; that status is checked on its own.
        if message.type != "error" or (where == visit.url and message.text.startswith("Failed to load")):
            return
        visit.console_errors.append(f"{message.text} ({where}:{message.location.get('lineNumber', 0)})")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: visit.page_errors.append(str(exc)))
    page.on("response", on_response)
    def on_failed(request: Request) -> None:
        if request.url.startswith(origin + "/"):  # outside requests were aborted on purpose
            visit.failed_requests.append(f"{request.url}: {request.failure}")

    page.on("requestfailed", on_failed)
    page.route("**/*", on_route)


def run_axe(page: Any, axe_js: Path) -> list[str]:
    page.add_script_tag(path=str(axe_js))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    found = []
    for violation in result["violations"]:  # every impact, minor and moderate included
        targets = ", ".join(" ".join(n["target"]) for n in violation["nodes"][:5])
        found.append(f"{violation['id']} ({violation['impact']}): {violation['help']}; "
                     f"{len(violation['nodes'])} nodes, e.g. {targets}")
    return found


def inspect_page(browser: Browser, url: str, width: int, axe_js: Path, screenshot: Path,
                 origin: str, dark: bool = False, ready: str | None = None) -> Visit:
    """Load ``url`` at ``width`` px in a fresh context and report what a reader's browser would.

    ``ready``: a CSS selector the page must show before it is measured (content drawn by script,
    such as search results); a page that never shows it fails with Playwright's timeout."""
    context = browser.new_context(viewport={"width": width, "height": WIDTHS.get(width, 800)},
                                  color_scheme="dark" if dark else "light")
    try:
        page = context.new_page()
        visit = Visit(url)
        _listen(page, visit, origin)
        response = page.goto(url, wait_until="load")
        visit.status = response.status if response else 0
        if ready:
            page.wait_for_selector(ready, timeout=15_000)
        visit.overflow = int(page.evaluate(
            "() => document.documentElement.scrollWidth - window.innerWidth"))
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot))
        visit.axe = run_axe(page, axe_js)
        return visit
    finally:
        context.close()
