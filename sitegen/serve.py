"""A local preview: build, serve under the site's base path, rebuild whenever a source changes.

    serve(content, out, host="127.0.0.1", port=8000)

* The site is built with the base URL ``http://HOST:PORT<base path of site.yaml's base_url>``, so a
  site published under ``/digest/`` is previewed under ``/digest/`` too, and a link that works here
  works on GitHub Pages.
* ``SiteServer`` serves ``out`` at that base path only: anything outside it is a 404, misses get the
  site's own ``404.html``, folders without an ``index.html`` are 404s (no listings), as on Pages.
* ``Rebuilder.rebuild()`` runs one build and never raises: errors are printed, and because the build
  swaps a finished site in atomically, the last good site stays up until the sources are fixed.
* ``watch_sources`` rebuilds after every batch of changes to ``site.yaml``, ``tags.yaml``, ``dumps/``,
  ``notes/``, ``templates/`` (and sitegen's default templates); output and ledger writes are ignored,
  so a build never triggers itself. ``watchfiles`` is a dependency, imported only when serving.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
import traceback
from collections.abc import Iterable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol, TextIO
from urllib.parse import urlsplit

from .build import BuildOptions, BuildReport, build
from .config import load_config
from .errors import SitegenError
from .model import Location
from .project import INPUTS, LEDGER_FILE, Project
from .render.templating import default_templates
from .util import counted

if TYPE_CHECKING:
    from _typeshed import StrPath

# Editors' swap and backup files: saving a dump in vim must not build twice.
SCRATCH_SUFFIXES = (".swp", ".swx", ".swo", "~", ".tmp", ".part")
MISSING_WATCHFILES = ("sitegen serve needs the watchfiles package to see changes: "
                      "pip install watchfiles")


def local_base_url(base_path: str, host: str, port: int) -> str:
    """``http://127.0.0.1:8000/digest/`` for a site published under ``/digest/``."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}{base_path}"


# --- serving -------------------------------------------------------------------------------------

class SiteServer(ThreadingHTTPServer):
    """Serves ``root`` at ``base_path`` (``/`` or ``/digest/``); ``port=0`` picks a free port."""

    daemon_threads = True

    def __init__(self, root: Path, base_path: str, host: str = "127.0.0.1", port: int = 8000,
                 *, quiet: bool = False) -> None:
        self.root = root
        self.base_path = base_path
        self.quiet = quiet
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, port), SiteHandler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])


