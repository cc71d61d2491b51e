"""Reading what the curator writes: ``site.yaml`` here; the YAML reader every such file goes through
(``yamlnodes``) and the front matter of dumps and notes (``frontmatter``).

``site.yaml`` is read through ``yamlnodes`` so every problem carries ``site.yaml:LINE:COL``. Every
problem in the file is collected and reported at once (unknown keys with the closest valid key, wrong
types, bad URLs, unknown time zones); only then does loading stop with one ``ConfigError``.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from ..errors import ConfigError, did_you_mean, error
from ..model import Location, Problem
from ..project import SITE_FILE
from ..site import FetchSettings, SiteConfig
from ..util.textfile import read_text
from .yamlnodes import NodeReader, compose

REQUIRED = ("title", "base_url")
INT_TAG = "tag:yaml.org,2002:int"
NULL_TAG = "tag:yaml.org,2002:null"
BOOL_TAG = "tag:yaml.org,2002:bool"
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def load_config(path: Path, *, base_url: str | None = None, name: str = SITE_FILE) -> SiteConfig:
    """Read and validate ``site.yaml`` (named ``name`` in messages); ``base_url`` (from
    ``--base-url``) overrides the file's."""
    if not path.is_file():
        raise ConfigError(f"no site configuration: create {path} with at least title and base_url",
                          Location(name))
    return parse_config(read_text(path, name), name, base_url=base_url)


def parse_config(text: str, name: str = SITE_FILE, *, base_url: str | None = None) -> SiteConfig:
    root = compose(text, name) or yaml.MappingNode("tag:yaml.org,2002:map", [])
    if not isinstance(root, yaml.MappingNode):
        raise ConfigError(f"{name} must be a mapping of keys to values", _at(name, root))
    reader = NodeReader(name)
    values = _read_values(reader, root)
    problems = reader.problems
    if base_url is not None:
        values["base_url"] = _check_base_url(base_url, Location("--base-url"), problems)
    given = {str(k.value) for k, _ in root.value if isinstance(k, yaml.ScalarNode)}
    for key in REQUIRED:
        if key not in given and key not in values:
            problems.append(error(Location(name, 1, 1), f"missing required key {key!r}"))
    if problems:
        raise ConfigError(sorted(problems))
    return SiteConfig(location=Location(name), **values)  # type: ignore[arg-type]


def _read_values(reader: NodeReader, root: yaml.MappingNode) -> dict[str, object]:
    values: dict[str, object] = {}
    for key, _key_node, value_node in reader.entries(root, "the settings", sorted(CHECKS)):
        value = CHECKS[key](value_node, reader.location(value_node), reader.problems)
        if value is not None:
            values[key] = value
    return values


def _at(name: str, node: yaml.Node) -> Location:
    return Location(name, node.start_mark.line + 1, node.start_mark.column + 1)


def _text(node: yaml.Node, where: Location, problems: list[Problem]) -> str | None:
    if not isinstance(node, yaml.ScalarNode) or node.tag == NULL_TAG:
        problems.append(error(where, "expected a text value"))
        return None
    return str(node.value).strip()


def _nonempty(node: yaml.Node, where: Location, problems: list[Problem]) -> str | None:
    value = _text(node, where, problems)
    if value == "":
        problems.append(error(where, "must not be empty"))
        return None
    return value


def _positive(node: yaml.Node, where: Location, problems: list[Problem]) -> int | None:
    return _whole(node, where, problems, 1)


def _count(node: yaml.Node, where: Location, problems: list[Problem]) -> int | None:
    return _whole(node, where, problems, 0)


def _whole(node: yaml.Node, where: Location, problems: list[Problem], lowest: int) -> int | None:
    if not isinstance(node, yaml.ScalarNode) or node.tag != INT_TAG:
        problems.append(error(where, "expected a whole number"))
        return None
    digits = str(node.value).replace("_", "")
    try:
        number = int(digits, 0)
    except ValueError:  # YAML 1.1 reads "010" as an int; Python's base-0 parsing refuses it
        number = int(digits, 10)
    if not lowest <= number <= 10_000:
        problems.append(error(where, f"must be between {lowest} and 10000, not {number}"))
        return None
    return number


