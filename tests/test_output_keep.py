"""Files the ``prepare`` hook (the search indexer) writes are kept as the live file when their bytes
did not change, so a rebuild does not rewrite a whole search index for one new paper."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sitegen.write.full import write_site


def _indexer(fragments: dict[str, bytes]) -> Callable[[Path], None]:
    def prepare(staging: Path) -> None:
        for name, data in fragments.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_bytes(data)
    return prepare


def test_unchanged_prepared_files_keep_their_inode_and_changed_ones_are_new(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write_site({"index.html": b"one"}, out, prepare=_indexer({"idx/a": b"A", "idx/b": b"B"}))
    before = {name: (out / name).stat().st_ino for name in ("idx/a", "idx/b")}
    write_site({"index.html": b"two"}, out, prepare=_indexer({"idx/a": b"A", "idx/b": b"B2", "idx/c": b"C"}))
    assert (out / "idx/a").stat().st_ino == before["idx/a"]
    assert (out / "idx/b").stat().st_ino != before["idx/b"]
    assert {p.name: p.read_bytes() for p in (out / "idx").iterdir()} == {"a": b"A", "b": b"B2", "c": b"C"}
    assert (out / "index.html").read_bytes() == b"two"
