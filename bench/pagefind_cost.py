#!/usr/bin/env python3
"""Where Pagefind's time goes on one shard of sitegen's lean documents: what it writes, and what
gzip at the level Pagefind uses costs for it.

    python bench/pagefind_cost.py DOCUMENTS [--pagefind PATH] [--runs 2]

DOCUMENTS is a folder of lean documents (``papers/<slug>/index.html``), as ``write.search`` writes
one shard's. The script runs Pagefind over it (the binary of ``pagefind_bin``, or ``--pagefind``),
times the run, then reads every gzipped file of the index back and compresses the same bytes again
with zlib at level 9 (Pagefind's ``Compression::best()`` in ``pagefind/src/output/mod.rs``) and at
level 6 (zlib's default), per kind of file. Pagefind compresses in Rust (flate2), so zlib's times
are an estimate of that share of the run, not a reading of it. Nothing in sitegen is changed.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import statistics
import sys
import tempfile
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import Run, pagefind_executable, timed


def run_pagefind(binary: str, documents: Path, output: Path) -> Run:
    """One Pagefind run over ``documents`` into a fresh ``output``, timed as the bench times a build."""
    shutil.rmtree(output, ignore_errors=True)
    return timed([binary, "--site", str(documents), "--output-path", str(output), "--silent"], output)


def compressed_kinds(bundle: Path) -> dict[str, list[bytes]]:
    """The uncompressed bytes of each gzipped file of the index, by suffix (``.pf_index``...)."""
    kinds: dict[str, list[bytes]] = {}
    for path in sorted(bundle.rglob("*.pf_*")):
        kinds.setdefault(path.suffix, []).append(gzip.decompress(path.read_bytes()))
    return kinds


def zlib_seconds(blobs: list[bytes], level: int) -> tuple[float, int]:
    start = time.perf_counter()
    size = sum(len(zlib.compress(blob, level)) for blob in blobs)
    return time.perf_counter() - start, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("documents", type=Path)
    parser.add_argument("--pagefind", help="the Pagefind binary (default: pagefind_bin's)")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    binary = args.pagefind or pagefind_executable()
    pages = sum(1 for _ in args.documents.rglob("*.html"))
    with tempfile.TemporaryDirectory(prefix="pagefind-cost-") as work:
        output = Path(work) / "index"
        runs = [run_pagefind(binary, args.documents, output) for _ in range(args.runs)]
        print(f"Pagefind over {pages} documents: {statistics.median(r.wall for r in runs):.2f} s wall, "
              f"{statistics.median(r.cpu for r in runs):.2f} CPU-s (median of {len(runs)})")
        print(f"{'kind':<14}{'files':>7}{'raw KB':>10}{'gz KB':>9}{'zlib-9 s':>10}{'zlib-6 s':>10}")
        for kind, blobs in compressed_kinds(output).items():
            best, best_size = zlib_seconds(blobs, 9)
            default, _ = zlib_seconds(blobs, 6)
            raw = sum(len(b) for b in blobs)
            print(f"{kind:<14}{len(blobs):>7}{raw / 1e3:>10.1f}{best_size / 1e3:>9.1f}"
                  f"{best:>10.2f}{default:>10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
