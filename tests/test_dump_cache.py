"""The parsed-dump cache (``sitegen.sources.cache``): what comes back from it, and what worker
processes parse on a cold build, is exactly what the reader reads."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path
from typing import Any

import pytest

from sitegen.errors import InputError
from sitegen.project import CACHE_DIR
from sitegen.sources import DumpCache, read_dump, read_dumps
from sitegen.sources import cache as cache_module
from sitegen.util.workers import ONE_PROCESS, Workers

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "content" / "dumps"
IN_WORKERS = Workers(count=2, parse_from=1)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(SEEDS, folder / "dumps")
    return folder


def read(content: Path, workers: Workers = ONE_PROCESS) -> tuple[Any, ...]:
    return read_dumps(content / "dumps", cache=DumpCache(content / CACHE_DIR), workers=workers)


def spy_on_pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The worker pools ``sources.cache`` starts: one entry per pool, its number of processes."""
    started: list[int] = []
    context = Workers.context

    def record(self: Workers) -> Any:
        made = context(self)
        pool = made.Pool

        class Spied:
            def __getattr__(self, name: str) -> Any:
                return getattr(made, name)

            def Pool(self, processes: int, *args: Any, **kwargs: Any) -> Any:
                started.append(processes)
                return pool(processes, *args, **kwargs)

        return Spied()

    monkeypatch.setattr(Workers, "context", record)
    return started


def entries(content: Path) -> list[Path]:
    return sorted((content / CACHE_DIR / "dumps").glob("*.pickle"))


def test_seed_dumps_come_back_from_the_cache_as_read(content: Path) -> None:
    """The cache pickles records field by field (``sources.cache``): what a rebuild loads must equal
    what the reader read, warnings and locations included."""
    fresh = read(content)
    assert len(entries(content)) == len(list(SEEDS.glob("*.txt")))
    loaded = read(content)
    assert loaded == fresh
    assert [d.entries for d in loaded] == [read_dump(content / d.path, name=d.path).entries
                                           for d in loaded]
    assert all(pickle.loads(cache_module.dumps_record(d)) == d for d in fresh)
    assert all(pickle.loads(pickle.dumps(d)) == d for d in fresh)


@pytest.mark.parametrize("workers", [IN_WORKERS, ONE_PROCESS], ids=["workers", "one-process"])
def test_a_cold_read_in_workers_equals_one_in_process(content: Path, workers: Workers,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    expected = tuple(sorted((read_dump(p, name=f"dumps/{p.name}") for p in (content / "dumps").glob("*.txt")),
                            key=lambda d: (d.digest, d.path)))
    pools = spy_on_pools(monkeypatch)
    cold = read(content, workers)
    assert cold == expected
    assert pools == ([2] if workers is IN_WORKERS else [])
    assert len(entries(content)) == len(expected)  # the workers' entries serve the next build
    assert read(content, workers) == expected


def test_forked_workers_report_every_bad_dump_as_one_process_does(content: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    (content / "dumps" / "2025-02-01.txt").write_bytes(b"\xff\xfe\x00binary")
    (content / "dumps" / "2025-02-02.txt").write_text("", encoding="utf-8")
    reports = []
    pools = spy_on_pools(monkeypatch)
    for workers in (IN_WORKERS, ONE_PROCESS):
        shutil.rmtree(content / CACHE_DIR, ignore_errors=True)
        with pytest.raises(InputError) as caught:
            read(content, workers)
        reports.append([str(p) for p in caught.value.problems])
    forked, in_process = reports
    assert pools == [2]
    assert forked == in_process
    assert [Path(line.split(":")[0]).name for line in forked] == ["2025-02-01.txt", "2025-02-02.txt"]
