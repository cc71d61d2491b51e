"""The build cache in ``<content>/.sitegen-cache/`` (git-ignored; deleting it only costs time).

Three things are kept, each keyed so that a stale entry can never be used:

- parsed dumps, by a hash of the reader's own source and the dump's name and bytes: adding one digest
  re-reads one file, not all of them;
- the manifest of the last site written: a digest of every file's bytes, so the writer knows which
  files changed without reading the old site back;
- the fingerprint of every input of that build (content folder, packaged code and templates, options)
  with its report: a rebuild with nothing changed stops after hashing its inputs.

Entries are pickles written atomically (temporary file, then ``os.replace``); an unreadable entry is
treated as missing.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .errors import InputError
from .model import Dump, Problem
from .output import tree_stats
from .sources import duplicate_digests, list_dumps, read_dump
from .staging import digest

CACHE_DIR = ".sitegen-cache"
_PACKAGE = Path(__file__).resolve().parent
_FORMAT = b"sitegen-cache-2"
PARALLEL_DUMPS = 8
"""From this many dumps missing from the cache, forked workers parse them (read at call time)."""
MANIFEST = "manifest-2.pickle"
"""Named by format: an older sitegen's manifest is simply not found."""


@dataclass(frozen=True, slots=True)
class Manifest:
    """What the last successful build left in ``out``."""

    out: str
    """Resolved output folder the manifest describes."""
    fingerprint: str
    """Hash of every input of that build (``fingerprint``)."""
    files: Mapping[str, str]
    """Relative path -> digest of the bytes written."""
    stats: Mapping[str, tuple[int, int]]
    """Relative path -> (size, mtime_ns) just after the write: a file edited by hand since then no
    longer matches and is rewritten."""
    report: object
    """The ``BuildReport`` of that build, replayed when nothing changed."""
    keys: Mapping[str, str]
    """Relative path -> the render's key for that file (``render.reuse``): what it was drawn from."""


def _hash_tree(hasher: Any, root: Path, skip: str | None = None) -> None:
    """Relative names and bytes of every file under ``root``, in sorted order."""
    if not root.is_dir():
        return
    for dirpath, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != skip and d != "__pycache__")
        for name in sorted(names):
            full = Path(dirpath, name)
            hasher.update(str(full.relative_to(root)).encode() + b"\0")
            hasher.update(full.read_bytes() + b"\0")


def _code_hash(roots: Iterable[Path]) -> str:
    hasher = hashlib.blake2b(_FORMAT, digest_size=16)
    for root in roots:
        _hash_tree(hasher, root)
    return hasher.hexdigest()


def code_key(templates: Path) -> str:
    """What every rendered file depends on besides its own inputs: sitegen's code, its default
    templates and the site's own template folder."""
    return _code_hash((_PACKAGE, _templates(), templates))


def _templates() -> Path:
    from .templating import default_templates  # late: keeps this module free of Jinja at import

    return default_templates()


def fingerprint(content: Path, options: Iterable[str]) -> str:
    """Every input of a build: the content folder (cache excluded), sitegen's code and default
    templates, and the options given. Equal fingerprints mean byte-identical output."""
    hasher = hashlib.blake2b(_FORMAT, digest_size=16)
    hasher.update(_code_hash((_PACKAGE, _templates())).encode())
    hasher.update("\0".join(options).encode() + b"\0")
    _hash_tree(hasher, content, skip=CACHE_DIR)
    return hasher.hexdigest()


def _load(path: Path) -> Any:
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None


