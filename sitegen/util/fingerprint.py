"""The ledger's fingerprint of an abstract (``permalinks``), also asked by the merge (``merge.id_keys``)."""

from __future__ import annotations

import hashlib
import unicodedata

_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))


def fingerprint(abstract: str) -> str:
    """A short hash of the abstract, blind to case, spacing and Unicode forms; "" for no abstract."""
    folded = unicodedata.normalize("NFKC", abstract).casefold()
    data = folded.encode("utf-8")
    if not is_squeezed(data):
        data = " ".join(folded.split()).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:16] if data else ""


def is_squeezed(data: bytes) -> bool:
    """``data`` is printable ASCII with single spaces inside and none at the ends, so ``" ".join(
    text.split())`` would not change it: true of almost every abstract read from a dump, and splitting
    10,000 of them took a quarter of a second."""
    return data.isascii() and data[:1] != b" " and data[-1:] != b" " and b"  " not in data \
        and not data.translate(None, _PRINTABLE_ASCII)
