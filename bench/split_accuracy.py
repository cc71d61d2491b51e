#!/usr/bin/env python3
"""How often ``split_title`` finds the true title/abstract boundary of one-line cards, and how fast.

    python3 bench/split_accuracy.py [--corpus /tmp/split10k [DIR ...]] [--show 20]
    python3 bench/split_accuracy.py --fit FIT_DIR [DIR ...] --choose DIR [DIR ...] [--target 0.95]

Two checks:
  seed    every line of seed 004 against tests/fixtures/oneline/004_titles.txt (hand-read; must be 281/281)
  corpus  every one-line dump of a generated corpus (``gen_corpus.py --papers N --out DIR``: the dumps
          without blank lines) against DIR/truth.json, matched by ``title + " " + abstract == body``
Wrong splits are printed with the boundary marked `` ‖ `` (found) and the true title, so patterns show.
Time is the fastest of a few passes of what the reader does per dump (``learn_phrases``, then
``weigh_split`` of each card), per line.

``--fit`` fits ``CUT_WEIGHTS`` (a logistic regression of "the cut is wrong" on ``cut_features``, by
Newton's method with a small ridge, so deterministic) on the one-line cards of FIT_DIR, then picks
on the CHOOSE corpora ``CALIBRATED_DOUBT``, the highest threshold that still warns ``--target`` of their
wrong cuts, and ``UNSURE_DOUBT``, the threshold in force: the round one that warns the most wrong cuts
within ``BUDGET`` of the cards (see its docstring).
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
    DumpPhrases,
    body_features,
    learn_phrases,
    weigh_split,
)

Case = tuple[str, str, DumpPhrases]
"""A card body, its true title, and its dump's capitalised phrases (``learn_phrases``)."""

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


def score(cases: list[Case], label: str, show: int) -> list[Case]:
    """Print accuracy of (body, true title) cases, how many cuts are warned about (all and wrong ones),
    and up to ``show`` wrong splits; return the cases."""
    splits = [(body, truth, weigh_split(body, phrases)) for body, truth, phrases in cases]
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
    return cases


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


def fit(fit_cases: list[Case], choose_cases: list[Case], target: float,
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
    unsure = within_budget(list(doubts), list(cy.astype(bool)))
    print("\nCUT_INTERCEPT = " + repr(round(float(weights[0]), 4)))
    print("CUT_WEIGHTS = (" + ", ".join(repr(round(float(w), 4)) for w in weights[1:]) + ")")
    print(f"CALIBRATED_DOUBT = {math.floor(threshold * 1e4) / 1e4}")
    print(f"UNSURE_DOUBT = {unsure[0]}  # {unsure[1]:.1%} of wrong cuts, {unsure[2]:.2%} of cards")


BUDGET = 0.045
"""The share of cards ``UNSURE_DOUBT`` may warn on the corpora it is chosen on: the issue's budget is
one card in twenty on unseen ones, and corpora vary by a few tenths of a percent."""


def within_budget(doubts: list[float], is_wrong: list[bool],
                  step: float = 0.005) -> tuple[float, float, float]:
    """The round threshold (a multiple of ``step``) that warns the most wrong cuts while warning at
    most ``BUDGET`` of the cards: (threshold, share of wrong cuts, share of cards)."""
    wrong = max(1, sum(is_wrong))
    for k in range(1, 200):
        threshold = round(k * step, 4)
        cards = sum(1 for d in doubts if d >= threshold) / len(doubts)
        if cards <= BUDGET:
            caught = sum(1 for d, w in zip(doubts, is_wrong, strict=True) if w and d >= threshold)
            return threshold, caught / wrong, cards
    return 1.0, 0.0, 0.0


def design(cases: list[Case]) -> tuple[np.ndarray, np.ndarray]:
    """The feature rows (with a leading 1) and wrong-cut labels of the cases with a scored cut."""
    rows, labels = [], []
    for body, truth, phrases in cases:
        features = body_features(body, phrases)
        if features is not None:
            rows.append((1.0, *features))
            labels.append(1.0 if weigh_split(body).title != truth else 0.0)
    return np.array(rows), np.array(labels)


def seed_cases() -> list[Case]:
    titles = SEED_TITLES.read_text(encoding="utf-8").splitlines()
    bodies = card_bodies(SEED)
    if len(titles) != len(bodies):
        raise SystemExit(f"{SEED_TITLES}: {len(titles)} titles for {len(bodies)} card lines")
    phrases = learn_phrases(bodies)
    return [(body, title, phrases) for body, title in zip(bodies, titles, strict=True)]


def corpus_cases(corpus: Path) -> list[Case]:
    """Every one-line card of the corpus, with the capitalised phrases of its own dump (as the reader
    learns them: ``layouts.read_cards``)."""
    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
    title_of = {f"{paper['title']} {paper['abstract']}": paper["title"] for paper in truth}
    cases = []
    for dump in sorted((corpus / "dumps").glob("*.txt")):
        if is_oneline_dump(dump):
            bodies = card_bodies(dump)
            phrases = learn_phrases(bodies)
            for body in bodies:
                if body not in title_of:
                    raise SystemExit(f"{dump}: a card body not in truth.json: {body[:80]}")
                cases.append((body, title_of[body], phrases))
    return cases


def time_per_line(cases: list[Case], passes: int = 5) -> float:
    """Fastest CPU µs per card over ``passes`` passes of what the reader does with a dump's cards: learn
    its phrases, then weigh each card's split (CPU time, and the fastest pass, because the machine is
    shared: wall time measures the neighbours)."""
    dumps: dict[int, list[str]] = {}
    for body, _, phrases in cases:  # a dump's cases share one DumpPhrases
        dumps.setdefault(id(phrases), []).append(body)
    timings = []
    for _ in range(passes):
        start = time.process_time()
        for bodies in dumps.values():
            learnt = learn_phrases(bodies)
            for body in bodies:
                weigh_split(body, learnt)
        timings.append((time.process_time() - start) / max(1, len(cases)) * 1e6)
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
    parser.add_argument("--fit", type=Path, nargs="+",
                        help="fit CUT_WEIGHTS on these corpora, as one (see the docstring)")
    parser.add_argument("--choose", type=Path, nargs="+",
                        help="with --fit: pick CALIBRATED_DOUBT on these corpora, as one")
    parser.add_argument("--target", type=float, default=0.95, help="with --fit: share of wrong cuts to warn")
    args = parser.parse_args()
    if args.fit:
        fit_cases = [case for corpus in args.fit for case in corpus_cases(corpus)]
        choose_cases = [case for corpus in args.choose or () for case in corpus_cases(corpus)]
        fit(fit_cases, choose_cases or fit_cases, args.target)
        return
    timed = score(seed_cases(), "seed 004", args.show)
    if all((corpus / "truth.json").exists() for corpus in args.corpus):
        cases = [case for corpus in args.corpus for case in corpus_cases(corpus)]
        timed += score(cases, "corpus " + " + ".join(map(str, args.corpus)), args.show)
    else:
        print(f"corpus: truth.json not found in {args.corpus} (run gen_corpus.py --out DIR)")
    per_line = time_per_line(timed)
    print(f"time: {per_line:.1f} µs per line over {len(timed)} lines, the dump's phrases learnt and the "
          f"doubt weighed (calibration {calibration():.1f} µs)")


if __name__ == "__main__":
    main()
