"""Rules applied to papers: ``apply_rules`` and the per-paper test it is built from.

Speed comes from doing the costly work once per paper, not once per rule: each field is casefolded and
split into a word set once; a one-word term is then a set lookup, a phrase only runs its regex when all
its words are present, and regex terms run on the original text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import NamedTuple

from ..merge import title_key
from ..model import Paper
from .rules import Rule, RuleSet
from .terms import WORD, Term, plain_matches


class FieldText(NamedTuple):
    """One field of one paper, prepared for matching."""

    text: str
    folded: str
    words: frozenset[str]


_ASCII_NON_WORD = bytes(code if code >= 128 or chr(code).isalnum() or code == ord("_") else ord(" ")
                        for code in range(256))
"""ASCII characters ``\\w`` does not match become spaces; other bytes (UTF-8 sequences) stay."""


def word_set(folded: str) -> frozenset[str]:
    """Exactly ``set(WORD.findall(folded))``, several times faster: a bytes translate splits on ASCII
    punctuation; only the rare pieces holding other characters go through the regex."""
    pieces = folded.encode("utf-8").translate(_ASCII_NON_WORD).decode("utf-8").split()
    if folded.isascii():
        return frozenset(pieces)
    return frozenset(word for piece in pieces
                     for word in ((piece,) if piece.isascii() else WORD.findall(piece)))


def prepare(text: str) -> FieldText:
    folded = text.casefold()
    return FieldText(text, folded, word_set(folded))


def term_hits(term: Term, view: FieldText) -> bool:
    if not term.plain:
        return term.pattern.search(view.text) is not None
    if term.single is not None:
        return term.single in view.words
    return term.words <= view.words and next(plain_matches(term, view.folded), None) is not None


@dataclass(frozen=True, slots=True, eq=False)
class _Group:
    """``any`` or ``none`` of a rule, arranged so most of the work is set operations in C: one-word
    terms are one ``isdisjoint``; a phrase is only tried when its longest word is in the text."""

    singles: frozenset[str]
    phrases: Mapping[str, tuple[Term, ...]]
    """Longest word -> the phrases (and punctuated terms) that contain it."""
    keys: frozenset[str]
    rest: tuple[Term, ...]
    """Regex terms and plain terms with no word at all: tried on every paper."""

    @classmethod
    def of(cls, terms: Iterable[Term]) -> _Group:
        singles: set[str] = set()
        phrases: dict[str, list[Term]] = {}
        rest: list[Term] = []
        for term in terms:
            if term.single is not None:
                singles.add(term.single)
            elif term.plain and term.words:
                phrases.setdefault(max(sorted(term.words), key=len), []).append(term)
            else:
                rest.append(term)
        keyed = {key: tuple(group) for key, group in phrases.items()}
        return cls(frozenset(singles), MappingProxyType(keyed), frozenset(keyed), tuple(rest))

    def hits(self, views: Sequence[FieldText]) -> bool:
        for view in views:
            if not self.singles.isdisjoint(view.words):
                return True
            for key in self.keys.intersection(view.words):
                if any(term_hits(term, view) for term in self.phrases[key]):
                    return True
            if any(term_hits(term, view) for term in self.rest):
                return True
        return False


@dataclass(frozen=True, slots=True, eq=False)  # identity: matchers are collected in sets
class RuleMatcher:
    """A rule ready to test papers."""

    rule: Rule
    any: _Group
    none: _Group

    @classmethod
    def of(cls, rule: Rule) -> RuleMatcher:
        return cls(rule, _Group.of(rule.any), _Group.of(rule.none))

    def matches(self, views: Mapping[str, FieldText]) -> bool:
        if not self.rule.automatic:
            return False
        if self.rule.any and not self.any.hits([views[name] for name in self.rule.fields]):
            return False
        return self.finish(views)

    def finish(self, views: Mapping[str, FieldText]) -> bool:
        """The rest of the test once ``any`` is known to hit: every ``all`` term, no ``none`` term."""
        if not self.rule.all and not self.rule.none:
            return True
        fields = [views[name] for name in self.rule.fields]
        if not all(any(term_hits(term, view) for view in fields) for term in self.rule.all):
            return False
        return not self.none.hits(fields)


class RuleIndex:
    """Every automatic rule, indexed per field by the words of its ``any`` terms. For a paper, one set
    intersection per field finds the rules a one-word ``any`` term satisfies, and the phrases worth a
    regex search (their longest word is there); only ``all`` and ``none`` are left to test. Rules no
    word can rule out (no ``any``, or an ``any`` regex) are tested in full on every paper."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.matchers = tuple(RuleMatcher.of(rule) for rule in rules if rule.automatic)
        singles: dict[str, dict[str, list[RuleMatcher]]] = {}
        phrases: dict[str, dict[str, list[tuple[Term, RuleMatcher]]]] = {}
        always: list[RuleMatcher] = []
        for matcher in self.matchers:
            if not matcher.rule.any or matcher.any.rest:
                always.append(matcher)
                continue
            for name in matcher.rule.fields:
                for word in matcher.any.singles:
                    singles.setdefault(name, {}).setdefault(word, []).append(matcher)
                for word, terms in matcher.any.phrases.items():
                    phrases.setdefault(name, {}).setdefault(word, []).extend((t, matcher) for t in terms)
        self._singles = {name: (frozenset(found), {w: tuple(m) for w, m in found.items()})
                         for name, found in singles.items()}
        self._phrases = {name: (frozenset(found), {w: tuple(m) for w, m in found.items()})
                         for name, found in phrases.items()}
        self._always = tuple(always)

    def tags_of(self, views: Mapping[str, FieldText]) -> set[str]:
        """Tags whose rules match (parents and overrides not applied)."""
        any_hit: set[RuleMatcher] = set()
        for name, view in views.items():
            if name in self._singles:
                words, by_word = self._singles[name]
                for word in words.intersection(view.words):
                    any_hit.update(by_word[word])
            if name in self._phrases:
                words, by_phrase_word = self._phrases[name]
                for word in words.intersection(view.words):
                    any_hit.update(matcher for term, matcher in by_phrase_word[word]
                                   if matcher not in any_hit and term_hits(term, view))
        tags = {m.rule.tag for m in any_hit if m.finish(views)}
        tags.update(m.rule.tag for m in self._always if m.matches(views))
        return tags


