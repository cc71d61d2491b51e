"""``literals.find_literals`` (one Aho-Corasick scan per chunk of texts) against each term's own regex
run text by text, on texts built to hit its paths: ASCII and not, runs of whitespace of every kind,
casefolding that changes length, the separator inside a text, chunk edges."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.model import Location
from sitegen.tagging import compile_term
from sitegen.tagging import literals as literals_module
from sitegen.tagging.literals import find_literals
from sitegen.tagging.scan import FieldIndex
from sitegen.tagging.terms import fold, plain_matches

TERMS = ["a", "ab", "a b", "b a", "a  b", " a\tb ", "a-b", "c++", "++", "ss", "ß", "k", "fi", "é", "a_b",
         "1.5", "b a b"]
CHARS = ["a", "b", "A", "B", "c", "+", "-", "_", ".", "1", "5", " ", " ", "  ", "\t", "\n", "\r\n", "\x0b",
         "\x1f", "\u00a0", "\u2028", "\x00", "ß", "ẞ", "\u212a", "k", "ﬁ", "fi", "é", "E\u0301", "s"]
"""Pieces of text: letters around the terms, ASCII and other whitespace, ``ß``/``ẞ`` (casefolded to
two letters), the Kelvin sign (folded to ASCII ``k``), the ``ﬁ`` ligature, the separator."""


def naive(term_text: str, texts: list[str]) -> frozenset[int]:
    term = compile_term(term_text, Location("tags.yaml", 1))
    return frozenset(n for n, text in enumerate(texts) if next(plain_matches(term, fold(text)), None))


def fast(term_texts: list[str], texts: list[str]) -> dict[str, frozenset[int]]:
    literal = {text: compile_term(text, Location("tags.yaml", 1)).literal for text in term_texts}
    found = find_literals(texts, set(literal.values()))
    return {text: found[literal[text]] for text in term_texts}


TEXT = st.lists(st.sampled_from(CHARS), max_size=14).map("".join)


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(TEXT, max_size=8))
def test_agrees_with_each_terms_regex(texts: list[str]) -> None:
    assert fast(TERMS, texts) == {term: naive(term, texts) for term in TERMS}


CASES = [
    "A B", "a\tb", "a\n\nb", "a  b", "xa b", "a bx", "ab", "a-b c++", "a_b", "strasse", "STRASSE",
    "\u212a", "ﬁ", "b a b a b", "ba b", "a\x00b", "x\x00a b", "é", "cafe\u0301", "1.5x", "1.5.", "", "Straße",
]


def test_known_cases() -> None:
    """Worked out by hand from the term rules (whole words, any whitespace between them, casefolded)."""
    found = fast(["a b", "ab", "strasse", "ss", "k", "fi", "c++", "b a b", "1.5"], CASES)
    assert found["a b"] == {0, 1, 2, 3, 13, 16}   # not "xa b", "a bx", "ba b", nor across the NUL
    assert found["ab"] == {6}
    assert found["strasse"] == {9, 10, 22}        # "Straße" casefolds to strasse (a non-ASCII text)
    assert found["ss"] == set()                   # inside a word only
    assert found["k"] == {11}                     # the Kelvin sign folds to k
    assert found["fi"] == {12}                    # the ligature folds to f, i
    assert found["c++"] == {7}                    # no boundary needed after "+"
    assert found["b a b"] == {13}
    assert found["1.5"] == {20}                   # "1.5x" has no boundary after the 5


@pytest.mark.parametrize("chunk", [1, 2, 3, 7])
def test_chunk_edges_change_nothing(chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = {term: naive(term, CASES) for term in TERMS}
    monkeypatch.setattr(literals_module, "CHUNK", chunk)
    assert fast(TERMS, CASES) == expected
    assert any(expected.values())


def test_a_term_holding_the_separator_is_searched_text_by_text() -> None:
    texts = ["a\x00b", "a b", "xa\x00b", "A\x00B c"]
    term = compile_term("a\x00b", Location("tags.yaml", 3))
    index = FieldIndex(texts, [term])
    assert index.papers(term) == {0, 3}
    assert index.papers(term, within={1, 3}) == {3}
    assert index.papers(term, skip={0}) == {3}
