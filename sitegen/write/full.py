"""A full write: the whole site staged beside ``out``, then swapped in.

The new tree is staged in full in a temporary folder next to ``out`` (same file system, so the swap is
two renames); only then is the previous site moved aside and removed. Any failure before the swap
leaves ``out`` exactly as it was. Unchanged files are hard-linked from the live site (``staging``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..errors import SitegenError
from ..model import Location
from ..site import PAPERS_JSON_PATH
from ..util.interrupts import interrupts_deferred
from .staging import Files, Staging, Written, beside, stage_all

SITE_HEAD = b'{"site": {'
"""How every ``papers.json`` sitegen writes begins: a folder holding one is a site it built."""


def check_out(out: Path, protected: Iterable[Path], ours: bool) -> None:
    """Refuse an ``out`` that a build must not replace: a file, a folder holding any of ``protected``
    (the project's own files), or a folder of files sitegen did not write (``ours``: the last build
    went there). A build swaps the whole folder, so any of these would be deleted."""
    out = out.resolve()
    where = Location(str(out))
    if out.exists() and not out.is_dir():
        raise SitegenError("the output is a file, not a folder: name a folder with --out", where)
    blocked = next((parent for parent in out.parents if parent.exists() and not parent.is_dir()), None)
    if blocked is not None:
        raise SitegenError(f"the output cannot be made: {blocked} is a file; name a folder with --out",
                           where)
    for path in protected:
        if path.resolve().is_relative_to(out):
            verb = "is" if path.resolve() == out else "holds"
            raise SitegenError(f"the output folder {verb} the project's {path.name}: a build replaces "
                               "the whole folder; name a folder of its own with --out", where)
    if ours or not out.is_dir() or _is_site(out):
        return
    with os.scandir(out) as entries:
        names = sorted(entry.name for entry in entries)
    if names:
        shown = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
        raise SitegenError(f"the output folder holds files sitegen did not write ({shown}): a build "
                           "replaces the whole folder; name an empty or new folder with --out, or "
                           "empty this one first", where)


def _is_site(out: Path) -> bool:
    try:
        with (out / PAPERS_JSON_PATH).open("rb") as data:
            return data.read(len(SITE_HEAD)) == SITE_HEAD
    except OSError:
        return False


def write_site(files: Files, out: Path, previous: Mapping[str, str] | None = None) -> Written:
    """Replace ``out`` with exactly ``files`` (see ``staging.Files``; a path may come only once).
    ``previous`` names the checksums of files already in ``out``."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    folder = beside(out, "new")
    try:
        checksums, changed = stage_all(files, Staging(str(folder), str(out), previous or {}, complete=True))
        folder.chmod(0o755)  # mkdtemp makes 0700; a served site must be readable
        with interrupts_deferred():  # the old site or the new one, and the old one removed
            swap_in(folder, out)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Written(checksums, tuple(changed), tree_stats(out))


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
    old = beside(out, "old")
    retired = old / out.name
    out.rename(retired)
    try:
        staging.rename(out)
    except OSError:
        retired.rename(out)  # put the previous site back before giving up
        raise
    shutil.rmtree(old, ignore_errors=True)
