#!/usr/bin/env python3
"""Deterministic synthetic digests in the three layouts of the seed dumps, for benchmarks and scale tests.

    python3 gen_corpus.py --papers N --out DIR [--seed S] [--per-dump K]

Writes DIR/dumps/YYYY-MM-DD.txt, one digest per consecutive day with about K entries each (default 150), and
DIR/truth.json, one record per distinct paper in order of first sighting:
    {title, abstract, authors, published, upvotes, comments, digests}
A field is null when no sighting prints it: authors, published and comments (the count after a date) come from
meta blocks and one-line entries, upvotes from one-line entries only ("-" is 0). A date printed without a year
is in the digest's year, or the year before when its month-day lies after the digest's (late-December papers
on early-January digests). Distinct papers have distinct title keys (NFKC, casefold, punctuation as space).

Layouts, per file (3:1:1 as in the seeds):
  blocks  header lines, then "title", blank, "abstract" blocks separated by blank lines
  meta    as blocks, most papers followed by "  • N authors" / "·" / "Mon D[, YYYY][ count]"
  lines   one paper per line: "<upvotes|-> <title> <abstract> N authors · Mon D[, YYYY][ count]"
About 15% of entries repeat a paper from the last few digests, with the same title and abstract.
Titles and abstracts are word chains (bigrams; two words a step in abstracts) trained on the real digest's
dumps (content/dumps/*.txt of this repository; --seeds DIR for others). The project carries this generator so
that a plain clone runs its tests and benchmarks.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "content" / "dumps"
START = date(2024, 11, 1)  # 10k papers cross a new year, so year inference gets exercised
MAX_ABSTRACT = 1920  # arXiv's limit, which every seed abstract respects
REPEAT_SHARE = 0.15
REPEAT_WINDOW = 30  # repeats come from the papers of the last REPEAT_WINDOW digests
LAYOUT_CYCLE = ("blocks", "blocks", "blocks", "meta", "lines")
HEADER = ("new", "Get trending papers in your email inbox!", "Subscribe")
BYLINE = "byAK and the research community"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SMALL_WORDS = frozenset(("a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "is", "of", "on", "or",
                         "the", "to", "via", "vs", "with"))
GREEK = "αβγδλμπστω"
KEEP_CASE = re.compile(r"\d|(?<=.)[A-Z]")  # a digit, or a capital after the first letter
URL_LEADS = ("Code is available at", "Our code is available at:", "The code is released at", "Project page:",
             "Code and models are available at", "We release our code at")
TIMES_TAILS = ("with {k}× Fewer Parameters", "at {k}× Lower Cost", "for {k}× Faster Inference")

@dataclass
class Paper:
    title: str
    abstract: str
    authors: int
    published: date
    upvotes: int
    comments: int  # 0: none printed
    digests: list[str] = field(default_factory=list)
    meta_seen: bool = False
    upvotes_seen: bool = False

    def truth(self) -> dict[str, object]:
        return {"title": self.title, "abstract": self.abstract,
                "authors": self.authors if self.meta_seen else None,
                "published": self.published.isoformat() if self.meta_seen else None,
                "upvotes": self.upvotes if self.upvotes_seen else None,
                "comments": self.comments if self.meta_seen and self.comments else None,
                "digests": self.digests}


def read_seed_pairs(folder: Path) -> list[tuple[str, str]]:
    """(title, abstract) of every blank-line-separated entry; one-line entries have no title boundary."""
    pairs = []
    for path in sorted(folder.glob("*.txt")):
        blocks = [b.strip() for b in path.read_text(encoding="utf-8").split("\n\n")]
        for title, abstract in pairwise(blocks):
            if len(abstract) > 300 and "\n" not in abstract and 0 < len(title) < 300 and "\n" not in title:
                pairs.append((title, abstract))
    if not pairs:
        raise SystemExit(f"no seed entries found in {folder}")
    return pairs


class Chain:
    """Word chain: each word maps to the `step` words that followed it each time ("" starts and ends)."""

    def __init__(self, sequences: list[list[str]], step: int = 1) -> None:
        nexts: defaultdict[str, list[tuple[str, ...]]] = defaultdict(list)
        for words in sequences:
            padded = ["", *words, *[""] * step]
            for i in range(len(words) + 1):
                nexts[padded[i]].append(tuple(padded[i + 1:i + 1 + step]))
        self.nexts = dict(nexts)
        self.endings = {word: [run for run in runs if not run[-1]] for word, runs in self.nexts.items()}
        self.starts = [run[0] for run in self.nexts[""]]

    def walk(self, rng: random.Random, min_words: int, max_words: int) -> list[str]:
        """A random sequence of at least min_words; past max_words it ends at the first word that can end it."""
        rand = rng.random  # indexing by random() is 3x faster than rng.choice, and this loop is the hot spot
        while True:
            words: list[str] = []
            word = ""
            while True:
                runs = self.nexts[word]
                if len(words) >= max_words:
                    runs = self.endings[word] or runs
                run = runs[int(rand() * len(runs))]
                word = run[-1]
                if not word:
                    words += [w for w in run if w]
                    break
                words += run
            if len(words) >= min_words:
                return words


def title_key(title: str) -> str:
    """The key under which sightings of one paper are merged; no two distinct papers may share it."""
    return re.sub(r"[\W_]+", " ", unicodedata.normalize("NFKC", title).casefold()).strip()


def keep_case(word: str) -> bool:
    """Acronyms and names (LLMs, MoE, 3D, BERT) keep their case; other words are recased per title style."""
    return KEEP_CASE.search(word) is not None


class Synth:
    """Titles and abstracts from word-bigram chains over the seed entries; every title key is new."""

    def __init__(self, pairs: list[tuple[str, str]], rng: random.Random) -> None:
        self.rng = rng
        phrases, names = [], []
        for title, _ in pairs:
            name, _, rest = title.rpartition(": ")
            phrases.append([w if keep_case(w) else w.lower() for w in rest.split()])
            if name and " " not in name.strip():
                names.append(name.strip())
        self.title_chain = Chain(phrases)
        self.name_parts = sorted(set(re.findall(r"[A-Z]+(?![a-z])|[A-Z][a-z]+", " ".join(names))))
        sentences = [s.split() for _, a in pairs for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", a) if "://" not in s]
        self.sentence_chain = Chain(sentences, step=2)  # two words a step: 1.5x faster, reads no worse
        self.seen: set[str] = set()

    def title(self) -> str:
        while True:
            title = self._title()
            if title_key(title) not in self.seen:
                self.seen.add(title_key(title))
                return title

    def _title(self) -> str:
        rng = self.rng
        words = self.title_chain.walk(rng, 3, 12)
        while len(words) > 16:  # seed titles have at most 22 words, with a name
            words = self.title_chain.walk(rng, 3, 12)
        if rng.random() < 0.1:  # sentence case, as in "Deep neural networks as nested dynamical systems"
            phrase = " ".join([words[0][:1].upper() + words[0][1:], *words[1:]])
        else:
            phrase = " ".join(w if keep_case(w) or (i and w in SMALL_WORDS) else w[:1].upper() + w[1:]
                              for i, w in enumerate(words))
        if rng.random() < 0.03:
            phrase += " " + rng.choice(TIMES_TAILS).format(k=rng.choice((2, 3, 4, 8, 10)))
        if rng.random() < 0.45:
            return f"{self._name()}: {phrase}"
        return phrase

    def _name(self) -> str:
        rng = self.rng
        if rng.random() < 0.4:
            name = "".join(rng.choices("ABCDEFGHIJKLMNOPRSTUVW", k=rng.randint(3, 6)))
        else:
            name = "".join(rng.choices(self.name_parts, k=2))
        if rng.random() < 0.15:
            name += rng.choice(("2", "3", "-V2", "-360", "++", "-XL"))
        if rng.random() < 0.05:
            name = rng.choice(GREEK) + name
        elif rng.random() < 0.04:  # lower-case start, as "pLSTM" or "netFound"
            name = rng.choice("pnmdx") + name
        return name

    def abstract(self) -> str:
        rng = self.rng
        tail = f"{rng.choice(URL_LEADS)} {self._url()}" if rng.random() < 0.12 else ""
        budget = MAX_ABSTRACT - len(tail) - 1
        target, text, length = rng.randint(1350, 1750), [], -1
        while length < target:
            sentence = " ".join(self.sentence_chain.walk(rng, 6, 40))
            if length + 1 + len(sentence) <= budget:
                text.append(sentence)
                length += 1 + len(sentence)
        return " ".join(text + [tail] if tail else text)

    def _url(self) -> str:
        rng = self.rng
        user = re.sub(r"[^a-z0-9]", "", rng.choice(self.title_chain.starts).lower()) + str(rng.randint(1, 999))
        repo = "-".join(rng.choices(self.name_parts, k=rng.randint(1, 2)))
        host = rng.choices(("https://github.com/{u}/{r}", "https://{u}.github.io/{r}/",
                            "https://huggingface.co/{u}/{r}"), weights=(8, 1, 1))[0]
        return host.format(u=user, r=repo) + ("." if rng.random() < 0.5 else "")

    def paper(self, first_digest: date) -> Paper:
        rng = self.rng
        upvotes = 0 if rng.random() < 0.65 else min(int(rng.paretovariate(1.0)), 999)
        return Paper(title=self.title(), abstract=self.abstract(),
                     authors=max(1, min(60, round(rng.lognormvariate(1.5, 0.55)))),
                     published=first_digest - timedelta(days=int(rng.expovariate(1 / 500))), upvotes=upvotes,
                     comments=0 if rng.random() < 0.8 else rng.randint(1, 5))


def plan_digests(n: int, per_dump: int, rng: random.Random) -> list[tuple[date, list[int]]]:
    """Paper indices per consecutive digest day: new papers plus ~15% repeats from recent digests."""
    digests: list[tuple[date, list[int]]] = []
    new = 0
    while new < n:
        size = max(1, round(per_dump * rng.uniform(0.8, 1.2)))
        pool = list(dict.fromkeys(i for _, ids in digests[-REPEAT_WINDOW:] for i in ids))
        repeats = min(len(pool), round(size * REPEAT_SHARE * rng.uniform(0.7, 1.3)))
        fresh = min(size - repeats, n - new)
        slots = [-1] * fresh + rng.sample(pool, repeats)
        rng.shuffle(slots)
        fresh_ids = iter(range(new, new + fresh))  # numbered by position: truth.json is in order of first sighting
        ids = [next(fresh_ids) if i < 0 else i for i in slots]
        digests.append((START + timedelta(days=len(digests)), ids))
        new += fresh
    return digests


def short_date(day: date, page: date) -> str:
    """HF's format: "Mar 5" in the page's year or in the last two weeks, "Mar 5, 2024" otherwise."""
    text = f"{MONTHS[day.month - 1]} {day.day}"
    return text if day.year == page.year or (page - day).days < 14 else f"{text}, {day.year}"


def meta_date(paper: Paper, page: date) -> str:
    return short_date(paper.published, page) + (f" {paper.comments}" if paper.comments else "")


def render_dump(layout: str, day: date, papers: list[Paper], rng: random.Random) -> str:
    """One digest's text; marks on each paper what this sighting reveals, which is what truth.json may claim."""
    if layout == "lines":
        lines = []
        for p in papers:
            lines.append(f"{p.upvotes or '-'} {p.title} {p.abstract} {p.authors} authors · {meta_date(p, day)}")
            p.meta_seen = p.upvotes_seen = True
        return "\n".join(lines)
    header = [*HEADER, *(["Daily Papers"] if rng.random() < 0.3 else []), BYLINE, short_date(day, day)]
    blocks = []
    for p in papers:
        blocks += [p.title, p.abstract]
        if layout == "meta" and rng.random() < 0.96:
            blocks.append(f"  • {p.authors} authors\n·\n{meta_date(p, day)}")
            p.meta_seen = True
    return "\n\n".join(header + blocks)  # the seeds end without a newline


