"""The parsed-dump cache (``sitegen.cache.read_dumps_cached``): what comes back from it, and what forked
workers parse on a cold build, is exactly what the reader reads."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import shutil
from pathlib import Path
from typing import Any

import pytest

from sitegen import cache
from sitegen.cache import CACHE_DIR, read_dumps_cached
from sitegen.errors import InputError
from sitegen.sources import read_dump

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "content" / "dumps"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(SEEDS, folder / "dumps")
    return folder


def spy_on_forks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The multiprocessing contexts ``sitegen.cache`` asks for: one per pool of forked readers."""
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one core: dumps are never parsed in workers")
    asked: list[str] = []
    get_context = multiprocessing.get_context

    def record(method: str | None = None) -> Any:
        asked.append(str(method))
        return get_context(method)

    monkeypatch.setattr(cache.multiprocessing, "get_context", record)
    return asked


def entries(content: Path) -> list[Path]:
    return sorted((content / CACHE_DIR / "dumps").glob("*.pickle"))


def test_seed_dumps_come_back_from_the_cache_as_read(content: Path) -> None:
    """Records pickle field by field (``model._by_fields``): what a rebuild loads must equal what
    the reader read, warnings and locations included."""
    fresh = read_dumps_cached(content / "dumps", content)
    assert len(entries(content)) == len(list(SEEDS.glob("*.txt")))
    loaded = read_dumps_cached(content / "dumps", content)
    assert loaded == fresh
    assert [d.entries for d in loaded] == [read_dump(content / "dumps" / Path(d.path).name).entries
                                           for d in loaded]
    assert all(pickle.loads(pickle.dumps(d)) == d for d in fresh)


@pytest.mark.parametrize("parallel_from", [1, 10**9], ids=["forked", "one-process"])
def test_a_cold_read_in_workers_equals_one_in_process(content: Path, parallel_from: int,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    expected = tuple(sorted((read_dump(p, display=str(p)) for p in (content / "dumps").glob("*.txt")),
                            key=lambda d: (d.digest, d.path)))
    monkeypatch.setattr(cache, "PARALLEL_DUMPS", parallel_from)
    forks = spy_on_forks(monkeypatch)
    cold = read_dumps_cached(content / "dumps", content)
    assert cold == expected
    assert len(forks) == (parallel_from == 1)
    assert len(entries(content)) == len(expected)  # the workers' entries serve the next build
    assert read_dumps_cached(content / "dumps", content) == expected


def test_forked_workers_report_every_bad_dump_as_one_process_does(content: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    (content / "dumps" / "2025-02-01.txt").write_bytes(b"\xff\xfe\x00binary")
    (content / "dumps" / "2025-02-02.txt").write_text("", encoding="utf-8")
    reports = []
    forks = spy_on_forks(monkeypatch)
    for parallel_from in (1, 10**9):
        shutil.rmtree(content / CACHE_DIR, ignore_errors=True)
        monkeypatch.setattr(cache, "PARALLEL_DUMPS", parallel_from)
        with pytest.raises(InputError) as caught:
            read_dumps_cached(content / "dumps", content)
        reports.append([str(p) for p in caught.value.problems])
    forked, in_process = reports
    assert forks == ["fork"]
    assert forked == in_process
    assert [Path(line.split(":")[0]).name for line in forked] == ["2025-02-01.txt", "2025-02-02.txt"]
