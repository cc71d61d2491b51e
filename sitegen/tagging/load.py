"""``tags.yaml`` -> ``RuleSet``: parse safely, check everything, report every problem at once."""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from ..config.yamlnodes import NodeReader, compose
from ..errors import did_you_mean, error, raise_if_errors
from ..site import Tag
from .rules import DEFAULT_FIELDS, FIELDS, Example, Override, PaperRef, Rule, RuleSet
from .terms import Term, TermError, compile_term

TOP_KEYS = ("tags", "papers", "hide")
TAG_KEYS = ("label", "description", "any", "all", "none", "fields", "parent", "examples")
EXAMPLE_KEYS = ("match", "no_match")
MADE_UP_KEYS = ("title", "abstract")
OVERRIDE_KEYS = ("add", "remove")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True, slots=True)
class _TagUse:
    """A tag id named somewhere (a parent, an override): checked once every tag is known."""

    tag: str
    node: yaml.Node
    context: str


def parse_rules(text: str, path: str) -> RuleSet:
    """Check the text of a rules file; raise ``ConfigError`` listing every error in it."""
    reader = NodeReader(path)
    root = compose(text, path)
    if root is None:
        return RuleSet(path, (), (), (), ())
    tags: list[Tag] = []
    rules: list[Rule] = []
    uses: list[_TagUse] = []
    overrides: list[Override] = []
    hide: list[PaperRef] = []
    for key, _, value in reader.entries(root, "the rules file", TOP_KEYS):
        if key == "tags":
            for tag_id, key_node, body in reader.entries(value, "tags"):
                _read_tag(reader, tag_id, key_node, body, tags, rules, uses)
        elif key == "papers":
            overrides.extend(_read_override(reader, name, node, body, uses)
                             for name, node, body in reader.entries(value, "papers"))
        else:
            hide.extend(PaperRef(name, reader.location(node)) for name, node in reader.texts(value, "hide"))
    _check_tag_uses(reader, uses, [tag.id for tag in tags])
    _check_cycles(reader, tags)
    raise_if_errors(reader.problems)
    return RuleSet(path, tuple(tags), tuple(rules), tuple(overrides), tuple(hide), tuple(reader.problems))


def _read_tag(reader: NodeReader, tag_id: str, key_node: yaml.Node, body: yaml.Node,
              tags: list[Tag], rules: list[Rule], uses: list[_TagUse]) -> None:
    where = f"tag {tag_id!r}"
    if not SLUG.fullmatch(tag_id):
        reader.error(key_node, f"tag id {tag_id!r} is not a URL-safe slug (lowercase letters, digits "
                               f"and single hyphens, like {_slugify(tag_id)!r})")
    values = {key: value for key, _, value in reader.entries(body, where, TAG_KEYS)}
    label = _optional_text(reader, values.get("label"), f"the label of {where}") or tag_id
    description = _optional_text(reader, values.get("description"), f"the description of {where}")
    parent = _optional_text(reader, values.get("parent"), f"the parent of {where}")
    if parent is not None:
        uses.append(_TagUse(parent, values["parent"], f"the parent of {where} is an"))
    location = reader.location(key_node)
    groups = {name: _read_terms(reader, values.get(name), f"{name!r} of {where}")
              for name in ("any", "all", "none")}
    rules.append(Rule(tag_id, groups["any"], groups["all"], groups["none"],
                      _read_fields(reader, values.get("fields"), where),
                      _read_examples(reader, values.get("examples"), where), location))
    tags.append(Tag(tag_id, label, description or "", parent, location))


def _optional_text(reader: NodeReader, node: yaml.Node | None, what: str) -> str | None:
    return None if node is None else reader.text(node, what)


def _read_terms(reader: NodeReader, node: yaml.Node | None, what: str) -> tuple[Term, ...]:
    if node is None:
        return ()
    terms: list[Term] = []
    for text, item in reader.texts(node, what):
        try:
            terms.append(compile_term(text, reader.location(item)))
        except TermError as exc:
            reader.error(item, f"in {what}: {exc}")
    return tuple(terms)


