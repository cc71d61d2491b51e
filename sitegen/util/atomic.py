"""Files that are either whole or absent: written beside their final name, then renamed over it.

The ledger, the build manifest, dump-cache entries and fetched dumps are each read by the next run;
a crash, a full disk or a concurrent build must never leave one truncated. ``os.replace`` is atomic on
POSIX and Windows when both names are in the same folder, so the temporary file is made there, under a
name no other process can be using (``mkstemp``), and removed when the write fails. ``mkstemp`` makes
its file private (0600); the file gets the permissions ``open`` would have given it, so the ledger a
curator commits stays readable as before.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Read once, at import (single-threaded): ``os.umask`` can only be read by setting it.
_UMASK = os.umask(0o022)
os.umask(_UMASK)


def write_atomically(path: Path, body: bytes) -> None:
    """``body`` under ``path`` only once complete; the folder is made if missing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(body)
        os.chmod(temporary, 0o666 & ~_UMASK)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
