"""``BoundedMemo``: remember a pure function of a string, within a bound."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class BoundedMemo(dict[str, T], Generic[T]):
    """``memo[text]`` is ``compute(text)``, computed on first use.

    For the reader and the merge, which ask the same small vocabulary (words, titles) many times over:
    a dict lookup is cheaper than ``functools.lru_cache``'s bookkeeping. The memo is simply cleared
    when full, so a long-lived process (``sitegen serve``) stays bounded.
    """

    def __init__(self, compute: Callable[[str], T], size: int = 1 << 16) -> None:
        super().__init__()
        self.compute = compute
        self.size = size

    def __missing__(self, text: str) -> T:
        if len(self) >= self.size:
            self.clear()
        value = self[text] = self.compute(text)
        return value
