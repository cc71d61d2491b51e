"""Helpers for the tag-rule tests: papers and rule sets built in memory."""

from __future__ import annotations

import textwrap
from datetime import date

from sitegen.merge import title_key
from sitegen.model import Location, Paper
from sitegen.tagging import RuleSet, parse_rules


def paper(title: str, abstract: str = "") -> Paper:
    return Paper(key=title_key(title), title=title, abstract=abstract, authors=None, published=None,
                 upvotes=None, comments=None, digests=(date(2025, 3, 12),),
                 sources=(Location("d.txt", 1),))


def rules(yaml_text: str) -> RuleSet:
    return parse_rules(textwrap.dedent(yaml_text), "tags.yaml")
