"""A local HTTP server that publishes a site folder under a sub-path, as GitHub Pages does for a project.

``/digest/...`` maps onto the folder; every other path is a 404, so a link that forgets the base path
fails in the browser as it would when published. Missing files get the site's own ``404.html``.
"""

from __future__ import annotations

import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


class _SubPathHandler(SimpleHTTPRequestHandler):
    prefix = "/digest/"

    def send_head(self) -> Any:
        if not urlsplit(self.path).path.startswith(self.prefix):
            self.send_error(404)
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        path = urlsplit(path).path
        return super().translate_path("/" + path[len(self.prefix):])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def list_directory(self, path: Any) -> None:
        self.send_error(404)  # GitHub Pages lists no folders: a folder without index.html is a 404
        return None

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the browser checks report failures; a line per request would drown them


class SubPathServer:
    """Bound on creation (so the URL, port included, is known before a site is built); serves on start()."""

    def __init__(self, root: Path, prefix: str = "/digest/", host: str = "127.0.0.1") -> None:
        handler = type("Handler", (_SubPathHandler,), {"prefix": prefix})

        def make(*args: Any) -> SimpleHTTPRequestHandler:
            made: SimpleHTTPRequestHandler = handler(*args, directory=str(root))
            return made

        self.root, self.prefix = root, prefix
        self._server = ThreadingHTTPServer((host, 0), make)
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def origin(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def url(self) -> str:
        return self.origin + self.prefix

    def start(self) -> str:
        if self._thread is None:
            self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
            self._thread.start()
        return self.url

    def stop(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
        self._server.server_close()
