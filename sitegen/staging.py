"""Where a build puts its files before they go live, shared by the writers (``output``, ``patch``) and
the render workers.

A worker that has drawn a page writes it into the staging folder itself (``Staging.put``) and
hands back only a ``Staged`` note. Sending every page's bytes back to one writing process made that
process the bottleneck of a cold build: at 10,000 papers it spent as much time creating files as the
two workers spent drawing them.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def check_inside(name: str) -> None:
    """Raise unless ``name`` stays inside the site (``safe_relative``), without building a path for
    the common case: a name starting with a letter or digit and holding no ``..``."""
    if not (name[:1].isalnum() and ".." not in name):
        safe_relative(name)


def safe_relative(name: str) -> PurePosixPath:
    """A renderer's path must stay inside the site: no absolute paths, no ``..``."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValueError(f"refusing to write outside the site: {name!r}")
    return path


@dataclass(frozen=True, slots=True)
class Staged:
    """A file already put in the staging folder by whoever drew it (``Staging.put``)."""

    digest: str
    """Digest of the file's bytes."""
    written: bool
    """False when the bytes equal the live file's: linked from it, or left out of a patch."""


@dataclass(frozen=True, slots=True)
class Staging:
    """A staging folder and what the writer would do with a file's bytes there."""

    root: str
    live: str
    """The live site (``out``)."""
    previous: Mapping[str, str]
    """Path -> digest of the live files still as the last build wrote them."""
    link_unchanged: bool
    """A full staging (``output.write_site``) links an unchanged file from the live site, so the new
    tree is complete; a patch (``patch.patch_site``) leaves it out."""

    def put(self, name: str, data: bytes) -> Staged:
        check_inside(name)
        signature = digest(data)
        unchanged = self.previous.get(name) == signature
        if unchanged and not self.link_unchanged:
            return Staged(signature, written=False)
        target = os.path.join(self.root, name)
        make_parent(target)
        if unchanged and link(os.path.join(self.live, name), target):
            return Staged(signature, written=False)
        # "x": a path that is already staged (a second file for it, or a link into the live site)
        # fails here instead of being written through.
        with open(target, "xb") as handle:
            handle.write(data)
        return Staged(signature, written=True)


def make_parent(path: str) -> None:
    """Make ``path``'s folder. Most pages have one of their own in a folder that exists
    (``papers/x/index.html``): one mkdir, where ``os.makedirs`` first checks every parent."""
    folder = os.path.dirname(path)
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)


def link(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> bool:
    """Hard-link an unchanged file; False (so it is written instead) where links are not possible."""
    try:
        os.link(source, target)
    except OSError:
        return False
    return True
