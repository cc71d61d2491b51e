"""A small error hierarchy: the CLI prints these without a traceback and exits non-zero."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from .model import Location, Problem, Severity

PROGRAM = Location("sitegen")
"""Where a problem of no file is: the CLI prints it as ``sitegen: error: ...``."""


class SitegenError(Exception):
    """Base of every error a user can cause. Carries one or more located problems."""

    exit_code = 1

    def __init__(self, problems: Iterable[Problem] | str, location: Location | None = None) -> None:
        if isinstance(problems, str):
            problems = [Problem(location or PROGRAM, problems, Severity.ERROR)]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[SitegenError], tuple[tuple[Problem, ...]]]:
        # Raised in a drawing worker, it crosses back by pickle: its problems, not its message.
        return type(self), (self.problems,)


class InputError(SitegenError):
    """A dump cannot be read: empty, binary, undecodable, unrecognised layout, no digest date."""


class ConfigError(SitegenError):
    """``site.yaml``, ``tags.yaml`` or a note is invalid."""


class UrlChangeError(SitegenError):
    """The build would change or drop a URL already published (see ``permalinks.lock``)."""


def error(location: Location, message: str) -> Problem:
    return Problem(location, message, Severity.ERROR)


def warning(location: Location, message: str) -> Problem:
    return Problem(location, message, Severity.WARNING)


def raise_if_errors(problems: Iterable[Problem], kind: type[SitegenError] = ConfigError) -> None:
    """Stop with every error at once (warnings are left for the caller to report)."""
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        raise kind(sorted(errors))


def did_you_mean(word: str, choices: Sequence[str], *, list_all: bool = True) -> str:
    """The end of an "unknown ..." message: ``; did you mean 'x'?`` for the closest choice, else
    ``; expected one of: a, b, c`` (when ``list_all``), else nothing."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"; did you mean {close[0]!r}?"
    return "; expected one of: " + ", ".join(choices) if choices and list_all else ""