class SiteHandler(SimpleHTTPRequestHandler):
    server: SiteServer

    def __init__(self, request: Any, client_address: Any, server: SiteServer) -> None:
        super().__init__(request, client_address, server, directory=str(server.root))

    def send_head(self) -> BytesIO | BinaryIO | None:
        path = urlsplit(self.path).path
        base = self.server.base_path
        if not (path.startswith(base) or path + "/" == base):
            self.send_error(HTTPStatus.NOT_FOUND, "outside the site's base path")
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        # Called with the request path: drop the base path, then let http.server map the rest
        # (it discards ".." and other escapes) onto the output folder.
        local = urlsplit(path).path
        rest = local[len(self.server.base_path):] if local.startswith(self.server.base_path) else ""
        return super().translate_path("/" + rest)

    def list_directory(self, path: StrPath) -> BytesIO | None:
        # GitHub Pages lists no folders: a folder without index.html is a miss here too.
        self.send_error(HTTPStatus.NOT_FOUND, "no index.html in this folder")
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = self.server.root / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.log_error("code %d, message %s", code, message)
        self.send_response(code, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def end_headers(self) -> None:
        # A preview must show the latest build on reload, never a cached page.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        if not self.server.quiet:
            super().log_message(format, *args)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass  # successful requests are noise in a curator's terminal; misses go through log_error


# --- rebuilding ----------------------------------------------------------------------------------

class BuildFunction(Protocol):
    def __call__(self, project: Project, out: Path, *, options: BuildOptions) -> BuildReport: ...


@dataclass(frozen=True, slots=True)
class Rebuilder:
    project: Project
    out: Path
    base_url: str
    stream: TextIO
    build_site: BuildFunction = build

    def rebuild(self) -> bool:
        """One build; True when a new site was swapped in. Never raises (Ctrl-C aside)."""
        started = time.perf_counter()
        try:
            report = self.build_site(self.project, self.out, options=BuildOptions(base_url=self.base_url))
        except SitegenError as exc:
            for problem in exc.problems:
                self.say(f"sitegen: {self.project.show(problem)}")
            self.say("build failed: still serving the last good site")
            return False
        except Exception:  # a bug in a template or in sitegen: show it, keep the preview alive
            traceback.print_exc(file=self.stream)
            self.say("build crashed: still serving the last good site")
            return False
        for warning in report.warnings:
            self.say(f"sitegen: {self.project.show(warning)}")
        self.say(f"built {counted(report.papers, 'paper')}, {counted(report.pages, 'page')}, "
                 f"{counted(len(report.warnings), 'warning')} in {time.perf_counter() - started:.2f} s")
        return True

    def say(self, line: str) -> None:
        print(line, file=self.stream, flush=True)


# --- watching ------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class SourceFilter:
    """Which changed paths are sources of the site (a ``watchfiles`` ``watch_filter``)."""

    content: Path
    out: Path
    template_dirs: tuple[Path, ...] = ()

    def __call__(self, change: object, path: str) -> bool:
        changed = Path(path).resolve()
        if changed.name.endswith(SCRATCH_SUFFIXES) or changed.name.startswith(".#"):
            return False
        if changed.is_relative_to(self.out.resolve()):
            return False
        if any(changed.is_relative_to(folder.resolve()) for folder in self.template_dirs):
            return True
        if not changed.is_relative_to(self.content.resolve()):
            return False
        parts = changed.relative_to(self.content.resolve()).parts
        # Every input of a build (``project.INPUTS``) but the ledger, which builds themselves extend.
        return bool(parts) and parts[0] in INPUTS and parts[0] != LEDGER_FILE


def watched_folders(content: Path) -> tuple[Path, ...]:
    """The content folder, plus sitegen's default templates (someone editing them wants a rebuild)."""
    try:
        return (content, default_templates())
    except FileNotFoundError:
        return (content,)


def rebuild_on_changes(batches: Iterable[Iterable[tuple[object, str]]], rebuilder: Rebuilder) -> int:
    """Rebuild once per batch of changes; returns the number of rebuilds (for tests)."""
    count = 0
    for batch in batches:
        names = sorted({Path(path).name for _, path in batch})
        rebuilder.say(f"changed: {', '.join(names)}")
        rebuilder.rebuild()
        count += 1
    return count


def require_watchfiles() -> Any:
    try:
        import watchfiles
    except ImportError:
        raise SitegenError(MISSING_WATCHFILES) from None
    return watchfiles


# --- the command ---------------------------------------------------------------------------------

def listen(out: Path, base_path: str, host: str, port: int) -> SiteServer:
    """The server, bound; a port taken, out of range or a host that is no address is one error."""
    if not 0 <= port <= 65535:
        raise SitegenError(f"port {port} is not a port: choose one from 1 to 65535", Location("--port"))
    try:
        return SiteServer(out, base_path, host, port)
    except OSError as exc:  # EADDRINUSE, EACCES, an unknown host (socket.gaierror)
        reason = exc.strerror or str(exc)
        raise SitegenError(f"cannot listen there: {reason}; pick another with --port or --host",
                           Location(f"{host}:{port}")) from None


def serve(project: Project, out: Path, host: str = "127.0.0.1", port: int = 8000,
          stream: TextIO | None = None) -> int:
    """Build, serve and rebuild until Ctrl-C. The base path comes from ``site.yaml`` at start."""
    say = sys.stderr if stream is None else stream
    watchfiles = require_watchfiles()  # before anything else: fail at once, not on the first change
    config = load_config(project.site_file)
    server = listen(out, config.base_path, host, port)
    rebuilder = Rebuilder(project, out, local_base_url(config.base_path, host, server.port), say)
    rebuilder.rebuild()
    worker = threading.Thread(target=server.serve_forever, name="sitegen-serve", daemon=True)
    worker.start()
    rebuilder.say(f"serving {rebuilder.base_url} (Ctrl-C to stop; the site in {out} has local links)")
    folders = watched_folders(project.content)
    accept = SourceFilter(project.content, out, folders[1:])
    try:
        rebuild_on_changes(watchfiles.watch(*folders, watch_filter=accept), rebuilder)
    except KeyboardInterrupt:
        rebuilder.say("stopped")
    finally:
        server.shutdown()
        server.server_close()
    return 0

