"""The Jinja2 environment: a site's own ``templates/`` first, the packaged defaults second.

An override can extend the default it replaces through the ``default/`` prefix
(``{% extends "default/base.html" %}``), as pelican's ``!simple`` theme prefix does. Everything is
autoescaped and an undefined name is an error, never an empty string.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
    select_autoescape,
)
from markupsafe import Markup

from ..errors import ConfigError
from ..model import Location, Problem, Severity
from ..project import TEMPLATES_DIR

_PACKAGE = Path(__file__).resolve().parent.parent


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


class Once:
    """``once(name, *args)`` for templates: the ``_macros.html`` macro ``name`` drawn once per render for
    each distinct ``args``, then reused.

    A paper's card sits on its tag pages, its digest pages, the home page and other papers' related
    lists, and one tag set's chips or one meta line on many cards; running the macros (and escaping
    the same text) each time was most of the render time. Keyed by the arguments' values, so equal
    arguments share one drawing and nothing can go stale; the macros come from the site's own
    ``_macros.html`` when it has one.
    """

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.module: Any = None
        self.drawn: dict[tuple[object, ...], Markup] = {}

    def __call__(self, name: str, *args: object) -> Markup:
        key = (name, *args)
        html = self.drawn.get(key)
        if html is None:
            # Looked up at first use: the macros module must be made by an environment that already
            # has ``once`` among its globals.
            if self.module is None:
                self.module = self.env.get_template("_macros.html").module
            html = self.drawn[key] = Markup(getattr(self.module, name)(*args))
        return html


def render_environment(site_templates: Path | None = None) -> Environment:
    """A new environment for one render (one per process that draws pages), with ``once``: nothing
    else ever sees it, so what ``once`` remembers lives exactly as long as the render."""
    env = make_environment(site_templates)
    env.globals["once"] = Once(env)
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


TEMPLATE_SUFFIXES = (".html", ".xml")


def check_templates(site_templates: Path | None) -> None:
    """Compile every template of the site's own ``templates/``: a syntax error is a located
    ``ConfigError`` (``templates/base.html:3``) before any page is drawn, and in ``sitegen check``."""
    if site_templates is None or not site_templates.is_dir():
        return
    env = make_environment(site_templates)
    problems: list[Problem] = []
    for name in _own_templates(site_templates):
        try:
            env.get_template(name)
        except TemplateError as exc:
            problems.extend(template_error(exc, site_templates).problems)
    if problems:
        raise ConfigError(problems)


def _own_templates(site_templates: Path) -> Iterator[str]:
    for path in sorted(site_templates.rglob("*")):
        relative = path.relative_to(site_templates)
        if path.suffix in TEMPLATE_SUFFIXES and relative.parts[0] != "static":
            yield relative.as_posix()


def template_error(exc: TemplateError, site_templates: Path | None) -> ConfigError:
    """``exc`` as one located error: the template and line Jinja names (a syntax error), or the
    innermost template frame of the traceback (an undefined name, a failed filter)."""
    where: tuple[str | None, int | None] = (None, None)
    if isinstance(exc, TemplateSyntaxError):
        where = (exc.filename, exc.lineno)
    else:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.endswith(TEMPLATE_SUFFIXES):
                where = (frame.filename, frame.lineno)
                break
    filename, line = where
    message = f"template error: {exc.message or type(exc).__name__}"
    return ConfigError([Problem(Location(_shown(filename, site_templates), line or 0), message,
                                Severity.ERROR)])


def _shown(filename: str | None, site_templates: Path | None) -> str:
    """A site template as the content folder names it (``templates/base.html``); a default one by
    its name among sitegen's templates."""
    if filename is None:
        return TEMPLATES_DIR
    path = Path(filename).resolve()
    if site_templates is not None and path.is_relative_to(site_templates.resolve()):
        return f"{TEMPLATES_DIR}/{path.relative_to(site_templates.resolve()).as_posix()}"
    if path.is_relative_to(default_templates().resolve()):
        return f"sitegen's default template {path.relative_to(default_templates().resolve()).as_posix()}"
    return filename
