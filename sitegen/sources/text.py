"""Bytes of a dump to clean lines: decoding, line endings and the odd spaces a browser copy produces.

Text is kept exactly as printed except for whitespace: each line is trimmed and every run of
whitespace (NBSP, thin spaces, tabs, ideographic space) becomes one ASCII space. Control characters
are removed with a warning, because they cannot appear in the site's XML feeds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, error, warning
from ..model import Location, Problem

BOM = b"\xef\xbb\xbf"
LINE_BREAK = re.compile(r"\r\n|\r|\n")
# C0/C1 controls (whitespace ones are already gone after split()), and the characters XML 1.0 forbids
# or that are invisible in a title: zero-width space and a stray BOM inside the text.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b\ufeff\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class Text:
    """A decoded dump: ``lines[i]`` is line ``i + 1`` of the file, trimmed and whitespace-normalised."""

    path: str
    lines: tuple[str, ...]
    warnings: tuple[Problem, ...]


def read_bytes(path: Path, display: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputError([error(Location(display), f"cannot read the file: {reason}")]) from None


def decode_dump(data: bytes, path: str) -> Text:
    """Decode one dump's bytes; raises ``InputError`` (located) for empty, binary or non-UTF-8 input."""
    if data.startswith(BOM):
        data = data[len(BOM) :]
    check_binary(data, path)
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = line_of_offset(data, exc.start)
        bad = data[exc.start : exc.start + 1].hex()
        message = f"not valid UTF-8 (byte 0x{bad}); save the dump as UTF-8 text"
        raise InputError([error(Location(path, line), message)]) from None
    if not raw.strip():
        raise InputError([error(Location(path), "the file is empty: a dump needs at least one paper")])
    lines, warnings = normalise_lines(LINE_BREAK.split(raw), path)
    return Text(path, lines, warnings)


def check_binary(data: bytes, path: str) -> None:
    nul = data.find(b"\x00")
    if nul >= 0:
        line = line_of_offset(data, nul)
        message = "looks like a binary file (NUL byte), not a text dump"
        raise InputError([error(Location(path, line), message)])


def line_of_offset(data: bytes, offset: int) -> int:
    """1-based line of a byte offset, counting CRLF, CR and LF breaks as the decoder will."""
    head = data[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def normalise_lines(raw_lines: list[str], path: str) -> tuple[tuple[str, ...], tuple[Problem, ...]]:
    warnings: list[Problem] = []
    lines: list[str] = []
    for number, raw in enumerate(raw_lines, 1):
        line = " ".join(raw.split())
        if CONTROL.search(line):
            line = " ".join(CONTROL.sub("", line).split())
            warnings.append(warning(Location(path, number), "removed control or invisible characters"))
        lines.append(line)
    return tuple(lines), tuple(warnings)
