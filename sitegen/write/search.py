"""Full-text search: one Pagefind index per shard, written by sitegen, with Pagefind's browser files.

Each shard (``render.search``: the papers first seen in one month, or in one week of the newest
month) gets a Pagefind bundle in ``pagefind/<shard>/``: the index ``render.pagefind`` writes from the
shard's records, and the browser files (``pagefind.js``, its worker and WebAssembly, the UI), taken
from one run of Pagefind (PyPI ``pagefind[bin]``, the binary ships in the wheel) over a one-line
document. The index files are ordinary site files: the writer stages and commits them with the pages
(a failed build leaves ``public/`` as it was), and the manifest keeps each file's key, the shard's.
The shards to index are indexed in worker processes while the pages are drawn, largest first, and
each is handed to the writer as it is done.
A shard whose records' inputs, sitegen's code and Pagefind's version did not change is not indexed
again; its files are kept byte for byte (``Kept``); a new sitegen indexes every shard once.

Result URLs are relative to the shard's folder (``/papers/x/``); the search page loads the newest
shard's bundle as the main index, merges the others (``mergeIndex``) and passes the site's base path
as every index's ``baseUrl``, so the index works at a domain root, under a sub-path and offline.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import metadata
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path

from ..errors import SitegenError
from ..model import Location
from ..render.pagefind import SUPPORTED, Record, index_files
from ..render.reuse import Kept
from ..render.search import Shard, records
from ..site import SEARCH_BUNDLE, Site
from ..util.checksum import new_hasher
from ..util.workers import Workers

ENTRY = "pagefind-entry.json"
TIMEOUT_SECONDS = 120
BROWSER_FILES = ("pagefind-ui.css", "pagefind-ui.js", "pagefind-worker.js", "pagefind.js",
                 "wasm.en.pagefind", "wasm.unknown.pagefind")
"""The parts of Pagefind's bundle the search page loads; the rest (other UIs, the highlighter) are
not published."""
POOL_FROM = 200
"""Fewest records to index worth a worker process (starting one costs a fraction of a second)."""


def shard_folder(name: str) -> str:
    return f"{SEARCH_BUNDLE}{name}/"


class SearchIndex:
    """The index files of every shard: kept when the shard's key is the one its live files were made
    from, otherwise indexed (``start`` begins, in a worker process when ``workers`` allow one, so it
    runs while pages are drawn) and handed over by ``files``. Use as a context manager: leaving it
    stops the worker."""

    def __init__(self, site: Site, shards: tuple[Shard, ...], previous: Mapping[str, str],
                 live: Mapping[str, str], workers: Workers) -> None:
        if not shards:
            raise SitegenError("search: there is no paper to index", Location("site.yaml"))
        self.site, self.shards, self.workers = site, shards, workers
        self.keys: dict[str, str] = {}
        """Path -> key (its shard's) of every index file, once ``files`` is done."""
        self.kept: dict[str, list[tuple[str, Kept]]] = {}
        self.pool: Pool | None = None
        self.runs: dict[str, AsyncResult[dict[str, bytes]]] = {}
        version = _pagefind_version()
        self.shard_keys = {s.name: new_hasher(f"{version}\n{s.key}".encode()).hexdigest() for s in shards}
        previous_by_shard: dict[str, list[str]] = {}
        for path in previous:
            if path.startswith(SEARCH_BUNDLE):
                previous_by_shard.setdefault(path[len(SEARCH_BUNDLE):].split("/", 1)[0], []).append(path)
        for shard in shards:
            paths = previous_by_shard.get(shard.name, [])
            key = self.shard_keys[shard.name]
            if shard_folder(shard.name) + ENTRY in paths and all(
                    previous[p] == key and p in live for p in paths):
                self.kept[shard.name] = [(p, Kept(live[p])) for p in sorted(paths)]

    @property
    def to_run(self) -> tuple[Shard, ...]:
        return tuple(s for s in self.shards if s.name not in self.kept)

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()

    def start(self) -> None:
        """Take Pagefind's browser files (a failure here is the build's, before any page is drawn),
        then start indexing the shards to index, largest first, in one worker process a core, at a
        lower priority than the drawing: indexing takes the time the drawing leaves, then both cores
        once the pages are drawn. With one indexing process at the drawing's priority, the last
        shard came back 4 s after the last page at 10,000 papers (bench/RESULTS.md, round 17)."""
        if not self.to_run:
            return
        browser_files()
        if self.workers.processes == 1 or sum(len(s.papers) for s in self.to_run) < POOL_FROM:
            return  # indexed in this process by ``files``
        self.pool = self.workers.context().Pool(self.workers.processes, initializer=_lower_priority)
        for shard in self._largest_first():
            self.runs[shard.name] = self.pool.apply_async(index_files, (self._records(shard),))

    def files(self) -> Iterator[tuple[str, bytes | Kept]]:
        """Every index file as (site path, bytes or ``Kept``): the kept shards', then each indexed
        shard's, with Pagefind's browser files."""
        for shard in self.shards:
            for path, kept in self.kept.get(shard.name, ()):
                self.keys[path] = self.shard_keys[shard.name]
                yield path, kept
        for shard in self._largest_first():
            folder, key = shard_folder(shard.name), self.shard_keys[shard.name]
            for name, data in {**browser_files(), **self._index(shard)}.items():
                self.keys[folder + name] = key
                yield folder + name, data

    def _index(self, shard: Shard) -> dict[str, bytes]:
        run = self.runs.get(shard.name)
        return index_files(self._records(shard)) if run is None else run.get()

    def _records(self, shard: Shard) -> list[Record]:
        return records(self.site, shard.papers)

    def _largest_first(self) -> list[Shard]:
        return sorted(self.to_run, key=lambda s: (-len(s.papers), s.name))


def _lower_priority() -> None:
    if hasattr(os, "nice"):  # POSIX; on Windows the indexing shares the cores evenly
        os.nice(10)


def browser_files() -> dict[str, bytes]:
    """Pagefind's browser files, from its run over a one-line document: they do not depend on the
    site, only on Pagefind's version, which must be the one ``render.pagefind`` writes indexes for."""
    return _browser_files(str(pagefind_executable()))


@cache
def _browser_files(executable: str) -> dict[str, bytes]:
    with tempfile.TemporaryDirectory(prefix="sitegen-pagefind-") as temp:
        site, out = Path(temp, "site"), Path(temp, "out")
        site.mkdir()
        document = '<!doctype html><html lang="en"><body><h1>sitegen</h1></body></html>\n'
        (site / "index.html").write_text(document, encoding="utf-8")
        _run_pagefind(executable, site, out)
        entry = out / ENTRY
        version = json.loads(entry.read_text(encoding="utf-8")).get("version") if entry.is_file() else None
        if version != SUPPORTED:
            hint = f"pip install 'pagefind[bin]=={SUPPORTED}'"
            raise SitegenError(f"search: Pagefind {version or '(of no known version)'} is installed; sitegen "
                               f"writes indexes for Pagefind {SUPPORTED}: {hint}", Location("site.yaml"))
        try:
            return {name: (out / name).read_bytes() for name in BROWSER_FILES}
        except OSError as exc:
            raise SitegenError(f"search: Pagefind wrote no {Path(exc.filename or '').name}",
                               Location("site.yaml")) from None


def _run_pagefind(executable: str, site: Path, out: Path) -> None:
    command = [executable, "--site", str(site), "--output-path", str(out), "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS)
    except OSError as exc:
        raise SitegenError(f"search: Pagefind could not run: {exc}", Location("site.yaml")) from None
    except subprocess.TimeoutExpired:
        raise SitegenError(f"search: Pagefind took over {TIMEOUT_SECONDS} s", Location("site.yaml")) from None
    if done.returncode:
        said = " ".join((done.stderr or done.stdout)[-4000:].decode("utf-8", "replace").split())
        raise SitegenError(f"search: Pagefind failed: {said or f'exit status {done.returncode}'}",
                           Location("site.yaml"))


def _pagefind_version() -> str:
    try:
        return metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:
        return "unknown"


def pagefind_executable() -> Path:
    """The binary from the ``pagefind_bin`` wheel; a missing install is a clear error, never a skip."""
    hint = f"install it with pip install 'pagefind[bin]=={SUPPORTED}', or set 'search: false' in site.yaml"
    try:
        import pagefind_bin  # type: ignore[import-untyped]
    except ImportError:
        raise SitegenError(f"search: Pagefind is not installed; {hint}", Location("site.yaml")) from None
    try:
        return Path(pagefind_bin.get_executable())
    except FileNotFoundError as exc:
        raise SitegenError(f"search: {exc}; {hint}", Location("site.yaml")) from None
