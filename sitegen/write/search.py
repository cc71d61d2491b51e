"""Full-text search with Pagefind: one index per shard of lean documents, made beside the build.

Pagefind (PyPI ``pagefind[bin]``, the binary ships in the wheel) is run once per shard
(``render.search``: the papers first seen in one month, or in one week of the newest month) over that
shard's lean documents, written to a private temporary folder, never over the built site. Its index
goes to ``pagefind/<shard>/`` as ordinary site files, so the writer stages and commits them with the
pages (a failed run leaves ``public/`` as it was) and the manifest keeps each file's key: the shard's.
The shards are indexed one after the other, largest first, by a driver process that names each one
as it is done, and each index is read back while the next is made (0.4 s off a cold build at 10,000
papers, where reading back five shards' 10,000 files after the last run took 0.7 s).
A shard whose documents' inputs and sitegen's code did not change is not run again; its files are
kept byte for byte (``Kept``); a new sitegen indexes every shard once. Pagefind writes multi-valued
filters in hash-map order; ``canonical`` sorts them, so the same documents give the same bytes run to
run (``tests/test_search.py``).

Result URLs are relative to the shard's folder (``/papers/x/``); the search page loads the newest
shard's bundle as the main index, merges the others (``mergeIndex``) and passes the site's base path
as every index's ``baseUrl``, so the index works at a domain root, under a sub-path and offline.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from importlib import metadata
from pathlib import Path

from ..errors import SitegenError
from ..model import Location
from ..render.reuse import Kept
from ..render.search import Shard, documents
from ..site import SEARCH_BUNDLE, Site
from ..util.checksum import new_hasher
from .canonical import canonicalize

ENTRY = "pagefind-entry.json"
TIMEOUT_SECONDS = 600
UNUSED = frozenset({"pagefind-component-ui.css", "pagefind-component-ui.js", "pagefind-highlight.js",
                    "pagefind-modular-ui.css", "pagefind-modular-ui.js"})
"""Parts of Pagefind's bundle the search page never loads: not published."""


DRIVER = """\
import subprocess, sys
exe, timeout, rest = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
for at in range(0, len(rest), 3):
    name, source, output = rest[at:at + 3]
    try:
        command = [exe, "--site", source, "--output-path", output, "--silent"]
        done = subprocess.run(command, capture_output=True, timeout=timeout)
    except OSError as exc:
        sys.stderr.write(str(exc))
        sys.exit(127)
    except subprocess.TimeoutExpired:
        sys.stderr.write(f"shard {name}: no index after {timeout:.0f} s")
        sys.exit(124)
    if done.returncode:  # its end only: a message past the pipe's buffer would block this exit
        said = (done.stderr or done.stdout)[-4000:]
        sys.stderr.buffer.write(b"shard " + name.encode() + b": " + said)
        sys.exit(done.returncode)
    sys.stdout.write(name + "\\n")
    sys.stdout.flush()
"""
"""Runs Pagefind on each shard in turn (argv: the executable, the seconds a shard may take, then name,
documents, output per shard) and names each shard on its own line as its index is done."""
NOT_RUN = 127


def shard_folder(name: str) -> str:
    return f"{SEARCH_BUNDLE}{name}/"


