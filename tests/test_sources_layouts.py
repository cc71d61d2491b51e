"""Layout detection and the block / meta / one-line readers on small hand-made dumps."""

from __future__ import annotations

from pathlib import Path

import pytest
from sources_support import ABSTRACT_A, ABSTRACT_B, blocks, covered_lines, write

from sitegen.errors import InputError
from sitegen.model import Layout, PartialDate, RawEntry
from sitegen.sources import read_dump

NAME = "2025-03-12.txt"


def fields(entry: RawEntry) -> tuple[object, ...]:
    return (entry.location.line, entry.title, entry.abstract, entry.authors, entry.published,
            entry.upvotes, entry.comments, entry.end_line)


def test_blocks_layout(tmp_path: Path) -> None:
    dump = read_dump(write(tmp_path, NAME, blocks("First paper", ABSTRACT_A, "pLSTM: second", ABSTRACT_B)))
    assert dump.layout is Layout.BLOCKS
    assert dump.page_date == PartialDate(3, 12)
    assert [fields(e) for e in dump.entries] == [
        (11, "First paper", ABSTRACT_A, None, None, None, None, 13),
        (15, "pLSTM: second", ABSTRACT_B, None, None, None, None, 17),
    ]
    assert dump.page_lines == (1, 3, 5, 7, 9)
    assert dump.warnings == ()


def test_meta_layout_with_and_without_meta_blocks(tmp_path: Path) -> None:
    text = blocks("Paper one", ABSTRACT_A, "  • 3 authors\n·\nFeb 5, 2024", "Paper two", ABSTRACT_B,
                  "Paper three", ABSTRACT_A, "  • 1 authors\n·\nApr 25 2", page_date="Daily Papers\n\nMar 12")
    dump = read_dump(write(tmp_path, NAME, text))
    assert dump.layout is Layout.META
    assert [fields(e) for e in dump.entries] == [
        (13, "Paper one", ABSTRACT_A, 3, PartialDate(2, 5, 2024), None, None, 19),
        (21, "Paper two", ABSTRACT_B, None, None, None, None, 23),
        (25, "Paper three", ABSTRACT_A, 1, PartialDate(4, 25, 2024), None, 2, 31),  # Apr 25 > Mar 12
    ]
    # The page prints a year only for dates before its year and older than two weeks: a year-less
    # Apr 25 on a Mar 12 page fits no reading of that rule, so the year is a guess, and says so.
    assert [(w.location.line, w.message) for w in dump.warnings] == [
        (25, "card date Apr 25 lies after the digest date 2025-03-12: read as 2024-04-25, a year earlier; "
             "write its year on the line to settle it (Apr 25, 2025 or Apr 25, 2024)")]


@pytest.mark.parametrize(("digest", "card", "published", "warned"), [
    ("2025-01-03", "Dec 30", PartialDate(12, 30, 2024), False),  # four days back: the page's rule
    ("2025-01-03", "Jan 3", PartialDate(1, 3, 2025), False),
    ("2025-01-03", "Dec 19", PartialDate(12, 19, 2024), True),  # 15 days back: would print its year
    ("2025-03-12", "Mar 13", PartialDate(3, 13, 2024), True),  # a page copied a day late, most likely
])
def test_a_year_less_card_date_is_warned_when_the_page_would_have_printed_its_year(
        tmp_path: Path, digest: str, card: str, published: PartialDate, warned: bool) -> None:
    text = blocks("Paper one", ABSTRACT_A, f"  • 3 authors\n·\n{card}", page_date="Mar 12")
    dump = read_dump(write(tmp_path, f"{digest}.txt", text))
    assert [e.published for e in dump.entries] == [published]
    doubts = [w for w in dump.warnings if w.message.startswith("card date")]
    assert [w.location.line for w in doubts] == ([11] if warned else [])


def test_one_line_layout_keeps_upvote_marker_and_counts(tmp_path: Path) -> None:
    text = ("- Deep Nets Are Good We show that deep nets are good. 3 authors · Feb 26\n"
            "12 Attention Works In this paper we show it. 10 authors · Dec 31, 2024 3\n")
    dump = read_dump(write(tmp_path, "2025-03-14.txt", text))
    assert dump.layout is Layout.LINES
    assert dump.page_date is None
    (first, second) = dump.entries
    assert (first.upvotes, first.authors, first.published, first.comments) == (
        0, 3, PartialDate(2, 26, 2025), None)
    assert (second.upvotes, second.authors, second.published, second.comments) == (
        12, 10, PartialDate(12, 31, 2024), 3)
    assert (first.location.line, second.location.line) == (1, 2)
    assert first.title + " " + first.abstract == "Deep Nets Are Good We show that deep nets are good."


def test_one_line_layout_warns_on_a_line_that_is_no_card(tmp_path: Path) -> None:
    text = ("- Deep Nets Are Good We show that deep nets are good. 3 authors · Feb 26\n"
            "Subscribe\nsome stray text\n"
            "- Attention Works In this paper we show it. 10 authors · Dec 31, 2024\n")
    dump = read_dump(write(tmp_path, "2025-03-14.txt", text))
    assert len(dump.entries) == 2
    assert dump.page_lines == (2,)
    assert [(w.location.line, w.message) for w in dump.warnings] == [
        (3, "not a paper card, skipped: some stray text")]


