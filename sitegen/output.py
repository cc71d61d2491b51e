"""The last stage and the only one that writes the site: build beside ``out``, then swap it in.

The new tree is written in full into a temporary folder next to ``out`` (same file system, so the swap
is two renames); only then is the previous site moved aside and removed. Any failure before the swap
leaves ``out`` exactly as it was.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath


def write_site(files: Mapping[str, bytes], out: Path) -> int:
    """Replace ``out`` with exactly ``files`` ({relative path: bytes}); returns the number written."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        for name in sorted(files):
            target = staging / safe_relative(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[name])
        staging.chmod(0o755)  # mkdtemp makes 0700; a served site must be readable
        swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(files)


def swap_in(staging: Path, out: Path) -> None:
    if not out.exists():
        staging.rename(out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    retired = old / out.name
    out.rename(retired)
    try:
        staging.rename(out)
    except OSError:
        retired.rename(out)  # put the previous site back before giving up
        raise
    shutil.rmtree(old, ignore_errors=True)


def safe_relative(name: str) -> PurePosixPath:
    """A renderer's path must stay inside the site: no absolute paths, no ``..``."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValueError(f"refusing to write outside the site: {name!r}")
    return path
