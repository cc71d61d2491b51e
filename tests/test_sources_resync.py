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
    quirk: str
    """"plain", "split" (at a sentence's end), "broken" (mid-sentence: the first part reads as a
    title), "no-abstract", "blank", "stray" (a label before the title), "label" (a label between title
    and abstract), "repeat", "card" (a one-line card among the blocks), "initialism" (a title with
    ``U.S.`` in it), "submitter" (``Submitted by`` and a user name before the title)."""
    label: str


QUIRKS = ["plain", "plain", "split", "broken", "no-abstract", "blank", "stray", "label", "repeat", "card",
          "initialism", "submitter"]
CARDS = st.builds(
    Card,
    st.sampled_from(PAPERS).map(lambda p: p[0]),
    st.sampled_from(PAPERS).map(lambda p: p[1]),
    st.sampled_from(QUIRKS),
    st.sampled_from(sorted(UI_LABELS)),
)


def mid_sentence_cut(abstract: str) -> int | None:
    """Where to break ``abstract`` so that its first part reads as a title and the rest starts with a
    lower-case word: after its 4th to 12th word, before any full stop; None when there is no such place."""
    words = abstract.split(" ")
    for count in range(4, min(13, len(words))):
        head = " ".join(words[:count])
        if "." in head or not words[count][:1].isalpha():
            return None
        if words[count][:1].islower() and not is_prose(head) and not is_stray(head):
            return len(head)
    return None


def write_dump(cards: list[Card]) -> tuple[str, list[tuple[str, str]], list[int]]:
    """The dump text, the (title, abstract) the reader must publish in order, and the lines it must
    warn about (a title without abstract, a stray label)."""
    lines = list(HEADER)
    expected: list[tuple[str, str]] = []
    warned: list[int] = []

    def paragraph(text: str) -> None:
        lines.extend([text, ""])

    for card in cards:
        title, broken = card.title, mid_sentence_cut(card.abstract)
        if card.quirk == "card":
            paragraph(f"- {title} | {card.abstract} 3 authors · Mar 1")
            expected.append((title, card.abstract))
            continue
        if card.quirk == "stray":
            warned.append(len(lines) + 1)
            paragraph(card.label.title())
        if card.quirk == "submitter":
            lines.extend(["Submitted by", "akhaliq", ""])
        if card.quirk == "initialism":
            title = f"{title} for the U.S. Census"
        paragraph(title)
        if card.quirk == "no-abstract":
            warned.append(len(lines) - 1)
            continue
        if card.quirk == "label":
            warned.append(len(lines) + 1)
            paragraph(card.label.title())
        if card.quirk == "broken" and broken is not None:
            warned.append(len(lines) + 1)
            paragraph(card.abstract[:broken])
            paragraph(card.abstract[broken + 1:])
        elif card.quirk == "split":
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
        expected.append((title, card.abstract))
        if card.quirk == "repeat":
            paragraph(title)
            paragraph(card.abstract)
            expected.append((title, card.abstract))
    return "\n".join(lines), expected, warned


def test_the_seed_papers_are_many_and_read_as_titles_and_prose() -> None:
    assert len(PAPERS) > 100
    # The "broken" quirk has abstracts to break: most seed abstracts start "We ...", "Large ...".
    assert sum(mid_sentence_cut(abstract) is not None for _, abstract in PAPERS) > 50


def few_cards(cards: list[Card]) -> bool:
    """Cards at most half the papers: a file of mostly cards is a one-line dump (``detect_layout``)."""
    return 2 * sum(card.quirk == "card" for card in cards) <= len(cards)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(CARDS, min_size=1, max_size=12).filter(few_cards))
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
