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
from .terms import WORD, Term


class FieldText(NamedTuple):
    """One field of one paper, prepared for matching."""

    text: str
    folded: str
    words: frozenset[str]


def prepare(text: str) -> FieldText:
    folded = text.casefold()
    return FieldText(text, folded, frozenset(WORD.findall(folded)))


def term_hits(term: Term, view: FieldText) -> bool:
    if not term.plain:
        return term.pattern.search(view.text) is not None
    if term.single is not None:
        return term.single in view.words
    return term.words <= view.words and term.pattern.search(view.folded) is not None


@dataclass(frozen=True, slots=True)
class _Group:
    """``any`` or ``none`` of a rule, split so the one-word terms are a single set test."""

    singles: frozenset[str]
    others: tuple[Term, ...]

    @classmethod
    def of(cls, terms: Iterable[Term]) -> _Group:
        terms = tuple(terms)
        return cls(frozenset(t.single for t in terms if t.single is not None),
                   tuple(t for t in terms if t.single is None))

    def hits(self, views: Sequence[FieldText]) -> bool:
        for view in views:
            if not self.singles.isdisjoint(view.words):
                return True
            if any(term_hits(term, view) for term in self.others):
                return True
        return False


@dataclass(frozen=True, slots=True)
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
        fields = [views[name] for name in self.rule.fields]
        if self.rule.any and not self.any.hits(fields):
            return False
        if not all(any(term_hits(term, view) for view in fields) for term in self.rule.all):
            return False
        return not self.none.hits(fields)


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
    matchers = [RuleMatcher.of(rule) for rule in rules.rules if rule.automatic]
    result: dict[str, tuple[str, ...]] = {}
    for paper in papers:
        if paper.key in hidden:
            continue
        views = paper_views(paper)
        direct = {m.rule.tag for m in matchers if m.matches(views)} | added.get(paper.key, set())
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
