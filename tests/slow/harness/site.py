"""A built site on disk and the URL it is published under; how a URL maps back onto its files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from sitegen.model import Location, Problem, Severity

# Schemes that never point into the site and need no check.
OUTSIDE_SCHEMES = frozenset({"mailto", "tel", "data", "urn", "tag"})


@dataclass(frozen=True, slots=True)
class BuiltSite:
    name: str
    """Short label used in test ids and screenshot names (``fixture``, ``seed``, ``corpus2000``)."""
    root: Path
    base_url: str
    """Absolute URL of the site root, ending in ``/``; its path is where a server must mount ``root``."""

    @property
    def base_path(self) -> str:
        return urlsplit(self.base_url).path or "/"

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def url_of(self, rel: str) -> str:
        """The published URL of a file (``index.html`` files are published as their folder)."""
        if rel == "index.html" or rel.endswith("/index.html"):
            rel = rel[: -len("index.html")]
        return self.base_url + rel

    def files(self, *suffixes: str) -> tuple[Path, ...]:
        return tuple(sorted(p for p in self.root.rglob("*") if p.is_file() and p.suffix in suffixes))


@dataclass(frozen=True, slots=True)
class Target:
    """Where an internal URL lands: the file, and the fragment to find in it (may be empty)."""

    path: Path
    fragment: str


def resolve(site: BuiltSite, url: str, source_url: str) -> Target | str | None:
    """The file ``url`` (as written in the file published at ``source_url``) lands on.

    None for a URL outside the site; a string saying what is wrong for an internal URL that cannot work.
    """
    absolute = urljoin(source_url, url.strip())
    parts, base = urlsplit(absolute), urlsplit(site.base_url)
    if parts.scheme == "javascript":
        return "javascript: URL"
    if parts.scheme in OUTSIDE_SCHEMES or (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    if not parts.path.startswith(site.base_path):
        return f"leaves the base path {site.base_path}"
    rel = unquote(parts.path[len(site.base_path):])
    if ".." in PurePosixPath(rel).parts:
        return "leaves the site folder"
    target = site.root / rel
    if rel == "" or rel.endswith("/") or target.is_dir():
        target = target / "index.html"
    return Target(target, unquote(parts.fragment))


def error(site: BuiltSite, path: Path | str, line: int, message: str, column: int = 0) -> Problem:
    rel = site.rel(path) if isinstance(path, Path) else path
    return Problem(Location(rel, line, column), message, Severity.ERROR)


def describe(problems: list[Problem], limit: int = 300) -> str:
    """Problems one per line for an assertion message, cut after ``limit`` with a count of the rest."""
    lines = [str(p) for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"... and {len(problems) - limit} more")
    return "\n".join(lines)
