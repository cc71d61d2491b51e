"""Bytes of a dump to clean lines: decoding, line endings and the odd spaces a browser copy produces.

Text is kept exactly as printed except for whitespace: each line is trimmed and every run of
whitespace (NBSP, thin spaces, tabs, ideographic space) becomes one ASCII space. Control characters
are removed with a warning, because they cannot appear in the site's XML feeds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import InputError, error, warning
from ..model import Location, Problem
from ..util.textfile import BOM, decode_utf8, line_of_offset

# C0/C1 controls (the whitespace ones are already spaces by then), and characters XML 1.0 forbids or
# that are invisible in a title: zero-width space, a stray BOM.
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b\ufeff\ufffe\uffff]")
PRINTABLE_ASCII = bytes(range(0x20, 0x7F)) + b"\r\n"


@dataclass(frozen=True, slots=True)
class Text:
    """A decoded dump: ``lines[i]`` is line ``i + 1`` of the file, trimmed and whitespace-normalised."""

    path: str
    lines: tuple[str, ...]
    warnings: tuple[Problem, ...]


def decode_dump(data: bytes, path: str) -> Text:
    """Decode one dump's bytes; raises ``InputError`` (located) for empty, binary or non-UTF-8 input."""
    data = data.removeprefix(BOM)
    check_binary(data, path)
    raw = decode_utf8(data, path, "save the dump as UTF-8 text", InputError)
    if raw.isspace() or not raw:
        raise InputError([error(Location(path), "the file is empty: a dump needs at least one paper")])
    lines, warnings = normalise_lines(raw, path, all_printable(data))
    return Text(path, lines, warnings)


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def check_binary(data: bytes, path: str) -> None:
    if data.startswith(UTF16_BOMS):  # Windows editors' "Unicode": text, but every other byte is NUL
        message = "saved as UTF-16 text; save the dump as UTF-8 (in Notepad: Save as, Encoding: UTF-8)"
        raise InputError([error(Location(path, 1), message)])
    nul = data.find(b"\x00")
    if nul >= 0:
        line = line_of_offset(data, nul)
        message = "looks like a binary file (NUL byte), not a text dump"
        raise InputError([error(Location(path, line), message)])



def normalise_lines(raw: str, path: str,
                    printable: bool | None = None) -> tuple[tuple[str, ...], tuple[Problem, ...]]:
    """Lines trimmed and whitespace-squeezed, control characters removed with a warning. ``printable``
    is ``all_printable`` of ``raw``'s UTF-8 bytes when the caller has them (computed otherwise)."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n") if "\r" in raw else raw
    lines = text.split("\n")
    if not (all_printable(text.encode("utf-8", "surrogatepass")) if printable is None else printable):
        return normalise_each(lines, path)
    # Printable text has no whitespace but the space: at most spaces to trim and squeeze, no warnings.
    if "  " in text or any(line[:1] == " " or line[-1:] == " " for line in lines):
        return tuple(" ".join(line.split()) if "  " in line else line.strip(" ") for line in lines), ()
    return tuple(lines), ()


def normalise_each(lines: list[str], path: str) -> tuple[tuple[str, ...], tuple[Problem, ...]]:
    """Line by line, for text holding odd spaces or control characters somewhere."""
    warnings: list[Problem] = []
    for index, line in enumerate(lines):
        # Fast path, C speed: most copied lines hold no odd space (isprintable is False for NBSP,
        # tabs, thin spaces, controls, zero-width characters) and no double space.
        if line.isprintable() and "  " not in line:
            lines[index] = line.strip(" ")
            continue
        line = " ".join(line.split())
        if CONTROL.search(line):
            line = " ".join(CONTROL.sub("", line).split())
            warnings.append(warning(Location(path, index + 1), "removed control or invisible characters"))
        lines[index] = line
    return tuple(lines), tuple(warnings)


def all_printable(data: bytes) -> bool:
    """The UTF-8 ``data`` is printable text (``str.isprintable``) apart from its line breaks. Printable
    ASCII and line breaks are deleted from the bytes at memory speed and only the few characters left
    are looked up in the Unicode tables (``isprintable`` over a whole corpus is slow: bench/RESULTS.md)."""
    return data.translate(None, PRINTABLE_ASCII).decode("utf-8", "surrogatepass").isprintable()
