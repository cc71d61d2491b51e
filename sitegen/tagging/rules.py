"""The compiled rule set: what ``tags.yaml`` says, validated, with every value's location."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Location, Problem
from ..site import Tag
from .terms import Term

FIELDS = ("title", "abstract", "authors", "keywords")
"""Paper fields a rule can look in. ``authors`` and ``keywords`` (Hugging Face's ``ai_keywords``) are
known only for papers read from a machine-readable listing; each is its names joined by "; "."""
DEFAULT_FIELDS = ("title", "abstract")
"""Where a rule looks when it does not say: the text every paper has."""


@dataclass(frozen=True, slots=True)
class PaperRef:
    """A paper named in ``papers:``, ``hide:`` or ``examples:``: its exact title or its URL slug."""

    name: str
    location: Location


@dataclass(frozen=True, slots=True)
class Example:
    """One of a rule's own tests."""

    ref: PaperRef
    """A real paper, by title or slug; or, with ``abstract`` set, the title of a made-up paper."""
    expect: bool
    """True under ``match:``, False under ``no_match:``."""
    abstract: str | None = None
    """Set when the example is self-contained text (``{title: ..., abstract: ...}``)."""


@dataclass(frozen=True, slots=True)
class Rule:
    """How papers get one tag. A rule with no ``any`` and no ``all`` only gets papers by override."""

    tag: str
    any: tuple[Term, ...]
    all: tuple[Term, ...]
    none: tuple[Term, ...]
    fields: tuple[str, ...]
    examples: tuple[Example, ...]
    location: Location

    @property
    def automatic(self) -> bool:
        return bool(self.any or self.all)


@dataclass(frozen=True, slots=True)
class Override:
    """``papers: {"<title or slug>": {add: [...], remove: [...]}}``: the curator's last word."""

    ref: PaperRef
    add: tuple[str, ...]
    remove: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RuleSet:
    """``tags.yaml``, loaded and checked. ``tags`` and ``rules`` are in file order, one rule per tag."""

    path: str
    tags: tuple[Tag, ...]
    rules: tuple[Rule, ...]
    overrides: tuple[Override, ...]
    hide: tuple[PaperRef, ...]
    warnings: tuple[Problem, ...] = ()
    """Entries that name no paper (override, hide, example): the build prints and counts them."""

    def ancestors(self, tag_id: str) -> tuple[str, ...]:
        """Parent, grandparent, ... (the loader guarantees there is no cycle)."""
        parents = {tag.id: tag.parent for tag in self.tags}
        chain: list[str] = []
        parent = parents.get(tag_id)
        while parent is not None:
            chain.append(parent)
            parent = parents.get(parent)
        return tuple(chain)
