"""The one checksum of the build: BLAKE2b, 16 bytes, as hex.

Files, cache entries and fingerprints are compared by it; nothing published depends on it (feed ids
and slugs have their own, fixed derivations in ``permalinks``), so it may change with ``FORMAT``s.
"""

from __future__ import annotations

import hashlib


def new_hasher(prefix: bytes = b"") -> hashlib.blake2b:
    """A fresh incremental checksum, fed ``prefix`` first (a format tag)."""
    return hashlib.blake2b(prefix, digest_size=16)


def checksum(data: bytes) -> str:
    return new_hasher(data).hexdigest()