def _make_store(path: Path) -> None:
    """The folders an entry at ``path`` goes in, the cache's own with its ``.gitignore``."""
    root = path.parent if path.parent.name == CACHE_DIR else path.parent.parent
    if not root.is_dir():
        root.mkdir(parents=True)
        (root / ".gitignore").write_text("# sitegen's build cache: never committed\n*\n", encoding="utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)


def _save(path: Path, value: object) -> None:
    _make_store(path)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(temporary, path)


def load_manifest(content: Path) -> Manifest | None:
    value = _load(content / CACHE_DIR / MANIFEST)
    return value if isinstance(value, Manifest) else None


def save_manifest(content: Path, manifest: Manifest) -> None:
    _save(content / CACHE_DIR / MANIFEST, manifest)


def live_stats(manifest: Manifest | None, out: Path) -> dict[str, tuple[int, int]]:
    """(size, mtime_ns) of every file now in ``out``, when the manifest describes ``out`` (else {}):
    one walk serves the no-change check, the trust of each file and the stale-file sweep."""
    if manifest is None or str(out.resolve()) != manifest.out or not out.is_dir():
        return {}
    return tree_stats(out)


def trusted_digests(manifest: Manifest | None, live: Mapping[str, tuple[int, int]]) -> dict[str, str]:
    """Digests of the live files that are still as the last build left them (by size and mtime: any
    write through the file system changes them): only these may be kept instead of written."""
    if manifest is None:
        return {}
    return {name: known for name, known in manifest.files.items()
            if name in live and manifest.stats.get(name) == live[name]}


def read_dumps_cached(folder: Path, content: Path) -> tuple[Dump, ...]:
    """``sources.read_dumps`` with each parsed dump cached by (reader code, name, bytes); same result,
    same errors. Entries no dump uses any more are removed."""
    store = content / CACHE_DIR / "dumps"
    reader = _code_hash((_PACKAGE / "sources",)) + digest((_PACKAGE / "model.py").read_bytes())
    paths = list_dumps(folder)
    entries = [store / f"{_key(reader, path)}.pickle" for path in paths]
    read: list[Dump | tuple[Problem, ...] | None] = [_cached(entry) for entry in entries]
    missing = [index for index, dump in enumerate(read) if dump is None]
    parsed = _parse([(entries[index], paths[index]) for index in missing])
    for index, outcome in zip(missing, parsed, strict=True):
        read[index] = outcome
    dumps = [outcome for outcome in read if isinstance(outcome, Dump)]
    problems = [problem for outcome in read if isinstance(outcome, tuple) for problem in outcome]
    problems += duplicate_digests(dumps)
    if problems:
        raise InputError(problems)
    _prune(store, {entry.name for entry in entries})
    return tuple(sorted(dumps, key=lambda d: (d.digest or date.min, d.path)))


def _key(reader: str, path: Path) -> str:
    return digest(f"{reader}\0{path}\0".encode() + path.read_bytes())


def _cached(entry: Path) -> Dump | None:
    cached = _load(entry)
    return cached if isinstance(cached, Dump) else None


def _parse(jobs: list[tuple[Path, Path]]) -> list[Dump | tuple[Problem, ...]]:
    """Parse each (cache entry, dump) and cache it: its ``Dump``, or the problems that stop it being
    read.

    Many at once (a cold build: parsing 10,000 papers takes most of a second) are parsed by forked
    workers, one per core, each writing its cache entries; this process then loads them, which
    costs a fifth of what sending the parsed dumps back through the pool did."""
    workers = min(len(os.sched_getaffinity(0)), len(jobs))
    if workers < 2 or len(jobs) < PARALLEL_DUMPS:
        return [_parse_one(job) for job in jobs]
    _make_store(jobs[0][0])  # before the fork: two workers must not race to create it
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        failures = pool.map(_parse_and_save, jobs, chunksize=1)
    # A worker's entry that cannot be loaded back (removed meanwhile) is simply parsed again here.
    return [failed or _cached(job[0]) or _parse_one(job) for job, failed in zip(jobs, failures, strict=True)]


def _parse_one(job: tuple[Path, Path]) -> Dump | tuple[Problem, ...]:
    entry, path = job
    try:
        dump = read_dump(path)
    except InputError as exc:
        return tuple(exc.problems)
    _save(entry, dump)
    return dump


def _parse_and_save(job: tuple[Path, Path]) -> tuple[Problem, ...]:
    """A worker's task: the dump's problems, or () once its entry is saved."""
    parsed = _parse_one(job)
    return parsed if isinstance(parsed, tuple) else ()


def _prune(store: Path, used: set[str]) -> None:
    if store.is_dir():
        for entry in store.iterdir():
            if entry.name not in used:
                entry.unlink(missing_ok=True)
