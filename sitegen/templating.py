"""The Jinja2 environment: a site's own ``templates/`` first, the packaged defaults second.

An override can extend the default it replaces through the ``default/`` prefix
(``{% extends "default/base.html" %}``), as pelican's ``!simple`` theme prefix does. Everything is
autoescaped and an undefined name is an error, never an empty string.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    select_autoescape,
)

_PACKAGE = Path(__file__).resolve().parent


def default_templates() -> Path:
    """Installed wheel: ``sitegen/templates`` (force-included); source checkout: the repository's
    top-level ``templates/`` next to the package. One copy in the repository either way."""
    for candidate in (_PACKAGE / "templates", _PACKAGE.parent / "templates"):
        if (candidate / "base.html").is_file():
            return candidate
    raise FileNotFoundError(f"sitegen's default templates are missing (looked in {_PACKAGE})")


def make_environment(site_templates: Path | None = None) -> Environment:
    defaults = FileSystemLoader(str(default_templates()))
    search = [str(site_templates)] if site_templates and site_templates.is_dir() else []
    loader = ChoiceLoader([
        PrefixLoader({"default": defaults}),
        FileSystemLoader([*search, str(default_templates())]),
    ])
    env = Environment(
        loader=loader,
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # One environment per build: checking every template's mtime before each of 10,000 pages
        # was 6% of the render, and a template edited mid-build must not mix two versions anyway.
        # A plain dict holds the compiled templates (the default LRU locks and reorders on each hit).
        auto_reload=False,
        cache_size=-1,
    )
    return env


def static_files(site_templates: Path | None = None) -> dict[str, bytes]:
    """``static/*`` from the defaults, replaced file by file by the site's own ``templates/static``."""
    files: dict[str, bytes] = {}
    for root in (default_templates(), site_templates):
        static = root / "static" if root else None
        if static and static.is_dir():
            for path in sorted(static.rglob("*")):
                if path.is_file():
                    files["static/" + path.relative_to(static).as_posix()] = path.read_bytes()
    return files
