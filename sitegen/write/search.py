"""Full-text search with Pagefind: index the staged site, before it is swapped in.

Pagefind (PyPI ``pagefind[bin]``, the binary ships in the wheel) reads the built HTML and writes a
static index plus its UI into ``pagefind/`` inside the site. Only elements marked
``data-pagefind-body`` are indexed (paper pages: title, abstract, tags), so listings and the 404 page
never show up as results. Pagefind records result URLs relative to the folder it indexed
(``/papers/x/``); the search page passes the site's base path to the UI as ``baseUrl`` and loads the
bundle from ``<base path>pagefind/``, so the same index works at a domain root, under a sub-path and
from ``python -m http.server`` in the built folder.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from ..errors import SitegenError
from ..model import Location
from ..site import SEARCH_BUNDLE

ENTRY = "pagefind-entry.json"
TIMEOUT_SECONDS = 600


def index_site(folder: Path, base_path: str) -> None:
    """Write Pagefind's index into ``folder/pagefind/``; ``base_path`` is where ``folder`` is served."""
    if not (base_path.startswith("/") and base_path.endswith("/")):
        raise ValueError(f"base path must start and end with '/': {base_path!r}")
    bundle = SEARCH_BUNDLE.rstrip("/")
    command = [str(pagefind_executable()), "--site", str(folder), "--output-subdir", bundle, "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SitegenError(f"search: Pagefind could not run: {exc}", Location("site.yaml")) from None
    if done.returncode != 0:
        detail = " ".join((done.stderr or done.stdout).split()) or f"exit status {done.returncode}"
        raise SitegenError(f"search: Pagefind failed for {base_path}: {detail}", Location("site.yaml"))
    check_index(folder / bundle)


def pagefind_executable() -> Path:
    """The binary from the ``pagefind_bin`` wheel; a missing install is a clear error, never a skip."""
    hint = "install it with pip install 'pagefind[bin]', or set 'search: false' in site.yaml"
    try:
        import pagefind_bin  # type: ignore[import-untyped]
    except ImportError:
        raise SitegenError(f"search: Pagefind is not installed; {hint}", Location("site.yaml")) from None
    try:
        return Path(pagefind_bin.get_executable())
    except FileNotFoundError as exc:
        raise SitegenError(f"search: {exc}; {hint}", Location("site.yaml")) from None


def check_index(bundle: Path) -> None:
    """Pagefind exits 0 on a site with nothing marked for indexing; a search page over no index is a bug."""
    entry = bundle / ENTRY
    languages = json.loads(entry.read_text(encoding="utf-8")).get("languages", {}) if entry.is_file() else {}
    if not any(lang.get("page_count", 0) for lang in languages.values()):
        raise SitegenError(f"search: Pagefind indexed no page into {bundle}", Location("site.yaml"))