def paper_views(paper: Paper) -> dict[str, FieldText]:
    return {"title": prepare(paper.title), "abstract": prepare(paper.abstract)}


@dataclass(frozen=True, slots=True)
class Tagging:
    """The rules' verdict for a set of papers."""

    paper_tags: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    """Paper key -> tag ids (parents included) in the order of the rules file, for every paper that is
    not hidden (an untagged paper maps to ``()``)."""
    hidden: frozenset[str] = frozenset()
    """Keys of the papers ``hide:`` names: never published."""

    def papers_with(self, tag_id: str) -> tuple[str, ...]:
        return tuple(key for key, tags in self.paper_tags.items() if tag_id in tags)

    @property
    def untagged(self) -> tuple[str, ...]:
        return tuple(key for key, tags in self.paper_tags.items() if not tags)


def apply_rules(rules: RuleSet, papers: Sequence[Paper], slugs: Mapping[str, str] | None = None) -> Tagging:
    """Tag every paper: rules, then overrides (``remove`` wins over everything, parents included),
    then parents; hidden papers are left out."""
    finder = PaperFinder(papers, slugs)
    hidden = frozenset(key for ref in rules.hide if (key := finder.find(ref.name)) is not None)
    added, removed = override_sets(rules, finder)
    closure = TagClosure(rules)
    index = RuleIndex(rules.rules)
    result: dict[str, tuple[str, ...]] = {}
    for paper in papers:
        if paper.key in hidden:
            continue
        direct = index.tags_of(paper_views(paper)) | added.get(paper.key, set())
        result[paper.key] = closure.close(direct, removed.get(paper.key, set()))
    return Tagging(MappingProxyType(result), hidden)


class TagClosure:
    """Adds every ancestor and puts tags in file order."""

    def __init__(self, rules: RuleSet) -> None:
        self._order = {tag.id: i for i, tag in enumerate(rules.tags)}
        self._ancestors = {tag.id: rules.ancestors(tag.id) for tag in rules.tags}

    def close(self, direct: Iterable[str], removed: Iterable[str] = ()) -> tuple[str, ...]:
        """A removed tag neither stays nor brings its ancestors (they may still come from another tag)."""
        removed = frozenset(removed)
        tags = set(direct) - removed
        for tag in tuple(tags):
            tags.update(self._ancestors[tag])
        tags.difference_update(removed)
        return tuple(sorted(tags, key=self._order.__getitem__))


def override_sets(rules: RuleSet, finder: PaperFinder) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Paper key -> tags added, paper key -> tags removed (overrides naming no paper do nothing)."""
    added: dict[str, set[str]] = {}
    removed: dict[str, set[str]] = {}
    for override in rules.overrides:
        key = finder.find(override.ref.name)
        if key is not None:
            added.setdefault(key, set()).update(override.add)
            removed.setdefault(key, set()).update(override.remove)
    return added, removed


class PaperFinder:
    """Finds a paper by exact title (compared as merge keys, as ``Paper.key`` is) or by URL slug."""

    def __init__(self, papers: Iterable[Paper], slugs: Mapping[str, str] | None = None) -> None:
        self.keys = frozenset(paper.key for paper in papers)
        self.slugs_known = slugs is not None
        self._by_slug = {slug: key for key, slug in (slugs or {}).items() if key in self.keys}

    def find(self, name: str) -> str | None:
        key = title_key(name)
        if key in self.keys:
            return key
        return self._by_slug.get(name)
