"""Helpers for the reader tests: small dumps written into ``tmp_path``."""

from __future__ import annotations

from pathlib import Path

HEADER = ("new", "Get trending papers in your email inbox!", "Subscribe", "byAK and the research community")
ABSTRACT_A = "We study a thing. It works well on many benchmarks."
ABSTRACT_B = "Another abstract that says what the paper does. Results improve."


def blocks(*paragraphs: str, page_date: str = "Mar 12") -> str:
    """A block-layout dump: header, page date, then the given paragraphs, blank-line separated."""
    return "\n\n".join([*HEADER, page_date, *paragraphs])


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8", newline="")
    else:
        path.write_bytes(text)
    return path


def covered_lines(dump: object) -> set[int]:
    """Line numbers accounted for by a dump: entry spans, page lines and warnings."""
    from sitegen.model import Dump

    assert isinstance(dump, Dump)
    lines = set(dump.page_lines)
    for entry in dump.entries:
        lines.update(range(entry.location.line, entry.end_line + 1))
    lines.update(problem.location.line for problem in dump.warnings)
    return lines
