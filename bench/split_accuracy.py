#!/usr/bin/env python3
"""How often ``split_title`` finds the true title/abstract boundary of one-line cards, and how fast.

    python3 bench/split_accuracy.py [--corpus /tmp/split10k [DIR ...]] [--show 20]
    python3 bench/split_accuracy.py --fit FIT_DIR --choose CHOOSE_DIR [--target 0.95]

Two checks:
  seed    every line of seed 004 against tests/fixtures/oneline/004_titles.txt (hand-read; must be 281/281)
  corpus  every one-line dump of a generated corpus (``gen_corpus.py --papers N --out DIR``: the dumps
          without blank lines) against DIR/truth.json, matched by ``title + " " + abstract == body``
Wrong splits are printed with the boundary marked `` ‖ `` (found) and the true title, so patterns show.
Time is the median of a few passes of ``split_title`` over every body, per line.

``--fit`` fits ``CUT_WEIGHTS`` (a logistic regression of "the cut is wrong" on ``cut_features``, by
Newton's method with a small ridge, so deterministic) on the one-line cards of FIT_DIR, then picks
``CALIBRATED_DOUBT`` on CHOOSE_DIR: the highest threshold that still warns ``--target`` of its wrong cuts.
(``UNSURE_DOUBT``, the threshold in force, is the round one that warns the most wrong cuts of CHOOSE_DIR
within a budget of one card in twenty: see its docstring.)
It prints the constants to paste into ``sitegen/sources/oneline.py``.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path

import numpy as np

from sitegen.sources.oneline import (
    CALIBRATED_DOUBT,
    CARD_LINE,
    FEATURES,
    UNSURE_DOUBT,
    body_features,
    split_title,
    weigh_split,
)

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
    print(f"  warned (doubt >= {UNSURE_DOUBT}): {warned / max(1, len(cases)):.2%} of all cards, "
          f"{wrong_warned}/{len(wrong)} wrong cuts ({wrong_warned / max(1, len(wrong)):.2%})")
    doubts = [split.doubt for _, _, split in splits]
    is_wrong = [split.title != truth for _, truth, split in splits]
    calibrated = sum(1 for d in doubts if d >= CALIBRATED_DOUBT)
    calibrated_wrong = sum(1 for d, w in zip(doubts, is_wrong, strict=True) if w and d >= CALIBRATED_DOUBT)
    print(f"  at CALIBRATED_DOUBT {CALIBRATED_DOUBT}: {calibrated / max(1, len(cases)):.2%} of all cards, "
          f"{calibrated_wrong}/{len(wrong)} wrong cuts ({calibrated_wrong / max(1, len(wrong)):.2%})")
    for share, threshold, cards in trade_off(doubts, is_wrong):
        print(f"  to warn {share:.0%} of wrong cuts: doubt >= {threshold:.4f}, {cards:.2%} of all cards")
    for body, truth, found in wrong[:show]:
        print(f"  found: {found} ‖ {body[len(found) + 1 :][:60]}")
        print(f"  truth: {truth} ‖ {body[len(truth) + 1 :][:60]}")
    return [body for body, _ in cases]


def trade_off(doubts: list[float], is_wrong: list[bool],
              shares: tuple[float, ...] = (0.90, 0.95, 0.99)) -> list[tuple[float, float, float]]:
    """(share of wrong cuts, the highest doubt threshold that warns that share, share of all cards it
    warns) for each share."""
    wrong = sorted((d for d, w in zip(doubts, is_wrong, strict=True) if w), reverse=True)
    rows = []
    for share in shares:
        if wrong:
            threshold = wrong[min(len(wrong) - 1, math.ceil(share * len(wrong)) - 1)]
            cards = sum(1 for d in doubts if d >= threshold) / len(doubts)
            rows.append((share, threshold, cards))
    return rows


def fit(fit_cases: list[tuple[str, str]], choose_cases: list[tuple[str, str]], target: float,
        ridge: float = 1.0) -> None:
    """Fit the logistic regression and pick the threshold; print the constants for oneline.py."""
    x, y = design(fit_cases)
    weights = np.zeros(x.shape[1])
    for _ in range(50):  # Newton's method (IRLS): converges in a dozen steps
        p = 1 / (1 + np.exp(-(x @ weights)))
        gradient = x.T @ (p - y) + ridge * np.r_[0.0, weights[1:]]
        hessian = (x * (p * (1 - p))[:, None]).T @ x + ridge * np.diag(np.r_[0.0, np.ones(len(weights) - 1)])
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.max(np.abs(step)) < 1e-9:
            break
    print(f"fit on {len(y)} cards, {int(y.sum())} wrong cuts")
    for name, weight in zip(("intercept", *FEATURES), weights, strict=True):
        print(f"  {name:28} {weight:+.4f}")
    cx, cy = design(choose_cases)
    doubts = 1 / (1 + np.exp(-(cx @ weights)))
    rows = trade_off(list(doubts), list(cy.astype(bool)), (0.90, 0.95, target, 0.99))
    print(f"chosen on {len(cy)} cards, {int(cy.sum())} wrong cuts:")
    for share, threshold, cards in rows:
        print(f"  to warn {share:.1%} of wrong cuts: doubt >= {threshold:.4f}, {cards:.2%} of all cards")
    threshold = next(t for share, t, _ in rows if share == target)
    print("\nCUT_INTERCEPT = " + repr(round(float(weights[0]), 4)))
    print("CUT_WEIGHTS = (" + ", ".join(repr(round(float(w), 4)) for w in weights[1:]) + ")")
    print(f"CALIBRATED_DOUBT = {math.floor(threshold * 1e4) / 1e4}")


def design(cases: list[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray]:
    """The feature rows (with a leading 1) and wrong-cut labels of the cases with a scored cut."""
    rows, labels = [], []
    for body, truth in cases:
        features = body_features(body)
        if features is not None:
            rows.append((1.0, *features))
            labels.append(1.0 if weigh_split(body).title != truth else 0.0)
    return np.array(rows), np.array(labels)


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
    parser.add_argument("--corpus", type=Path, nargs="+", default=[Path("/tmp/split10k")],
                        help="gen_corpus.py --out DIR (several are scored as one)")
    parser.add_argument("--show", type=int, default=20, help="wrong splits to print per check")
    parser.add_argument("--fit", type=Path, help="fit CUT_WEIGHTS on this corpus (see the docstring)")
    parser.add_argument("--choose", type=Path, help="with --fit: pick CALIBRATED_DOUBT on this corpus")
    parser.add_argument("--target", type=float, default=0.95, help="with --fit: share of wrong cuts to warn")
    args = parser.parse_args()
    if args.fit:
        fit(corpus_cases(args.fit), corpus_cases(args.choose or args.fit), args.target)
        return
    bodies = score(seed_cases(), "seed 004", args.show)
    if all((corpus / "truth.json").exists() for corpus in args.corpus):
        cases = [case for corpus in args.corpus for case in corpus_cases(corpus)]
        bodies += score(cases, "corpus " + " + ".join(map(str, args.corpus)), args.show)
    else:
        print(f"corpus: truth.json not found in {args.corpus} (run gen_corpus.py --out DIR)")
    per_line = time_per_line(bodies)
    print(f"time: {per_line:.1f} µs per line over {len(bodies)} lines (calibration {calibration():.1f} µs)")


if __name__ == "__main__":
    main()
