"""Loading tags.yaml: every problem at once, each at its line:column, in a plain sentence."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from tag_support import paper, rules

from sitegen.errors import ConfigError
from sitegen.model import Location, Severity
from sitegen.site import Tag
from sitegen.tagging import load_rules


def errors_of(yaml_text: str) -> list[tuple[str, str]]:
    """(``line:col``, message) of every error, in order."""
    with pytest.raises(ConfigError) as caught:
        rules(yaml_text)
    found = [(f"{p.location.line}:{p.location.column}", p.message) for p in caught.value.problems]
    assert all(p.severity is Severity.ERROR and p.location.path == "tags.yaml" for p in caught.value.problems)
    return found


def test_a_valid_file_gives_tags_in_file_order_with_locations() -> None:
    loaded = rules("""
    tags:
      models:
        label: Models
        description: All the *models*.
      memory:
        any: [memory]
        parent: models
    """)
    assert loaded.tags == (Tag("models", "Models", "All the *models*.", None),
                           Tag("memory", "memory", "", "models"))
    assert [t.location for t in loaded.tags] == [Location("tags.yaml", 3, 3), Location("tags.yaml", 6, 3)]
    assert loaded.warnings == ()


def test_empty_file_has_no_tags() -> None:
    assert rules("").tags == ()


def test_every_problem_is_reported_at_once() -> None:
    found = errors_of("""
    tags:
      memory:
        nay: [x]
        any: "memory"
      Bad_Id:
        any: ["/(unclosed/"]
    """)
    assert found == [
        ("4:5", "unknown key 'nay' in tag 'memory'; did you mean 'any'?"),
        ("5:10", "'any' of tag 'memory' must be a list of strings, got a string (write ['memory'])"),
        ("6:3", "tag id 'Bad_Id' is not a URL-safe slug (lowercase letters, digits and single hyphens, "
                "like 'bad-id')"),
        ("7:11", "in 'any' of tag 'Bad_Id': regex '/(unclosed/' does not compile: missing ), "
                 "unterminated subpattern at position 0"),
    ]


def test_unknown_top_level_key_suggests_the_closest() -> None:
    found = errors_of("tag:\n  a: {}\n")
    assert found == [("1:1", "unknown key 'tag' in the rules file; did you mean 'tags'?")]


def test_unknown_key_with_nothing_close_lists_the_valid_keys() -> None:
    (where, message), = errors_of("tags:\n  a: {zzz: 1}\n")
    assert where == "2:7"
    assert message.startswith("unknown key 'zzz' in tag 'a'; expected one of: label, description, any")


@pytest.mark.parametrize(("tag_id", "ok"), [
    ("memory", True), ("state-space-models", True), ("top10", True),
    ("Memory", False), ("state space", False), ("a--b", False), ("-a", False), ("a_b", False), ("é", False),
])
def test_tag_ids_must_be_url_safe_slugs(tag_id: str, ok: bool) -> None:
    text = f'tags:\n  "{tag_id}": {{}}\n'
    if ok:
        assert [t.id for t in rules(text).tags] == [tag_id]
    else:
        (where, message), = errors_of(text)
        assert where == "2:3" and message.startswith(f"tag id {tag_id!r} is not a URL-safe slug")


def test_duplicate_tag_id_names_the_first() -> None:
    found = errors_of("tags:\n  a: {any: [x]}\n  b: {}\n  a: {any: [y]}\n")
    assert found == [("4:3", "duplicate key 'a' in tags (first at line 2)")]


def test_duplicate_key_inside_a_tag() -> None:
    found = errors_of("tags:\n  a:\n    any: [x]\n    any: [y]\n")
    assert found == [("4:5", "duplicate key 'any' in tag 'a' (first at line 3)")]


@pytest.mark.parametrize(("term", "gist"), [
    ('"/(x/"', "does not compile: missing ), unterminated subpattern"),
    ('"/a**/"', "does not compile: multiple repeat"),
    ('"/x?/"', "matches empty text, so it would match every paper"),
    ('"//"', "is empty"),
    ('"/memory/x"', "starts like a regex but does not end with '/' or '/i'"),
    ('"  "', "an empty term would match nothing"),
])
def test_bad_terms(term: str, gist: str) -> None:
    (where, message), = errors_of(f"tags:\n  a:\n    none: [ok, {term}]\n")
    assert where == "3:16"
    assert gist in message and message.startswith("in 'none' of tag 'a': ")


def test_unknown_parent_suggests_a_close_tag() -> None:
    found = errors_of("tags:\n  memory: {}\n  rnn: {parent: memroy}\n  x: {parent: zzz}\n")
    assert found == [
        ("3:17", "the parent of tag 'rnn' is an unknown tag 'memroy'; did you mean 'memory'?"),
        ("4:15", "the parent of tag 'x' is an unknown tag 'zzz'"),
    ]


def test_parent_cycles_are_named() -> None:
    found = errors_of("""
    tags:
      a: {parent: c}
      b: {parent: a}
      c: {parent: b}
      d: {parent: d}
      e: {parent: a}
    """)
    assert found == [("3:3", "parent cycle: a -> c -> b -> a"), ("6:3", "parent cycle: d -> d")]


def test_fields_must_be_known() -> None:
    found = errors_of("tags:\n  a:\n    any: [x]\n    fields: [title, abstrct, title]\n")
    assert found == [
        ("4:21", "unknown field 'abstrct' in tag 'a'; did you mean 'abstract'?"),
        ("4:30", "field 'title' is listed twice in tag 'a'"),
    ]
    assert errors_of("tags:\n  a: {any: [x], fields: []}\n") == [
        ("2:25", "the fields of tag 'a' are empty: the rule could never match")]


@pytest.mark.parametrize(("value", "where", "gist"), [
    ("{any: {x: 1}}", "2:12", "'any' of tag 'a' must be a list of strings, got a mapping"),
    ("{any: [[x]]}", "2:13", "each entry of 'any' of tag 'a' must be a string, got a list"),
    ("{label: [x]}", "2:14", "the label of tag 'a' must be a string, got a list"),
    ("{parent: ~}", "2:15", "the parent of tag 'a' must be a string, got nothing"),
    ("[x]", "2:6", "tag 'a' must be a mapping, got a list"),
    ("{examples: [x]}", "2:17", "the examples of tag 'a' must be a mapping, got a list"),
    ("{examples: {match: x}}", "2:25", "'match' examples of tag 'a' must be a list of strings, got a string"),
    ("{examples: {match: [{abstract: x}]}}", "2:26", "a made-up example of tag 'a' needs a 'title'"),
])
def test_wrong_types(value: str, where: str, gist: str) -> None:
    (found_where, message), = errors_of(f"tags:\n  a: {value}\n")
    assert (found_where, message[:len(gist)]) == (where, gist)


def test_top_level_must_be_a_mapping_and_hide_a_list() -> None:
    assert errors_of("- a\n") == [("1:1", "the rules file must be a mapping, got a list")]
    assert errors_of("hide: x\n") == [("1:7", "hide must be a list of strings, got a string (write ['x'])")]


def test_overrides_are_checked() -> None:
    found = errors_of("""
    tags:
      memory: {}
    papers:
      "A paper": {add: [memroy], remove: [memory], keep: [x]}
      "B paper": {add: [memory], remove: [memory]}
    """)
    assert found == [
        ("5:21", "papers entry 'A paper' names unknown tag 'memroy'; did you mean 'memory'?"),
        ("5:48", "unknown key 'keep' in papers entry 'A paper'; expected one of: add, remove"),
        ("6:39", "papers entry 'B paper' both adds and removes tag 'memory'"),
    ]


def test_invalid_yaml_is_one_located_error() -> None:
    (where, message), = errors_of("tags:\n  a: [x\n  b: {}\n")
    assert where == "3:4"
    assert message.startswith("invalid YAML: ")


def test_yaml_is_composed_not_constructed() -> None:
    # a Python object tag would run code under an unsafe loader; here it is only text that is not a rule
    text = "tags:\n  a: !!python/object/apply:os.system [echo hi]\n"
    (where, message), = errors_of(text)
    assert where == "2:6" and message == "tag 'a' must be a mapping, got a list"


# --- load_rules: examples, references and the file itself


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tags.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


EXAMPLES = """
tags:
  memory:
    any: [memory]
    examples:
      match: ["Memory Networks", {title: "Neural Turing machines", abstract: "external memory"}]
      no_match: ["Pruning networks", "Not A Real Paper"]
