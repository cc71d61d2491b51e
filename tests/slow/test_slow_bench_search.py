"""bench/search_latency.py, the measuring script of bench/RESULTS.md round 15: on the seed site it
must serve the site under its sub-path, find results, and fetch every shard's index (mergeIndex)."""

from __future__ import annotations

import re
import sys

import pytest
from playwright.sync_api import Browser

from .harness.build import REPO
from .harness.site import BuiltSite

sys.path.insert(0, str(REPO / "bench"))

from search_latency import serve, shards, visit

pytestmark = pytest.mark.slow


def test_a_first_visit_fetches_every_shard_and_counts_the_results(seed_site: BuiltSite,
                                                                  browser: Browser) -> None:
    with serve(seed_site.root, seed_site.base_path, 0) as url:
        seen = visit(browser, url, "model")
    found = re.fullmatch(r"([\d,]+) results? for model", seen.results)
    assert found and int(found[1].replace(",", "")) > 0
    names = sorted(p.name for p in (seed_site.root / "pagefind").iterdir())
    assert shards(seed_site.root) == len(names) == 3
    for name in names:
        assert f"{seed_site.base_path}pagefind/{name}/pagefind-entry.json" in seen.fetched
    assert seen.fetched[0] == f"{seed_site.base_path}search/"
    assert seen.ms > 0 and seen.kilobytes > 0
