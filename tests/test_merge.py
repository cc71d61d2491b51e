"""Merging sightings across dumps into papers."""

from __future__ import annotations

from datetime import date

import pytest

from sitegen.errors import InputError
from sitegen.merge import merge_dumps, title_key
from sitegen.model import Dump, Layout, Location, PartialDate, RawEntry


def dump(day: int, *entries: RawEntry, name: str | None = None) -> Dump:
    path = name or f"2025-03-{day:02d}.txt"
    fixed = tuple(RawEntry(Location(path, e.location.line), e.title, e.abstract, e.authors, e.published,
                           e.upvotes, e.comments) for e in entries)
    return Dump(path, Layout.BLOCKS, date(2025, 3, day), None, fixed, (), 100)


def entry(line: int, title: str, abstract: str = "Full abstract.", **meta: object) -> RawEntry:
    return RawEntry(Location("?", line), title, abstract, **meta)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("a", "b"),
    [("Deep Nets", "deep  nets"), ("Pre-Trained LLMs?", "pre trained llms"),
     ("\uff26\uff55\uff4c\uff4c width", "full width"),  # full-width letters (NFKC)
     ("Fast & Slow: Learning", "fast slow learning"), ("STRASSE", "straße")],
)
def test_title_key_equal(a: str, b: str) -> None:
    assert title_key(a) == title_key(b)


@pytest.mark.parametrize(
    ("a", "b"), [("C++ Nets", "C Nets"), ("PreTrained", "Pre Trained"), ("GPT-4", "GPT-3")]
)
def test_title_key_different(a: str, b: str) -> None:
    assert title_key(a) != title_key(b)


def test_longest_untruncated_abstract_wins_over_a_longer_truncated_one() -> None:
    result = merge_dumps([
        dump(11, entry(1, "Paper", "Short but whole.")),
        dump(12, entry(5, "paper", "A much longer copy of the abstract that was cut off by the page ...")),
        dump(13, entry(9, "PAPER", "Short but whole, and a bit longer.")),
    ])
    (paper,) = result.papers
    assert paper.abstract == "Short but whole, and a bit longer."
    assert paper.title == "PAPER"  # the latest sighting's title
    assert paper.digests == (date(2025, 3, 11), date(2025, 3, 12), date(2025, 3, 13))
    assert [str(s) for s in paper.sources] == ["2025-03-11.txt:1", "2025-03-12.txt:5", "2025-03-13.txt:9"]
    assert result.warnings == ()


def test_truncated_abstract_kept_when_no_other_exists() -> None:
    dumps = [dump(11, entry(1, "P", "Cut…")), dump(12, entry(1, "P", "Cut a bit later…"))]
    (paper,) = merge_dumps(dumps).papers
    assert paper.abstract == "Cut a bit later…"
    assert paper.truncated


def test_metadata_is_filled_from_whichever_sighting_has_it() -> None:
    result = merge_dumps([
        dump(11, entry(1, "P", authors=3, published=PartialDate(2, 5, 2024))),
        dump(12, entry(1, "P", upvotes=7, comments=2)),
        dump(13, entry(1, "P")),
    ])
    (paper,) = result.papers
    assert (paper.authors, paper.published, paper.upvotes, paper.comments) == (3, date(2024, 2, 5), 7, 2)
    assert result.warnings == ()


def test_nothing_printed_means_none() -> None:
    (paper,) = merge_dumps([dump(11, entry(1, "P"))]).papers
    assert (paper.authors, paper.published, paper.upvotes, paper.comments) == (None, None, None, None)


def test_conflicting_metadata_is_a_warning_naming_both_places() -> None:
    result = merge_dumps([
        dump(11, entry(4, "P", authors=3, published=PartialDate(2, 5, 2024))),
        dump(12, entry(8, "P", authors=4, published=PartialDate(2, 5, 2025))),
    ])
    (paper,) = result.papers
    assert (paper.authors, paper.published) == (4, date(2025, 2, 5))
    assert len(result.warnings) == 2
    for problem in result.warnings:
        assert str(problem.location) == "2025-03-12.txt:8"
        assert "2025-03-11.txt:4" in problem.message


def test_upvotes_change_over_time_without_warning() -> None:
    result = merge_dumps([dump(11, entry(1, "P", upvotes=1)), dump(12, entry(1, "P", upvotes=9))])
    assert result.papers[0].upvotes == 9
    assert result.warnings == ()


def test_same_paper_twice_in_one_dump_is_two_sightings_one_digest() -> None:
    (paper,) = merge_dumps([dump(11, entry(1, "P"), entry(5, "P"))]).papers
    assert [s.line for s in paper.sources] == [1, 5]
    assert paper.digests == (date(2025, 3, 11),)


def test_papers_in_order_of_first_sighting_whatever_the_input_order() -> None:
    later = dump(12, entry(1, "B"), entry(3, "A"))
    earlier = dump(11, entry(1, "C"), entry(3, "B"))
    result = merge_dumps([later, earlier])
    assert [p.title for p in result.papers] == ["C", "B", "A"]
    assert [p.key for p in result.papers] == ["c", "b", "a"]


def test_dump_without_digest_cannot_be_merged() -> None:
    undated = Dump("x.txt", Layout.BLOCKS, None, None, (entry(1, "P"),), (), 3)
    with pytest.raises(InputError):
        merge_dumps([undated])
