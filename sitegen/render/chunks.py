"""``Chunks``: a file the render hands to the writer piece by piece.

``papers.json`` grows with every paper (bench/RESULTS.md, "Figures behind the code"); joined into one
``bytes`` it would be held twice over (the pieces and the join) until written. The writers hash and
write a ``Chunks`` as it is produced, so at most one paper's record is in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Chunks:
    make: Callable[[], Iterable[bytes]]
    """Called once by the writer; yields the file's bytes in order."""

    def read(self) -> bytes:
        """The whole file (for tests and small sites)."""
        return b"".join(self.make())