def test_submitted_by_and_other_page_lines_are_recognised(tmp_path: Path) -> None:
    text = blocks("Submitted by alice", "Paper one", "Submitted by bob", ABSTRACT_A, "Subscribe", "Paper two",
                  ABSTRACT_B)
    dump = read_dump(write(tmp_path, NAME, text))
    assert [(e.title, e.abstract) for e in dump.entries] == [
        ("Paper one", ABSTRACT_A), ("Paper two", ABSTRACT_B)]
    assert dump.page_lines == (1, 3, 5, 7, 9, 11, 15, 19)
    assert dump.warnings == ()


def test_a_submitters_name_on_its_own_line_is_page_chrome_in_a_one_line_dump(tmp_path: Path) -> None:
    card_a = "- Memory Networks We describe a new class of models. They reason well. 3 authors · Mar 3, 2015"
    card_b = "1 Pointer Networks We introduce a new neural architecture. It learns. 2 authors · Jun 9, 2015"
    text = "\n".join(["Submitted by", "akhaliq", card_a, "Submitted by", "Jiaxin_Wen", card_b])
    dump = read_dump(write(tmp_path, "2025-03-14.txt", text))
    assert dump.layout is Layout.LINES
    assert [e.title for e in dump.entries] == ["Memory Networks", "Pointer Networks"]
    assert dump.page_lines == (1, 2, 4, 5)
    assert dump.warnings == ()


def test_a_one_line_card_among_blocks_is_read_as_a_card(tmp_path: Path) -> None:
    card = "7 Pointer Networks | We introduce a new neural architecture. 2 authors · Jun 9, 2015"
    dump = read_dump(write(tmp_path, NAME, blocks("Paper one", ABSTRACT_A, card, "Paper two", ABSTRACT_B)))
    assert dump.layout is Layout.BLOCKS
    assert [fields(e) for e in dump.entries] == [
        (11, "Paper one", ABSTRACT_A, None, None, None, None, 13),
        (15, "Pointer Networks", "We introduce a new neural architecture.", 2, PartialDate(6, 9, 2015), 7,
         None, 15),
        (17, "Paper two", ABSTRACT_B, None, None, None, None, 19),
    ]
    assert dump.warnings == ()


def test_a_title_line_before_a_label_or_a_broken_abstract_says_what_was_chosen(tmp_path: Path) -> None:
    # "Paper one", then a title-like line: the second is taken as the title, and the first's warning
    # names it. A lower-case paragraph after such a line shows it began a broken abstract instead.
    text = blocks("Paper one", "Overview", ABSTRACT_A, "Paper two", "We propose a", "new method. It works.")
    dump = read_dump(write(tmp_path, NAME, text))
    assert [(e.title, e.abstract) for e in dump.entries] == [
        ("Overview", ABSTRACT_A), ("Paper two", "We propose a new method. It works.")]
    assert [(w.location.line, w.message) for w in dump.warnings] == [
        (11, "title with no abstract after it, skipped: Paper one (the next title-like line, 'Overview', is "
             "read as the title of what follows; if this line is that title, or the two lines are one, edit "
             "the dump)"),
        (19, "an abstract broken mid-sentence over lines 19 and 21, read as the abstract of 'Paper two' "
             "(line 17)"),
    ]


def test_duplicate_paper_in_one_file_is_two_sightings(tmp_path: Path) -> None:
    dump = read_dump(write(tmp_path, NAME, blocks("Same", ABSTRACT_A, "Same", ABSTRACT_A)))
    assert [(e.title, e.location.line) for e in dump.entries] == [("Same", 11), ("Same", 15)]
    assert dump.warnings == ()


def test_truncated_abstract_is_kept_and_flagged(tmp_path: Path) -> None:
    dump = read_dump(write(tmp_path, NAME, blocks("Cut", "It starts well and then…", "Dots", "Also cut ...")))
    assert [(e.abstract, e.truncated) for e in dump.entries] == [
        ("It starts well and then…", True), ("Also cut ...", True)]


def test_title_without_abstract_is_a_warning_with_its_line(tmp_path: Path) -> None:
    dump = read_dump(write(tmp_path, NAME, blocks("Paper one", ABSTRACT_A, "Lonely title")))
    assert len(dump.entries) == 1
    assert [(w.location.line, w.message) for w in dump.warnings] == [
        (15, "title with no abstract after it, skipped: Lonely title")]


def test_meta_line_out_of_place_is_a_warning(tmp_path: Path) -> None:
    dump = read_dump(write(tmp_path, NAME, blocks("  • 3 authors", "Paper one", ABSTRACT_A)))
    assert [e.title for e in dump.entries] == ["Paper one"]
    assert [w.location.line for w in dump.warnings] == [11]
    assert "• 3 authors" in dump.warnings[0].message


