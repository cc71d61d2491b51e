"""A full write: the whole site staged beside ``out``, then swapped in.

The new tree is staged in full in a temporary folder next to ``out`` (same file system, so the swap is
two renames); only then is the previous site moved aside and removed. Any failure before the swap
leaves ``out`` exactly as it was. Unchanged files are hard-linked from the live site (``staging``).
"""

from __future__ import annotations

import filecmp
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from .staging import Files, Staging, Written, relink, stage_all


def write_site(files: Files, out: Path,
               prepare: Callable[[Path], None] | None = None,
               previous: Mapping[str, str] | None = None) -> Written:
    """Replace ``out`` with exactly ``files`` (see ``staging.Files``; a path may come only once).
    ``prepare`` runs on the complete staged tree before the swap (the search indexer), so its failure
    also leaves ``out`` untouched. ``previous`` names the checksums of files already in ``out``."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        checksums, changed = stage_all(files, Staging(str(folder), str(out), previous or {}, complete=True))
        if prepare is not None:
            prepare(folder)
            keep_unchanged(folder, out, set(checksums))
        folder.chmod(0o755)  # mkdtemp makes 0700; a served site must be readable
        swap_in(folder, out)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Written(checksums, tuple(changed), tree_stats(out))


def keep_unchanged(staging: Path, out: Path, ours: set[str]) -> None:
    """Swap each file ``prepare`` wrote (not in ``ours``) that is byte-identical to the live one for a
    hard link to it: the search indexer rewrites its whole bundle on every build, and an upload or
    rsync should see only the fragments that really changed."""
    if not out.is_dir():
        return
    for dirpath, _dirs, names in os.walk(staging):
        for name in names:
            made = os.path.join(dirpath, name)
            relative = os.path.relpath(made, staging).replace(os.sep, "/")
            live = out / relative
            if relative in ours or not live.is_file() or not filecmp.cmp(made, live, shallow=False):
                continue
            relink(str(live), made)


def tree_stats(out: Path) -> dict[str, tuple[int, int]]:
    """Relative path -> (size, mtime_ns) of every file under ``out`` (scandir: one call per folder,
    and a stat relative to it, not a path resolved from the root for each file)."""
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
