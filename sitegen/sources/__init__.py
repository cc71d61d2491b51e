"""Reading dumps: text in, ``Dump`` records out.

    read_dump(path)    one dump (raises InputError with one located problem when it cannot be read)
    read_dumps(folder) every dump of a folder (``*.txt`` pasted, ``*.json`` Hugging Face, ``*.xml``
                       arXiv), by digest date; every problem of every file at once
                       (through the dump cache, ``sources.cache``, when given one)

One file is read by ``reader`` (``text`` → ``dates`` → ``layouts``); this module reads a folder of
them and gathers every file's problems into one error.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ..errors import InputError, error
from ..model import Dump, Location, Problem
from ..util.workers import ONE_PROCESS, Workers
from .cache import DumpCache
from .reader import DUMP_SUFFIXES, Outcome, read_dump, read_or_problems

__all__ = ["DumpCache", "collect", "read_dump", "read_dumps", "read_or_problems", "read_what_can_be_read"]

DUMPS_LABEL = "dumps"


def read_dumps(folder: Path, *, label: str = DUMPS_LABEL, cache: DumpCache | None = None,
               workers: Workers = ONE_PROCESS) -> tuple[Dump, ...]:
    """Every ``*.txt`` dump in ``folder``, by digest date then name, each named ``<label>/<file>``.
    Raises one ``InputError`` listing the problems of every file (and two dumps sharing a date)."""
    dumps, problems = read_what_can_be_read(folder, label=label, cache=cache, workers=workers)
    if problems:
        raise InputError(problems)
    return dumps


def read_what_can_be_read(folder: Path, *, label: str = DUMPS_LABEL, cache: DumpCache | None = None,
                          workers: Workers = ONE_PROCESS) -> tuple[tuple[Dump, ...], list[Problem]]:
    """The dumps that could be read, and the problems of the others (``sitegen check`` goes on with
    the readable ones to find the problems further down the pipeline too)."""
    jobs = [(path, f"{label}/{path.name}") for path in list_dumps(folder, label)]
    if cache is not None:
        return gather(cache.read(jobs, workers))
    return gather([read_or_problems(path, name) for path, name in jobs])


def collect(outcomes: Sequence[Outcome]) -> tuple[Dump, ...]:
    """The dumps read, by digest date then name; or one ``InputError`` with every problem of every
    file, in the files' order."""
    dumps, problems = gather(outcomes)
    if problems:
        raise InputError(problems)
    return dumps


def gather(outcomes: Sequence[Outcome]) -> tuple[tuple[Dump, ...], list[Problem]]:
    dumps = [outcome for outcome in outcomes if isinstance(outcome, Dump)]
    problems = [problem for outcome in outcomes if isinstance(outcome, tuple) for problem in outcome]
    problems += duplicate_digests(dumps)
    return tuple(sorted(dumps, key=lambda d: (d.digest or date.min, d.path))), problems


def list_dumps(folder: Path, label: str = DUMPS_LABEL) -> list[Path]:
    try:
        paths = sorted(p for p in folder.iterdir() if p.suffix in DUMP_SUFFIXES and p.is_file())
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputError([error(Location(label), f"cannot read the dump folder: {reason}")]) from None
    if not paths:
        raise InputError([error(Location(label), "no dumps (*.txt, *.json or *.xml files) in this folder")])
    return paths


def duplicate_digests(dumps: list[Dump]) -> list[Problem]:
    first: dict[date, str] = {}
    problems = []
    for dump in sorted(dumps, key=lambda d: d.path):
        if dump.digest is None:
            continue
        if dump.digest in first:
            message = f"digest date {dump.digest} is also the date of {first[dump.digest]}: one dump per date"
            problems.append(error(Location(dump.path), message))
        else:
            first[dump.digest] = dump.path
    return problems
