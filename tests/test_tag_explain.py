"""``explain_paper``: verdicts and spans for one paper, built in memory."""

from __future__ import annotations

from tag_support import paper, rules

from sitegen.tagging.explain import explain_paper

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
