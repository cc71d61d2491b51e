"""Files the next run reads (ledger, manifest, cache entries, fetched dumps) are whole or untouched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitegen.util import atomic
from sitegen.util.atomic import write_atomically


def test_a_write_replaces_the_file_and_leaves_nothing_beside_it(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "permalinks.lock"
    write_atomically(target, b"first\n")
    write_atomically(target, b"second\r\nkept as bytes\n")
    assert target.read_bytes() == b"second\r\nkept as bytes\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["permalinks.lock"]


def test_a_failed_write_keeps_the_old_file_and_removes_its_temporary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "manifest.pickle"
    target.write_bytes(b"old")

    def disk_full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.pickle"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_the_file_gets_the_permissions_a_plain_write_gives(tmp_path: Path) -> None:
    plain = tmp_path / "plain.lock"
    plain.write_bytes(b"x")
    target = tmp_path / "permalinks.lock"
    write_atomically(target, b"x")
    assert target.stat().st_mode & 0o777 == plain.stat().st_mode & 0o777 == 0o666 & ~atomic._UMASK
