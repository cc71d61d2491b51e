"""Tag rules: ``content/tags.yaml`` sorts papers into topics.

The build calls two functions::

    rules = load_rules(content / "tags.yaml", papers, slugs)   # ConfigError listing every problem
    tagging = apply_rules(rules, papers, slugs)                # paper key -> tag ids; hidden keys

``rules.tags`` are the ``sitegen.site.Tag`` records (file order); ``rules.warnings`` are to be printed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from ..errors import ConfigError, error, raise_if_errors
from ..merge import title_key
from ..model import Location, Paper
from ..project import RULES_FILE
from ..util.textfile import read_text
from .examples import ExampleReport, check_examples, check_references
from .load import parse_rules
from .match import Tagging, apply_rules
from .rules import Example, Override, PaperRef, Rule, RuleSet
from .terms import Term, compile_term


def read_rules(path: Path, name: str = RULES_FILE) -> RuleSet:
    """Read and check the rules file alone (no papers: examples and references are not checked);
    ``name`` is how messages name it."""
    if not path.exists():
        raise ConfigError([error(Location(name), "rules file not found")])
    return parse_rules(read_text(path, name), name)


def load_rules(path: Path, papers: Sequence[Paper] = (), slugs: Mapping[str, str] | None = None,
               name: str = RULES_FILE) -> RuleSet:
    """Read, check and test the rules: every error at once as ``ConfigError``; warnings (entries that
    name no paper) in ``RuleSet.warnings``."""
    rules = read_rules(path, name)
    problems = [*rules.warnings, *check_references(rules, papers, slugs),
                *check_examples(rules, papers, slugs).problems]
    raise_if_errors(problems)
    return replace(rules, warnings=tuple(problems))


__all__ = [
    "Example", "ExampleReport", "Override", "PaperRef", "Rule", "RuleSet", "Tagging", "Term",
    "apply_rules", "check_examples", "check_references", "compile_term", "load_rules", "parse_rules",
    "read_rules", "title_key",
]
