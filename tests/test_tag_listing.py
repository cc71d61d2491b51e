"""Tag archive pages never shift: adding papers listed later only changes the tag's own page (and
opens new archive pages); every paper is on exactly one page."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from fixtures_site import make_site
from hypothesis import given
from hypothesis import strategies as st

from sitegen.model import Paper
from sitegen.render.views import TagListing, tag_listing

TEMPLATE = make_site().papers[0]
START = date(2025, 1, 1)


def papers(days: list[int]) -> list[Paper]:
    """One paper per entry, first listed that many days after START; keys double as slugs."""
    return [dataclasses.replace(TEMPLATE, key=f"p{n:03d}", digests=(START + timedelta(days=d),))
            for n, d in enumerate(days)]


def layout(found: list[Paper], size: int) -> TagListing:
    return tag_listing(found, lambda key: key, size)


@given(st.lists(st.integers(0, 5), max_size=60), st.lists(st.integers(6, 9), max_size=30), st.integers(1, 7))
def test_archive_pages_survive_papers_listed_later(old: list[int], new: list[int], size: int) -> None:
    before = papers(old)
    later = [dataclasses.replace(p, key=f"q{n:03d}") for n, p in enumerate(papers(new))]
    grown = layout(before + later, size)
    first = layout(before, size)
    assert grown.archive[: len(first.archive)] == first.archive


@given(st.lists(st.integers(0, 5), max_size=60), st.integers(1, 7))
def test_every_paper_is_on_exactly_one_page_newest_first(days: list[int], size: int) -> None:
    found = papers(days)
    listing = layout(found, size)
    pages = [listing.newest, *reversed(listing.archive)]
    shown = [p.key for page in pages for p in page]
    assert sorted(shown) == sorted(p.key for p in found)
    assert all(len(page) == size for page in listing.archive)
    if len(found) >= size:
        assert size <= len(listing.newest) < 2 * size
    order = [(p.first_seen, p.key) for page in pages for p in page]
    assert order == sorted(order, reverse=True)  # newest first across the tag page and the archive


def test_a_paper_seen_again_keeps_its_archive_place() -> None:
    found = papers([0, 0, 1, 1, 2, 2, 3])
    again = [dataclasses.replace(p, digests=(*p.digests, START + timedelta(days=9))) if p.key == "p000" else p
             for p in found]
    assert layout(again, 2).archive == tuple(tuple(next(q for q in again if q.key == p.key) for p in page)
                                              for page in layout(found, 2).archive)
    assert [p.key for p in layout(found, 2).archive[0]] == ["p001", "p000"]
