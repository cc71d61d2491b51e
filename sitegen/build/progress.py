"""Progress for long builds: a bar on a terminal, plain lines everywhere else.

The build names its stages up front and wraps each one::

    from sitegen.progress import progress

    with progress(("read dumps", "merge", "tags", "render", "write")) as report:
        with report.stage("read dumps"):
            dumps = read_dumps(folder)
        with report.stage("merge"):
            ...

On a terminal (stderr is a TTY and the ``CI`` variable is unset) and with ``rich`` installed, this
draws one progress bar over the stages. Otherwise it prints one line per finished stage to stderr,
``read dumps: done in 0.12 s``, so CI logs and pipes stay readable and greppable. ``quiet=True``
prints nothing (tests, library use). The reporter only writes to the terminal: the timings never
reach the built site, which stays deterministic.

A stage that raises is reported as ``<stage>: failed after 0.12 s`` and the exception goes on.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Protocol, TextIO

Clock = Callable[[], float]


class Reporter(Protocol):
    def stage(self, name: str) -> AbstractContextManager[None]:
        """Wrap one stage of the build."""
        ...


class QuietReporter:
    """Says nothing."""

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        yield


class LineReporter:
    """One line per stage, written when the stage ends (pipes and CI logs)."""

    def __init__(self, stream: TextIO, clock: Clock = time.perf_counter) -> None:
        self.stream = stream
        self.clock = clock

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = self.clock()
        try:
            yield
        except BaseException:
            self.stream.write(f"{name}: failed after {self.clock() - start:.2f} s\n")
            raise
        self.stream.write(f"{name}: done in {self.clock() - start:.2f} s\n")
        self.stream.flush()


class BarReporter:
    """A ``rich`` progress bar over the stages (terminals only)."""

    def __init__(self, bar: Any, task: Any) -> None:
        self.bar = bar
        self.task = task

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        self.bar.update(self.task, description=name)
        yield
        self.bar.advance(self.task)


def wants_bar(stream: TextIO, environ: dict[str, str] | os._Environ[str] = os.environ) -> bool:
    """A bar only for a person watching: a TTY, and not a CI job (which sets ``CI``)."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not environ.get("CI")


@contextmanager
def progress(stages: Sequence[str], *, stream: TextIO | None = None, quiet: bool = False,
             bar: bool | None = None) -> Iterator[Reporter]:
    """A reporter for ``stages``; ``bar=None`` decides by the stream (see ``wants_bar``)."""
    out = sys.stderr if stream is None else stream
    if quiet:
        yield QuietReporter()
        return
    if bar is None:
        bar = wants_bar(out)
    if bar:
        with _rich_bar(stages, out) as reporter:
            yield reporter
        return
    yield LineReporter(out)


@contextmanager
def _rich_bar(stages: Sequence[str], stream: TextIO) -> Iterator[Reporter]:
    try:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
    except ImportError:  # rich is optional: fall back to lines rather than fail the build
        yield LineReporter(stream)
        return
    columns = (TextColumn("{task.description:<16}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
               TimeElapsedColumn())
    with Progress(*columns, console=Console(file=stream), transient=False) as bar:
        task = bar.add_task(stages[0] if stages else "build", total=len(stages))
        yield BarReporter(bar, task)
