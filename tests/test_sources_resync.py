"""The blocks reader never loses its place: generated dumps of real seed papers with the irregularities
a browser copy makes (an abstract in two paragraphs, a title without its abstract, whitespace-only
lines, stray labels of the page, a paper twice), and every paper after an irregularity still read
exactly, every skipped line in a warning at its line."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.sources import read_dump
from sitegen.sources.paragraphs import UI_LABELS, is_prose, is_stray

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
SENTENCE_END = re.compile(r"[a-z]{3}\. (?=[A-Z])")
HEADER = ["new", "", "Get trending papers in your email inbox!", "", "Subscribe", "", "Mar 12", ""]


def seed_papers() -> list[tuple[str, str]]:
    papers = []
    for path in sorted(SEEDS.glob("*.json")):
        golden = json.loads(path.read_text(encoding="utf-8"))
        if golden["layout"] == "blocks":
            papers += [(r["title"], r["abstract"]) for r in golden["records"]
                       if SENTENCE_END.search(r["abstract"])]
    return papers


PAPERS = seed_papers()


@dataclass(frozen=True)
class Card:
    title: str
    abstract: str
    quirk: str  # "plain", "split", "no-abstract", "blank", "stray", "repeat"
    label: str


CARDS = st.builds(
    Card,
    st.sampled_from(PAPERS).map(lambda p: p[0]),
    st.sampled_from(PAPERS).map(lambda p: p[1]),
    st.sampled_from(["plain", "plain", "split", "no-abstract", "blank", "stray", "repeat"]),
    st.sampled_from(sorted(UI_LABELS)),
)


def write_dump(cards: list[Card]) -> tuple[str, list[tuple[str, str]], list[int]]:
    """The dump text, the (title, abstract) the reader must publish in order, and the lines it must
    warn about (a title without abstract, a stray label)."""
    lines = list(HEADER)
    expected: list[tuple[str, str]] = []
    warned: list[int] = []

    def paragraph(text: str) -> None:
        lines.extend([text, ""])

    for card in cards:
        if card.quirk == "stray":
            warned.append(len(lines) + 1)
            paragraph(card.label.title())
        paragraph(card.title)
        if card.quirk == "no-abstract":
            warned.append(len(lines) - 1)
            continue
        if card.quirk == "split":
            # At a sentence's end (a word of three letters or more, then a capital), as a copy breaks.
            cut = SENTENCE_END.search(card.abstract)
            assert cut is not None
            first, rest = card.abstract[: cut.end() - 1], card.abstract[cut.end():]
            paragraph(first)
            warned.append(len(lines) + 1)
            paragraph(rest)
        else:
            if card.quirk == "blank":
                lines.extend([" \t ", ""])
            paragraph(card.abstract)
        expected.append((card.title, card.abstract))
        if card.quirk == "repeat":
            paragraph(card.title)
            paragraph(card.abstract)
            expected.append((card.title, card.abstract))
    return "\n".join(lines), expected, warned


def test_the_seed_papers_are_many_and_read_as_titles_and_prose() -> None:
    assert len(PAPERS) > 100


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(CARDS, min_size=1, max_size=12))
def test_every_paper_after_an_irregularity_is_read_exactly(tmp_path: Path, cards: list[Card]) -> None:
    text, expected, warned = write_dump(cards)
    path = tmp_path / "2025-03-12.txt"
    path.write_text(text, encoding="utf-8")
    dump = read_dump(path, name="dumps/2025-03-12.txt")
    assert [(e.title, e.abstract) for e in dump.entries] == expected
    assert sorted({w.location.line for w in dump.warnings}) == sorted(set(warned))


def test_every_seed_title_reads_as_a_title_and_every_abstract_as_prose() -> None:
    everything = []
    for path in sorted(SEEDS.glob("*.json")):
        everything += json.loads(path.read_text(encoding="utf-8"))["records"]
    assert len(everything) > 500
    assert [r["title"] for r in everything if is_prose(r["title"]) or is_stray(r["title"])] == []
    blocks = [r for r in everything if not r["abstract"].endswith(("…", "..."))]
    assert [r["title"] for r in blocks if not is_prose(r["abstract"])] == []


def test_what_makes_prose() -> None:
    assert is_prose("We show that it works.")
    assert is_prose("It works well. Then it stops")  # a sentence break inside
    assert is_prose("The abstract was cut short …")
    assert not is_prose("To Cool or not to Cool? Temperature Network Meets Large Foundation Models via DRO")
    assert not is_prose("Fast vs. Slow Thinking in LLMs")
    assert not is_prose("netFound: Foundation Model for Network Security")
    assert is_stray("Upvote") and is_stray("123") and not is_stray("Memory Networks")
