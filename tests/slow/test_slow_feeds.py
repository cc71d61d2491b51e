"""Every feed parses with feedparser (no bozo) and passes a strict Atom 1.0 / RSS 2.0 structural check."""

from __future__ import annotations

from collections import Counter

import pytest

from .conftest import timed
from .harness.feeds import check_feed as check_one_feed
from .harness.feeds import entry_ids, feed_id, find_feeds
from .harness.site import BuiltSite, describe

pytestmark = pytest.mark.slow


def test_site_has_atom_and_rss_feeds(site: BuiltSite) -> None:
    kinds = Counter(find_feeds(site).values())
    assert kinds["atom"] >= 1 and kinds["rss"] >= 1, f"{site.name}: feeds found {dict(kinds)}"


def test_every_feed_is_valid(site: BuiltSite) -> None:
    feeds = find_feeds(site)
    with timed(f"{site.name}: feeds ({len(feeds)})"):
        problems = sorted(p for path in feeds for p in check_one_feed(site, path))
    if problems:
        pytest.fail(describe(problems), pytrace=False)


def test_atom_feed_ids_are_unique_across_the_site(site: BuiltSite) -> None:
    ids = Counter(feed_id(path) for path, kind in find_feeds(site).items() if kind == "atom")
    assert not [i for i, n in ids.items() if n > 1], f"feeds sharing an id: {ids}"


def test_entry_ids_do_not_depend_on_the_base_url(site: BuiltSite) -> None:
    """Ids are forever: moving the site to another host must not make readers see every entry as new."""
    host = site.base_url.split("://", 1)[1].split("/", 1)[0]
    leaking = {site.rel(path): [i for i in entry_ids(path) if host in i]
               for path, kind in find_feeds(site).items() if kind == "atom"}
    assert not any(leaking.values()), f"entry ids containing the host {host}: {leaking}"
