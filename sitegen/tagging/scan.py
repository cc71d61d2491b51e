"""Rules applied a term at a time over every paper (column by column), not a paper at a time.

Reading is the only per-paper work: ``literals.find_literals`` finds every plain term of a field in one
scan of the texts, so a plain term is then a posting list (term -> papers); ``any``/``all``/``none`` are
set operations on paper numbers, and regex terms run only on papers still in the race. No Python loop
goes over (paper, rule) pairs, which is what made tagging cost seconds per 10,000 papers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence, Set

from .literals import SEPARATOR, find_literals
from .rules import Rule
from .terms import Term, fold, plain_matches


class FieldIndex:
    """One field (title or abstract) of a batch of papers: the texts, and the papers each plain term
    given at the start matches."""

    def __init__(self, texts: Sequence[str], terms: Iterable[Term]) -> None:
        self.texts = texts
        literals = {term.literal for term in terms if term.plain}
        self._postings = find_literals(texts, {literal for literal in literals if SEPARATOR not in literal})
        self._every = frozenset(range(len(texts)))

    def papers(self, term: Term, within: Set[int] | None = None, skip: Set[int] = frozenset()) -> Set[int]:
        """Numbers of the papers (among ``within``, default all; none of ``skip``) whose field the term
        matches."""
        if not term.plain:
            return {n for n in self._candidates(within, skip) if term.pattern.search(self.texts[n])}
        found = self._postings.get(term.literal)
        if found is None:  # a term holding the separator, or not given at the start: paper by paper
            return {n for n in self._candidates(within, skip)
                    if next(plain_matches(term, fold(self.texts[n])), None) is not None}
        found = found - skip if skip else found
        return found if within is None else found & within

    def _candidates(self, within: Set[int] | None, skip: Set[int]) -> Iterable[int]:
        return sorted((self._every if within is None else within) - skip)


def match_rules(rules: Sequence[Rule], fields: Mapping[str, Sequence[str]]) -> dict[str, frozenset[int]]:
    """Tag -> numbers of the papers its rule matches; ``fields`` holds each field's text, paper by
    paper (every field the rules name must be there). Rules with no terms match nothing here."""
    automatic = [rule for rule in rules if rule.automatic]
    needed = {name for rule in automatic for name in rule.fields}
    # A field only looks for the terms of the rules that look in it (title-only rules cost the
    # abstracts nothing).
    indexes = {name: FieldIndex(fields[name], _terms(rule for rule in automatic if name in rule.fields))
               for name in sorted(needed)}
    count = len(next(iter(fields.values()), ()))
    return {rule.tag: rule_papers(rule, [indexes[name] for name in rule.fields], count)
            for rule in automatic}


def _terms(rules: Iterable[Rule]) -> list[Term]:
    return [term for rule in rules for group in (rule.any, rule.all, rule.none) for term in group]


def rule_papers(rule: Rule, fields: Sequence[FieldIndex], count: int) -> frozenset[int]:
    """``any`` (a term in one of the fields), then every ``all`` term, then no ``none`` term."""
    found = _any(rule.any, fields) if rule.any else frozenset(range(count))
    for term in rule.all:
        found = _in_some_field(term, fields, found)
    for term in rule.none:
        found = found - _in_some_field(term, fields, found)
    return found


def _any(terms: Sequence[Term], fields: Sequence[FieldIndex]) -> frozenset[int]:
    """Plain terms first (a posting list each); a regex term is then only tried on the papers no
    earlier term has caught."""
    found: set[int] = set()
    for term in sorted(terms, key=lambda term: not term.plain):
        for field in fields:
            found.update(field.papers(term, skip=found))
    return frozenset(found)


def _in_some_field(term: Term, fields: Sequence[FieldIndex], within: Set[int]) -> frozenset[int]:
    if not within:
        return frozenset()
    return frozenset().union(*(field.papers(term, within) for field in fields))
