"""Related papers: most shared tags, then most shared rare title words, then slug.

Never site order: ranking by recency would let every new digest rewrite most paper pages (their
related lists would fill with the newest papers). A paper is related only if it shares at least one
tag or one rare title word (a word in at most ``RARE_WORD_PAPERS`` titles: a word in hundreds of
titles says little). The result is the exact top ``limit`` under that key, found without comparing
every pair:

* every paper sharing a rare title word is scored;
* of the papers sharing only tags, just the first ``limit + 1`` by slug of each distinct tag set can
  win (any later one has ``limit`` others with the same tags, no fewer shared words and a smaller
  slug), and that ranking is computed once per distinct tag set, not per paper.

Every list is ranked at once, in NumPy over (paper, candidate) pairs of slug ranks, a block of papers
at a time: a paper has a few hundred candidates, and scoring them one Python tuple at a time was a
quarter of a 10,000-paper build; one NumPy pass over all pairs takes a fraction of a second, and every
build needs every list (a paper page is kept only when its related list is unchanged).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from ..site import Site

RELATED = 5
RARE_WORD_PAPERS = 200
# Words too common in paper titles to say two papers are alike.
STOPWORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "by", "for", "from", "in", "into", "is", "it", "its", "of", "on",
    "or", "the", "to", "via", "with", "towards", "toward", "using", "learning", "model", "models", "neural",
    "network", "networks", "deep", "large", "language", "based", "approach", "study", "new",
))
_WORD = re.compile(r"[a-z0-9]+")
_WORDS_SHIFT = 1 << 16
"""Shared tags weigh more than any number of shared words (a title has far fewer than 65,536)."""
BLOCK = 2048
"""Papers ranked per pass: bounds the pair arrays (a few hundred candidates per paper) to a few MB."""

Ranks = npt.NDArray[np.int64]


def title_words(title: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(title.casefold()) if w not in STOPWORDS and len(w) > 2)


class Related:
    """``Related(site).of(key)``: the keys of the papers related to ``key``, best first."""

    def __init__(self, site: Site, limit: int = RELATED) -> None:
        self.limit = limit
        # Papers are numbered by slug, so "smaller slug" is "smaller number" and ties never happen.
        self.keys = sorted((p.key for p in site.papers), key=lambda k: site.permalinks[k].slug)
        self.rank = {key: number for number, key in enumerate(self.keys)}
        titles = {p.key: p.title for p in site.papers}
        postings: dict[str, list[int]] = {}
        for number, key in enumerate(self.keys):
            for word in title_words(titles[key]):
                postings.setdefault(word, []).append(number)  # ascending: papers go in slug order
        rare = [ranks for _word, ranks in sorted(postings.items()) if len(ranks) <= RARE_WORD_PAPERS]
        # All rare words' postings end to end: word w holds flat[start[w] : start[w] + size[w]].
        self.size = np.array([len(ranks) for ranks in rare], dtype=np.int64)
        self.start = np.cumsum(self.size) - self.size
        self.flat = np.array([rank for ranks in rare for rank in ranks], dtype=np.int64)
        self.word_of = np.repeat(np.arange(len(rare), dtype=np.int64), self.size)
        self._groups({key: frozenset(site.paper_tags.get(key, ())) for key in self.keys})
        self._lists: list[tuple[str, ...]] | None = None

    def _groups(self, tag_sets: Mapping[str, frozenset[str]]) -> None:
        """Papers grouped by their exact tag set: ``group_of`` (paper -> group; the untagged papers
        form the last, empty group), ``shared`` (group x group -> tags in common) and ``best`` (group
        -> its ``limit + 1`` best papers by (most tags shared with the group, slug), padded with -1)."""
        members: dict[frozenset[str], list[int]] = {}
        for number, key in enumerate(self.keys):
            if tag_sets[key]:
                members.setdefault(tag_sets[key], []).append(number)
        columns = {tag: n for n, tag in enumerate(sorted({t for tags in members for t in tags}))}
        matrix = np.zeros((len(members) + 1, max(len(columns), 1)), dtype=np.int64)
        self.group_of = np.full(len(self.keys), len(members), dtype=np.int64)
        heads = np.full((len(members) + 1, self.limit + 1), -1, dtype=np.int64)
        for row, (tags, ranks) in enumerate(members.items()):
            matrix[row, [columns[t] for t in tags]] = 1
            self.group_of[ranks] = row
            heads[row, : min(len(ranks), self.limit + 1)] = ranks[: self.limit + 1]
        self.shared = matrix @ matrix.T
        self.best = self._best_by_tags(heads)

    def _best_by_tags(self, heads: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Per group, the ``limit + 1`` best heads of all groups by (most shared tags, slug), -1 padded;
        a few hundred groups at a time, as one integer key per (group, head): shared tags first."""
        n, width, never = len(self.keys), self.limit + 1, np.iinfo(np.int64).max
        flat = heads.ravel()  # at least ``width`` entries: there is always the untagged group's row
        best = np.full_like(heads, -1)
        for start in range(0, len(heads), 256):
            shared = np.repeat(self.shared[start : start + 256], width, axis=1)
            key = (self.shared.max(initial=0) + 1 - shared) * n + flat[None, :]
            key[(shared == 0) | (flat[None, :] < 0)] = never
            top = np.sort(np.partition(key, width - 1, axis=1)[:, :width], axis=1)
            best[start : start + 256] = np.where(top == never, -1, top % n)
        return best

    def of(self, key: str) -> tuple[str, ...]:
        if self._lists is None:
            self._lists = self._rank_all()
        return self._lists[self.rank[key]]

    def all(self) -> Mapping[str, tuple[str, ...]]:
        """Every paper's related list, by key."""
        return {key: self.of(key) for key in self.keys}

    def _rank_all(self) -> list[tuple[str, ...]]:
        lists: list[tuple[str, ...]] = [() for _ in self.keys]
        for start in range(0, len(self.keys), BLOCK):
            rows, cols = self._ranked_pairs(start, min(start + BLOCK, len(self.keys)))
            for row, col in zip(rows.tolist(), cols.tolist(), strict=True):
                lists[row] += (self.keys[col],)
        return lists

    def _ranked_pairs(self, start: int, stop: int) -> tuple[Ranks, Ranks]:
        """(paper, related paper) for the papers ranked ``start`` to ``stop``, best first per paper."""
        n = len(self.keys)
        pairs, words = self._candidates(start, stop)
        if not len(pairs):
            return pairs, pairs
        first = np.flatnonzero(np.concatenate(((True,), pairs[1:] != pairs[:-1])))  # pairs are sorted
        pairs, counts = pairs[first], np.add.reduceat(words, first)
        rows, cols = pairs // n, pairs % n
        keep = rows != cols
        rows, cols, counts = rows[keep], cols[keep], counts[keep]
        if not len(rows):
            return rows, cols
        score = self.shared[self.group_of[rows], self.group_of[cols]] * _WORDS_SHIFT + counts
        # One sort on one integer: paper, then best score, then smallest slug.
        worst = int(score.max()) + 1
        order = np.sort(((rows - start) * worst + (worst - 1 - score)) * n + cols)
        rows, cols = order // (worst * n) + start, order % n
        place = np.arange(len(rows)) - np.searchsorted(rows, rows)
        top = place < self.limit
        return rows[top], cols[top]

    def _candidates(self, start: int, stop: int) -> tuple[Ranks, Ranks]:
        """Every (paper, candidate) pair as ``paper * n + candidate``, sorted, and the shared rare
        words each occurrence stands for: 1 per shared word, 0 for a pair found through tags."""
        n = len(self.keys)
        # Each posting of a block paper pairs it with every paper of that word's postings.
        inside = np.flatnonzero((self.flat >= start) & (self.flat < stop))
        words = self.word_of[inside]
        lengths = self.size[words]
        rows = np.repeat(self.flat[inside], lengths)
        step = np.arange(int(lengths.sum()), dtype=np.int64)
        step -= np.repeat(np.cumsum(lengths) - lengths, lengths)
        cols = self.flat[np.repeat(self.start[words], lengths) + step]
        papers = np.arange(start, stop, dtype=np.int64)
        by_tags = self.best[self.group_of[papers]]
        tag_pairs = (papers[:, None] * n + by_tags)[by_tags >= 0]
        # Sorted as one array: pair * 2 + 1 for a shared word, pair * 2 for a tag candidate.
        marked = np.sort(np.concatenate(((rows * n + cols) * 2 + 1, tag_pairs * 2)))
        return marked >> 1, marked & 1
