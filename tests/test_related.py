"""Related papers equal a brute-force ranking over every pair: most shared tags, then most shared rare
title words, then slug; only papers sharing a tag or a rare word are related."""

from __future__ import annotations

import dataclasses

import pytest
from fixtures_site import make_site
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.render import related as related_module
from sitegen.render.related import Related, title_words
from sitegen.site import Permalink, Site

WORDS = ("sparse", "memory", "experts", "quantized", "attention", "graph", "the", "of", "pruning", "tiny")
TAGS = ("moe", "memory", "quant", "graphs")

papers_strategy = st.lists(
    st.tuples(st.lists(st.sampled_from(WORDS), min_size=1, max_size=5),
              st.frozensets(st.sampled_from(TAGS), max_size=3)),
    min_size=1, max_size=40)


def synthetic_site(rows: list[tuple[list[str], frozenset[str]]]) -> Site:
    """A site whose papers have the given title words and tags; slugs are not in site order."""
    base = make_site()
    template = base.papers[0]
    papers, links, tags = [], {}, {}
    for number, (words, tag_set) in enumerate(rows):
        key = f"paper {number}"
        papers.append(dataclasses.replace(template, key=key, title=" ".join(words)))
        links[key] = Permalink(key, f"slug-{(number * 7919) % 1000:04d}-{number}", f"urn:{number}")
        tags[key] = tuple(sorted(tag_set))
    return dataclasses.replace(base, papers=tuple(papers), permalinks=links, paper_tags=tags)


def brute_force(site: Site, limit: int, rare: int) -> dict[str, tuple[str, ...]]:
    words = {p.key: title_words(p.title) for p in site.papers}
    counts: dict[str, int] = {}
    for found in words.values():
        for word in found:
            counts[word] = counts.get(word, 0) + 1
    rare_words = {k: {w for w in found if counts[w] <= rare} for k, found in words.items()}
    result = {}
    for paper in site.papers:
        mine = set(site.paper_tags[paper.key])
        scored = []
        for other in site.papers:
            if other.key == paper.key:
                continue
            tags = len(mine & set(site.paper_tags[other.key]))
            shared = len(rare_words[paper.key] & rare_words[other.key])
            if tags or shared:
                scored.append((-tags, -shared, site.permalinks[other.key].slug, other.key))
        result[paper.key] = tuple(key for *_, key in sorted(scored)[:limit])
    return result


@settings(max_examples=60, deadline=None)
@given(papers_strategy, st.sampled_from((1, 2, 3, 200)), st.sampled_from((1, 3, 2048)),
       st.sampled_from((1, 5)))
def test_related_equals_the_brute_force_ranking(rows: list[tuple[list[str], frozenset[str]]], rare: int,
                                                block: int, limit: int) -> None:
    site = synthetic_site(rows)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(related_module, "RARE_WORD_PAPERS", rare)
        patch.setattr(related_module, "BLOCK", block)
        found = Related(site, limit).all()
    assert found == brute_force(site, limit, rare)


def test_the_brute_force_reference_itself_ranks_tags_before_words() -> None:
    site = synthetic_site([(["sparse", "memory"], frozenset({"moe"})),
                           (["sparse", "memory"], frozenset()),
                           (["graph"], frozenset({"moe"})),
                           (["tiny"], frozenset())])
    expected = brute_force(site, 5, 200)
    assert expected["paper 0"] == ("paper 2", "paper 1")  # one shared tag beats two shared words
    assert expected["paper 3"] == ()
    assert Related(site).all() == expected
