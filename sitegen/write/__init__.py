"""The last stage, and the only one that writes the site: staging (``staging``), then one of two
strategies, a full write swapped in (``full``) or the changes applied in place with an undo folder
(``patch``). The search index (``search``) comes to the writer as ordinary files of the site.

    write_files(files, out, previous, live)   choose the strategy, write, return ``Written``
"""

from __future__ import annotations

import contextlib
import glob
import shutil
import time
from collections.abc import Mapping
from pathlib import Path

from ..util.checksum import checksum
from .full import tree_stats, write_site
from .patch import patch_site
from .staging import BESIDE_KINDS, FileData, FileItems, Files, Staged, Staging, Written, beside_prefix

__all__ = [
    "FileData", "FileItems", "Files", "Staged", "Staging", "Written", "checksum", "patch_site",
    "tree_stats", "write_files", "write_site",
]


def write_files(files: Files, out: Path, previous: Mapping[str, str],
                live: Mapping[str, tuple[int, int]]) -> Written:
    """Write ``files`` into ``out``: in place when the live site is as the last build left it
    (``previous`` and ``live`` say so), otherwise staged in full and swapped in."""
    remove_leftovers(out)
    if previous and live:
        return patch_site(files, out, previous, live)
    return write_site(files, out, previous=previous)


LEFTOVER_AGE_SECONDS = 3600


def remove_leftovers(out: Path, now: float | None = None) -> None:
    """Remove what a killed build left beside ``out`` (a second Ctrl-C or a kill during its clean-up,
    a power cut): each can hold a whole site. Only folders older than an hour, so that a build still
    running into the same folder keeps its own."""
    out = out.resolve()
    if not out.parent.is_dir():
        return
    cutoff = (time.time() if now is None else now) - LEFTOVER_AGE_SECONDS
    for kind in BESIDE_KINDS:
        for folder in out.parent.glob(glob.escape(beside_prefix(out, kind)) + "*"):
            with contextlib.suppress(OSError):
                if folder.is_dir() and not folder.is_symlink() and folder.stat().st_mtime < cutoff:
                    shutil.rmtree(folder, ignore_errors=True)
