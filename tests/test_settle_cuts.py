"""Known titles settle one-line cuts (issue 12.4): a title read from another dump of the digest, or
kept in the ledger, that begins a one-line card wins that card's cut."""

from __future__ import annotations

import math
from pathlib import Path

from sources_support import blocks, write

from sitegen.merge import merge_dumps, title_key
from sitegen.model import Layout
from sitegen.sources.layouts import UNSURE_CUT
from sitegen.sources.reader import read_dump

# Alone, this card is cut after "Networks": "Are Slow ..." reads like the rest of a title.
CARD = ("5 Fast Learning Deep Networks Are Slow to train in practice. We show that this holds. "
        "3 authors · Mar 2")
TITLE = "Fast Learning"
ABSTRACT = "Deep Networks Are Slow to train in practice. We show that this holds."


def read_card(tmp_path: Path, line: str = CARD) -> Path:
    return write(tmp_path, "2025-03-14.txt", line + "\n")


def titles(papers: object) -> list[str]:
    return sorted(paper.title for paper in papers)  # type: ignore[attr-defined]


def test_alone_the_card_is_cut_elsewhere(tmp_path: Path) -> None:
    # The premise of the tests below: without help the reader chooses another cut.
    (entry,) = read_dump(read_card(tmp_path)).entries
    assert entry.title != TITLE
    assert math.isfinite(entry.cut_margin or 0.0)


def test_a_title_from_a_blocks_dump_settles_the_cut(tmp_path: Path) -> None:
    other = read_dump(write(tmp_path, "2025-03-12.txt", blocks(TITLE, ABSTRACT)))
    assert other.layout is Layout.BLOCKS
    lines = read_dump(read_card(tmp_path))
    merged = merge_dumps([other, lines])
    (paper,) = merged.papers
    assert (paper.title, paper.abstract) == (TITLE, ABSTRACT)
    assert len(paper.digests) == 2  # one paper, seen in both digests
    # Shorter than the reader's own cut, so it might be another paper's title: said, at the card.
    (said,) = merged.warnings
    assert (Path(said.location.path).name, said.location.line) == ("2025-03-14.txt", 1)
    assert f"{other.entries[0].location}" in said.message and "' | '" in said.message


def test_a_ledger_key_settles_the_cut(tmp_path: Path) -> None:
    merged = merge_dumps([read_dump(read_card(tmp_path))], frozenset({title_key(TITLE)}))
    (paper,) = merged.papers
    assert (paper.title, paper.abstract) == (TITLE, ABSTRACT)
    assert [w.message.split(":")[0] for w in merged.warnings] == [
        "one-line card cut after the title known from permalinks.lock"]


def test_a_known_title_longer_than_the_cut_is_sure(tmp_path: Path) -> None:
    # Alone, the reader takes "Optimization WorM" for the abstract's opening words (a generated card).
    card = ("5 An Inclusive Review of Bayesian Optimization WorM comprises 108,948 frontal-view X-ray "
            "images in breast cancer. 2 authors · Mar 2")
    (alone,) = read_dump(read_card(tmp_path, card)).entries
    assert alone.title == "An Inclusive Review of Bayesian"
    known = frozenset({title_key("An Inclusive Review of Bayesian Optimization")})
    merged = merge_dumps([read_dump(read_card(tmp_path, card))], known)
    (paper,) = merged.papers
    assert (paper.title, paper.abstract, merged.warnings) == (
        "An Inclusive Review of Bayesian Optimization",
        "WorM comprises 108,948 frontal-view X-ray images in breast cancer.", ())


def test_the_longest_known_title_wins(tmp_path: Path) -> None:
    known = frozenset({title_key("Fast"), title_key("Fast Learning"), title_key("Fast Learning Deep")})
    (paper,) = merge_dumps([read_dump(read_card(tmp_path))], known).papers
    assert paper.title == "Fast Learning Deep"


def test_a_known_title_that_is_the_whole_card_does_not_empty_the_abstract(tmp_path: Path) -> None:
    whole = title_key("Fast Learning Deep Networks Are Slow to train in practice. We show that this holds.")
    (paper,) = merge_dumps([read_dump(read_card(tmp_path))], frozenset({whole})).papers
    assert paper.abstract  # never an empty abstract: the card's own cut stands


def test_the_curators_marker_is_never_overruled(tmp_path: Path) -> None:
    marked = "5 Fast Learning Deep Networks | Are Slow to train in practice. We show it. 3 authors · Mar 2"
    (paper,) = merge_dumps([read_dump(read_card(tmp_path, marked))], frozenset({title_key(TITLE)})).papers
    assert paper.title == "Fast Learning Deep Networks"


def test_unknown_titles_leave_the_cut_alone(tmp_path: Path) -> None:
    alone = merge_dumps([read_dump(read_card(tmp_path))])
    helped = merge_dumps([read_dump(read_card(tmp_path))], frozenset({title_key("Slow Learning")}))
    assert titles(alone.papers) == titles(helped.papers)
    assert helped.warnings == ()


# The reader doubts this card (a near tie, see test_oneline): alone it is warned at its line.
DOUBTED = ("- Routing Experts for Zero-Shot Speech Moreover, we train Conformer encoders on untranscribed"
           " audio. 3 authors · Mar 1")


def test_a_known_title_withdraws_the_readers_doubt(tmp_path: Path) -> None:
    dump = read_dump(read_card(tmp_path, DOUBTED))
    (doubt,) = dump.warnings
    assert doubt.message.startswith(UNSURE_CUT) and doubt.location.line == 1
    alone = merge_dumps([dump], frozenset({title_key("Some Other Paper")}))
    assert alone.dump_warnings == (doubt,)  # an unrelated known title settles nothing
    read_as = merge_dumps([dump], frozenset({title_key(dump.entries[0].title)}))
    assert read_as.dump_warnings == () and read_as.warnings == ()  # the reader's own cut is a known title
    shorter = merge_dumps([dump], frozenset({title_key("Routing Experts for Zero-Shot Speech")}))
    assert shorter.dump_warnings == ()  # re-cut by a known title: that cut's own warning replaces the doubt
    assert [p.title for p in shorter.papers] == ["Routing Experts for Zero-Shot Speech"]
    assert [w.location.line for w in shorter.warnings] == [1]
