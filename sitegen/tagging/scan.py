"""Rules applied a term at a time over every paper (column by column), not a paper at a time.

Reading is the only per-paper work: each field is casefolded, split into words, and the few words any
rule cares about are posted to an index (word -> papers). A one-word term is then a posting list; a
phrase only runs its regex on the papers holding all its words; ``any``/``all``/``none`` are set
operations on paper numbers, and regex terms in ``all``/``none`` run only on papers still in the race.
No Python loop goes over (paper, rule) pairs, which is what made tagging cost seconds per 10,000 papers.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence, Set
from itertools import accumulate

from .rules import Rule
from .terms import WORD, Term, plain_matches

_ASCII_NON_WORD = bytes(code if code >= 128 or chr(code).isalnum() or code == ord("_") else ord(" ")
                        for code in range(256))
"""ASCII characters ``\\w`` does not match become spaces; other bytes (UTF-8 sequences) stay."""


def words_of(folded: str) -> list[str]:
    """The words of ``WORD.findall(folded)`` (some maybe repeated), several times faster: a bytes
    translate splits on ASCII punctuation; only the rare pieces holding other characters go through
    the regex, which knows which non-ASCII characters are word characters."""
    pieces = folded.encode("utf-8").translate(_ASCII_NON_WORD).decode("utf-8").split()
    if folded.isascii():
        return pieces
    return [word for piece in pieces for word in ((piece,) if piece.isascii() else WORD.findall(piece))]


def keywords(rules: Iterable[Rule]) -> frozenset[str]:
    """Every word a plain term holds: the only words worth indexing."""
    return frozenset(word for rule in rules for group in (rule.any, rule.all, rule.none)
                     for term in group if term.plain for word in term.words)


class FieldIndex:
    """One field (title or abstract) of a batch of papers: the casefolded texts, and the papers each
    keyword occurs in."""

    def __init__(self, texts: Sequence[str], words: frozenset[str]) -> None:
        self.texts = texts
        self.folded = [text.casefold() for text in texts]
        postings: dict[str, list[int]] = {word: [] for word in words}
        for number, folded in enumerate(self.folded):
            for word in words.intersection(words_of(folded)):
                postings[word].append(number)
        self._postings = {word: frozenset(numbers) for word, numbers in postings.items()}
        self._every = frozenset(range(len(texts)))

    def papers(self, term: Term, within: Set[int] | None = None, skip: Set[int] = frozenset()) -> Set[int]:
        """Numbers of the papers (among ``within``, default all; none of ``skip``) whose field the term
        matches."""
        if term.single is not None:
            found = self._postings[term.single]
            return found if within is None else found & within
        if not term.plain:
            return {n for n in self._candidates(within, skip) if term.pattern.search(self.texts[n])}
        return matching(term, self.folded, self._with_words(term.words, within, skip))

    def _candidates(self, within: Set[int] | None, skip: Set[int]) -> Iterable[int]:
        return sorted((self._every if within is None else within) - skip)

    def _with_words(self, words: frozenset[str], within: Set[int] | None, skip: Set[int]) -> Set[int]:
        """Papers holding every word of a phrase (it cannot match elsewhere); all if it has none."""
        if not words:
            return set(self._candidates(within, skip))
        postings = sorted((self._postings[word] for word in words), key=len)
        found = postings[0] - skip if within is None else (postings[0] & within) - skip
        for more in postings[1:]:
            found = found & more
        return found


SEPARATOR = "\x00"
"""Joins the texts a phrase is searched in: neither a word character nor whitespace, so a plain term
cannot match across it (unless it holds one itself), and it is a word boundary, as a text's ends are."""


def matching(term: Term, folded: Sequence[str], numbers: Iterable[int]) -> set[int]:
    """The papers among ``numbers`` whose casefolded text a plain term matches. The texts are searched
    as one string, so the regex engine skips from hit to hit in C instead of Python calling it once per
    paper; a hit settles its paper and the search goes on from the next one."""
    order = sorted(numbers)
    if SEPARATOR in term.text:
        return {n for n in order if next(plain_matches(term, folded[n]), None) is not None}
    joined = SEPARATOR.join([folded[n] for n in order])
    ends = list(accumulate(len(folded[n]) + 1 for n in order))
    found: set[int] = set()
    position = 0
    while (match := term.pattern.search(joined, position)) is not None:
        start = match.start()
        if term.boundary_before and start and WORD.match(joined, start - 1):
            position = start + 1
            continue
        index = bisect_right(ends, start)
        found.add(order[index])
        position = ends[index]
    return found


def match_rules(rules: Sequence[Rule], fields: Mapping[str, Sequence[str]]) -> dict[str, frozenset[int]]:
    """Tag -> numbers of the papers its rule matches; ``fields`` holds each field's text, paper by
    paper (every field the rules name must be there). Rules with no terms match nothing here."""
    automatic = [rule for rule in rules if rule.automatic]
    needed = {name for rule in automatic for name in rule.fields}
    # A field only indexes the words of the rules that look in it (title-only rules cost the
    # abstracts nothing).
    indexes = {name: FieldIndex(fields[name], keywords(r for r in automatic if name in r.fields))
               for name in sorted(needed)}
    count = len(next(iter(fields.values()), ()))
    return {rule.tag: rule_papers(rule, [indexes[name] for name in rule.fields], count)
            for rule in automatic}


def rule_papers(rule: Rule, fields: Sequence[FieldIndex], count: int) -> frozenset[int]:
    """``any`` (a term in one of the fields), then every ``all`` term, then no ``none`` term."""
    found = _any(rule.any, fields) if rule.any else frozenset(range(count))
    for term in rule.all:
        found = _in_some_field(term, fields, found)
    for term in rule.none:
        found = found - _in_some_field(term, fields, found)
    return found


def _any(terms: Sequence[Term], fields: Sequence[FieldIndex]) -> frozenset[int]:
    """One-word terms first (a posting list each); a costlier term is then only tried on the papers
    no earlier term has caught."""
    found: set[int] = set()
    for term in sorted(terms, key=lambda term: term.single is None):
        for field in fields:
            found.update(field.papers(term, skip=found))
    return frozenset(found)


def _in_some_field(term: Term, fields: Sequence[FieldIndex], within: Set[int]) -> frozenset[int]:
    if not within:
        return frozenset()
    return frozenset().union(*(field.papers(term, within) for field in fields))