papers:
  "Ghost paper": {add: [memory]}
hide: ["Also ghost"]
"""


def test_load_rules_checks_examples_and_warns_about_names_that_match_no_paper(tmp_path: Path) -> None:
    papers = [paper("Memory Networks", "x"), paper("Pruning networks", "y")]
    loaded = load_rules(write(tmp_path, EXAMPLES), papers)
    warned = [(p.location.line, p.message) for p in loaded.warnings]
    assert all(p.severity is Severity.WARNING for p in loaded.warnings)
    assert sorted(warned) == [
        (7, "example 'Not A Real Paper' matches no paper by title, so it was not checked"),
        (9, "papers entry 'Ghost paper' matches no paper by title"),
        (10, "hide entry 'Also ghost' matches no paper by title"),
    ]


def test_without_papers_only_made_up_examples_are_checked(tmp_path: Path) -> None:
    assert load_rules(write(tmp_path, EXAMPLES)).warnings == ()


def test_a_failing_example_is_an_error(tmp_path: Path) -> None:
    papers = [paper("Memory Networks", "x"), paper("Pruning networks", "memory footprint")]
    text = EXAMPLES.replace('"external memory"', '"external storage"')
    with pytest.raises(ConfigError) as caught:
        load_rules(write(tmp_path, text), papers)
    found = [(p.location.line, p.location.column, p.message.split(" (")[0]) for p in caught.value.problems]
    assert found == [
        (6, 34, "example 'Neural Turing machines' should get tag 'memory' but does not"),
        (7, 18, "example 'Pruning networks' should not get tag 'memory' but does"),
    ]


def test_examples_see_overrides_and_parents(tmp_path: Path) -> None:
    text = """
    tags:
      models:
        examples: {match: ["Memory Networks"], no_match: ["Other"]}
      memory: {any: [memory], parent: models}
    papers:
      "Other": {remove: [memory]}
    """
    loaded = load_rules(write(tmp_path, text), [paper("Memory Networks"), paper("Other", "memory")])
    assert loaded.warnings == ()


def test_missing_and_undecodable_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_rules(tmp_path / "tags.yaml")
    assert str(caught.value) == "tags.yaml: error: rules file not found"
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"tags:\n  a: \xff\n")
    with pytest.raises(ConfigError) as caught:
        load_rules(bad)
    assert str(caught.value) == "tags.yaml:2: error: not valid UTF-8 (byte 0xff); save the file as UTF-8 text"


def test_a_yaml_merge_key_shares_a_rule_and_explicit_keys_win() -> None:
    loaded = rules("""
    tags:
      memory: &title-rule
        fields: [title]
        any: [memory]
        none: [memory footprint]
      recurrence:
        <<: *title-rule
        any: [recurrent]
      both:
        <<: [*title-rule, {label: Both}]
        label: Both of them
    """)
    by_tag = {rule.tag: rule for rule in loaded.rules}
    recurrence = by_tag["recurrence"]
    assert ([t.text for t in recurrence.any], [t.text for t in recurrence.none], recurrence.fields) == (
        ["recurrent"], ["memory footprint"], ("title",))
    assert recurrence.none[0].location == Location("tags.yaml", 6, 12)  # where the term is written
    assert [t.text for t in by_tag["both"].any] == ["memory"]
    assert [t.label for t in loaded.tags] == ["memory", "recurrence", "Both of them"]
    assert loaded.warnings == ()


def test_a_merge_key_must_name_a_mapping() -> None:
    found = errors_of("tags:\n  a:\n    <<: [x]\n    any: [y]\n")
    assert found == [("3:10", "a merge key ('<<') in tag 'a' must name a mapping or a list of mappings "
                             "(<<: *anchor), got a string")]
