"""A new digest project, copied from the package's ``sitegen/scaffold/project/`` folder.

The project is a content folder that is also a repository: ``site.yaml``, ``tags.yaml``,
``dumps/2025-03-12.txt`` (a sample digest), ``notes/about.md``, ``requirements.txt``, ``README.md``,
``.gitignore`` and ``.github/workflows/pages.yml``; ``sitegen build --content DIR`` builds it.

Files that start with a dot are stored as ``dot-<name>``: a real ``.gitignore`` inside the package
would act on sitegen's own repository, and packaging tools tend to skip hidden files.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath

from ..errors import SitegenError
from ..model import Location

DOT_PREFIX = "dot-"


def project_files() -> dict[str, bytes]:
    """Every scaffold file by its path in the new project (``.github/workflows/pages.yml``...)."""
    root = resources.files(__package__).joinpath("project")
    return dict(sorted(_walk(root, PurePosixPath())))


def _walk(folder: Traversable, prefix: PurePosixPath) -> list[tuple[str, bytes]]:
    found = []
    for entry in folder.iterdir():
        name = _project_name(entry.name)
        if entry.is_dir():
            found += _walk(entry, prefix / name)
        elif entry.is_file() and not entry.name.endswith((".pyc", ".pyo")):
            found.append((str(prefix / name), entry.read_bytes()))
    return found


def _project_name(stored: str) -> str:
    return "." + stored.removeprefix(DOT_PREFIX) if stored.startswith(DOT_PREFIX) else stored


def init_project(target: Path) -> tuple[Path, ...]:
    """Create the project in ``target`` (made if missing); refuses a folder that holds anything, so
    nothing a curator wrote is ever overwritten. Returns the files written, in sorted order."""
    check_empty(target)
    written = []
    for name, data in project_files().items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return tuple(written)


def check_empty(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise SitegenError("exists and is not a folder: give a new or empty folder", Location(str(target)))
    if target.is_dir() and any(target.iterdir()):
        raise SitegenError("the folder is not empty: sitegen init only writes into a new or empty folder",
                           Location(str(target)))
