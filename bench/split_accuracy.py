#!/usr/bin/env python3
"""How often ``split_title`` finds the true title/abstract boundary of one-line cards, and how fast.

    python3 bench/split_accuracy.py [--corpus /tmp/split10k] [--show 20]

Two checks:
  seed    every line of seed 004 against tests/fixtures/oneline/004_titles.txt (hand-read; must be 281/281)
  corpus  every one-line dump of a generated corpus (``gen_corpus.py --papers N --out DIR``: the dumps
          without blank lines) against DIR/truth.json, matched by ``title + " " + abstract == body``
Wrong splits are printed with the boundary marked `` ‖ `` (found) and the true title, so patterns show.
Time is the median of a few passes of ``split_title`` over every body, per line.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from sitegen.sources.oneline import CARD_LINE, UNSURE_MARGIN, split_title, weigh_split

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "dumps" / "2025-03-14-004_92a527a58f928be6.txt"
SEED_TITLES = ROOT / "tests" / "fixtures" / "oneline" / "004_titles.txt"


def card_bodies(path: Path) -> list[str]:
    """The body (title and abstract) of every card line of a one-line dump."""
    bodies = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        match = CARD_LINE.match(" ".join(line.split()))
        if match:
            bodies.append(match["body"])
    return bodies


def is_oneline_dump(path: Path) -> bool:
    return "\n\n" not in path.read_text(encoding="utf-8")


def score(cases: list[tuple[str, str]], label: str, show: int) -> list[str]:
    """Print accuracy of (body, true title) cases, how many cuts are warned about (all and wrong ones),
    and up to ``show`` wrong splits; return the bodies."""
    splits = [(body, truth, weigh_split(body)) for body, truth in cases]
    wrong = [(body, truth, split.title) for body, truth, split in splits if split.title != truth]
    right = len(cases) - len(wrong)
    print(f"{label}: {right}/{len(cases)} right ({right / max(1, len(cases)):.2%})")
    warned = sum(1 for _, _, split in splits if split.unsure)
    wrong_warned = sum(1 for _, truth, split in splits if split.title != truth and split.unsure)
    print(f"  warned (margin < {UNSURE_MARGIN}): {warned / max(1, len(cases)):.2%} of all cards, "
          f"{wrong_warned}/{len(wrong)} wrong cuts ({wrong_warned / max(1, len(wrong)):.2%})")
    margins = sorted(split.margin for _, truth, split in splits if split.title != truth)
    for share in (0.90, 0.95, 0.99):
        if margins:
            cut = margins[min(len(margins) - 1, int(share * len(margins)))]
            cards = sum(1 for _, _, split in splits if split.margin <= cut) / max(1, len(cases))
            print(f"  to warn {share:.0%} of wrong cuts: margin <= {cut:.3f}, {cards:.2%} of all cards")
    for body, truth, found in wrong[:show]:
        print(f"  found: {found} ‖ {body[len(found) + 1 :][:60]}")
        print(f"  truth: {truth} ‖ {body[len(truth) + 1 :][:60]}")
    return [body for body, _ in cases]


def seed_cases() -> list[tuple[str, str]]:
    titles = SEED_TITLES.read_text(encoding="utf-8").splitlines()
    bodies = card_bodies(SEED)
    if len(titles) != len(bodies):
        raise SystemExit(f"{SEED_TITLES}: {len(titles)} titles for {len(bodies)} card lines")
    return list(zip(bodies, titles, strict=True))


def corpus_cases(corpus: Path) -> list[tuple[str, str]]:
    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
    title_of = {f"{paper['title']} {paper['abstract']}": paper["title"] for paper in truth}
    cases = []
    for dump in sorted((corpus / "dumps").glob("*.txt")):
        if is_oneline_dump(dump):
            for body in card_bodies(dump):
                if body not in title_of:
                    raise SystemExit(f"{dump}: a card body not in truth.json: {body[:80]}")
                cases.append((body, title_of[body]))
    return cases


def time_per_line(bodies: list[str], passes: int = 5) -> float:
    """Fastest CPU µs per ``split_title`` call over ``passes`` passes (CPU time, and the fastest pass,
    because the machine is shared: wall time measures the neighbours)."""
    timings = []
    for _ in range(passes):
        start = time.process_time()
        for body in bodies:
            split_title(body)
        timings.append((time.process_time() - start) / max(1, len(bodies)) * 1e6)
    return min(timings)


def calibration() -> float:
    """CPU µs of ``sum(range(1000))``: about 8 on an idle 2020s laptop core, to compare runs by."""
    start = time.process_time()
    for _ in range(2000):
        sum(range(1000))
    return (time.process_time() - start) / 2000 * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/split10k"), help="gen_corpus.py --out DIR")
    parser.add_argument("--show", type=int, default=20, help="wrong splits to print per check")
    args = parser.parse_args()
    bodies = score(seed_cases(), "seed 004", args.show)
    if (args.corpus / "truth.json").exists():
        bodies += score(corpus_cases(args.corpus), f"corpus {args.corpus}", args.show)
    else:
        print(f"corpus: {args.corpus}/truth.json not found (run gen_corpus.py --out {args.corpus})")
    per_line = time_per_line(bodies)
    print(f"time: {per_line:.1f} µs per line over {len(bodies)} lines (calibration {calibration():.1f} µs)")


if __name__ == "__main__":
    main()
