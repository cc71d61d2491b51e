"""What a rule change does: the tags of the last build (its ``papers.json``) against the current rules."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError, error
from ..model import Location, Paper
from .match import Tagging


@dataclass(frozen=True, slots=True)
class Published:
    """A paper as the last build published it."""

    key: str
    slug: str
    title: str
    tags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TagChange:
    key: str
    title: str
    slug: str | None
    status: str
    """``changed``; ``new`` (not in the last build); ``gone`` (hidden now, or no longer read)."""
    gained: tuple[str, ...]
    lost: tuple[str, ...]


def read_published(path: Path) -> dict[str, Published]:
    """Paper key -> published record, from a build's ``papers.json``."""
    where = Location(str(path))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError([error(where, "no previous build to compare with (run `sitegen build`)")]) from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError([error(where, f"cannot read the last build's paper list: {exc}")]) from exc
    try:
        return {str(p["key"]): Published(str(p["key"]), str(p["slug"]), str(p["title"]),
                                         tuple(str(t) for t in p["tags"]))
                for p in data["papers"]}
    except (KeyError, TypeError) as exc:
        raise ConfigError([error(where, f"not a sitegen papers.json (missing {exc})")]) from exc


def diff_tags(published: Mapping[str, Published], papers: Sequence[Paper],
              tagging: Tagging) -> tuple[TagChange, ...]:
    """Every paper that gains or loses a tag; current papers in reading order, then gone ones by key.
    Tag lists keep the order of the rules file (current) or of the last build (lost)."""
    changes: list[TagChange] = []
    for paper in papers:
        if paper.key not in tagging.paper_tags:
            continue  # hidden: reported as gone below when it was published
        now = tagging.paper_tags[paper.key]
        before = published.get(paper.key)
        old = before.tags if before else ()
        gained = tuple(t for t in now if t not in old)
        lost = tuple(t for t in old if t not in now)
        if gained or lost:
            status = "new" if before is None else "changed"
            changes.append(TagChange(paper.key, paper.title, before.slug if before else None,
                                     status, gained, lost))
    for key in sorted(set(published) - set(tagging.paper_tags)):
        gone = published[key]
        changes.append(TagChange(key, gone.title, gone.slug, "gone", (), gone.tags))
    return tuple(changes)