def _base_url(node: yaml.Node, where: Location, problems: list[Problem]) -> str | None:
    value = _nonempty(node, where, problems)
    return None if value is None else _check_base_url(value, where, problems)


def _check_base_url(value: str, where: Location, problems: list[Problem]) -> str | None:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        problems.append(error(where, f"base_url must be an absolute http(s) URL, not {value!r}"))
        return None
    if parts.query or parts.fragment:
        problems.append(error(where, f"base_url must not have a query or fragment: {value!r}"))
        return None
    # Every internal link is base path + site path, so the base must end in exactly one slash.
    return value.rstrip("/") + "/"


def _language(node: yaml.Node, where: Location, problems: list[Problem]) -> str | None:
    value = _nonempty(node, where, problems)
    if value is not None and not LANGUAGE.match(value):
        message = f"language must be a language tag such as 'en' or 'en-GB', not {value!r}"
        problems.append(error(where, message))
        return None
    return value


def _timezone(node: yaml.Node, where: Location, problems: list[Problem]) -> str | None:
    value = _nonempty(node, where, problems)
    if value is None:
        return None
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        message = f"unknown time zone {value!r} (use an IANA name such as 'Europe/Paris')"
        problems.append(error(where, message))
        return None
    return value


def _flag(node: yaml.Node, where: Location, problems: list[Problem]) -> bool | None:
    if not isinstance(node, yaml.ScalarNode) or node.tag != BOOL_TAG:
        problems.append(error(where, "expected true or false"))
        return None
    return str(node.value).lower() in ("true", "yes", "on")


ANNOUNCE_TYPES = ("new", "cross", "replace", "replace-cross")


def _announce_types(node: yaml.Node, where: Location, problems: list[Problem]) -> tuple[str, ...] | None:
    items = node.value if isinstance(node, yaml.SequenceNode) else None
    if not items or not all(isinstance(i, yaml.ScalarNode) and i.value in ANNOUNCE_TYPES for i in items):
        kinds = ", ".join(ANNOUNCE_TYPES)
        problems.append(error(where, f"expected a list of arXiv announce types out of {kinds}"))
        return None
    return tuple(sorted({str(item.value) for item in items}, key=ANNOUNCE_TYPES.index))


FETCH_KEYS = ("arxiv_base", "hf_base")


def _fetch(node: yaml.Node, where: Location, problems: list[Problem]) -> FetchSettings | None:
    if not isinstance(node, yaml.MappingNode):
        problems.append(error(where, "fetch must be a mapping of hf_base and arxiv_base to URLs"))
        return None
    bases: dict[str, str] = {}
    for key_node, value_node in node.value:
        key, at = str(key_node.value), _at(where.path, value_node)
        if key not in FETCH_KEYS:
            problems.append(error(_at(where.path, key_node),
                                  f"unknown key {key!r} in fetch{did_you_mean(key, FETCH_KEYS)}"))
            continue
        text = _nonempty(value_node, at, problems)
        parts = urlsplit(text or "")
        if text is None:
            continue
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
            problems.append(error(at, f"{key} must be an absolute http(s) URL without a query, not {text!r}"))
            continue
        bases[key] = text.rstrip("/")
    return FetchSettings(**bases)


Check = Callable[[yaml.Node, Location, list[Problem]], object]
CHECKS: dict[str, Check] = {
    "title": _nonempty,
    "base_url": _base_url,
    "description": _text,
    "language": _language,
    "author": _nonempty,
    "feed_size": _positive,
    "page_size": _positive,
    "timezone": _timezone,
    "search": _flag,
    "arxiv_announce": _announce_types,
    "author_pages": _count,
    "fetch": _fetch,
}
