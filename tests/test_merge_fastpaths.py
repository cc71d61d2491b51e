"""Merging's shortcut for papers seen once (issue 6) keeps every field as the one sighting prints it."""

from __future__ import annotations

from datetime import date

from sitegen import merge
from sitegen.merge import merge_dumps, title_key
from sitegen.model import Dump, Layout, Location, Paper, PartialDate, RawEntry
from sitegen.util.memo import BoundedMemo


def test_a_paper_seen_once_is_its_sighting() -> None:
    seen = RawEntry(Location("2025-03-12.txt", 7), "Deep Nets", "We cut it short…", 4,
                    PartialDate(3, 1, 2025), 12, 2, 8)
    bare = RawEntry(Location("2025-03-12.txt", 11), "Bare", "Only an abstract.")
    digest = Dump("2025-03-12.txt", Layout.LINES, date(2025, 3, 12), None, (seen, bare), (), 20)
    merged = merge_dumps([digest])
    assert merged.warnings == ()
    assert merged.papers == (
        # A truncated abstract is kept when it is the only one.
        Paper(title_key("Deep Nets"), "Deep Nets", "We cut it short…", 4, date(2025, 3, 1), 12, 2,
              (date(2025, 3, 12),), (Location("2025-03-12.txt", 7),)),
        Paper("bare", "Bare", "Only an abstract.", None, None, None, None,
              (date(2025, 3, 12),), (Location("2025-03-12.txt", 11),)),
    )


def test_a_year_less_card_date_stays_unpublished() -> None:
    # Without a year there is no date to publish: PartialDate.to_date gives None, as for merged papers.
    entry = RawEntry(Location("d.txt", 1), "T", "A.", published=PartialDate(3, 1))
    merged = merge_dumps([Dump("d.txt", Layout.LINES, date(2025, 3, 12), None, (entry,), (), 1)])
    assert merged.papers[0].published is None


def test_title_keys_are_remembered_and_bounded() -> None:
    keys = BoundedMemo(merge._title_key, size=2)
    assert [keys[t] for t in ("Pre-Trained  LLMs?", "B", "Pre-Trained  LLMs?")] == ["pre trained llms", "b",
                                                                                    "pre trained llms"]
    assert keys["C"] == "c"  # a third title in a full cache: it starts again
    assert len(keys) <= 2
    assert title_key("Fast & Slow: Learning") == "fast slow learning"
