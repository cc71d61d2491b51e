"""Render only what changed: every file the render makes is keyed by a hash of exactly what it is drawn
from, and a file whose key equals the last build's (and whose live copy is untouched) is kept, not
drawn again.

A key covers the code and templates that draw the file and the site's settings (the ``salt``), plus the
file's own inputs: for a paper page the paper, its permalink, tags, note and the cards of its related
papers; for a listing page the whole context handed to the template. Adding a digest therefore redraws
the new papers' pages and the listings and feeds that show them, and keeps the rest of a 10,000-paper
site as it was (a Hugo or Zola rebuild redraws every page). A wrong "unchanged" would publish a stale
page, so keys err the other way: anything a page could show is in its key, and a key that changes
without the bytes changing only costs a redraw (the writer still compares bytes).

Keys are digests of pickled plain values. The large, repeated parts (a paper, a listing card) are
turned into tuples of strings and numbers first: pickling frozen dataclasses goes through Python-level
``__getstate__`` and cost more than drawing the page. Source locations (which dump line a paper came
from) are left out: no page shows them.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..model import Paper
from ..util.checksum import new_hasher


@dataclass(frozen=True, slots=True)
class Kept:
    """A file of the last build kept as it is: the writer keeps the live copy instead of writing."""

    checksum: str
    """Checksum of the live file's bytes."""


def key_of(*inputs: object) -> str:
    """A checksum of ``inputs`` (plain values, frozen dataclasses, ``Markup``): equal values, equal key."""
    return new_hasher(pickle.dumps(inputs, protocol=5)).hexdigest()


def paper_key(paper: Paper) -> tuple[object, ...]:
    """Everything a page can show of a paper (not where it was read)."""
    return (paper.key, paper.title, paper.abstract, paper.authors, paper.published, paper.upvotes,
            paper.comments, paper.digests, paper.identity)


@dataclass(frozen=True, slots=True)
class Reuse:
    """What the last build left that this one may keep: its keys and the files still as it wrote
    them. Read-only: each renderer returns the keys it made, and the build keeps them for the next."""

    salt: str = ""
    """Checksum of what every file depends on: sitegen's code, the templates, the site's settings."""
    previous: Mapping[str, str] = field(default_factory=dict)
    """Output path -> key, from the last build."""
    files: Mapping[str, str] = field(default_factory=dict)
    """Output path -> checksum of the live files still as the last build wrote them."""
    code: str = ""
    """Checksum of sitegen's code and default templates alone (the salt without the site's settings
    and templates): what the search documents are drawn by."""

    def salted(self, *inputs: object) -> Reuse:
        """The same reuse with more inputs every file depends on (a render's shared views)."""
        return Reuse(key_of(self.salt, *inputs), self.previous, self.files, self.code)

    def key(self, *inputs: object) -> str:
        return key_of(self.salt, *inputs)

    def kept(self, path: str, key: str) -> Kept | None:
        """``Kept`` when the last build made ``path`` from the same key and the file is untouched."""
        if self.previous.get(path) == key and path in self.files:
            return Kept(self.files[path])
        return None

    def file(self, path: str, key: str, make: Callable[[], bytes]) -> bytes | Kept:
        """``make()``'s bytes, or ``Kept`` when the last build made this file from the same key."""
        return self.kept(path, key) or make()