def test_page_date_differing_from_digest_is_a_warning(tmp_path: Path) -> None:
    dump = read_dump(write(tmp_path, NAME, blocks("Paper", ABSTRACT_A, page_date="Mar 13")))
    assert [(w.location.line, w.message) for w in dump.warnings] == [
        (9, "page date 03-13 differs from the digest date 2025-03-12")]


def test_every_non_blank_line_is_accounted_for_in_a_messy_dump(tmp_path: Path) -> None:
    text = blocks("Paper", ABSTRACT_A, "  • 2 authors\n·\nMar 1 4\n·", "junk title", "Submitted by x",
                  "Mar 9")
    dump = read_dump(write(tmp_path, NAME, text))
    non_blank = {i for i, line in enumerate(text.split("\n"), 1) if line.strip()}
    assert non_blank <= covered_lines(dump)


@pytest.mark.parametrize("text", ["just one line of prose", "two lines\nno blank between", "\n\n.\n"])
def test_unrecognised_layout_is_an_error_at_the_first_text_line(tmp_path: Path, text: str) -> None:
    with pytest.raises(InputError) as exc:
        read_dump(write(tmp_path, NAME, text))
    (problem,) = exc.value.problems
    first = next(i for i, line in enumerate(text.split("\n"), 1) if line.strip())
    assert problem.location.line == first
    assert "not a recognised paper listing" in problem.message


# --- Damaged meta: the paper keeps its text and loses only the field -------------------------------

GOOD_CARD = "- Good Paper Here We show a thing that works. 2 authors · Mar 3, 2015"


@pytest.mark.parametrize(
    ("tail", "authors", "published", "comments", "damaged"),
    [
        ("3 authors · Feb 31, 2024", 3, None, None, "date 'Feb 31, 2024'"),
        ("3 authors · Feb 29, 2023", 3, None, None, "date 'Feb 29, 2023'"),
        ("x authors · Jun 12, 2017", None, PartialDate(6, 12, 2017), None, "author count 'x'"),
        ("5 authors · Jum 12, 2017", 5, None, None, "date 'Jum 12, 2017'"),
        ("2 authors · Mar 3, 2015 x", 2, None, None, "date 'Mar 3, 2015 x'"),
        ("?? authors · Jan 12 4", None, PartialDate(1, 12, 2025), 4, "author count '??'"),
    ],
)
def test_one_line_card_with_damaged_meta_keeps_its_text(
    tmp_path: Path, tail: str, authors: int | None, published: PartialDate | None, comments: int | None,
    damaged: str,
) -> None:
    text = f"{GOOD_CARD}\n7 Pointer Networks We introduce a new neural architecture. {tail}\n{GOOD_CARD}\n"
    dump = read_dump(write(tmp_path, "2025-03-14.txt", text))
    assert len(dump.entries) == 3
    entry = dump.entries[1]
    assert (entry.title, entry.abstract) == ("Pointer Networks", "We introduce a new neural architecture.")
    assert (entry.upvotes, entry.authors, entry.published, entry.comments) == (
        7, authors, published, comments)
    assert [(w.location.line, w.message) for w in dump.warnings] == [
        (2, f"damaged card meta, left out: {damaged} (the paper is kept)")]


@pytest.mark.parametrize(
    ("meta", "authors", "published", "line", "message"),
    [
        (("  • x authors", "·", "Feb 5, 2024"), None, PartialDate(2, 5, 2024), 15,
         "damaged author line, the count is left out (the paper is kept): • x authors"),
        (("  • 3 authors", "·", "Feb 31, 2024"), 3, None, 19,
         "damaged date line, the date is left out (the paper is kept): Feb 31, 2024"),
        (("  • 3 authors", "·", "Jun 12, 2017 x"), 3, None, 19,
         "damaged date line, the date is left out (the paper is kept): Jun 12, 2017 x"),
    ],
)
def test_meta_block_with_a_damaged_line_keeps_the_paper(
    tmp_path: Path, meta: tuple[str, ...], authors: int | None, published: PartialDate | None, line: int,
    message: str,
) -> None:
    dump = read_dump(write(tmp_path, NAME, blocks("Paper one", ABSTRACT_A, *meta, "Paper two", ABSTRACT_B,
                                                  "  • 2 authors", "·", "Mar 1, 2024")))
    assert [e.title for e in dump.entries] == ["Paper one", "Paper two"]
    first, second = dump.entries
    assert (first.abstract, first.authors, first.published) == (ABSTRACT_A, authors, published)
    assert (second.authors, second.published) == (2, PartialDate(3, 1, 2024))
    assert [(w.location.line, w.message) for w in dump.warnings] == [(line, message)]


def test_a_title_shaped_like_a_date_is_still_a_title(tmp_path: Path) -> None:
    dump = read_dump(write(tmp_path, NAME, blocks("Paper one", ABSTRACT_A, "Yet 2 Things", ABSTRACT_B)))
    assert [e.title for e in dump.entries] == ["Paper one", "Yet 2 Things"]
    assert dump.warnings == ()
