"""Bytes and UTF-8 text of the project's files: an unreadable or undecodable file is a located error
(``file:line: error: not valid UTF-8 ...``), never a traceback. Dumps raise ``InputError`` (a build
reads the others); settings, rules, notes and the ledger ``ConfigError``."""

from __future__ import annotations

from pathlib import Path

from ..errors import ConfigError, SitegenError, error
from ..model import Location

BOM = b"\xef\xbb\xbf"


def line_of_offset(data: bytes, offset: int) -> int:
    """1-based line of a byte offset, counting CRLF, CR and LF breaks as the decoder will."""
    head = data[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def read_bytes(path: Path, name: str, fail: type[SitegenError] = ConfigError) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise fail([error(Location(name), f"cannot read the file: {reason}")]) from None


def decode_utf8(data: bytes, name: str, advice: str, fail: type[SitegenError] = ConfigError) -> str:
    """``data`` (without a leading BOM) as text; otherwise ``fail`` at the first bad byte's line."""
    data = data.removeprefix(BOM)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        message = f"not valid UTF-8 (byte 0x{bad}); {advice}"
        raise fail([error(Location(name, line_of_offset(data, exc.start)), message)]) from None


def read_text(path: Path, name: str) -> str:
    """The UTF-8 text of ``path`` (a leading BOM dropped), named ``name`` in messages."""
    return decode_utf8(read_bytes(path, name), name, "save the file as UTF-8 text")
