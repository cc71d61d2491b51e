#!/usr/bin/env python3
"""Tagging speed: load + apply the shipped rules (content/tags.yaml) to generated corpora.

    python3 bench/bench_tagging.py [--sizes 10000 100000] [--rules content/tags.yaml]

Papers are built from each corpus' truth.json (generated once per size into a temp folder by
/work/shared/bench/gen_corpus.py, or $GEN_CORPUS). Prints a table; the budget is well under a second per
10,000 papers.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

from sitegen.merge import title_key
from sitegen.model import Paper
from sitegen.tagging import apply_rules, load_rules

ROOT = Path(__file__).resolve().parent.parent
GEN = Path(os.environ.get("GEN_CORPUS", "/work/shared/bench/gen_corpus.py"))


def corpus(size: int, work: Path) -> list[Paper]:
    out = work / f"c{size}"
    if not (out / "truth.json").exists():
        subprocess.run([sys.executable, str(GEN), "--papers", str(size), "--out", str(out)], check=True,
                       stdout=subprocess.DEVNULL)
    records = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    return [Paper(title_key(r["title"]), r["title"], r["abstract"], r["authors"], None, r["upvotes"], None,
                  tuple(date.fromisoformat(d) for d in r["digests"]), ()) for r in records]


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def machine_speed() -> float:
    """Seconds for a million trivial loop turns, printed beside the timings so runs on a busy machine
    can be compared with runs on an idle one (the ratio of this figure is the slowdown)."""
    return best_of(5, lambda: [None for _ in range(1_000_000)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--rules", type=Path, default=ROOT / "content/tags.yaml")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'papers':>8} {'rules':>6} {'load s':>8} {'apply s':>8} {'s/10k':>7} {'tagged %':>9}")
        for size in args.sizes:
            papers = corpus(size, Path(tmp))
            rules = load_rules(args.rules)  # no papers: the examples name seed titles, not these
            load = best_of(args.runs, partial(load_rules, args.rules))
            apply = best_of(args.runs, partial(apply_rules, rules, papers))
            tagging = apply_rules(rules, papers)
            tagged = 100 * (1 - len(tagging.untagged) / len(tagging.paper_tags))
            per_10k = (load + apply) * 10_000 / len(papers)
            print(f"{len(papers):>8} {len(rules.rules):>6} {load:>8.3f} {apply:>8.3f} {per_10k:>7.3f} "
                  f"{tagged:>9.1f}")
        print(f"machine: {machine_speed():.3f} s per million trivial loop turns (compare across runs)")


if __name__ == "__main__":
    main()
