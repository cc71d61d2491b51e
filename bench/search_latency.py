#!/usr/bin/env python3
"""What a search costs the reader: the search page of a built site, opened in headless Chromium.

    python bench/search_latency.py SITE --base-path /sub/ [--query model ...] [--runs 3]

SITE is a built site (``sitegen build --base-url http://127.0.0.1:PORT/sub/``). It is served from
127.0.0.1 under ``--base-path`` by ``sitegen serve``'s server. Each run of each query is a first
visit: a fresh browser context (no cache) opens ``search/?q=QUERY`` and the time is taken from the
navigation's start to the first result link drawn (or Pagefind's "no results" message).
Every shard's index is merged in by the page (``mergeIndex``), so the requests and bytes show what
the shards cost a query. Needs Playwright (``pip install playwright``) and a Chromium; nothing in
sitegen is changed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sitegen.serve import SiteServer, local_base_url

RESULT = ".pagefind-ui__result-link"
MESSAGE = ".pagefind-ui__message"


@dataclass(frozen=True)
class Visit:
    query: str
    ms: float
    """From the navigation's start to the first result (or the no-result message) on the page."""
    results: str
    """Pagefind's message, such as "12 results for model"."""
    fetched: tuple[str, ...]
    """The path of every response the visit got, page included, in order."""
    kilobytes: float
    """Response bodies fetched for the visit, page included."""


@contextmanager
def serve(site: Path, base_path: str, port: int) -> Iterator[str]:
    """``site`` at ``http://127.0.0.1:PORT<base_path>``, served as ``sitegen serve`` serves it (its
    ``no-store`` header changes nothing here: every visit starts with an empty cache)."""
    server = SiteServer(site.resolve(), base_path, port=port, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield local_base_url(base_path, "127.0.0.1", server.port)
    finally:
        server.shutdown()
        server.server_close()


def visit(browser: Any, url: str, query: str) -> Visit:
    """One first visit of the search page with ``query``, in a context of its own (an empty cache)."""
    context = browser.new_context()
    page = context.new_page()
    responses: list[Any] = []
    page.on("response", lambda response: responses.append(response))
    page.goto(f"{url}search/?q={query}")
    page.wait_for_selector(f"{RESULT}, {MESSAGE}:has-text('results')", timeout=60_000)
    ms = page.evaluate("performance.now()")
    message = page.text_content(MESSAGE) or ""
    size = sum(len(r.body()) for r in responses if r.ok)
    context.close()
    fetched = tuple(urlsplit(r.url).path for r in responses)
    return Visit(query, ms, message.strip(), fetched, size / 1024)


def shards(site: Path) -> int:
    return sum(1 for entry in site.glob("pagefind/*/pagefind-entry.json"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--base-path", default="/", help="the path the site was built for (its base URL's)")
    parser.add_argument("--port", type=int, default=8765, help="the port its base URL names")
    parser.add_argument("--query", action="append", help="a query (repeatable; default: model, diffusion)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright  # late: only this script needs it

    queries = args.query or ["model", "diffusion"]
    print(f"{args.site}: {shards(args.site)} shards merged by the search page")
    with serve(args.site, args.base_path, args.port) as url, sync_playwright() as play:
        browser = play.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
        visit(browser, url, queries[0])  # the first launch warms the browser, not the index
        for query in queries:
            visits = [visit(browser, url, query) for _ in range(args.runs)]
            last = visits[-1]
            print(f"{query!r}: first result after {statistics.median(v.ms for v in visits):.0f} ms "
                  f"(median of {len(visits)}: {', '.join(f'{v.ms:.0f}' for v in visits)}); "
                  f"{len(last.fetched)} requests, {last.kilobytes:.0f} KB; {last.results!r}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
