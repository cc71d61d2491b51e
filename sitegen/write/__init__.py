"""The last stage, and the only one that writes the site: staging (``staging``), then one of two
strategies, a full write swapped in (``full``) or the changes applied in place with an undo folder
(``patch``); the search index is made over the staged site (``search``).

    write_files(files, out, previous, live, search)   choose the strategy, write, return ``Written``
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path

from ..util.checksum import checksum
from .full import tree_stats, write_site
from .patch import patch_site
from .search import index_site
from .staging import FileData, FileItems, Files, Staged, Staging, Written

__all__ = [
    "FileData", "FileItems", "Files", "Staged", "Staging", "Written", "checksum", "index_site",
    "patch_site", "tree_stats", "write_files", "write_site",
]


def write_files(files: Files, out: Path, previous: Mapping[str, str],
                live: Mapping[str, tuple[int, int]], search_base: str | None) -> Written:
    """Write ``files`` into ``out``: in place when the live site is as the last build left it
    (``previous`` and ``live`` say so) and there is no search index to make; otherwise staged in full
    and swapped in, indexed for search at ``search_base`` (the site's base path) when given."""
    if previous and live and search_base is None:
        return patch_site(files, out, previous, live)
    # Pagefind indexes the whole staged tree, so a build with search always stages in full.
    index: Callable[[Path], None] | None = (
        partial(index_site, base_path=search_base) if search_base is not None else None)
    return write_site(files, out, prepare=index, previous=previous)
