"""The one YAML reader: text composed into nodes (``yaml.compose``: no objects built, every node keeps
its mark), then read into plain values, collecting every problem with its ``file:line:col`` instead of
stopping at the first. ``site.yaml`` and ``tags.yaml`` are both read through it."""

from __future__ import annotations

from collections.abc import Sequence

import yaml

from ..errors import ConfigError, did_you_mean, error, warning
from ..model import Location, Problem

NULL_TAG = "tag:yaml.org,2002:null"
# libyaml's loader when PyYAML was built with it (the wheels are): composing with the pure-Python one
# was most of the time a build spent loading its rules; both keep every node's line and column.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Entry = tuple[str, yaml.Node, yaml.Node]
"""A mapping entry: key text, key node, value node."""


def describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "nothing" if node.tag == NULL_TAG else "a string"


def compose(text: str, path: str) -> yaml.Node | None:
    """The YAML of ``path``'s ``text`` as nodes (None for an empty file); a syntax error is one
    ``ConfigError`` at its line and column."""
    try:
        return yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
        raise ConfigError([error(where, f"invalid YAML: {exc.problem or exc.context}")]) from None
    except yaml.YAMLError as exc:
        raise ConfigError([error(Location(path), f"invalid YAML: {exc}")]) from None


class NodeReader:
    """Turns nodes of one file into values; ``problems`` collects what is wrong, in reading order."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def location(self, node: yaml.Node) -> Location:
        mark = node.start_mark
        return Location(self.path, mark.line + 1, mark.column + 1)

    def error(self, node: yaml.Node, message: str) -> None:
        self.problems.append(error(self.location(node), message))

    def warn(self, node: yaml.Node, message: str) -> None:
        self.problems.append(warning(self.location(node), message))

    def entries(self, node: yaml.Node, what: str, allowed: Sequence[str] | None = None) -> list[Entry]:
        """The entries of a mapping, minus duplicates and (when ``allowed`` is given) unknown keys,
        each of which is reported."""
        if node.tag == NULL_TAG and not isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            return []
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a mapping, got {describe(node)}")
            return []
        seen: dict[str, yaml.Node] = {}
        result: list[Entry] = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == NULL_TAG:
                self.error(key_node, f"a key in {what} must be a string, got {describe(key_node)}")
                continue
            key = str(key_node.value)
            if key in seen:
                first = self.location(seen[key])
                self.error(key_node, f"duplicate key {key!r} in {what} (first at line {first.line})")
                continue
            seen[key] = key_node
            if allowed is not None and key not in allowed:
                self.error(key_node, f"unknown key {key!r} in {what}{did_you_mean(key, allowed)}")
                continue
            result.append((key, key_node, value_node))
        return result

    def text(self, node: yaml.Node, what: str) -> str | None:
        """A scalar's text as written (``yes`` stays ``yes``); None, reported, for anything else."""
        if isinstance(node, yaml.ScalarNode) and node.tag != NULL_TAG:
            return str(node.value)
        self.error(node, f"{what} must be a string, got {describe(node)}")
        return None

    def texts(self, node: yaml.Node, what: str) -> list[tuple[str, yaml.Node]]:
        """A list of strings; an empty value is an empty list, a lone string is an error."""
        if isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG:
            return []
        if not isinstance(node, yaml.SequenceNode):
            hint = f' (write [{node.value!r}])' if isinstance(node, yaml.ScalarNode) else ""
            self.error(node, f"{what} must be a list of strings, got {describe(node)}{hint}")
            return []
        result: list[tuple[str, yaml.Node]] = []
        for item in node.value:
            value = self.text(item, f"each entry of {what}")
            if value is not None:
                result.append((value, item))
        return result
