#!/usr/bin/env python3
"""Two checkouts of sitegen timed in turns on one generated digest: did a change cost speed?

    python bench/turns.py --old /path/to/old/checkout [--new .] [--papers 10000] [--runs 3]

Each run builds the same content cold (empty output, empty cache) and then again unchanged, with
``search: false``, with one checkout and then with the other (who goes first alternates), so drift of
the machine between runs falls on both. Prints the median wall time of each and the ratio new/old.
Runs each checkout's own code (``python -m sitegen`` with its folder first on PYTHONPATH); installs nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SITE_YAML = "title: Bench\nbase_url: https://example.org/bench/\nsearch: false\n"


def make_content(folder: Path, papers: int) -> Path:
    generated = folder / "generated"
    subprocess.run([sys.executable, str(HERE / "gen_corpus.py"), "--papers", str(papers),
                    "--out", str(generated)], check=True, stdout=subprocess.DEVNULL)
    content = folder / "content"
    content.mkdir()
    shutil.move(str(generated / "dumps"), content / "dumps")
    shutil.copy(HERE.parent / "content" / "tags.yaml", content / "tags.yaml")
    (content / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    return content


def timed_build(checkout: Path, content: Path, out: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sitegen", "build", "--quiet", "--content", str(content),
                    "--out", str(out)], check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def fresh(content: Path, out: Path) -> None:
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(content / ".sitegen-cache", ignore_errors=True)
    (content / "permalinks.lock").unlink(missing_ok=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--old", type=Path, required=True)
    parser.add_argument("--new", type=Path, default=HERE.parent)
    parser.add_argument("--papers", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    checkouts = {"old": args.old.resolve(), "new": args.new.resolve()}
    times: dict[tuple[str, str], list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="sitegen-turns-") as work:
        content = make_content(Path(work), args.papers)
        out = Path(work) / "public"
        for run in range(args.runs):
            # Alternate who goes first: this machine's disk slows with every rewrite, so a fixed
            # order would always hand the second checkout the slower disk.
            order = list(checkouts.items()) if run % 2 == 0 else list(reversed(checkouts.items()))
            for name, checkout in order:
                fresh(content, out)
                times.setdefault((name, "cold"), []).append(timed_build(checkout, content, out))
                times.setdefault((name, "no-change"), []).append(timed_build(checkout, content, out))
    print(f"{args.papers} papers, {args.runs} runs in turns, median wall seconds")
    for scenario in ("cold", "no-change"):
        old, new = (statistics.median(times[name, scenario]) for name in ("old", "new"))
        print(f"  {scenario:10} old {old:7.2f}  new {new:7.2f}  new/old {new / old:5.2f}  "
              f"(old runs {', '.join(f'{t:.2f}' for t in times['old', scenario])}; "
              f"new {', '.join(f'{t:.2f}' for t in times['new', scenario])})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
