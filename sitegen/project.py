"""A digest project on disk: where its content folder is, and every path under it, named once.

Two layouts are projects (as Zola finds its ``config.toml``):

- a repository with ``content/site.yaml`` (this repository's own shape): the content folder is
  ``content/`` and the site is built into ``public/`` beside it;
- a folder with ``site.yaml`` at its top (what ``sitegen init`` makes): that folder is the content
  folder, and the site is built into its ``public/``.

``find_project`` looks in the current folder, then its parents, so every command works from anywhere
inside a project; ``--content DIR`` names the content folder instead (either layout's top is
accepted). Paths inside the content folder are spoken of relative to it (``dumps/x.txt:533``): that is
how sources are published and cached, so two checkouts build the same bytes. Messages show them
relative to where the command runs (``Project.shown``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import SitegenError
from .model import Location, Problem

SITE_FILE = "site.yaml"
RULES_FILE = "tags.yaml"
DUMPS_DIR = "dumps"
NOTES_DIR = "notes"
TEMPLATES_DIR = "templates"
LEDGER_FILE = "permalinks.lock"
CACHE_DIR = ".sitegen-cache"
CONTENT_DIR = "content"
OUT_DIR = "public"

INPUTS = (SITE_FILE, RULES_FILE, DUMPS_DIR, NOTES_DIR, TEMPLATES_DIR, LEDGER_FILE)
"""Everything under the content folder a build reads: its fingerprint, and what ``serve`` watches."""


@dataclass(frozen=True, slots=True)
class Project:
    content: Path
    """The content folder: the one holding ``site.yaml``."""
    root: Path
    """The project's top: the folder holding ``content/``, or the content folder itself."""

    def inputs(self) -> tuple[Path, ...]:
        """Every file and folder of the project a build reads or keeps (``INPUTS`` and the cache)."""
        return tuple(self.content / name for name in (*INPUTS, CACHE_DIR))

    @property
    def site_file(self) -> Path:
        return self.content / SITE_FILE

    @property
    def rules_file(self) -> Path:
        return self.content / RULES_FILE

    @property
    def dumps(self) -> Path:
        return self.content / DUMPS_DIR

    @property
    def notes(self) -> Path:
        return self.content / NOTES_DIR

    @property
    def templates(self) -> Path:
        return self.content / TEMPLATES_DIR

    @property
    def ledger(self) -> Path:
        return self.content / LEDGER_FILE

    @property
    def cache(self) -> Path:
        return self.content / CACHE_DIR

    @property
    def out(self) -> Path:
        """Where the site is built unless ``--out`` says otherwise."""
        return self.root / OUT_DIR

    def name(self, path: Path) -> str:
        """``path`` as the project names it: relative to the content folder, with ``/``."""
        return path.resolve().relative_to(self.content.resolve()).as_posix()

    def shown(self, location: Location) -> Location:
        """A content-relative location as a person at ``cwd`` finds the file (``content/dumps/x.txt``);
        other locations (a command-line option, a file named by the user) are left as they are."""
        parts = PurePosixPath(location.path).parts
        if not parts or parts[0] not in (*INPUTS, CACHE_DIR):
            return location
        return Location(_short(self.content / location.path).as_posix(), location.line, location.column)

    def show(self, problem: Problem) -> str:
        return str(Problem(self.shown(problem.location), problem.message, problem.severity))


def make_cache_folder(folder: Path) -> None:
    """The build cache's folder, with a ``.gitignore`` of its own so it is never committed."""
    if not folder.is_dir():
        folder.mkdir(parents=True)
        (folder / ".gitignore").write_text("# sitegen's build cache: never committed\n*\n", encoding="utf-8")


def project_at(folder: Path) -> Project:
    """The project whose content folder is ``folder`` (``--content``); the top of a repository-shaped
    project (one holding ``content/site.yaml``) is accepted too. Nothing is required to exist here:
    each command says what it misses (``sitegen tags`` needs no ``site.yaml``)."""
    if not (folder / SITE_FILE).is_file() and (folder / CONTENT_DIR / SITE_FILE).is_file():
        folder = folder / CONTENT_DIR
    return _project(folder)


def find_project(start: Path | None = None) -> Project:
    """The project containing ``start`` (default: the current folder): the nearest folder, going up,
    that holds ``site.yaml`` or ``content/site.yaml``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / SITE_FILE).is_file():
            return _project(folder)
        if (folder / CONTENT_DIR / SITE_FILE).is_file():
            return _project(folder / CONTENT_DIR)
    message = (f"not inside a sitegen project: looked for {SITE_FILE} or {CONTENT_DIR}/{SITE_FILE} in {here} "
               "and every folder above it; run `sitegen init DIR` to make one, or pass --content DIR")
    raise SitegenError(message)


def _project(content: Path) -> Project:
    root = content.parent if content.resolve().name == CONTENT_DIR else content
    return Project(_short(content), _short(root))


def _short(path: Path) -> Path:
    """``path`` relative to the current folder when it lies inside it (messages and defaults read
    ``content/...`` rather than an absolute path)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()) if path.is_absolute() else path
    except ValueError:
        return path