def generate(n: int, out: Path, seed: int, per_dump: int, seeds: Path = SEEDS) -> None:
    rng = random.Random(seed)
    synth = Synth(read_seed_pairs(seeds), rng)
    plan = plan_digests(n, per_dump, rng)
    dumps = out / "dumps"
    dumps.mkdir(parents=True, exist_ok=True)
    for stale in dumps.glob("????-??-??.txt"):
        stale.unlink()
    papers: list[Paper] = []
    layouts: list[str] = []
    for day, ids in plan:
        if not layouts:
            layouts = rng.sample(LAYOUT_CYCLE, len(LAYOUT_CYCLE))
        while len(papers) <= max(ids):  # new ids are contiguous, so papers are made in index order
            papers.append(synth.paper(day))
        for i in ids:
            papers[i].digests.append(day.isoformat())
        text = render_dump(layouts.pop(), day, [papers[i] for i in ids], rng)
        (dumps / f"{day.isoformat()}.txt").write_text(text, encoding="utf-8")
    with open(out / "truth.json", "w", encoding="utf-8") as truth:  # one paper per line
        for i, paper in enumerate(papers):
            truth.write(("[\n" if i == 0 else ",\n") + json.dumps(paper.truth(), ensure_ascii=False))
        truth.write("\n]\n")
    entries = sum(len(ids) for _, ids in plan)
    print(f"{len(papers)} papers, {entries} entries ({1 - len(papers) / entries:.1%} repeats) in {len(plan)} dumps")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, required=True, help="number of distinct papers")
    parser.add_argument("--out", type=Path, required=True, help="output folder (dumps/ and truth.json)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--per-dump", type=int, default=150, help="entries per digest, on average")
    parser.add_argument("--seeds", type=Path, default=SEEDS, help="dumps to train on (default: %(default)s)")
    args = parser.parse_args()
    if args.papers < 1 or args.per_dump < 1:
        parser.error("--papers and --per-dump must be positive")
    generate(args.papers, args.out, args.seed, args.per_dump, args.seeds)


if __name__ == "__main__":
    main()
