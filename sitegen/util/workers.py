"""Worker processes, the same on Linux, macOS and Windows.

A build parses dumps and draws pages in one worker per core. On Linux the workers are forked, so they
inherit what the parent has loaded; elsewhere (macOS, Windows, or wherever ``fork`` is missing or
unsafe) they are spawned, and everything they are given travels pickled once, through the pool's
initializer. ``SITEGEN_START_METHOD`` (``fork``, ``spawn``, ``forkserver``) overrides the choice:
CI runs the fast suite under ``spawn`` as well, to prove the spawned path.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from dataclasses import dataclass
from multiprocessing.context import BaseContext

START_METHOD_VARIABLE = "SITEGEN_START_METHOD"


def start_method() -> str:
    chosen = os.environ.get(START_METHOD_VARIABLE, "")
    available = multiprocessing.get_all_start_methods()
    if chosen:
        if chosen not in available:
            offered = ", ".join(available)
            raise ValueError(f"{START_METHOD_VARIABLE}={chosen!r}: this platform offers {offered}")
        return chosen
    # fork is only safe where nothing in the process is threaded behind our back (macOS frameworks are).
    return "fork" if sys.platform.startswith("linux") and "fork" in available else "spawn"


def cpu_count() -> int:
    """The cores this process may run on (its affinity where the platform knows it)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else (os.cpu_count() or 1)


@dataclass(frozen=True, slots=True)
class Workers:
    """How a build may use worker processes. A parameter of the build, never a module global, so a
    test asks for workers by passing them."""

    count: int = 0
    """Worker processes; 0 means one per core (``cpu_count``); 1 means none: all in this process."""
    draw_from: int = 500
    """Fewest pages to draw that are worth starting workers for (starting them costs a fraction of a
    second)."""
    parse_from: int = 8
    """Fewest dumps to parse (missing from the cache) that are worth starting workers for."""

    @property
    def processes(self) -> int:
        return self.count or cpu_count()

    def context(self) -> BaseContext:
        return multiprocessing.get_context(start_method())


ONE_PROCESS = Workers(count=1)
"""Everything in this process: tests, and callers that draw a handful of pages."""
EVERY_CORE = Workers()
