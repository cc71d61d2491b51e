#!/usr/bin/env python3
"""Tagging speed: load + apply the shipped rules (content/tags.yaml) to generated corpora.

    python3 bench/bench_tagging.py [--sizes 10000 100000] [--rules content/tags.yaml] [--runs 5] [--work DIR]

Papers are built from each corpus' truth.json (generated once per size by bench/gen_corpus.py,
or $GEN_CORPUS, into DIR/c<size>, kept there for the next run; a temp folder without --work). Prints a
table of medians: load_rules alone (it does not depend on the papers: the examples name seed titles) and
apply_rules, each also per 10,000 papers; the budget is well under a second per 10,000 papers.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import nullcontext
from datetime import date
from functools import partial
from pathlib import Path

from sitegen.merge import title_key
from sitegen.model import Paper
from sitegen.tagging import apply_rules, load_rules

ROOT = Path(__file__).resolve().parent.parent
GEN = Path(os.environ.get("GEN_CORPUS", Path(__file__).resolve().parent / "gen_corpus.py"))


def corpus(size: int, work: Path) -> list[Paper]:
    out = work / f"c{size}"
    if not (out / "truth.json").exists():
        subprocess.run([sys.executable, str(GEN), "--papers", str(size), "--out", str(out)], check=True,
                       stdout=subprocess.DEVNULL)
    records = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    return [Paper(title_key(r["title"]), r["title"], r["abstract"], r["authors"], None, r["upvotes"], None,
                  tuple(date.fromisoformat(d) for d in r["digests"]), ()) for r in records]


def timings(runs: int, work: Callable[[], object]) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return times


def median_of(runs: int, work: Callable[[], object]) -> float:
    """The median: steadier than the best run on a shared machine, and not flattered by one lucky run."""
    return statistics.median(timings(runs, work))


def machine_speed() -> float:
    """Seconds for a million trivial loop turns, printed beside the timings so runs on a busy machine
    can be compared with runs on an idle one (the ratio of this figure is the slowdown)."""
    return min(timings(5, lambda: [None for _ in range(1_000_000)]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--rules", type=Path, default=ROOT / "content/tags.yaml")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, help="keep generated corpora here (default: a temp folder)")
    args = parser.parse_args()
    with nullcontext(str(args.work)) if args.work else tempfile.TemporaryDirectory() as work:
        print(f"{'papers':>8} {'rules':>6} {'load s':>7} {'apply s':>8} {'apply s/10k':>12} "
              f"{'load+apply s/10k':>17} {'tagged %':>9}")
        for size in args.sizes:
            papers = corpus(size, Path(work))
            rules = load_rules(args.rules)  # no papers: the examples name seed titles, not these
            load = median_of(args.runs, partial(load_rules, args.rules))
            apply = median_of(args.runs, partial(apply_rules, rules, papers))
            tagging = apply_rules(rules, papers)
            tagged = 100 * (1 - len(tagging.untagged) / len(tagging.paper_tags))
            per_10k = 10_000 / len(papers)
            print(f"{len(papers):>8} {len(rules.rules):>6} {load:>7.3f} {apply:>8.3f} "
                  f"{apply * per_10k:>12.3f} {(load + apply) * per_10k:>17.3f} {tagged:>9.1f}")
        print(f"medians of {args.runs} runs; machine: {machine_speed():.3f} s per million trivial loop turns "
              "(compare across runs)")


if __name__ == "__main__":
    main()
