"""``explain_paper``: verdicts and spans for one paper, built in memory."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from tag_support import paper, rules

from sitegen.tagging.explain import explain_paper, fold_with_offsets
from sitegen.tagging.terms import fold

NEAR = """
tags:
  blocked-without-any:
    any: [xray]
    all: [yak]
    none: [zebra]
  incomplete-without-any:
    any: [xray]
    all: [yak, owl]
  blocked:
    any: [yak]
    none: [zebra]
  incomplete:
    all: [yak, owl]
"""


def test_a_rule_whose_any_terms_all_miss_is_no_near_miss() -> None:
    # The README: a near miss is an `any` hit blocked by `none`, or an `all` term missing. With no
    # `any` term found, removing the `none` term or adding the `all` term would not make it match.
    found = paper("Yak and zebra")
    statuses = {v.tag: v.status for v in explain_paper(rules(NEAR), found, [found]).verdicts}
    assert statuses == {"blocked": "blocked", "incomplete": "incomplete"}


def test_spans_in_decomposed_text_cover_whole_characters() -> None:
    # "Schro\u0308dinger": the o and its combining diaeresis are one letter; the span covers both.
    title = "Neural Schro\u0308dinger Bridges and Cafe\u0301s"
    found = paper(title)
    loaded = rules("""
    tags:
      physics:
        any: ["Schrödinger", "cafés"]
    """)
    (verdict,) = explain_paper(loaded, found, [found]).verdicts
    assert verdict.status == "matched"
    assert [(h.start, h.end, h.text) for h in verdict.hits] == [
        (7, 19, "Schro\u0308dinger"), (32, 38, "Cafe\u0301s")]


PIECES = ["a", "e", "o", " ", "\u0301", "\u0308", "\u0323", "ß", "İ", "ﬁ", "ᾳ", "\u0345", "Σ", "ᄀ", "ᅡ",
          "ᆨ", "가", "\u212b", "Å", "A\u030a"]
"""Combining marks in and out of canonical order, letters casefolding to two, Hangul jamo (which
compose with each other), the Angstrom sign (composed to Å)."""


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_offsets_fold_the_text_as_the_matcher_does(text: str) -> None:
    folded, starts, ends = fold_with_offsets(text)
    assert folded == fold(text)
    assert len(starts) == len(ends) == len(folded)
    assert all(0 <= s < e <= len(text) for s, e in zip(starts, ends, strict=True))
