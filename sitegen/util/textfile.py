"""A settings, rules, notes or ledger file as text: an unreadable or undecodable file is a located
error (``file:line: error: not valid UTF-8 ...``), never a traceback. Dumps have their own reader
(``sources.text``), which shares ``line_of_offset``."""

from __future__ import annotations

from pathlib import Path

from ..errors import ConfigError, error
from ..model import Location

BOM = b"\xef\xbb\xbf"


def line_of_offset(data: bytes, offset: int) -> int:
    """1-based line of a byte offset, counting CRLF, CR and LF breaks as the decoder will."""
    head = data[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def read_text(path: Path, name: str) -> str:
    """The UTF-8 text of ``path`` (a leading BOM dropped), named ``name`` in messages."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ConfigError([error(Location(name), f"cannot read the file: {reason}")]) from None
    try:
        return data.removeprefix(BOM).decode("utf-8")
    except UnicodeDecodeError as exc:
        start = exc.start + (len(BOM) if data.startswith(BOM) else 0)
        bad = data[start : start + 1].hex()
        message = f"not valid UTF-8 (byte 0x{bad}); save the file as UTF-8 text"
        raise ConfigError([error(Location(name, line_of_offset(data, start)), message)]) from None
