"""The Nu Html Checker (``vnu.jar`` from the npm package ``vnu-jar``), run once over many files.

One JVM start costs seconds, so every page of a site goes through a single run; its JSON report is turned
into located problems. A run that yields no parsable report is itself an error, never a pass.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sitegen.model import Problem

from .site import BuiltSite, error


class VnuFailed(RuntimeError):
    """vnu did not produce a report (no Java, a broken jar, a crash)."""


def vnu_command(jar: Path, files: Sequence[Path]) -> list[str]:
    # -Xss: vnu's own advice, some regular expressions in its schema overflow the default stack.
    return ["java", "-Xss1m", "-jar", str(jar), "--errors-only", "--format", "json", "--stdout",
            *map(str, files)]


def run_vnu(jar: Path, files: Sequence[Path], timeout: float = 900) -> list[dict[str, object]]:
    """vnu's messages (errors only) for ``files``, as the JSON objects it prints."""
    proc = subprocess.run(vnu_command(jar, files), capture_output=True, text=True, timeout=timeout)
    try:
        report = json.loads(proc.stdout)
    except ValueError as exc:
        raise VnuFailed(f"vnu exited {proc.returncode} without a JSON report: {proc.stderr[-2000:]}") from exc
    messages: list[dict[str, object]] = report["messages"]
    return messages


def to_problems(site: BuiltSite, messages: Sequence[dict[str, object]]) -> list[Problem]:
    problems = []
    for message in messages:
        if message.get("type") == "info":
            continue
        url = str(message.get("url", ""))
        path = Path(unquote(urlsplit(url).path)) if url.startswith("file:") else None
        where = site.rel(path) if path and path.is_relative_to(site.root) else url or "vnu"
        line, column = (int(str(message.get(key, 0))) for key in ("lastLine", "firstColumn"))
        kind = "" if message.get("type") == "error" else f"{message.get('type')}: "
        problems.append(error(site, where, line, f"vnu: {kind}{message.get('message')}", column))
    return sorted(problems)


def check_html(site: BuiltSite, jar: Path) -> list[Problem]:
    """Every vnu error in every HTML page of the site."""
    files = site.files(".html", ".htm")
    return to_problems(site, run_vnu(jar, files))