class SearchIndex:
    """The index files of every shard: kept when the shard's key is the one its live files were made
    from, otherwise made by a Pagefind run started by ``start`` (so it runs while pages are drawn)
    and read back by ``files``. Use as a context manager: leaving it stops runs and removes the
    temporary folder."""

    def __init__(self, site: Site, shards: tuple[Shard, ...], previous: Mapping[str, str],
                 live: Mapping[str, str]) -> None:
        if not shards:
            raise SitegenError("search: there is no paper to index", Location("site.yaml"))
        self.site, self.shards = site, shards
        self.keys: dict[str, str] = {}
        """Path -> key (its shard's) of every index file, once ``files`` is done."""
        self.kept: dict[str, list[tuple[str, Kept]]] = {}
        self.run: subprocess.Popen[bytes] | None = None
        self.folder: Path | None = None
        self.sources: Path | None = None
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
        if self.run is not None and self.run.poll() is None:
            if os.name == "posix":  # the driver and the Pagefind it runs
                os.killpg(self.run.pid, signal.SIGKILL)
            else:
                self.run.kill()
            self.run.wait()
        for folder in (self.folder, self.sources):
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)

    def start(self) -> None:
        """Write the documents of each shard to be indexed and start Pagefind on them, one shard after
        the other (one Pagefind at a time bounds the memory peak) in one driver process."""
        if not self.to_run:
            return
        executable = str(pagefind_executable())
        self.folder = Path(tempfile.mkdtemp(prefix="sitegen-search-"))
        self.sources = self._write_sources()
        command = [sys.executable, "-c", DRIVER, executable, str(TIMEOUT_SECONDS)]
        # Largest first: each index is read back while Pagefind makes the next, so what is left to
        # read when the last run ends is the smallest shard's.
        for shard in sorted(self.to_run, key=lambda s: (-len(s.papers), s.name)):
            command += [shard.name, str(self.sources / shard.name), str(self.folder / "index" / shard.name)]
        self.run = launch(command)

    def _write_sources(self) -> Path:
        """A new folder holding the documents: in memory where they fit, else (or if memory filled up
        after all, another process taking the room) on disk."""
        for place in dict.fromkeys((_memory_folder(room_needed(self.to_run)), None)):
            folder = Path(tempfile.mkdtemp(prefix="sitegen-search-", dir=place))
            try:
                self._write_documents(folder)
            except OSError as exc:
                shutil.rmtree(folder, ignore_errors=True)
                if place is None:
                    raise _unwritable(folder, exc) from None
                continue
            return folder
        raise AssertionError("the disk is always tried last")

    def _write_documents(self, folder: Path) -> None:
        """Each shard's documents under ``folder/<shard>/``."""
        for shard in self.to_run:
            source = folder / shard.name
            made: set[str] = set()
            for path, data in documents(self.site, shard.papers):
                target = source / path
                parent = str(target.parent)
                if parent not in made:
                    os.makedirs(parent, exist_ok=True)
                    made.add(parent)
                target.write_bytes(data)

    def files(self) -> Iterator[tuple[str, bytes | Kept]]:
        """Every index file as (site path, bytes or ``Kept``): the kept shards', then each indexed
        shard's as soon as its run is done."""
        for shard in self.shards:
            for path, kept in self.kept.get(shard.name, ()):
                self.keys[path] = self.shard_keys[shard.name]
                yield path, kept
        for name in self._indexed():
            for path, data in self._made(name):
                self.keys[path] = self.shard_keys[name]
                yield path, data

    def _indexed(self) -> Iterator[str]:
        """The shards Pagefind indexed, each as its run ends; then the driver's exit is checked."""
        if self.run is None:
            return
        assert self.run.stdout is not None
        # The driver stops a run that takes over TIMEOUT_SECONDS, so this read ends.
        for line in self.run.stdout:
            yield line.decode("utf-8").strip()
        self._wait()

    def _wait(self) -> None:
        assert self.run is not None
        try:
            out, err = self.run.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            raise SitegenError(f"search: Pagefind took over {TIMEOUT_SECONDS} s",
                               Location("site.yaml")) from None
        if self.run.returncode != 0:
            said = " ".join((err or out).decode("utf-8", "replace").split())
            detail = said or f"exit status {self.run.returncode}"
            what = "could not run" if self.run.returncode == NOT_RUN else "failed"
            raise SitegenError(f"search: Pagefind {what}: {detail}", Location("site.yaml"))

    def _made(self, name: str) -> Iterator[tuple[str, bytes | Kept]]:
        assert self.folder is not None
        bundle = self.folder / "index" / name
        check_index(bundle)
        canonicalize(bundle)
        for dirpath, dirs, names in os.walk(bundle):
            dirs.sort()
            relative = os.path.relpath(dirpath, bundle).replace(os.sep, "/")
            prefix = shard_folder(name) + ("" if relative == "." else relative + "/")
            for file in sorted(names):
                if relative == "." and file in UNUSED:
                    continue
                with open(os.path.join(dirpath, file), "rb") as handle:
                    yield prefix + file, handle.read()


def launch(command: list[str]) -> subprocess.Popen[bytes]:
    """Start the driver (its own process group on POSIX, so it can be stopped with its Pagefind)."""
    try:
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=os.name == "posix")
    except OSError as exc:
        raise SitegenError(f"search: Pagefind could not run: {exc}", Location("site.yaml")) from None


def _unwritable(folder: Path, exc: OSError) -> SitegenError:
    return SitegenError(f"search: cannot write the documents to index into {folder}: "
                        f"{exc.strerror or exc}", Location("site.yaml"))


MEMORY_FOLDER = "/dev/shm"
PAGE = 4096
"""A memory file system's unit: every document takes at least one page there."""


def room_needed(shards: tuple[Shard, ...]) -> int:
    """About the bytes the shards' documents take on a memory file system: each document's title and
    abstract and 1 KB for its markup, tags and note, rounded up to whole pages. Characters are counted,
    not bytes, so text far from ASCII can take more; ``_write_sources`` falls back to the disk if it does."""
    return sum((len(p.title) + len(p.abstract) + 1024) // PAGE * PAGE + PAGE
               for shard in shards for p in shard.papers)


def _memory_folder(needed: int, shm: str = MEMORY_FOLDER) -> str | None:
    """A memory-backed folder for the documents where there is one (Linux) with twice ``needed``
    free: writing 10,000 small files took 0.25 s there and 0.9-3.6 s on the benchmark machine's disk.
    A container's ``/dev/shm`` is often 64 MB, short of the documents of 20,000 papers: then the
    temporary folder on disk."""
    if not (os.path.isdir(shm) and os.access(shm, os.W_OK)):
        return None
    try:
        stats = os.statvfs(shm)
    except OSError:
        return None
    return shm if stats.f_bavail * stats.f_frsize >= 2 * needed else None


def _pagefind_version() -> str:
    try:
        return metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:
        return "unknown"


def pagefind_executable() -> Path:
    """The binary from the ``pagefind_bin`` wheel; a missing install is a clear error, never a skip."""
    hint = "install it with pip install 'pagefind[bin]', or set 'search: false' in site.yaml"
    try:
        import pagefind_bin  # type: ignore[import-untyped]
    except ImportError:
        raise SitegenError(f"search: Pagefind is not installed; {hint}", Location("site.yaml")) from None
    try:
        return Path(pagefind_bin.get_executable())
    except FileNotFoundError as exc:
        raise SitegenError(f"search: {exc}; {hint}", Location("site.yaml")) from None


def check_index(bundle: Path) -> None:
    """Pagefind exits 0 on a site with nothing marked for indexing; a search page over no index is a bug."""
    entry = bundle / ENTRY
    languages = json.loads(entry.read_text(encoding="utf-8")).get("languages", {}) if entry.is_file() else {}
    if not any(lang.get("page_count", 0) for lang in languages.values()):
        raise SitegenError(f"search: Pagefind indexed no page into {bundle}", Location("site.yaml"))
