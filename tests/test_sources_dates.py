"""Digest dates (file name, front matter), page dates, card dates and year inference; read_dumps errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sources_support import ABSTRACT_A, blocks, write

from sitegen.errors import InputError
from sitegen.model import PartialDate
from sitegen.sources import read_dump, read_dumps
from sitegen.sources.dates import infer_year, parse_card_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Feb 5, 2024", (PartialDate(2, 5, 2024), None)),
        ("Dec 31, 2024 3", (PartialDate(12, 31, 2024), 3)),
        ("Apr 25 2", (PartialDate(4, 25), 2)),
        ("Oct 24", (PartialDate(10, 24), None)),
        ("Feb 29", (PartialDate(2, 29), None)),
        ("Feb 30", None),
        ("Feb 29, 2023", None),
        ("Sept 5", None),
        ("Mar 12,2025", None),
    ],
)
def test_card_dates(text: str, expected: object) -> None:
    assert parse_card_date(text) == expected


@pytest.mark.parametrize(
    ("printed", "base", "year"),
    [
        (PartialDate(12, 30), date(2025, 1, 3), 2024),  # a page from early January lists late December
        (PartialDate(1, 3), date(2025, 1, 3), 2025),  # the digest day itself is this year
        (PartialDate(1, 4), date(2025, 1, 3), 2024),  # one day after the page date: last year
        (PartialDate(2, 26), date(2025, 3, 14), 2025),
        (PartialDate(12, 31), date(2024, 12, 31), 2024),
    ],
)
def test_year_inference_around_new_year(printed: PartialDate, base: date, year: int) -> None:
    assert infer_year(printed, base).year == year


def test_year_inference_keeps_a_printed_year_and_an_unknown_base() -> None:
    assert infer_year(PartialDate(12, 30, 2019), date(2025, 1, 3)).year == 2019
    assert infer_year(PartialDate(12, 30), None).year is None


def test_feb_29_without_a_leap_year_stays_year_less_with_a_warning(tmp_path: Path) -> None:
    text = blocks("Paper", ABSTRACT_A, "  • 2 authors\n·\nFeb 29", page_date="Mar 12")
    dump = read_dump(write(tmp_path, "2025-03-12.txt", text))
    assert dump.entries[0].published == PartialDate(2, 29)
    assert [w.location.line for w in dump.warnings] == [11]


def test_year_less_card_dates_in_a_january_digest(tmp_path: Path) -> None:
    text = blocks("P1", ABSTRACT_A, "  • 2 authors\n·\nDec 30", "P2", ABSTRACT_A, "  • 2 authors\n·\nJan 2",
                  page_date="Jan 3")
    dump = read_dump(write(tmp_path, "2025-01-03-page.txt", text))
    assert [e.published for e in dump.entries] == [PartialDate(12, 30, 2024), PartialDate(1, 2, 2025)]
    assert dump.warnings == ()


@pytest.mark.parametrize(
    ("name", "digest"),
    [("2025-03-12.txt", date(2025, 3, 12)), ("2025-03-12-000_a9bdf.txt", date(2025, 3, 12)),
     ("notes-2025-03-12.txt", None), ("2025-3-12.txt", None)],
)
def test_digest_date_from_file_name(tmp_path: Path, name: str, digest: date | None) -> None:
    dump = read_dump(write(tmp_path, name, blocks("P", ABSTRACT_A)), require_date=False)
    assert dump.digest == digest


def test_impossible_date_in_file_name_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        read_dump(write(tmp_path, "2025-02-30.txt", blocks("P", ABSTRACT_A)))
    assert "not a real date" in exc.value.problems[0].message


def test_front_matter_gives_the_digest_date_and_its_lines_are_page_lines(tmp_path: Path) -> None:
    text = "---\ndate: 2025-03-12\n---\n" + blocks("Paper", ABSTRACT_A)
    dump = read_dump(write(tmp_path, "listing.txt", text))
    assert dump.digest == date(2025, 3, 12)
    assert dump.entries[0].location.line == 14
    assert dump.page_lines[:3] == (1, 2, 3)
    assert dump.warnings == ()


def test_front_matter_for_a_one_line_dump(tmp_path: Path) -> None:
    text = '---\ndate: "2025-03-14"\n---\n- Deep Nets Are Good We show it works. 3 authors · Feb 26\n'
    dump = read_dump(write(tmp_path, "cards.txt", text))
    assert (dump.digest, dump.entries[0].published) == (date(2025, 3, 14), PartialDate(2, 26, 2025))


@pytest.mark.parametrize(
    ("front", "line", "words"),
    [
        ("---\ndate: 2025-13-01\n---\n", 2, "YYYY-MM-DD"),
        ("---\ndate: 12 March\n---\n", 2, "YYYY-MM-DD"),
        ("---\ndtae: 2025-03-12\n---\n", 2, "did you mean 'date'"),
        ("---\njust text\n---\n", 2, "key: value"),
        ("---\ndate: 2025-03-12\n", 1, "never closed"),
    ],
)
def test_front_matter_errors(tmp_path: Path, front: str, line: int, words: str) -> None:
    with pytest.raises(InputError) as exc:
        read_dump(write(tmp_path, "listing.txt", front + blocks("Paper", ABSTRACT_A)))
    (problem,) = exc.value.problems
    assert problem.location.line == line
    assert words in problem.message


def test_front_matter_and_file_name_disagreeing_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        read_dump(write(tmp_path, "2025-03-11.txt", "---\ndate: 2025-03-12\n---\n" + blocks("P", ABSTRACT_A)))
    assert exc.value.problems[0].location.line == 2


def test_missing_digest_date_says_how_to_give_one(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        read_dump(write(tmp_path, "listing.txt", blocks("Paper", ABSTRACT_A)))
    (problem,) = exc.value.problems
    assert problem.location.path.endswith("listing.txt")
    assert "YYYY-MM-DD.txt" in problem.message and "front matter" in problem.message


def test_missing_digest_date_allowed_for_parse_leaves_years_unknown(tmp_path: Path) -> None:
    text = blocks("Paper", ABSTRACT_A, "  • 2 authors\n·\nFeb 5")
    dump = read_dump(write(tmp_path, "listing.txt", text), require_date=False)
    assert dump.digest is None
    assert dump.entries[0].published == PartialDate(2, 5)


def test_read_dumps_orders_by_digest_date(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", "---\ndate: 2025-03-01\n---\n" + blocks("P", ABSTRACT_A, page_date="Mar 1"))
    write(tmp_path, "2025-03-12.txt", blocks("Q", ABSTRACT_A))
    write(tmp_path, "readme.md", "not a dump")
    dumps = read_dumps(tmp_path)
    assert [Path(d.path).name for d in dumps] == ["b.txt", "2025-03-12.txt"]


def test_read_dumps_reports_every_bad_file_and_duplicate_dates_at_once(tmp_path: Path) -> None:
    write(tmp_path, "2025-03-12.txt", blocks("P", ABSTRACT_A))
    write(tmp_path, "2025-03-12-again.txt", blocks("Q", ABSTRACT_A))
    write(tmp_path, "2025-03-13.txt", b"")
    write(tmp_path, "2025-03-14.txt", b"\x00")
    with pytest.raises(InputError) as exc:
        read_dumps(tmp_path)
    found = sorted((Path(p.location.path).name, p.message.split(":")[0]) for p in exc.value.problems)
    assert [name for name, _ in found] == ["2025-03-12.txt", "2025-03-13.txt", "2025-03-14.txt"]
    duplicate = next(p for p in exc.value.problems if p.location.path.endswith("2025-03-12.txt"))
    assert "2025-03-12-again.txt" in duplicate.message


@pytest.mark.parametrize("make", ["empty", "missing"])
def test_read_dumps_on_an_empty_or_missing_folder_is_an_error(tmp_path: Path, make: str) -> None:
    folder = tmp_path if make == "empty" else tmp_path / "nowhere"
    with pytest.raises(InputError) as exc:
        read_dumps(folder)
    assert exc.value.problems[0].location.path == "dumps"  # the folder as the project names it


def test_front_matter_only_dump_is_a_digest_waiting_for_its_paste(tmp_path: Path) -> None:
    """What ``sitegen new-digest`` writes before the curator pastes the page: a warning, not an error."""
    dump = read_dump(write(tmp_path, "2025-03-12.txt", "---\ndate: 2025-03-12\n---\n"))
    assert dump.entries == ()
    (problem,) = dump.warnings
    assert problem.location.line == 3
    assert problem.message == "no papers yet: paste a copied listing below the front matter"
