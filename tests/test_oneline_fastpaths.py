"""The one-line reader's shortcuts (issue 6) agree with the plain definitions they replace."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.sources.oneline import (
    CAP,
    CARD_LINE,
    LOW,
    NAME,
    OTHER,
    WORDS,
    classify,
    match_card,
    word_kind,
)
from sitegen.util.memo import BoundedMemo

# Pieces that make near-cards: tails in the wrong place, twice, without digits, with line breaks.
PIECES = st.sampled_from([
    "-", "12", "3", "٣", "-5", " ", "  ", "Title", "We", "show", "authors", "author", " authors · ",
    " 3 authors · ", "3 authors · ", " x authors · ", "Feb 5", "Feb 5, 2024", "Feb 5, 2024 7", "Feb 55",
    "Apr 25 2", "·", "\n", "(", "…",
])
LINES = st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=12).map("".join)


def card_line_parts(text: str) -> tuple[str, str, dict[str, str | None]] | None:
    match = CARD_LINE.match(text)
    if match is None:
        return None
    tail = {name: match[name] for name in ("authors", "month", "day", "year", "count")}
    return match["upvotes"], match["body"], tail


def match_card_parts(text: str) -> tuple[str, str, dict[str, str | None]] | None:
    found = match_card(text)
    if found is None:
        return None
    upvotes, body, tail = found
    return upvotes, body, {name: tail[name] for name in ("authors", "month", "day", "year", "count")}


@settings(max_examples=100, deadline=None)
@given(text=LINES)
def test_match_card_finds_what_card_line_finds(text: str) -> None:
    assert match_card_parts(text) == card_line_parts(text)


def test_match_card_on_cards_and_near_cards() -> None:
    card = "7 A Title We show it. 3 authors · Feb 5, 2024 2"
    assert match_card_parts(card) == ("7", "A Title We show it.", {
        "authors": "3", "month": "Feb", "day": "5", "year": "2024", "count": "2"})
    # " authors · " inside the abstract: only the last one can start the tail.
    inner = "- T says 2 authors · Jan 1 then more 4 authors · Mar 3"
    assert match_card_parts(inner) == card_line_parts(inner)
    assert match_card_parts(inner) is not None
    assert match_card_parts(inner)[1] == "T says 2 authors · Jan 1 then more"  # type: ignore[index]
    for near in ("7 3 authors · Feb 5", "7 T x authors · Feb 5", "7 T\nA 3 authors · Feb 5",
                 "7 T A 3 authors · Feb 5 tail", "T A 3 authors · Feb 5", "3 authors · Feb 5"):
        assert match_card(near) is None, near
        assert CARD_LINE.match(near) is None, near


def plain_word_kind(core: str) -> int:
    """``word_kind`` as first written, without its letters-only shortcut."""
    if not any(ch.isalpha() for ch in core):
        return OTHER
    if any(ch.isdigit() for ch in core) or any(part[1:] != part[1:].lower() for part in core.split("-")):
        return NAME
    if core[0].isupper():
        return CAP
    return LOW if core[0].islower() else NAME


@settings(max_examples=100, deadline=None)
@given(core=st.text(max_size=8) | st.sampled_from([
    "", "Learning", "learning", "LLMs", "pLSTM", "GPT-3", "Transformer-based", "ÉCOLE", "ß", "日本", "ǅemal",
    "3rd"]))
def test_word_kind_shortcut_agrees_with_the_plain_definition(core: str) -> None:
    assert word_kind(core) == plain_word_kind(core)


def test_classify_fields_by_name() -> None:
    # Fields are built positionally: check a few by name, each against what the word plainly is.
    word = classify("(Transformers),")
    assert (word.text, word.kind) == ("(Transformers),", CAP)
    assert (word.stem, word.head) == ("transformer", "transformer")
    assert (word.plain, word.bracketed, word.never_ends, word.depth) == (False, True, True, 0)
    assert (word.function, word.gerund, word.question, word.full_stop) == (False, False, False, False)
    learning = classify("Learning?")
    assert (learning.gerund, learning.question) == (True, True)
    assert (learning.ends_segment, learning.plain) == (True, False)
    assert (classify("We").opener, classify("We").function, classify("We").sentence_case) == (True, True, 3.0)
    assert (classify("stable").prenominal, classify("stable").title_case) == (True, 1.0)
    assert (classify("al.").full_stop, classify("done.").full_stop) == (False, True)
    assert classify("Multi-Head").head == "multi"
    assert classify("([x").depth == 2


def test_word_cache_is_bounded_and_returns_classify() -> None:
    cache = BoundedMemo(classify, size=3)  # what WORDS is, with a small bound
    for token in ("a", "b", "c", "d", "e"):
        assert cache[token] == classify(token)
        assert len(cache) <= 3
    assert "e" in cache and "a" not in cache
    assert WORDS["Models"] == classify("Models")
