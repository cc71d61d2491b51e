"""Building real sites for the checks: the seed digest and a generated large digest, via the real CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
GEN_CORPUS = REPO / "bench" / "gen_corpus.py"
SITE_CHECK = REPO / "tests" / "tools" / "site_check.py"
CONFIG_FILES = ("site.yaml", "tags.yaml")


class BuildFailed(RuntimeError):
    pass


def copy_content(dumps: Path, dest: Path, title: str) -> Path:
    """A content folder in ``dest``: the dumps, plus the repository's site.yaml and tags.yaml if present.

    The build may write into its content folder (``permalinks.lock``), so it never gets the checkout's own.
    """
    shutil.copytree(dumps, dest / "dumps")
    for name in CONFIG_FILES:
        if (REPO / "content" / name).is_file():
            shutil.copy2(REPO / "content" / name, dest / name)
    if not (dest / "site.yaml").exists():
        (dest / "site.yaml").write_text(f"title: {title}\nbase_url: https://example.org/digest/\n")
    notes = REPO / "content" / "notes"
    if notes.is_dir():
        # Notes about papers and digests name the real digest's; other dumps get the standalone pages only.
        own = dumps.resolve() == (REPO / "content" / "dumps").resolve()
        (dest / "notes").mkdir()
        for note in sorted(notes.glob("*.md")):
            if own or "\npage:" in note.read_text(encoding="utf-8"):
                shutil.copy2(note, dest / "notes" / note.name)
    return dest


def generate_corpus(papers: int, dest: Path) -> Path:
    """``gen_corpus.py --papers N`` into ``dest``; returns its ``dumps/`` folder."""
    run([sys.executable, str(GEN_CORPUS), "--papers", str(papers), "--out", str(dest)])
    return dest / "dumps"


def build_site(content: Path, out: Path, base_url: str) -> None:
    run([sys.executable, "-m", "sitegen", "build", "--content", str(content), "--out", str(out),
         "--base-url", base_url])


def run(command: list[str]) -> None:
    proc = subprocess.run(command, capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        raise BuildFailed(f"{' '.join(command)} exited {proc.returncode}:\n{proc.stderr[-4000:]}")
