"""Every plain term of a field found in one pass over the texts: which papers hold which terms.

A plain term (``plain_pattern``: its words with any run of whitespace between them, on word
boundaries) is searched as one literal string, its words joined by single spaces, in the folded
texts (``terms.fold``) with every run of whitespace made one space. That rewrite keeps every match
and invents none (``\\s`` and ``str.split`` agree on what whitespace is; a space is a non-word
character, as the run it replaces was). An Aho-Corasick automaton (``ahocorasick_rs``, compiled)
then finds every literal of every term in one scan of a whole chunk of papers, and Python only looks
at the hits, to check the word boundaries beside them. Casefolding, splitting into words and testing
phrases paper by paper in Python is what used to make tagging cost most of a second per 10,000 papers.

ASCII texts (nearly all) are scanned as bytes, where the automaton is several times faster and a
byte offset is a character offset; the others are scanned as ``str``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Sequence
from itertools import accumulate

from ahocorasick_rs import AhoCorasick, BytesAhoCorasick, Implementation

from .terms import WORD, fold

SEPARATOR = "\x00"
"""Joins the texts of a chunk: neither a word character nor whitespace, so no literal without one can
match across it, and it is a word boundary, as a text's ends are."""

CHUNK = 4096
"""Papers scanned together: big enough that per-call costs vanish, small enough that the joined copies
of 100,000 abstracts are never all in memory at once."""

_FOLD = bytes(ord(" ") if chr(code).isspace() else ord(chr(code).casefold()) if code < 128 else code
              for code in range(256))
"""Casefolds ASCII text (only ``A``-``Z`` change) and makes its whitespace spaces, in one pass of C."""
_IS_WORD = bytes(1 if code < 128 and WORD.match(chr(code)) else 0 for code in range(256))


def literal_of(folded: str) -> str:
    """Folded text (``terms.fold``) as the literals are searched in: every run of whitespace one space."""
    return " ".join(folded.split())


def find_literals(texts: Sequence[str], literals: Collection[str]) -> dict[str, frozenset[int]]:
    """Literal -> numbers of the texts whose folded form (``terms.fold``) holds it with a word
    boundary before it (if it starts with a word character) and after it (if it ends with one).
    Literals must not be empty nor hold ``SEPARATOR``."""
    order = sorted(literals)
    postings: list[set[int]] = [set() for _ in order]
    if order:
        scanner = _Scanner(order)
        for start in range(0, len(texts), CHUNK):
            scanner.scan(texts[start:start + CHUNK], start, postings)
    return {literal: frozenset(found) for literal, found in zip(order, postings, strict=True)}


class _Scanner:
    """The automata for one set of literals, and which boundaries each literal needs."""

    def __init__(self, order: Sequence[str]) -> None:
        # The bytes automaton also looks for two spaces, to learn which texts have a run of them.
        self._run = len(order)
        self._bytes = BytesAhoCorasick([*(literal.encode("utf-8") for literal in order), b"  "],
                                       implementation=Implementation.DFA)
        self._text = AhoCorasick(order, implementation=Implementation.DFA)
        self._before = [WORD.match(literal) is not None for literal in order]
        self._after = [WORD.match(literal[-1]) is not None for literal in order]

    def scan(self, texts: Sequence[str], offset: int, postings: list[set[int]]) -> None:
        """Add the numbers (``offset`` + position in ``texts``) of the texts holding each literal."""
        ascii_texts = [n for n, text in enumerate(texts) if text.isascii()]
        others = [n for n, text in enumerate(texts) if not text.isascii()]
        if ascii_texts:
            self._scan_ascii([texts[n] for n in ascii_texts], [offset + n for n in ascii_texts], postings)
        if others:
            self._scan_text([texts[n] for n in others], [offset + n for n in others], postings)

    def _scan_ascii(self, texts: Sequence[str], numbers: Sequence[int], postings: list[set[int]]) -> None:
        """Casefolding ASCII is lowercasing, done with the whitespace in one bytes ``translate``. Runs of
        whitespace are left alone: a hit is a match all the same, and the few texts holding a run go
        through ``_scan_text`` too, for the phrases only a collapsed run lets the automaton see."""
        data = SEPARATOR.join(texts).encode("ascii").translate(_FOLD)
        hits = self._bytes.find_matches_as_indexes(data, overlapping=True)
        ends = list(accumulate(len(text) + 1 for text in texts))
        runs = self._post(hits, len(data), lambda at: _IS_WORD[data[at]], ends, numbers, postings)
        if runs:
            self._scan_text([texts[n] for n in sorted(runs)], [numbers[n] for n in sorted(runs)], postings)

    def _scan_text(self, texts: Sequence[str], numbers: Sequence[int], postings: list[set[int]]) -> None:
        folded = [literal_of(fold(text)) for text in texts]
        joined = SEPARATOR.join(folded)
        hits = self._text.find_matches_as_indexes(joined, overlapping=True)
        ends = list(accumulate(len(text) + 1 for text in folded))
        self._post(hits, len(joined), lambda at: WORD.match(joined, at) is not None, ends, numbers, postings)

    def _post(self, hits: Iterable[tuple[int, int, int]], size: int, is_word: Callable[[int], object],
              ends: Sequence[int], numbers: Sequence[int], postings: list[set[int]]) -> set[int]:
        """Keep the hits on word boundaries (``ends[i]`` is just past text i's separator); return the
        positions of the texts holding two spaces."""
        runs: set[int] = set()
        for index, start, end in hits:
            if index == self._run:
                runs.add(bisect_right(ends, start))
            elif not ((self._before[index] and start and is_word(start - 1))
                      or (self._after[index] and end < size and is_word(end))):
                postings[index].add(numbers[bisect_right(ends, start)])
        return runs
