"""Full-text search with Pagefind: one index per shard of lean documents, made beside the build.

Pagefind (PyPI ``pagefind[bin]``, the binary ships in the wheel) is run once per shard
(``render.search``: the papers first seen in one month, or in one week of the newest month) over that
shard's lean documents, written to a private temporary folder (in memory where there is room), never
over the built site; Pagefind writes its index there too. The index goes to ``pagefind/<shard>/`` as
ordinary site files, so the writer stages and commits them with the pages (a failed run leaves
``public/`` as it was) and the manifest keeps each file's key: the shard's. The shards are indexed
one after the other, largest first, by a driver process that starts each one as soon as its
documents are written and names each one as it is done, and each index is read back while the next
is made (0.4 s off a cold build at 10,000 papers, where reading back five shards' 10,000 files after
the last run took 0.7 s).
A shard whose documents' inputs and sitegen's code did not change is not run again; its files are
kept byte for byte (``Kept``); a new sitegen indexes every shard once. Pagefind writes multi-valued
filters in hash-map order; ``canonical`` sorts them, so the same documents give the same bytes run to
run (``tests/test_search.py``).

Result URLs are relative to the shard's folder (``/papers/x/``); the search page loads the newest
shard's bundle as the main index, merges the others (``mergeIndex``) and passes the site's base path
as every index's ``baseUrl``, so the index works at a domain root, under a sub-path and offline.
"""

from __future__ import annotations

import contextlib
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
from ..model import Location, Paper
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
import os, shutil, subprocess, sys
exe, timeout, fallback = sys.argv[1], float(sys.argv[2]), sys.argv[3]
def index(name, source, output):
    try:
        command = [exe, "--site", source, "--output-path", output, "--silent"]
        return subprocess.run(command, capture_output=True, timeout=timeout)
    except OSError as exc:
        sys.stderr.write(str(exc))
        sys.exit(127)
    except subprocess.TimeoutExpired:
        sys.stderr.write(f"shard {name}: no index after {timeout:.0f} s")
        sys.exit(124)
for line in sys.stdin.buffer:  # UTF-8 both ways, whatever the locale (Windows)
    name, source, output = line.decode("utf-8").rstrip("\\n").split("\\t")
    done = index(name, source, output)
    if done.returncode and fallback != "-":  # memory may have filled up: once more, on the disk
        shutil.rmtree(output, ignore_errors=True)
        output = os.path.join(fallback, name)
        done = index(name, source, output)
    if done.returncode:  # its end only: a message past the pipe's buffer would block this exit
        said = (done.stderr or done.stdout)[-4000:]
        sys.stderr.buffer.write(b"shard " + name.encode() + b": " + said)
        sys.exit(done.returncode)
    shutil.rmtree(source, ignore_errors=True)  # read: its room (memory, often) goes back now
    sys.stdout.buffer.write((name + "\\t" + output + "\\n").encode("utf-8"))
    sys.stdout.flush()
