"""Every word location of one shard packed as Pagefind packs them, all at once with numpy.

Pagefind stores, for each word and each page it is on, ``[page distance, locations, title
locations]`` (``positions_to_packed_page`` and ``meta_positions_to_packed`` in
``pagefind/src/index``): the locations sorted by weight then position, a weight change written as
``-(weight + 1)`` and the absolute position, every other location as the distance from the last;
the title's after ``-1`` (field 0), as distances from 0. A shard of 4,000 papers has about 750,000
such (word, page) pairs; packing them one by one in Python took a third of the indexing, so the
locations are sorted and their CBOR items laid out and encoded as arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

META = -1
"""The weight given to a title position (meta field 0): sorted after every content location."""

Ints = NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Packed:
    """One word's pages: how many, Pagefind's measure of them for cutting chunks (locations, title
    locations and one a page), and their CBOR one after the other."""

    count: int
    size: int
    data: bytes


SLICE = 1 << 17
"""Locations packed at a time (cut where a word starts): the arrays of a slice take about 40 MB.
Packing a 4,000-paper shard's 1.2 million at once took the indexing process to 595 MB."""


def pack(word: Ints, page: Ints, weight: Ints, position: Ints) -> dict[int, Packed]:
    """The packed pages of every word id among ``word``, from one entry per location."""
    if not len(word):
        return {}
    word, page, code, position, weights = _sorted(word, page, weight, position)
    packed: dict[int, Packed] = {}
    starts = np.flatnonzero(_starts(word))
    at = 0
    while at < len(word):
        # The first word start at least SLICE past ``at`` (or the end): no word is cut in two.
        cut = starts[np.searchsorted(starts, at + SLICE)] if at + SLICE < starts[-1] else len(word)
        part = slice(at, int(cut))
        packed.update(_pack_sorted(word[part], page[part], code[part], position[part], weights))
        at = int(cut)
    return packed


def _pack_sorted(word: Ints, page: Ints, code: Ints, position: Ints, weights: Ints) -> dict[int, Packed]:
    """``pack`` of entries already sorted, every word's entries among them."""
    is_meta = code == len(weights) - 1
    new_posting = _starts(word, page)
    new_run = new_posting.copy()
    new_run[1:] |= code[1:] != code[:-1]
    previous = np.concatenate(([0], position[:-1]))
    # Each location is one CBOR item (its distance), or two where a run of one weight starts (the
    # marker and the absolute position); each (word, page) adds four: the array of three, the page
    # distance, the locations' array head and the title locations' array head.
    items_of = 1 + new_run
    before = np.cumsum(items_of) - items_of
    posting = np.cumsum(new_posting) - 1
    postings = int(posting[-1]) + 1
    total = int(items_of.sum()) + 4 * postings
    major = np.zeros(total, np.uint8)
    argument = np.zeros(total, np.int64)
    start = before + 4 * posting + 3 + is_meta
    marker = np.where(is_meta, 0, weights[code])
    major[start] = np.where(new_run, 1, 0)
    argument[start] = np.where(new_run, marker, position - previous)
    argument[start[new_run] + 1] = position[new_run]

    first = np.flatnonzero(new_posting)
    head = before[first] + 4 * np.arange(postings)
    words_of, pages_of = word[first], page[first]
    new_word = _starts(words_of)
    page_before = np.concatenate(([0], pages_of[:-1]))
    page_before[new_word] = 0
    locations = np.bincount(posting, weights=items_of * ~is_meta, minlength=postings).astype(np.int64)
    titles = np.bincount(posting[is_meta], minlength=postings)
    title_items = np.where(titles > 0, titles + 1, 0)
    major[head], argument[head] = 4, 3
    argument[head + 1] = pages_of - page_before
    major[head + 2], argument[head + 2] = 4, locations
    title_head = np.concatenate((head[1:], [total])) - 1  # no title: the posting's last item
    with_title = titles > 0
    title_head[with_title] = start[is_meta & new_run] - 1
    major[title_head], argument[title_head] = 4, title_items

    data, offsets = _encode(major, argument)
    word_first = np.flatnonzero(new_word)
    counts = np.diff(np.concatenate((word_first, [postings])))
    sizes = np.add.reduceat(locations + title_items + 1, word_first)
    bounds = np.concatenate((offsets[head[word_first]], [len(data)]))
    raw = data.tobytes()
    rows = zip(words_of[word_first].tolist(), counts.tolist(), sizes.tolist(), bounds[:-1].tolist(),
               bounds[1:].tolist(), strict=True)
    return {w: Packed(c, s, raw[a:b]) for w, c, s, a, b in rows}


def _sorted(word: Ints, page: Ints, weight: Ints, position: Ints) -> tuple[Ints, Ints, Ints, Ints, Ints]:
    """The entries sorted by word, page, weight (title positions last) and position, the weights
    as codes into the returned table of weights (its last entry: the title's)."""
    weights = np.unique(weight[weight != META])
    code = np.where(weight == META, len(weights), np.searchsorted(weights, weight))
    weights = np.concatenate((weights, [0]))
    if word.max() < 1 << 18 and page.max() < 1 << 17 and len(weights) <= 16 and position.max() < 1 << 24:
        key = np.sort((word << 45) | (page << 28) | (code << 24) | position)
        return key >> 45, (key >> 28) & ((1 << 17) - 1), (key >> 24) & 15, key & ((1 << 24) - 1), weights
    order = np.lexsort((position, code, page, word))
    return word[order], page[order], code[order], position[order], weights


def within(lengths: Ints) -> Ints:
    """For runs of the given lengths laid end to end, each place's index within its run."""
    return np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)


def _starts(*keys: Ints) -> NDArray[np.bool_]:
    """Where each run of equal keys starts."""
    new = np.zeros(len(keys[0]), dtype=bool)
    new[0] = True
    for key in keys:
        new[1:] |= key[1:] != key[:-1]
    return new


def _encode(major: NDArray[np.uint8], argument: Ints) -> tuple[NDArray[np.uint8], Ints]:
    """CBOR heads of (major type, argument) items, shortest form (as minicbor writes them; one at a
    time: ``render.pagefind._head``): the bytes, and where each item starts."""
    length = np.select([argument < 24, argument < 1 << 8, argument < 1 << 16, argument < 1 << 32],
                       [1, 2, 3, 5], 9)
    offsets = np.cumsum(length) - length
    out = np.zeros(int(length.sum()), np.uint8)
    info = np.select([length == 1, length == 2, length == 3, length == 5], [argument, 24, 25, 26], 27)
    out[offsets] = (major.astype(np.int64) << 5) | info
    for size in (2, 3, 5, 9):
        at = length == size
        if at.any():
            where, value = offsets[at], argument[at]
            for byte in range(size - 1):
                out[where + size - 1 - byte] = (value >> (8 * byte)) & 0xFF
    return out, offsets
