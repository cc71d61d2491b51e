"""Matching: what a rule catches. Every test builds its papers and rules in memory."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from tag_support import paper, rules

from sitegen.model import Paper
from sitegen.tagging import apply_rules


def tags_of(yaml_text: str, papers: Sequence[Paper],
            slugs: dict[str, str] | None = None) -> dict[str, tuple[str, ...]]:
    """Title -> tags, for readable assertions."""
    tagging = apply_rules(rules(yaml_text), papers, slugs)
    return {p.title: tagging.paper_tags[p.key] for p in papers if p.key in tagging.paper_tags}


ONE_TERM = """
tags:
  t:
    any: [{term}]
"""


@pytest.mark.parametrize(("term", "text", "expected"), [
    ('"NAS"', "NAS evaluation is hard", True),
    ('"NAS"', "NASA flies rockets", False),           # word boundary at the end
    ('"NAS"', "uses DARTS-NAS search", True),         # punctuation is a boundary
    ('"NAS"', "a nas lowercase", True),               # case-insensitive
    ('"memory"', "Memory Networks", True),
    ('"memory"', "memorization at test time", False),
    ('"memory"', "memory_bank", False),               # underscore is a word character
    ('"mixture of experts"', "a Mixture  of\nExperts layer", True),  # any whitespace
    ('"mixture of experts"', "mixture-of-experts", False),           # a hyphen is not whitespace
    ('"memory-efficient"', "a Memory-Efficient optimizer", True),
    ('"memory-efficient"', "memory efficient", False),
    ('"C++"', "written in C++ code", True),           # no boundary needed after punctuation
    ('"C++"', "written in C code", False),
    ('"GPT"', "GPT-4 results", True),
    ('"GPT"', "GPT4 results", False),
    ('"straße"', "STRASSE names", True),              # casefolded, not just lowercased
    ('"Schrödinger"', "Schro\u0308dinger bridges", True),  # composed term, decomposed text (NFD)
    ('"Schro\u0308dinger"', "Schrödinger bridges", True),  # and the other way round
    ('"naïve"', "NAI\u0308VE Bayes", True),
    ('"cafe"', "Cafe\u0301 au lait", False),                # an accent is part of the word
    ('"nai"', "nai\u0308ve", False),
    ('"/\\\\bRNNs?\\\\b/"', "RNNs and LSTMs", True),   # regex
    ('"/\\\\bRNNs?\\\\b/"', "rnn", False),              # regex is case-sensitive by default
    ('"/\\\\bRNNs?\\\\b/i"', "rnn", True),              # /i ignores case
    ('"/BERT$/"', "fine-tuned BERT", True),
    ('"/BERT$/"', "BERT is fine-tuned", False),
])
def test_term(term: str, text: str, expected: bool) -> None:
    result = tags_of(ONE_TERM.format(term=term), [paper("Untitled", text)])
    assert result["Untitled"] == (("t",) if expected else ())


def test_fields_default_to_title_and_abstract_and_can_be_narrowed() -> None:
    papers = [paper("Memory Networks", "nothing here"), paper("Something", "about memory")]
    both = tags_of("tags:\n  m: {any: [memory]}\n", papers)
    assert both == {"Memory Networks": ("m",), "Something": ("m",)}
    title_only = tags_of("tags:\n  m: {any: [memory], fields: [title]}\n", papers)
    assert title_only == {"Memory Networks": ("m",), "Something": ()}
    abstract_only = tags_of("tags:\n  m: {any: [memory], fields: [abstract]}\n", papers)
    assert abstract_only == {"Memory Networks": (), "Something": ("m",)}


def test_a_phrase_does_not_span_title_and_abstract() -> None:
    result = tags_of("tags:\n  m: {any: [\"memory networks\"]}\n", [paper("Neural memory", "networks are")])
    assert result["Neural memory"] == ()


def test_any_all_none() -> None:
    yaml_text = """
    tags:
      q:
        any: [quantization, quantized]
        all: [LLM]
        none: [dataset quantization]
    """
    papers = [
        paper("Quantized LLM inference"),                # any + all
        paper("Quantized CNN inference"),                # all missing
        paper("LLM serving"),                            # any missing
        paper("Dataset Quantization for LLM training"),  # none blocks
        paper("LLM", "post-training quantization"),      # terms found in different fields
    ]
    assert tags_of(yaml_text, papers) == {
        "Quantized LLM inference": ("q",),
        "Quantized CNN inference": (),
        "LLM serving": (),
        "Dataset Quantization for LLM training": (),
        "LLM": ("q",),
    }


def test_all_alone_needs_every_term() -> None:
    yaml_text = "tags:\n  t: {all: [sparse, attention]}\n"
    papers = [paper("Sparse attention"), paper("Sparse models"), paper("Attention")]
    assert tags_of(yaml_text, papers) == {"Sparse attention": ("t",), "Sparse models": (), "Attention": ()}


def test_a_tag_without_terms_gets_papers_only_by_override() -> None:
    yaml_text = """
    tags:
      picks: {label: Editor's picks}
    papers:
      "Memory Networks": {add: [picks]}
    """
    result = tags_of(yaml_text, [paper("Memory Networks"), paper("Picks of the week")])
    assert result == {"Memory Networks": ("picks",), "Picks of the week": ()}


PARENTS = """
tags:
  models: {label: Models}
  sequence: {parent: models}
  memory: {any: [memory], parent: sequence}
  nas: {any: [NAS]}
"""


def test_parents_are_added_transitively_in_file_order() -> None:
    result = tags_of(PARENTS, [paper("NAS with memory"), paper("Plain")])
    assert result == {"NAS with memory": ("models", "sequence", "memory", "nas"), "Plain": ()}


def test_override_adds_and_removes_by_title() -> None:
    yaml_text = PARENTS + """
papers:
  "nas  with MEMORY": {add: [models], remove: [nas]}
  "Plain!": {add: [nas]}
"""
    result = tags_of(yaml_text, [paper("NAS with memory"), paper("Plain")])
    # titles compare as merge keys: case, punctuation and spacing do not matter
    assert result == {"NAS with memory": ("models", "sequence", "memory"), "Plain": ("nas",)}


def test_removing_a_tag_drops_the_parents_it_brought() -> None:
    yaml_text = PARENTS + '\npapers:\n  "Memory paper": {remove: [memory]}\n'
    assert tags_of(yaml_text, [paper("Memory paper")]) == {"Memory paper": ()}


def test_removing_a_parent_wins_over_its_child() -> None:
    yaml_text = PARENTS + '\npapers:\n  "Memory paper": {remove: [sequence]}\n'
    assert tags_of(yaml_text, [paper("Memory paper")]) == {"Memory paper": ("models", "memory")}


def test_override_by_slug_only_when_slugs_are_given() -> None:
    yaml_text = PARENTS + '\npapers:\n  "plain-paper-2": {add: [nas]}\n'
    papers = [paper("Plain paper")]
    assert tags_of(yaml_text, papers) == {"Plain paper": ()}
    slugs = {papers[0].key: "plain-paper-2"}
    assert tags_of(yaml_text, papers, slugs) == {"Plain paper": ("nas",)}


def test_hide_by_title_and_slug() -> None:
    yaml_text = PARENTS + '\nhide: ["Secret Paper", "other-slug"]\n'
    papers = [paper("Secret paper", "memory"), paper("Other", "memory"), paper("Shown", "memory")]
    tagging = apply_rules(rules(yaml_text), papers, {papers[1].key: "other-slug"})
    assert tagging.hidden == {papers[0].key, papers[1].key}
    assert set(tagging.paper_tags) == {papers[2].key}  # nothing of a hidden paper leaks


def test_untagged_and_papers_with() -> None:
    papers = [paper("NAS one"), paper("Plain"), paper("Memory two")]
    tagging = apply_rules(rules(PARENTS), papers)
    assert tagging.untagged == (papers[1].key,)
    assert tagging.papers_with("models") == (papers[2].key,)
    assert tagging.papers_with("nas") == (papers[0].key,)