def _read_fields(reader: NodeReader, node: yaml.Node | None, where: str) -> tuple[str, ...]:
    if node is None:
        return DEFAULT_FIELDS
    fields: list[str] = []
    for name, item in reader.texts(node, f"the fields of {where}"):
        if name not in FIELDS:
            reader.error(item, f"unknown field {name!r} in {where}{did_you_mean(name, FIELDS)}")
        elif name in fields:
            reader.error(item, f"field {name!r} is listed twice in {where}")
        else:
            fields.append(name)
    if isinstance(node, yaml.SequenceNode) and not node.value:
        reader.error(node, f"the fields of {where} are empty: the rule could never match")
    return tuple(fields)


def _read_examples(reader: NodeReader, node: yaml.Node | None, where: str) -> tuple[Example, ...]:
    if node is None:
        return ()
    examples: list[Example] = []
    for key, _, value in reader.entries(node, f"the examples of {where}", EXAMPLE_KEYS):
        if not isinstance(value, yaml.SequenceNode):
            reader.texts(value, f"{key!r} examples of {where}")  # reports the wrong type
            continue
        for item in value.value:
            example = _read_example(reader, item, key == "match", where)
            if example is not None:
                examples.append(example)
    return tuple(examples)


def _read_example(reader: NodeReader, item: yaml.Node, expect: bool, where: str) -> Example | None:
    """A title (string), or a made-up paper ``{title: ..., abstract: ...}``."""
    if not isinstance(item, yaml.MappingNode):
        title = reader.text(item, f"an example of {where}")
        return None if title is None else Example(PaperRef(title, reader.location(item)), expect)
    values = {key: value for key, _, value in reader.entries(item, f"an example of {where}", MADE_UP_KEYS)}
    if "title" not in values:
        reader.error(item, f"a made-up example of {where} needs a 'title'")
        return None
    title = reader.text(values["title"], f"the title of an example of {where}")
    abstract = _optional_text(reader, values.get("abstract"), f"the abstract of an example of {where}")
    if title is None:
        return None
    return Example(PaperRef(title, reader.location(item)), expect, abstract or "")


def _read_override(reader: NodeReader, name: str, key_node: yaml.Node, body: yaml.Node,
                   uses: list[_TagUse]) -> Override:
    where = f"papers entry {name!r}"
    values = {key: value for key, _, value in reader.entries(body, where, OVERRIDE_KEYS)}
    add = reader.texts(values["add"], f"'add' of {where}") if "add" in values else []
    remove = reader.texts(values["remove"], f"'remove' of {where}") if "remove" in values else []
    added = {tag_id for tag_id, _ in add}
    for tag_id, node in remove:
        if tag_id in added:
            reader.error(node, f"{where} both adds and removes tag {tag_id!r}")
    uses.extend(_TagUse(tag_id, node, f"{where} names") for tag_id, node in (*add, *remove))
    if not add and not remove:
        reader.warn(key_node, f"{where} neither adds nor removes a tag")
    return Override(PaperRef(name, reader.location(key_node)),
                    tuple(tag_id for tag_id, _ in add), tuple(tag_id for tag_id, _ in remove))


def _check_tag_uses(reader: NodeReader, uses: list[_TagUse], ids: list[str]) -> None:
    for use in uses:
        if use.tag not in ids:
            hint = did_you_mean(use.tag, ids, list_all=False)
            reader.error(use.node, f"{use.context} unknown tag {use.tag!r}{hint}")


def _check_cycles(reader: NodeReader, tags: list[Tag]) -> None:
    """Name each parent cycle once, at the first tag of it in file order."""
    parents = {tag.id: tag.parent for tag in tags}
    reported: set[str] = set()
    for tag in tags:
        chain = [tag.id]
        parent = parents.get(tag.id)
        while parent is not None and parent in parents and parent not in chain:
            chain.append(parent)
            parent = parents[parent]
        if parent == tag.id and tag.id not in reported:
            reported.update(chain)
            reader.problems.append(error(tag.location, "parent cycle: " + " -> ".join([*chain, tag.id])))


def _slugify(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())) or "topic"
