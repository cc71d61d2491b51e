"""HTTP GET with what a polite client does: a User-Agent naming us, a timeout, and a few retries with
backoff on the answers that mean "try later" (429, 5xx, a dropped connection). A refused connection
or an unknown host is not retried: the machine is offline, and waiting would not help."""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from .. import __version__
from ..errors import SitegenError
from ..model import Location

USER_AGENT = f"sitegen/{__version__} (static digest of ML papers; python-urllib)"
TIMEOUT_SECONDS = 30.0
ATTEMPTS = 3
BACKOFF_SECONDS = 1.0
"""Waits 1 s, then 2 s, between attempts; a ``Retry-After`` of up to a minute is honoured instead."""
RETRY_AFTER_MAX = 60.0


class FetchError(SitegenError):
    """A listing could not be fetched; the location is its URL."""

    def __init__(self, url: str, message: str, *, offline: bool = False) -> None:
        super().__init__(message, Location(url))
        self.offline = offline
        """No answer at all: every other URL of the same host would fail the same way."""


@dataclass(frozen=True, slots=True)
class Client:
    attempts: int = ATTEMPTS
    backoff: float = BACKOFF_SECONDS
    timeout: float = TIMEOUT_SECONDS
    sleep: Callable[[float], None] | None = None
    """Waits between attempts (default ``time.sleep``, looked up when called so tests can stub it)."""

    def get(self, url: str) -> bytes | None:
        """The body of ``url``; None when the server says there is nothing there (404)."""
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        for attempt in range(1, self.attempts + 1):
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    body: bytes = response.read()
                    return body
            except urllib.error.HTTPError as exc:
                if exc.code == 404:
                    return None
                if not (exc.code == 429 or exc.code >= 500) or attempt == self.attempts:
                    raise FetchError(url, f"HTTP {exc.code} {exc.reason} after {attempt} "
                                          f"attempt{'s' if attempt > 1 else ''}") from None
                (self.sleep or time.sleep)(self._wait(attempt, exc.headers.get("Retry-After")))
            except (urllib.error.URLError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                if _offline(reason) or attempt == self.attempts:
                    raise FetchError(url, f"cannot reach {_host(url)} ({reason}); check the network, "
                                          "or fetch: in site.yaml", offline=True) from None
                (self.sleep or time.sleep)(self._wait(attempt, None))
        raise AssertionError("unreachable")  # the loop returns or raises

    def _wait(self, attempt: int, retry_after: str | None) -> float:
        if retry_after and retry_after.strip().isdigit():
            return min(float(retry_after), RETRY_AFTER_MAX)
        return float(self.backoff * 2 ** (attempt - 1))


def _offline(reason: object) -> bool:
    return isinstance(reason, (ConnectionRefusedError, socket.gaierror))


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
