"""The indexed matcher (``scan.match_rules``) against a naive one that tests every term of every rule
on every paper with nothing but the term's own regex, on generated papers and on the shipped rules."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest
from tag_support import paper, rules

from sitegen.merge import merge_dumps
from sitegen.model import Paper
from sitegen.sources import read_dumps
from sitegen.tagging import Rule, Term, read_rules
from sitegen.tagging.match import direct_tags, paper_fields
from sitegen.tagging.terms import plain_matches

ROOT = Path(__file__).resolve().parent.parent


def naive_hit(term: Term, text: str) -> bool:
    if term.plain:
        return next(plain_matches(term, text.casefold()), None) is not None
    return term.pattern.search(text) is not None


def naive_match(rule: Rule, texts: Mapping[str, str]) -> bool:
    fields = [texts[name] for name in rule.fields]
    if not rule.automatic:
        return False
    if rule.any and not any(naive_hit(t, text) for t in rule.any for text in fields):
        return False
    if not all(any(naive_hit(t, text) for text in fields) for t in rule.all):
        return False
    return not any(naive_hit(t, text) for t in rule.none for text in fields)


def assert_same(rule_list: tuple[Rule, ...], papers: list[Paper]) -> int:
    """Compare paper by paper; returns how many (paper, tag) pairs matched, so a caller can check the
    comparison was not vacuous."""
    fast = direct_tags(rule_list, paper_fields(papers))
    pairs = 0
    for found, item in zip(fast, papers, strict=True):
        texts = {"title": item.title, "abstract": item.abstract}
        expected = [rule.tag for rule in rule_list if naive_match(rule, texts)]
        assert found == expected, item.title
        pairs += len(found)
    return pairs


@pytest.fixture(scope="module")
def generated(corpus300: list[Path]) -> list[Paper]:
    return list(merge_dumps(read_dumps(corpus300[0].parent)).papers)


def test_shipped_rules_on_generated_papers(generated: list[Paper]) -> None:
    shipped = read_rules(ROOT / "content" / "tags.yaml")
    assert len(generated) >= 250
    assert assert_same(shipped.rules, generated) > len(generated)  # most papers get some tag


EDGE_RULES = """
tags:
  phrase: {any: ["a b", "x-y z", "c++"]}
  regex-any: {any: ["/\\\\bRNNs?\\\\b/", "/^Deep/i"], none: [survey]}
  all-only: {all: [sparse, "/attention/i"]}
  none-phrase: {any: [memory], none: ["memory footprint", "/footprint$/"]}
  title-only: {any: ["neural memory"], all: [memory], fields: [title]}
  manual: {label: Manual}
"""

EDGE_PAPERS = [
    paper("xa a b", "nothing"),                     # a phrase hidden behind a false start
    paper("xa b, a", "a bc"),                       # no word boundary before / after the phrase
    paper("A  B", "c++ code"),
    paper("ab", "x-y  z and xx-y z"),
    paper("Deep RNNs", "a survey"),
    paper("deep rnn", "RNN"),
    paper("Sparse Attention", ""),
    paper("Sparse", "ATTENTION"),
    paper("Memory", "small memory footprint"),
    paper("Memory", "memory footprint and memory"),
    paper("Memory", "the footprint"),
    paper("Neural Memory", ""),
    paper("Other", "neural memory"),
    paper("STRASSE", "straße a\u00a0b"),             # casefolding and non-ASCII whitespace
    paper("a\tB", "x-y\n z, C++\r\nneural\tmemory"),     # ASCII whitespace other than spaces
]


def test_edge_rules_agree_with_the_naive_matcher() -> None:
    assert assert_same(rules(EDGE_RULES).rules, EDGE_PAPERS) >= 8
