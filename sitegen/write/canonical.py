"""Make a Pagefind bundle independent of Pagefind's hash-map order.

Pagefind (1.5) writes the values of a filter with several values per page (``tag``) in hash-map
order, which changes run to run: the filter file's bytes, hence its checksum name, the meta file that
lists it and the entry naming the meta file all differ between two runs over the same documents.
``canonicalize`` sorts each filter's values, and renames the filter and meta files after checksums
of their new bytes, so the same documents always give the same bundle. Only the subset of CBOR that
Pagefind writes is read (unsigned integers, byte and text strings, arrays, maps).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from ..util.checksum import checksum

MAGIC = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"


def _head(data: bytes, at: int) -> tuple[int, int, int]:
    """(major type, argument, position after the head)."""
    first = data[at]
    major, info = first >> 5, first & 31
    if info < 24:
        return major, info, at + 1
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if size is None:
        raise ValueError(f"unsupported CBOR head {first:#x} at {at}")
    return major, int.from_bytes(data[at + 1:at + 1 + size], "big"), at + 1 + size


def decode(data: bytes, at: int = 0) -> tuple[Any, int]:
    major, arg, at = _head(data, at)
    if major == 0:
        return arg, at
    if major in (2, 3):
        raw = data[at:at + arg]
        return (raw if major == 2 else raw.decode("utf-8")), at + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, at = decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        pairs = []
        for _ in range(arg):
            key, at = decode(data, at)
            value, at = decode(data, at)
            pairs.append((key, value))
        return _Map(pairs), at
    raise ValueError(f"unsupported CBOR major type {major}")


class _Map(list[tuple[Any, Any]]):
    """A CBOR map, its pairs in file order (re-encoded as read)."""


def _encode_head(major: int, arg: int) -> bytes:
    if arg < 24:
        return bytes([major << 5 | arg])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if arg < 1 << (8 * size):
            return bytes([major << 5 | info]) + arg.to_bytes(size, "big")
    raise ValueError(f"integer too large for CBOR: {arg}")


def encode(value: Any) -> bytes:
    if isinstance(value, bool) or value is None:
        raise ValueError(f"unsupported value {value!r}")
    if isinstance(value, int):
        return _encode_head(0, value)
    if isinstance(value, bytes):
        return _encode_head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _encode_head(3, len(raw)) + raw
    if isinstance(value, _Map):
        return _encode_head(5, len(value)) + b"".join(encode(k) + encode(v) for k, v in value)
    if isinstance(value, list):
        return _encode_head(4, len(value)) + b"".join(encode(item) for item in value)
    raise ValueError(f"unsupported value {value!r}")


def read(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(MAGIC):
        raise ValueError(f"not a Pagefind file: {path}")
    value, end = decode(raw, len(MAGIC))
    if end != len(raw):
        raise ValueError(f"trailing bytes in {path}")
    return value


def write(path: Path, value: Any) -> None:
    path.write_bytes(gzip.compress(MAGIC + encode(value), mtime=0))


def canonicalize(bundle: Path) -> None:
    """Sort every filter's values and rename the files whose names are checksums of their bytes."""
    entry_path = bundle / ENTRY
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in entry["languages"].items():
        renamed: dict[str, str] = {}
        for path in sorted((bundle / "filter").glob(f"{language}_*.pf_filter")):
            name, values = read(path)
            ordered = [name, sorted(values, key=lambda pair: pair[0].encode("utf-8"))]
            data = MAGIC + encode(ordered)
            new = f"{language}_{checksum(data)[:7]}"
            renamed[path.name.removesuffix(".pf_filter")] = new
            path.unlink()
            (bundle / "filter" / f"{new}.pf_filter").write_bytes(gzip.compress(data, mtime=0))
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _rename(read(meta_path), renamed)
        data = MAGIC + encode(meta)
        meta_hash = f"{language}_{checksum(data)[:10]}"
        meta_path.unlink()
        (bundle / f"pagefind.{meta_hash}.pf_meta").write_bytes(gzip.compress(data, mtime=0))
        info["hash"] = meta_hash
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _rename(value: Any, renamed: dict[str, str]) -> Any:
    """``value`` with the filter files' new names; the meta's list of (filter, file) pairs, also in
    hash-map order, sorted by filter name."""
    if isinstance(value, str):
        return renamed.get(value, value)
    if isinstance(value, _Map):
        return _Map((_rename(k, renamed), _rename(v, renamed)) for k, v in value)
    if isinstance(value, list):
        items = [_rename(item, renamed) for item in value]
        files = set(renamed.values())
        if items and all(isinstance(i, list) and len(i) == 2 and i[1] in files for i in items):
            items.sort(key=lambda pair: str(pair[0]).encode("utf-8"))
        return items
    return value
