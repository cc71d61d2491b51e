"""Parsed dumps cached in ``<content>/.sitegen-cache/dumps/`` (git-ignored; deleting it only costs time).

An entry is keyed by a checksum of the reader's own source, the dump's content-relative name and its
bytes, so a stale entry can never be used: adding one digest re-reads one file, not all of them.
Entries are pickles written atomically (temporary file, then ``os.replace``); an unreadable entry is
treated as missing, and entries no dump uses any more are removed.

The records are pickled as their class and field values (``_PICKLED_AS_FIELDS``): a frozen slotted
dataclass otherwise unpickles through a Python-level ``__setstate__`` that looks up its fields for
every record, which made loading the cache three times slower (``bench/RESULTS.md``). That choice is
this module's, made on its own pickler: the records themselves know nothing of it.
"""

from __future__ import annotations

import copyreg
import io
import pickle
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Dump, Identity, Location, PartialDate, Problem, RawEntry
from ..project import make_cache_folder
from ..util.atomic import write_atomically
from ..util.checksum import checksum, new_hasher
from ..util.workers import Workers
from .reader import Outcome, read_dump

_SOURCES = Path(__file__).resolve().parent
_MODEL = _SOURCES.parent / "model.py"
FORMAT = b"sitegen-dump-cache-3"


def _as_fields(record: Any) -> tuple[Any, tuple[Any, ...]]:
    return type(record), tuple(getattr(record, name) for name in record.__slots__)


_PICKLED_AS_FIELDS: dict[type, Any] = {
    kind: _as_fields for kind in (Dump, RawEntry, Location, Problem, PartialDate, Identity)}


def dumps_record(value: object) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, **_PICKLED_AS_FIELDS}
    pickler.dump(value)
    return buffer.getvalue()


def reader_checksum() -> str:
    """The reader's code: every module of ``sitegen.sources`` and the records it makes."""
    hasher = new_hasher(FORMAT)
    for path in sorted([*_SOURCES.glob("*.py"), _MODEL]):
        hasher.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return hasher.hexdigest()


class DumpCache:
    """The cache folder of one content folder."""

    def __init__(self, folder: Path) -> None:
        self.root = folder
        self.store = folder / "dumps"
        self.reader = reader_checksum()

    def entry(self, path: Path, name: str) -> Path:
        key = checksum(self.reader.encode() + b"\0" + name.encode() + b"\0" + path.read_bytes())
        return self.store / f"{key}.pickle"

    def load(self, entry: Path) -> Dump | None:
        try:
            with entry.open("rb") as handle:
                value = pickle.load(handle)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None
        return value if isinstance(value, Dump) else None

    def save(self, entry: Path, dump: Dump) -> None:
        self.make_store()
        write_atomically(entry, dumps_record(dump))

    def make_store(self) -> None:
        make_cache_folder(self.root)
        self.store.mkdir(parents=True, exist_ok=True)

    def prune(self, used: set[str]) -> None:
        if self.store.is_dir():
            for entry in self.store.iterdir():
                if entry.name not in used:
                    entry.unlink(missing_ok=True)

    def read(self, jobs: Sequence[tuple[Path, str]], workers: Workers) -> list[Outcome]:
        """Each (dump, name) as read: from its entry, or parsed and saved. Many missing at once (a cold
        build) are parsed by worker processes, one per core, each saving its entries; this process
        then loads them, which costs a fifth of sending the parsed dumps back through the pool."""
        entries = [self.entry(path, name) for path, name in jobs]
        outcomes: list[Outcome | None] = [self.load(entry) for entry in entries]
        missing = [index for index, outcome in enumerate(outcomes) if outcome is None]
        tasks = [(self, entries[index], *jobs[index]) for index in missing]
        for index, outcome in zip(missing, self._parse(tasks, workers), strict=True):
            outcomes[index] = outcome
        self.prune({entry.name for entry in entries})
        return [outcome for outcome in outcomes if outcome is not None]

    def _parse(self, tasks: list[Task], workers: Workers) -> list[Outcome]:
        processes = min(workers.processes, len(tasks))
        if processes < 2 or len(tasks) < workers.parse_from:
            return [_parse_and_save(task) for task in tasks]
        self.make_store()  # before the workers start: two must not race to create it
        with workers.context().Pool(processes) as pool:
            failures = pool.map(_parse_in_worker, tasks, chunksize=1)
        # An entry a worker saved that cannot be loaded back (removed meanwhile) is parsed again here.
        return [failed or self.load(task[1]) or _parse_and_save(task)
                for task, failed in zip(tasks, failures, strict=True)]


Task = tuple[DumpCache, Path, Path, str]
"""(the cache, the entry to save, the dump, its name): a worker's task, picklable for spawned workers."""


def _parse_and_save(task: Task) -> Outcome:
    cache, entry, path, name = task
    try:
        dump = read_dump(path, name=name)
    except InputError as exc:
        return tuple(exc.problems)
    cache.save(entry, dump)
    return dump


def _parse_in_worker(task: Task) -> tuple[Problem, ...]:
    """The dump's problems, or () once its entry is saved."""
    parsed = _parse_and_save(task)
    return parsed if isinstance(parsed, tuple) else ()