"""
"""Runs Pagefind on each shard named on its stdin (``name<TAB>documents<TAB>output`` lines), in turn,
as the lines come (argv: the executable, the seconds a shard may take, and a folder on disk to index
into again if a run into memory fails, or ``-``), removes the shard's documents, and names each shard
done with the folder its index is in (``name<TAB>folder``) on its own line. At 100,000 papers the
documents and indexes take about 1 GB of memory in all; each is removed once read."""
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
        self.folders: dict[str | None, Path] = {}
        """The temporary folder made in each place (memory, or None: the disk) for documents and indexes."""
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
        for folder in self.folders.values():
            shutil.rmtree(folder, ignore_errors=True)

    def start(self) -> None:
        """Start Pagefind on the shards to index, one after the other (one Pagefind at a time bounds
        the memory peak) in one driver process, each shard as soon as its documents are written: at
        10,000 papers the first run starts after the largest shard's 0.25 s of writing, not after
        all five shards' 0.67 s."""
        if not self.to_run:
            return
        executable = str(pagefind_executable())
        memory = _memory_folder(room_needed(self.to_run))
        fallback = "-" if memory is None else str(self._folder(None) / "index")
        self.run = launch([sys.executable, "-c", DRIVER, executable, str(TIMEOUT_SECONDS), fallback])
        assert self.run.stdin is not None
        place = memory
        # Largest first: each index is read back while Pagefind makes the next, so what is left to
        # read when the last run ends is the smallest shard's.
        for shard in sorted(self.to_run, key=lambda s: (-len(s.papers), s.name)):
            place, folder = self._write_sources(shard, place)
            line = f"{shard.name}\t{folder / 'documents' / shard.name}\t{folder / 'index' / shard.name}\n"
            try:
                self.run.stdin.write(line.encode("utf-8"))
                self.run.stdin.flush()
            except OSError:  # the driver has stopped (a broken pipe): ``files`` reports why
                break
        with contextlib.suppress(OSError):
            self.run.stdin.close()
        self.run.stdin = None  # closed: ``communicate`` would flush it

    def _folder(self, place: str | None) -> Path:
        if place not in self.folders:
            self.folders[place] = Path(tempfile.mkdtemp(prefix="sitegen-search-", dir=place))
        return self.folders[place]

    def _write_sources(self, shard: Shard, place: str | None) -> tuple[str | None, Path]:
        """Write the shard's documents in ``place`` (memory, or None: the disk) or, if they do not fit
        in memory after all (another process took the room), on the disk: the place they went (where
        the next shard's go) and the temporary folder holding them."""
        for where in dict.fromkeys((place, None)):
            folder = self._folder(where)
            source = folder / "documents" / shard.name
            try:
                self._write_documents(shard, source)
            except OSError as exc:
                shutil.rmtree(source, ignore_errors=True)
                if where is None:
                    raise _unwritable(source, exc) from None
                continue
            return where, folder
        raise AssertionError("the disk is always tried last")

    def _write_documents(self, shard: Shard, source: Path) -> None:
        """The shard's documents under ``source``."""
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
        for name, bundle in self._indexed():
            for path, data in _made(name, bundle):
                self.keys[path] = self.shard_keys[name]
                yield path, data

    def _indexed(self) -> Iterator[tuple[str, Path]]:
        """Each shard Pagefind indexed and the folder of its index, as its run ends; then the driver's
        exit is checked."""
        if self.run is None:
            return
        assert self.run.stdout is not None
        # The driver stops a run that takes over TIMEOUT_SECONDS, so this read ends.
        for line in self.run.stdout:
            name, bundle = line.decode("utf-8").rstrip("\n").split("\t")
            yield name, Path(bundle)
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


def _made(name: str, bundle: Path) -> Iterator[tuple[str, bytes | Kept]]:
    """The files of shard ``name``'s index in ``bundle``, as site paths, made canonical."""
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
    shutil.rmtree(bundle, ignore_errors=True)  # all read: its room goes back before the build ends


def launch(command: list[str]) -> subprocess.Popen[bytes]:
    """Start the driver (its own process group on POSIX, so it can be stopped with its Pagefind)."""
    try:
        return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=os.name == "posix")
    except OSError as exc:
        raise SitegenError(f"search: Pagefind could not run: {exc}", Location("site.yaml")) from None


def _unwritable(folder: Path, exc: OSError) -> SitegenError:
    return SitegenError(f"search: cannot write the documents to index into {folder}: "
                        f"{exc.strerror or exc}", Location("site.yaml"))


MEMORY_FOLDER = "/dev/shm"
PAGE = 4096
"""A memory file system's unit: every document takes at least one page there."""


def room_needed(shards: tuple[Shard, ...]) -> int:
    """About the bytes the shards' documents and indexes take on a memory file system. A document:
    its title and abstract and 1 KB for its markup, tags and note, rounded up to whole pages. Its
    part of the index: a page for its fragment, and its title and abstract's length again for its
    share of the word chunks (about twice what they take: 5.0 KB a paper in all at 10,000 papers,
    against 5.4 KB by this count). Characters are counted, not bytes, so text far from ASCII can take
    more; ``_write_sources`` falls back to the disk for documents that do not fit, and the driver
    indexes a shard again on the disk if its run into memory fails."""
    return sum(_document_room(p) + PAGE + len(p.title) + len(p.abstract)
               for shard in shards for p in shard.papers)


def _document_room(paper: Paper) -> int:
    return (len(paper.title) + len(paper.abstract) + 1024) // PAGE * PAGE + PAGE


def _memory_folder(needed: int, shm: str = MEMORY_FOLDER) -> str | None:
    """A memory-backed folder for the documents and their indexes where there is one (Linux) with
    twice ``needed`` free: writing 10,000 small files took 0.25 s there and 0.9-3.6 s on the
    benchmark machine's disk, and Pagefind indexed a 3,971-paper shard in 3.7 s into it against
    4.2 s into a new folder on that disk (5.9 s where many files had just been deleted: ext4 walks
    past recently freed inodes). A container's ``/dev/shm`` is often 64 MB, room for about 3,000
    papers: beyond that, the temporary folder on disk."""
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
