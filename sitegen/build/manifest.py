"""What the last build left, kept in ``<content>/.sitegen-cache/`` so the next one does only what changed.

- The fingerprint of every input of that build (the content folder's inputs, sitegen's code and
  default templates, the options) with its report: a rebuild with nothing changed stops after
  checksumming its inputs.
- The checksum of every file written, so the writer knows which files changed without reading the old
  site back, and each file's (size, mtime) just after the write, so a file edited by hand since is
  not trusted.
- Each file's render key (``render.reuse``): what it was drawn from.

The manifest is a pickle written atomically; an unreadable one is treated as missing.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..project import CACHE_DIR, INPUTS, Project, make_cache_folder
from ..util.atomic import write_atomically
from ..util.checksum import new_hasher
from ..write.full import tree_stats

_PACKAGE = Path(__file__).resolve().parent.parent
FORMAT = b"sitegen-manifest-3"
MANIFEST = "manifest-3.pickle"
"""Named by format: an older sitegen's manifest is simply not found."""


@dataclass(frozen=True, slots=True)
class Manifest:
    """What the last successful build left in ``out``."""

    out: str
    """Resolved output folder the manifest describes."""
    fingerprint: str
    """Checksum of every input of that build (``fingerprint``)."""
    checksums: Mapping[str, str]
    """Relative path -> checksum of the bytes written."""
    stats: Mapping[str, tuple[int, int]]
    """Relative path -> (size, mtime_ns) just after the write: a file edited by hand since then no
    longer matches and is rewritten."""
    report: object
    """The ``BuildReport`` of that build, replayed when nothing changed."""
    keys: Mapping[str, str]
    """Relative path -> the render's key for that file (``render.reuse``): what it was drawn from."""


def _hash_tree(hasher: Any, root: Path, label: str) -> None:
    """Names (as ``label/...``) and bytes of ``root`` (a file, or every file under a folder), sorted."""
    if root.is_file():
        hasher.update(label.encode() + b"\0" + root.read_bytes() + b"\0")
        return
    if not root.is_dir():
        return
    for dirpath, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            full = Path(dirpath, name)
            hasher.update(f"{label}/{full.relative_to(root).as_posix()}".encode() + b"\0")
            hasher.update(full.read_bytes() + b"\0")


def _code(hasher: Any) -> None:
    from ..render.templating import default_templates  # late: keeps the no-change check free of Jinja

    _hash_tree(hasher, _PACKAGE, "sitegen")
    _hash_tree(hasher, default_templates(), "templates")


def package_key() -> str:
    """Sitegen's code and default templates: what a file drawn without the site's templates (a search
    document) depends on besides its own inputs."""
    hasher = new_hasher(FORMAT)
    _code(hasher)
    return hasher.hexdigest()


def code_key(project: Project, package: str) -> str:
    """What every rendered file depends on besides its own inputs: ``package_key`` and the site's own
    template folder."""
    hasher = new_hasher(package.encode())
    _hash_tree(hasher, project.templates, "site-templates")
    return hasher.hexdigest()


def fingerprint(project: Project, options: Iterable[str]) -> str:
    """Every input of a build: the content folder's inputs (``project.INPUTS``: not the cache, nor
    an output folder that may sit inside it), sitegen's code and default templates, the options given.
    Equal fingerprints mean byte-identical output."""
    hasher = new_hasher(FORMAT)
    _code(hasher)
    hasher.update("\0".join(options).encode() + b"\0")
    for name in INPUTS:
        _hash_tree(hasher, project.content / name, name)
    return hasher.hexdigest()


def _path(project: Project) -> Path:
    return project.content / CACHE_DIR / MANIFEST


def load_manifest(project: Project) -> Manifest | None:
    try:
        with _path(project).open("rb") as handle:
            value = pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None
    return value if isinstance(value, Manifest) else None


def save_manifest(project: Project, manifest: Manifest) -> None:
    path = _path(project)
    make_cache_folder(path.parent)
    write_atomically(path, pickle.dumps(manifest, protocol=pickle.HIGHEST_PROTOCOL))


def live_stats(manifest: Manifest | None, out: Path) -> dict[str, tuple[int, int]]:
    """(size, mtime_ns) of every file now in ``out``, when the manifest describes ``out`` (else {}):
    one walk serves the no-change check, the trust of each file and the stale-file sweep."""
    if manifest is None or str(out.resolve()) != manifest.out or not out.is_dir():
        return {}
    return tree_stats(out)


def trusted_checksums(manifest: Manifest | None, live: Mapping[str, tuple[int, int]]) -> dict[str, str]:
    """Checksums of the live files that are still as the last build left them (by size and mtime: any
    write through the file system changes them): only these may be kept instead of written."""
    if manifest is None:
        return {}
    return {name: known for name, known in manifest.checksums.items()
            if name in live and manifest.stats.get(name) == live[name]}
