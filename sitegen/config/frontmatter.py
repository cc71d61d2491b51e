"""The one front-matter splitter, for dumps and for notes: an optional block on a file's first lines,

    ---
    key: value
    ---

Values are plain text after the first colon (``paper: Titans: Learning to Memorize`` keeps its colon),
trimmed, one pair of surrounding quotes removed; blank lines and ``#`` comments are skipped. Unknown and
repeated keys are problems at their line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..errors import did_you_mean, error
from ..model import Location, Problem

FENCE = "---"


@dataclass(frozen=True, slots=True)
class FrontMatter:
    values: dict[str, tuple[str, Location]] = field(default_factory=dict)
    """Key -> (value, where it was given)."""
    size: int = 0
    """Lines the block takes, fences included (0 when the file has none)."""


def split_front_matter(lines: Sequence[str], name: str, keys: Sequence[str],
                       problems: list[Problem]) -> FrontMatter:
    """The front matter of ``lines`` (a file's lines, 1-based as ``lines[0]`` is line 1); problems go
    to ``problems``. A file without a ``---`` first line has none (``size`` 0)."""
    if not lines or lines[0].strip() != FENCE:
        return FrontMatter()
    closing = next((i for i in range(1, len(lines)) if lines[i].strip() == FENCE), None)
    if closing is None:
        problems.append(error(Location(name, 1), f"front matter opened here is never closed with {FENCE}"))
        return FrontMatter(size=len(lines))
    values: dict[str, tuple[str, Location]] = {}
    for index in range(1, closing):
        line = lines[index].strip()
        if not line or line.startswith("#"):
            continue
        where = Location(name, index + 1)
        key, colon, value = line.partition(":")
        key = key.strip()
        if not colon:
            problems.append(error(where, f"front matter lines are 'key: value', not {line!r}"))
        elif key not in keys:
            problems.append(error(where, f"unknown front matter key {key!r}{did_you_mean(key, keys)}"))
        elif key in values:
            problems.append(error(where, f"{key!r} is given twice in the front matter "
                                         f"(first at line {values[key][1].line})"))
        else:
            values[key] = (_unquote(value.strip()), where)
    return FrontMatter(values, closing + 1)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value
