"""The last stage, and the only one that writes the site: staging (``staging``), then one of two
strategies, a full write swapped in (``full``) or the changes applied in place with an undo folder
(``patch``). The search index (``search``) comes to the writer as ordinary files of the site.

    write_files(files, out, previous, live)   choose the strategy, write, return ``Written``
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..util.checksum import checksum
from .full import tree_stats, write_site
from .patch import patch_site
from .staging import FileData, FileItems, Files, Staged, Staging, Written

__all__ = [
    "FileData", "FileItems", "Files", "Staged", "Staging", "Written", "checksum", "patch_site",
    "tree_stats", "write_files", "write_site",
]


def write_files(files: Files, out: Path, previous: Mapping[str, str],
                live: Mapping[str, tuple[int, int]]) -> Written:
    """Write ``files`` into ``out``: in place when the live site is as the last build left it
    (``previous`` and ``live`` say so), otherwise staged in full and swapped in."""
    if previous and live:
        return patch_site(files, out, previous, live)
    return write_site(files, out, previous=previous)
