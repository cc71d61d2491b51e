"""Rules applied to papers: ``apply_rules`` (matching itself is ``scan.match_rules``), then overrides,
parents and ``hide``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from ..merge import title_key
from ..model import Paper
from .rules import FIELDS, Rule, RuleSet
from .scan import match_rules

NAME_SEPARATOR = "; "
"""Between two author names or keywords: a term never matches across two of them by accident."""


def paper_views(paper: Paper) -> dict[str, str]:
    """The text of each field (``rules.FIELDS``) of one paper."""
    identity = paper.identity
    return {"title": paper.title, "abstract": paper.abstract,
            "authors": NAME_SEPARATOR.join(identity.authors) if identity else "",
            "keywords": NAME_SEPARATOR.join(identity.keywords) if identity else ""}


def paper_fields(papers: Sequence[Paper]) -> dict[str, list[str]]:
    """Each field's text, paper by paper: what ``match_rules`` reads."""
    views = [paper_views(paper) for paper in papers]
    return {name: [view[name] for view in views] for name in FIELDS}


def direct_tags(rules: Sequence[Rule], fields: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """The tags each paper's own text earns (no overrides, no parents), in file order; ``fields`` as
    ``paper_fields`` gives them."""
    tags: list[list[str]] = [[] for _ in fields["title"]]
    for tag, numbers in match_rules(rules, fields).items():
        for number in numbers:
            tags[number].append(tag)
    return tags


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
    result: dict[str, tuple[str, ...]] = {}
    for paper, direct in zip(papers, direct_tags(rules.rules, paper_fields(papers)), strict=True):
        if paper.key in hidden:
            continue
        key = paper.key
        if key in added or key in removed:
            result[key] = closure.close({*direct, *added.get(key, ())}, removed.get(key, ()))
        else:
            result[key] = closure.close_cached(direct)
    return Tagging(MappingProxyType(result), hidden)


class TagClosure:
    """Adds every ancestor and puts tags in file order."""

    def __init__(self, rules: RuleSet) -> None:
        self._order = {tag.id: i for i, tag in enumerate(rules.tags)}
        self._ancestors = {tag.id: rules.ancestors(tag.id) for tag in rules.tags}
        self._closed: dict[frozenset[str], tuple[str, ...]] = {}

    def close_cached(self, direct: Iterable[str]) -> tuple[str, ...]:
        """``close`` with nothing removed, remembered: a corpus has few distinct tag sets."""
        key = frozenset(direct)
        closed = self._closed.get(key)
        if closed is None:
            closed = self._closed[key] = self.close(key)
        return closed

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
