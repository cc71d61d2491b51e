"""Paper pages rendered by forked workers equal the serial render, and related papers never depend on
site order (which changes whenever a digest is added)."""

from __future__ import annotations

import dataclasses

from fixtures_site import make_site

from sitegen.render.drawing import iter_pages, render_pages
from sitegen.render.related import Related
from sitegen.util.workers import Workers

SUB = "https://example.org/sub/"


def test_forked_workers_render_the_same_bytes_as_one_process() -> None:
    site = make_site(SUB)
    serial = render_pages(site)
    pairs = list(iter_pages(site, workers=Workers(count=2, draw_from=1)))
    assert len(pairs) == len({path for path, _ in pairs}), "each page exactly once"
    assert dict(pairs) == serial
    assert any(path.startswith("papers/") for path, _ in pairs)


def test_related_papers_do_not_depend_on_site_order() -> None:
    site = make_site(SUB)
    shuffled = dataclasses.replace(site, papers=tuple(reversed(site.papers)))
    forward, backward = Related(site), Related(shuffled)
    for paper in site.papers:
        assert forward.of(paper.key) == backward.of(paper.key), paper.key


def test_related_papers_rank_by_shared_tags_then_title_words_then_slug() -> None:
    related = Related(make_site(SUB))
    # Worked out from tests/fixtures_site.py: both other vision papers share the one tag; "Same Day
    # Tie B" also shares three title words, so it comes first.
    assert related.of("same day tie a") == ("same day tie b", "diffusion fur bilder ein uberblick")
    assert related.of("same day tie b") == ("same day tie a", "diffusion fur bilder ein uberblick")
    # One shared tag and no shared word each: slug order (same-day-tie-a < same-day-tie-b).
    assert related.of("diffusion fur bilder ein uberblick") == ("same day tie a", "same day tie b")
    assert related.of("attention again") == ("safe rendering of untrusted text",)
    assert related.of("tiny models") == ()
