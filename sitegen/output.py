"""The last stage and the only one that writes the site: build beside ``out``, then swap it in.

The new tree is written in full into a temporary folder next to ``out`` (same file system, so the swap
is two renames); only then is the previous site moved aside and removed. Any failure before the swap
leaves ``out`` exactly as it was.

A file whose bytes the previous build already wrote (``previous``: path -> digest, from the build
cache) is not written again but hard-linked from the live site into the staging tree: the swap stays
atomic, and an unchanged page keeps its inode and mtime, so rsync, a CDN upload or a browser cache
sees only what really changed.
"""

from __future__ import annotations

import filecmp
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .render.chunks import Chunks
from .render.reuse import Kept
from .staging import Staged, Staging, link, safe_relative


@dataclass(frozen=True, slots=True)
class Written:
    """What ``write_site`` did."""

    digests: dict[str, str]
    """Relative path -> digest of its bytes, for every file of ``files``."""
    changed: tuple[str, ...]
    """Files whose bytes were written (new or different), sorted; the rest were linked."""
    stats: dict[str, tuple[int, int]]
    """Every file now in ``out`` (``prepare``'s too) -> (size, mtime_ns)."""


FileData = bytes | Kept | Chunks | Staged
FileItems = Iterable[tuple[str, FileData]]
Files = Mapping[str, bytes] | FileItems | Callable[[Staging], FileItems]
"""The files of a site, as a mapping, as (path, data) pairs made one at a time, or as a function
that makes them given the staging folder (so its workers can write pages there themselves)."""


def write_site(files: Files, out: Path,
               prepare: Callable[[Path], None] | None = None,
               previous: Mapping[str, str] | None = None) -> Written:
    """Replace ``out`` with exactly ``files`` ({relative path: bytes}, or (path, bytes) pairs produced
    one at a time, so a large site is never held in memory whole; a path may come only once; ``Kept``
    for a file the render kept from the last build: its live copy is linked; ``Staged`` for one a
    render worker already put in the staging folder).
    ``prepare`` runs on the complete staged tree before the swap (the search indexer), so its failure
    also leaves ``out`` untouched. ``previous`` names the digests of files already in ``out``."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        digests, changed = stage(files, staging, out, previous or {})
        if prepare is not None:
            prepare(staging)
            keep_unchanged(staging, out, set(digests))
        staging.chmod(0o755)  # mkdtemp makes 0700; a served site must be readable
        swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Written(digests, tuple(changed), tree_stats(out))


def stage(files: Files, staging: Path, out: Path,
          previous: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    stager = Staging(str(staging), str(out), previous, link_unchanged=True)
    items = file_items(files, stager)
    try:
        return _stage(items, stager)
    finally:
        close(items)  # a failed write stops the render workers before its caller removes the staging


def file_items(files: Files, staging: Staging) -> FileItems:
    if isinstance(files, Mapping):
        return sorted(files.items())
    return files(staging) if callable(files) else files


def close(items: object) -> None:
    """Close a generator of files (and so whatever it started) that a failed write left behind."""
    closer = getattr(items, "close", None)
    if closer is not None:
        closer()


def _stage(items: FileItems, stager: Staging) -> tuple[dict[str, str], list[str]]:
    staging, out, previous = Path(stager.root), Path(stager.live), stager.previous
    digests: dict[str, str] = {}
    changed: list[str] = []
    made: set[Path] = set()
    for name, data in items:
        if name in digests:  # a second write could go through a hard link into the live site
            raise ValueError(f"two files for one path: {name!r}")
        relative = safe_relative(name)
        if isinstance(data, bytes):  # the rule a render worker follows: link if unchanged, else write
            data = stager.put(name, data)
        if isinstance(data, Staged):
            digests[name] = data.digest
            if data.written:
                changed.append(name)
            continue
        target = staging / relative
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if isinstance(data, Kept):  # the render kept the live file: link it, or copy it where links fail
            digests[name] = data.digest
            if not link(out / relative, target):
                target.write_bytes((out / relative).read_bytes())
            continue
        if isinstance(data, Chunks):
            digests[name] = write_chunks(data, str(target))
            if previous.get(name) == digests[name] and _relink(out / relative, target):
                continue
            changed.append(name)
    return dict(sorted(digests.items())), sorted(changed)


def write_chunks(data: Chunks, path: str) -> str:
    """Write ``data`` to ``path`` as it is produced; the digest of what was written."""
    hasher = hashlib.blake2b(digest_size=16)
    with open(path, "wb") as handle:
        for piece in data.make():
            hasher.update(piece)
            handle.write(piece)
    return hasher.hexdigest()


def _relink(live: Path, written: Path) -> bool:
    """Swap a just-written file that equals the live one for a link to it (the file keeps its inode)."""
    temporary = Path(f"{written}.sitegen-link")
    if not link(live, temporary):
        return False
    os.replace(temporary, written)
    return True


def keep_unchanged(staging: Path, out: Path, ours: set[str]) -> None:
    """Swap each file ``prepare`` wrote (not in ``ours``) that is byte-identical to the live one for a
    hard link to it: Pagefind regenerates its whole bundle (10,000 files at 10,000 papers) on every
    build, and an upload or rsync should see only the fragments that really changed."""
    if not out.is_dir():
        return
    for dirpath, _dirs, names in os.walk(staging):
        for name in names:
            made = os.path.join(dirpath, name)
            relative = os.path.relpath(made, staging).replace(os.sep, "/")
            live = out / relative
            if relative in ours or not live.is_file() or not filecmp.cmp(made, live, shallow=False):
                continue
            _relink(live, Path(made))


def tree_stats(out: Path) -> dict[str, tuple[int, int]]:
    """Relative path -> (size, mtime_ns) of every file under ``out`` (scandir: one call per folder,
    and a stat relative to it, not a path resolved from the root for each of 20,000 files)."""
    result: dict[str, tuple[int, int]] = {}
    folders = [(str(out), "")]
    while folders:
        folder, prefix = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append((entry.path, f"{prefix}{entry.name}/"))
                elif not entry.is_dir():  # a link to a folder is not walked (as os.walk does not)
                    st = entry.stat()
                    result[prefix + entry.name] = (st.st_size, st.st_mtime_ns)
    return dict(sorted(result.items()))


def swap_in(staging: Path, out: Path) -> None:
    if not out.exists():
        staging.rename(out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    retired = old / out.name
    out.rename(retired)
    try:
        staging.rename(out)
    except OSError:
        retired.rename(out)  # put the previous site back before giving up
        raise
    shutil.rmtree(old, ignore_errors=True)
