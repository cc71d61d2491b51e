"""Where a build puts its files before they go live: one staging loop for both ways of writing.

Every file of a build comes to ``stage_files`` as (path, data), data being the bytes, a ``Kept`` (the
render kept the live file), ``Chunks`` (written as they are made) or ``Staged`` (a render worker put
it in the staging folder already, through ``Staging.put``). ``Staging`` decides what each becomes,
by strategy:

- *complete* (``write.full``): the staging folder becomes the whole new site, so an unchanged file is
  hard-linked from the live site into it (it keeps its inode and mtime: rsync, a CDN upload or a
  browser cache sees only what really changed);
- *changes only* (``write.patch``): only files whose bytes differ from the live ones are staged; the
  rest is left where it is.

Render workers write the pages they draw through ``Staging.put`` themselves: sending every page's bytes
back to one writing process made that process the bottleneck of a cold build.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..render.chunks import Chunks
from ..render.reuse import Kept
from ..util.checksum import checksum, new_hasher

BESIDE_KINDS = ("new", "old", "undo")
"""The folders a write makes beside ``out`` and removes before it returns: ``new`` (staging),
``old`` (the site just replaced), ``undo`` (what an in-place write would put back)."""


def beside_prefix(out: Path, kind: str) -> str:
    assert kind in BESIDE_KINDS, kind
    return f".{out.name}.{kind}-"


def beside(out: Path, kind: str) -> Path:
    """A new folder next to ``out`` (the same file system, so moving into ``out`` is a rename)."""
    return Path(tempfile.mkdtemp(prefix=beside_prefix(out, kind), dir=out.parent))


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
    """A file handled by the staging folder."""

    checksum: str
    """Checksum of the file's bytes."""
    written: bool
    """False when the bytes equal the live file's: linked from it, or left out of a patch."""


FileData = bytes | Kept | Chunks | Staged
FileItems = Iterable[tuple[str, FileData]]
Files = Mapping[str, bytes] | FileItems | Callable[[Callable[[str, bytes], "Staged"]], FileItems]
"""The files of a site: a mapping, (path, data) pairs made one at a time, or a function that makes
them given ``Staging.put`` (so the render's workers can stage the pages they draw themselves)."""


@dataclass(frozen=True, slots=True)
class Written:
    """What a write did."""

    checksums: dict[str, str]
    """Relative path -> checksum of its bytes, for every file of the site."""
    changed: tuple[str, ...]
    """Files whose bytes were written (new or different), sorted; the rest were kept."""
    stats: dict[str, tuple[int, int]]
    """Every file now in ``out`` -> (size, mtime_ns)."""


@dataclass(frozen=True, slots=True)
class Staging:
    """A staging folder and what the writer does with a file there."""

    root: str
    live: str
    """The live site (``out``)."""
    previous: Mapping[str, str]
    """Path -> checksum of the live files still as the last build wrote them."""
    complete: bool
    """True: the staging folder becomes the whole site (unchanged files are linked in); False: it
    holds only the changes."""

    def put(self, name: str, data: bytes) -> Staged:
        """Stage ``data`` for ``name`` (what a render worker calls)."""
        check_inside(name)
        signature = checksum(data)
        unchanged = self.previous.get(name) == signature
        if unchanged and not self.complete:
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

    def take(self, name: str, data: FileData) -> Staged:
        """Stage any kind of file data."""
        if isinstance(data, bytes):
            return self.put(name, data)
        if isinstance(data, Staged):
            return data
        check_inside(name)
        target = os.path.join(self.root, name)
        if isinstance(data, Kept):  # the live file stays: linked into a complete staging
            if self.complete:
                make_parent(target)
                if not link(os.path.join(self.live, name), target):
                    with open(os.path.join(self.live, name), "rb") as live, open(target, "xb") as copy:
                        copy.write(live.read())
            return Staged(data.checksum, written=False)
        make_parent(target)
        signature = write_chunks(data, target)
        if self.previous.get(name) != signature:
            return Staged(signature, written=True)
        if not self.complete:
            os.unlink(target)
        elif not relink(os.path.join(self.live, name), target):
            return Staged(signature, written=True)
        return Staged(signature, written=False)


def stage_files(items: FileItems, staging: Staging) -> tuple[dict[str, str], list[str]]:
    """Stage every file: (path -> checksum, the paths whose bytes were written), both sorted."""
    checksums: dict[str, str] = {}
    changed: list[str] = []
    for name, data in items:
        if name in checksums:  # a second write could go through a hard link into the live site
            raise ValueError(f"two files for one path: {name!r}")
        staged = staging.take(name, data)
        checksums[name] = staged.checksum
        if staged.written:
            changed.append(name)
    return dict(sorted(checksums.items())), sorted(changed)


def file_items(files: Files, staging: Staging) -> FileItems:
    if isinstance(files, Mapping):
        return sorted(files.items())
    return files(staging.put) if callable(files) else files


def close(items: object) -> None:
    """Close a generator of files (and so whatever it started) that a failed write left behind."""
    closer = getattr(items, "close", None)
    if closer is not None:
        closer()


def stage_all(files: Files, staging: Staging) -> tuple[dict[str, str], list[str]]:
    items = file_items(files, staging)
    try:
        return stage_files(items, staging)
    finally:
        close(items)  # a failed write stops the render workers before the staging folder goes


def write_chunks(data: Chunks, path: str) -> str:
    """Write ``data`` to ``path`` as it is produced; the checksum of what was written."""
    hasher = new_hasher()
    with open(path, "wb") as handle:
        for piece in data.make():
            hasher.update(piece)
            handle.write(piece)
    return hasher.hexdigest()


def relink(live: str, written: str) -> bool:
    """Swap a just-written file that equals the live one for a link to it (the file keeps its inode)."""
    temporary = f"{written}.sitegen-link"
    if not link(live, temporary):
        return False
    os.replace(temporary, written)
    return True


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
