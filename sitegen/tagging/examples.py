"""A rule's ``examples`` are its own tests: run on every load, a failure stops the build."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..errors import error, warning
from ..model import Paper, Problem
from .match import PaperFinder, TagClosure, direct_tags, override_sets, paper_views
from .rules import FIELDS, Example, Rule, RuleSet


@dataclass(frozen=True, slots=True)
class ExampleReport:
    checked: int
    """Examples actually run (a title naming no paper cannot be)."""
    problems: tuple[Problem, ...]
    """Errors for failing examples, warnings for titles that name no paper."""


def check_examples(rules: RuleSet, papers: Sequence[Paper],
                   slugs: Mapping[str, str] | None = None) -> ExampleReport:
    """Run every example. A made-up example (title + abstract) is tagged by the rules alone; a real
    paper by rules and overrides, as it would be published. With no papers at all, real-paper examples
    are skipped silently: there is nothing to look them up in."""
    by_key = {paper.key: paper for paper in papers}
    finder = PaperFinder(papers, slugs)
    added, removed = override_sets(rules, finder)
    closure = TagClosure(rules)
    problems: list[Problem] = []
    runs: list[tuple[Rule, Example, str | None]] = []  # (rule, example, paper key or None if made up)
    texts: dict[str, list[str]] = {name: [] for name in FIELDS}
    for rule in rules.rules:
        for example in rule.examples:
            key = None if example.abstract is not None else finder.find(example.ref.name)
            if example.abstract is None and key is None:
                if papers:
                    problems.append(warning(example.ref.location, _unknown(example, finder.slugs_known)))
                continue
            # A made-up example has only a title and an abstract; a real paper has all it was read with.
            views = ({"title": example.ref.name, "abstract": example.abstract or ""} if key is None
                     else paper_views(by_key[key]))
            for name, found in texts.items():
                found.append(views.get(name, ""))
            runs.append((rule, example, key))
    for (rule, example, key), direct in zip(runs, direct_tags(rules.rules, texts), strict=True):
        # A made-up example is tagged by the rules alone; a real paper as it would be published.
        tags = (closure.close(direct) if key is None
                else closure.close({*direct, *added.get(key, ())}, removed.get(key, ())))
        if (rule.tag in tags) != example.expect:
            problems.append(error(example.ref.location, _failure(rule, example)))
    return ExampleReport(len(runs), tuple(problems))


def _failure(rule: Rule, example: Example) -> str:
    if example.expect:
        return (f"example {example.ref.name!r} should get tag {rule.tag!r} but does not "
                f"(see `sitegen tags explain`)")
    return (f"example {example.ref.name!r} should not get tag {rule.tag!r} but does "
            f"(see `sitegen tags explain`)")


def _unknown(example: Example, slugs_known: bool) -> str:
    by = "title or slug" if slugs_known else "title"
    return f"example {example.ref.name!r} matches no paper by {by}, so it was not checked"


def check_references(rules: RuleSet, papers: Sequence[Paper],
                     slugs: Mapping[str, str] | None = None) -> tuple[Problem, ...]:
    """Warnings for override and hide entries that name no paper (a typo, or a paper not read yet)."""
    if not papers:
        return ()
    finder = PaperFinder(papers, slugs)
    by = "title or slug" if finder.slugs_known else "title"
    problems = [warning(o.ref.location, f"papers entry {o.ref.name!r} matches no paper by {by}")
                for o in rules.overrides if finder.find(o.ref.name) is None]
    problems += [warning(h.location, f"hide entry {h.name!r} matches no paper by {by}")
                 for h in rules.hide if finder.find(h.name) is None]
    return tuple(problems)
