"""The one YAML reader: text composed into nodes (``yaml.compose``: no objects built, every node keeps
its mark), then read into plain values, collecting every problem with its ``file:line:col`` instead of
stopping at the first. ``site.yaml`` and ``tags.yaml`` are both read through it."""

from __future__ import annotations

from collections.abc import Sequence

import yaml

from ..errors import ConfigError, did_you_mean, error, warning
from ..model import Location, Problem

NULL_TAG = "tag:yaml.org,2002:null"
MERGE_TAG = "tag:yaml.org,2002:merge"
"""The key ``<<``: ``<<: *anchor`` (or a list of them) brings in another mapping's entries."""
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
        for key_node, value_node in self._pairs(node, what, frozenset()):
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

    def _pairs(self, node: yaml.MappingNode, what: str,
               within: frozenset[int]) -> list[tuple[yaml.Node, yaml.Node]]:
        """The mapping's own pairs, then those its merge keys bring that it does not set itself (as
        YAML's merge keys say: the mapping's own keys win, then the earlier of the merged ones).
        ``within``: the mappings being merged already, so an anchor merged into itself ends."""
        own = [(key, value) for key, value in node.value if key.tag != MERGE_TAG]
        taken = {str(key.value) for key, _ in own if isinstance(key, yaml.ScalarNode)}
        result = list(own)
        for key, value in node.value:
            if key.tag != MERGE_TAG:
                continue
            for source in value.value if isinstance(value, yaml.SequenceNode) else [value]:
                if not isinstance(source, yaml.MappingNode):
                    self.error(source, f"a merge key ('<<') in {what} must name a mapping or a list of "
                                       f"mappings (<<: *anchor), got {describe(source)}")
                elif id(source) not in within:
                    for pair in self._pairs(source, what, within | {id(node)}):
                        name = str(pair[0].value) if isinstance(pair[0], yaml.ScalarNode) else ""
                        if not name or name not in taken:  # the own entry, or an earlier merge's, wins
                            taken.add(name)
                            result.append(pair)
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
