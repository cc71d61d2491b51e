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

The scoring runs in numpy over arrays of slug ranks: a paper has a few hundred candidates, and scoring
them one Python tuple at a time was a quarter of a 10,000-paper build (a NumPy call per step costs
microseconds whatever the candidate count).
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
        self.words = {key: title_words(titles[key]) for key in self.keys}
        postings: dict[str, list[int]] = {}
        for key in self.keys:
            for word in self.words[key]:
                postings.setdefault(word, []).append(self.rank[key])
        self.postings = {word: np.array(ranks, dtype=np.int64) for word, ranks in postings.items()
                         if len(ranks) <= RARE_WORD_PAPERS}
        self.tags = self._tag_matrix(site)
        self.tag_set = {key: frozenset(site.paper_tags.get(key, ())) for key in self.keys}
        self._heads()
        self.by_tags: dict[frozenset[str], Ranks] = {}
        self.shared: dict[frozenset[str], Ranks] = {}

    def _tag_matrix(self, site: Site) -> npt.NDArray[np.int32]:
        """Row per paper (slug order), column per tag: 1 where the paper has the tag."""
        columns = {tag: number for number, tag in enumerate(sorted({t for k in self.keys
                                                                  for t in site.paper_tags.get(k, ())}))}
        matrix = np.zeros((len(self.keys), max(len(columns), 1)), dtype=np.int32)
        for row, key in enumerate(self.keys):
            for tag in site.paper_tags.get(key, ()):
                matrix[row, columns[tag]] = 1
        self.columns = columns
        return matrix

    def _heads(self) -> None:
        """Per distinct non-empty tag set (a row of ``groups``), its first ``limit + 1`` papers by slug
        (a row of ``group_heads``, padded with -1)."""
        groups: dict[frozenset[str], list[int]] = {}
        for key in self.keys:  # slug order, so each list is sorted
            if self.tag_set[key]:
                groups.setdefault(self.tag_set[key], []).append(self.rank[key])
        self.groups = np.zeros((len(groups), self.tags.shape[1]), dtype=np.int32)
        self.group_heads = np.full((len(groups), self.limit + 1), -1, dtype=np.int64)
        self.group_of = np.full(len(self.keys), len(groups), dtype=np.int64)
        for row, (tags, ranks) in enumerate(groups.items()):
            self.groups[row, [self.columns[t] for t in tags]] = 1
            self.group_of[ranks] = row
            self.group_heads[row, : len(ranks[: self.limit + 1])] = ranks[: self.limit + 1]

    def of(self, key: str) -> tuple[str, ...]:
        rank = self.rank[key]
        by_tag = self._by_tags(self.tag_set[key])
        found = [self.postings[w] for w in self.words[key] if w in self.postings]
        candidates, counts = _count(np.concatenate((*found, by_tag)))
        # A tag candidate was counted once more than the rare words it shares.
        words = counts - (candidates[:, None] == by_tag[None, :]).any(axis=1)
        keep = candidates != rank
        return self._best(self.tag_set[key], candidates[keep], words[keep])

    def _by_tags(self, tags: frozenset[str]) -> Ranks:
        """The ``limit + 1`` best papers by (most tags shared with ``tags``, slug), one of which may be
        the paper asking; also notes how many tags each tag set shares with ``tags``."""
        best = self.by_tags.get(tags)
        if best is None:
            wanted = np.zeros(self.tags.shape[1], dtype=np.int32)
            wanted[[self.columns[t] for t in tags]] = 1
            shared = self.groups @ wanted
            rows = np.flatnonzero(shared)
            ranks = self.group_heads[rows].ravel()
            score = np.repeat(shared[rows], self.group_heads.shape[1])
            real = ranks >= 0
            ranks, score = ranks[real], score[real]
            best = self.by_tags[tags] = ranks[np.lexsort((ranks, -score))[: self.limit + 1]]
            self.shared[tags] = np.append(shared, 0).astype(np.int64)  # last: the untagged papers
        return best

    def _best(self, tags: frozenset[str], candidates: Ranks, words: Ranks) -> tuple[str, ...]:
        """The ``limit`` best by (most shared tags, most shared words, slug)."""
        shared = self.shared[tags][self.group_of[candidates]]
        # One integer per candidate, larger is better; slug ranks are unique, so it never ties.
        key = (shared * _WORDS_SHIFT + words) * len(self.keys) - candidates
        return tuple(self.keys[i] for i in candidates[np.argsort(-key)[: self.limit]])

    def all(self) -> Mapping[str, tuple[str, ...]]:
        """Every paper's related list, by key."""
        return {key: self.of(key) for key in self.keys}


def _count(ranks: Ranks) -> tuple[Ranks, Ranks]:
    """The distinct values of ``ranks``, sorted, and how often each occurs (``np.unique`` with counts,
    without its per-call overhead, which dominated on arrays of a few hundred)."""
    if not len(ranks):
        return ranks, ranks
    ranks = np.sort(ranks)
    starts = np.flatnonzero(np.concatenate(((True,), ranks[1:] != ranks[:-1])))
    return ranks[starts], np.diff(np.append(starts, len(ranks)))
