"""Pagefind's index, written by sitegen: the files Pagefind 1.5.2 would write for the same records.

Pagefind's indexer spent 12 of a cold build's 24 CPU-seconds at 10,000 papers, 40 % of it gzip at
level 9 on one thread, with no option to change either (``bench/RESULTS.md``, rounds 13 to 17). Its
browser side (``pagefind.js``, its worker and WebAssembly, the UI) only reads the index, so sitegen
writes the index itself, in the format the pinned Pagefind reads (``SUPPORTED``), and takes the
browser files from Pagefind's own run over one empty-looking document (``write.search``).

What is written follows Pagefind's source (``pagefind/src/fossick`` and ``pagefind/src/index``, tag
v1.5.2) for the documents sitegen would give it: an ``h1`` title (weight 7), the abstract, note and
tag labels as blocks of text (weight 1), the title as the ``title`` meta field, and filters. Each
word is kept alphanumerics (and Pagefind's ``include_characters``) lower-cased, Snowball-stemmed;
a word with diacritics is indexed under its plain form with the original as a variant; a
hyphenated, dotted or camel-cased word also indexes its parts of two or more bytes, sharing the
word's weight. ``tests/test_pagefind.py`` runs the real Pagefind over the same documents and checks
that every word, position, weight, filter and fragment decodes the same, emoji included (each is
also indexed whole, as Pagefind's ``extras``).

Moving to another Pagefind: change the pin in ``pyproject.toml`` and ``SUPPORTED``, read what changed
in Pagefind's ``fossick`` and ``index`` modules, and run ``tests/test_pagefind.py``, which compares
this module's index with the installed Pagefind's; a Pagefind of another version is refused at build
time (``write.search``), since its browser files may read another format.

The word locations of a shard are packed all at once (``pagefind_locations``); everything else here
works a record at a time. Every file is CBOR (the subset minicbor writes for these structs: arrays
of arrays, text, integers), then ``pagefind_dcd`` and the bytes, gzipped. Level 5, not Pagefind's 9:
on the largest month of the 10,000-paper digest the word chunks come out 4.7 % larger (2.76 MB
against 2.64) and compress in 0.33 s instead of 2.88 (level 6: 2.70 MB, 0.62 s); fragments are the
same size at any level from 5.
Names are ``en_`` and the start of each file's checksum, lengthened where two would clash, so equal
records give equal bytes and names.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from itertools import pairwise

import numpy as np
import snowballstemmer  # type: ignore[import-untyped]
from numpy.typing import NDArray

from ..util.checksum import checksum
from .pagefind_chars import ALPHANUMERIC_MARKS, ALPHANUMERIC_SYMBOLS, EMOJI
from .pagefind_locations import META, Ints, Packed, pack, within

SUPPORTED = "1.5.2"
"""The Pagefind whose index format this module writes (its ``pf_meta`` version field)."""
LANGUAGE = "en"
MAGIC = b"pagefind_dcd"
CHUNK_SIZE = 20_000
"""Pagefind's ``index_chunk_size``: locations (plus one a page) a word chunk holds."""
WEIGHT = 24
"""Pagefind's weight 1.0: its weights are stored as 24ths."""
TITLE_WEIGHT = 7 * WEIGHT
"""An ``h1``'s automatic weight."""
INCLUDE_CHARACTERS = "_\u203f\u2040\u2054\ufe33\ufe34\ufe4d\ufe4e\ufe4f\uff3f"
"""Pagefind's default ``include_characters``: kept in words besides alphanumerics."""
LEVEL = 5
SENTENCE_END = re.compile(r"[\w'\")$*]")
"""A block ending in one of these gets a full stop in the excerpt text, as Pagefind's parser adds."""


@dataclass(frozen=True, slots=True)
class Record:
    """One page to index: what Pagefind would read off its document."""

    url: str
    """The result URL, relative to the index's base URL: ``/papers/<slug>/``."""
    title: str
    blocks: tuple[str, ...]
    """The page's text after the title, one block-level element each (abstract, note, labels)."""
    filters: tuple[tuple[str, tuple[str, ...]], ...]
    """(filter, values) pairs; the values as the filter panel draws them: HTML."""


def index_files(records: Sequence[Record]) -> dict[str, bytes]:
    """The index of ``records`` as (path inside the bundle, bytes): the meta file, word chunks,
    filters, one fragment per record, and ``pagefind-entry.json``. Pages are numbered in the
    records' order."""
    if len(_BODY_PLANS) > PLAN_LIMIT:  # a long-lived process indexing shard after shard
        _BODY_PLANS.clear()
        _TITLE_PLANS.clear()
    locations = _Locations()
    filters: dict[str, dict[str, list[int]]] = {}
    files: dict[str, bytes] = {}
    pages = []
    for number, record in enumerate(records):
        fragment, count = _index_page(number, record, locations, filters)
        pages.append([_put(files, "fragment/", ".pf_fragment", fragment), count])
    chunk_meta = []
    for first, last, chunk in _chunks(locations.packed()):
        chunk_meta.append([first, last, _put(files, "index/", ".pf_index", chunk)])
    filter_meta = []
    for name in sorted(filters):
        values = [[value, pages_of] for value, pages_of in sorted(filters[name].items())]
        filter_meta.append([name, _put(files, "filter/", ".pf_filter", _cbor([name, values]))])
    meta = _cbor([SUPPORTED, pages, chunk_meta, filter_meta, [], ["title"]])
    meta_name = f"{LANGUAGE}_{checksum(meta)[:10]}"
    files[f"pagefind.{meta_name}.pf_meta"] = _gzip(meta)
    entry = {"version": SUPPORTED,
             "languages": {LANGUAGE: {"hash": meta_name, "wasm": LANGUAGE, "page_count": len(records)}},
             "include_characters": list(INCLUDE_CHARACTERS)}
    files["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
    return dict(sorted(files.items()))


class _Locations:
    """Every location of a shard, to pack at once (``pagefind_locations``): each page's words at
    weight 1 as one list of word ids, and the rest (the title's, compound parts', title
    positions) one entry each."""

    def __init__(self) -> None:
        self.ids: dict[Word, int] = {}
        self.words: list[Word] = []
        self.raw: dict[str, int] = {}
        """A raw word of the body -> its word id, or ``-1 - n``: the n-th of ``plans``."""
        self.plans: list[tuple[tuple[int, int], ...]] = []
        self.bodies: list[NDArray[np.int32]] = []
        self.starts: list[int] = []
        """Where each page's body begins (after its title's words)."""
        self.entries: tuple[list[int], list[int], list[int], list[int]] = ([], [], [], [])
        """(word id, page, weight, position) of the locations outside the bodies' lists."""

    def id(self, word: Word) -> int:
        found = self.ids.get(word)
        if found is None:
            found = self.ids[word] = len(self.words)
            self.words.append(word)
        return found

    def add(self, word: Word, page: int, weight: int, position: int) -> None:
        for column, value in zip(self.entries, (self.id(word), page, weight, position), strict=True):
            column.append(value)

    def add_body(self, page: int, start: int, tokens: list[str]) -> None:
        raw = self.raw
        for token in set(tokens).difference(raw):
            plan = _cached_plan(_BODY_PLANS, token, WEIGHT)
            if len(plan) == 1 and plan[0][1] == WEIGHT:  # most words: one word at the body's weight
                raw[token] = self.id(plan[0][0])
            else:
                raw[token] = -1 - len(self.plans)
                self.plans.append(tuple((self.id(word), weight) for word, weight in plan))
        # 4 bytes a location, not a Python list's 36: a 4,000-paper shard has a million.
        self.bodies.append(np.fromiter(map(raw.__getitem__, tokens), dtype=np.int32, count=len(tokens)))
        self.starts.append(start)

    def packed(self) -> dict[Word, Packed]:
        return {self.words[i]: packed for i, packed in pack(*self._columns()).items()}

    def _columns(self) -> tuple[Ints, Ints, Ints, Ints]:
        """(word id, page, weight, position) of every location; the bodies' lists are let go."""
        lengths = np.array([len(b) for b in self.bodies], dtype=np.int64)
        ids = np.concatenate(self.bodies) if self.bodies else np.zeros(0, np.int32)
        self.bodies = []
        page = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)
        starts = np.repeat(np.array(self.starts, dtype=np.int64), lengths)
        position = (within(lengths) + starts).astype(np.int32)
        simple = ids >= 0
        # A raw word of several entries (a compound, a word with accents): its plan's entries each.
        plans = (-1 - ids[~simple]).astype(np.int64)
        sizes = np.array([len(plan) for plan in self.plans], dtype=np.int64)
        firsts = np.cumsum(sizes) - sizes
        flat_words = np.array([w for plan in self.plans for w, _ in plan], dtype=np.int32)
        flat_weights = np.array([w for plan in self.plans for _, w in plan], dtype=np.int32)
        repeat = sizes[plans]
        entry = np.repeat(firsts[plans], repeat) + within(repeat)
        columns = ((ids[simple], flat_words[entry], self.entries[0]),
                   (page[simple], np.repeat(page[~simple], repeat), self.entries[1]),
                   (np.full(int(simple.sum()), WEIGHT, np.int32), flat_weights[entry], self.entries[2]),
                   (position[simple], np.repeat(position[~simple], repeat), self.entries[3]))
        word, page_of, weight, position_of = (
            np.concatenate((a, b, np.array(c, dtype=np.int32))).astype(np.int64) for a, b, c in columns)
        return word, page_of, weight, position_of


Word = str
"""A stem, or a stem, ``FORM_MARK`` and the original form of a word with diacritics: one string,
as the per-location work hashes it often (a string's hash is kept, a tuple's is not)."""
FORM_MARK = "\x00"
Plan = tuple[tuple[Word, int], ...]
"""What one raw word is indexed under: (word, weight) each."""


def _index_page(number: int, record: Record, locations: _Locations,
                filters: dict[str, dict[str, list[int]]]) -> tuple[bytes, int]:
    """Index one record's words and filters; its fragment's bytes and word count."""
    title = _normalized(record.title)
    title_words = _words(_block(record.title))
    body = _words(" ".join(_block(b) for b in record.blocks))
    for position, raw in enumerate(title_words):
        for word, weight in _cached_plan(_TITLE_PLANS, raw, TITLE_WEIGHT):
            locations.add(word, number, weight, position)
    locations.add_body(number, len(title_words), body)
    for index, raw in enumerate(_RUST_WHITESPACE.split(title) if title else ()):
        for word, _weight in _plan(raw, 0):
            locations.add(word, number, META, index)
    values = dict(record.filters)
    for name, of_page in values.items():
        for value in of_page:
            filters.setdefault(name, {}).setdefault(value, []).append(number)
    count = len(title_words) + len(body)
    fragment = {"url": record.url, "content": " ".join(title_words + body), "word_count": count,
                "filters": {name: list(values[name]) for name in sorted(values)},
                "meta": {"title": title}, "anchors": []}
    return json.dumps(fragment, ensure_ascii=False, separators=(",", ":")).encode(), count


_TITLE_PLANS: dict[str, Plan] = {}
_BODY_PLANS: dict[str, Plan] = {}
PLAN_LIMIT = 1 << 18
"""Raw words whose plans are kept between shards (about 200 bytes each): the same words recur."""


def _plan(raw: str, weight: int) -> Plan:
    """(word, weight) of each word ``raw`` is indexed under: compound parts share the word's
    weight (at least 1 each), as ``parse_digest`` weighs them."""
    found = indexable(raw)
    parts = sum(1 for _, _, part in found if part)
    share = max(weight // parts, 1) if parts else 0
    return tuple((stem if form is None else stem + FORM_MARK + form, share if part else weight)
                 for stem, form, part in found)


def _cached_plan(plans: dict[str, Plan], raw: str, weight: int) -> Plan:
    plan = plans.get(raw)
    if plan is None:
        plan = plans[raw] = _plan(raw, weight)
    return plan


_RUST_WHITESPACE = re.compile("[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
"""Whitespace to Rust (Unicode's White_Space): Python's ``str.split`` also splits at U+001C-U+001F."""


def _words(text: str) -> list[str]:
    """The text's words as Pagefind counts them: split at whitespace, zero-width spaces removed."""
    words = _RUST_WHITESPACE.split(text) if _SEPARATORS.search(text) else text.split()
    if "\u200b" in text:
        words = [w.replace("\u200b", "") for w in words]
    return [w for w in words if w]


_SEPARATORS = re.compile("[\x1c-\x1f]")


def _normalized(text: str) -> str:
    """``normalize_content``: trimmed, line breaks and runs of whitespace made one space."""
    text = _RUST_EDGES.sub("", text)
    return _RUST_RUNS.sub(" ", _LINE_BREAKS.sub(" ", text))


_RUST_EDGES = re.compile(f"^{_RUST_WHITESPACE.pattern}|{_RUST_WHITESPACE.pattern}$")
_LINE_BREAKS = re.compile("(?:\n|\r\n)+")
_RUST_RUNS = re.compile(f"{_RUST_WHITESPACE.pattern[:-1]}{{2,}}")


def _block(text: str) -> str:
    """A block element's text as Pagefind's parser ends it: a full stop after a word."""
    return text + "." if text and SENTENCE_END.fullmatch(text[-1]) else text


_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=1 << 17)
def indexable(raw: str) -> tuple[tuple[str, str | None, bool], ...]:
    """What Pagefind indexes for one whitespace-separated word (``get_indexable_words``): (stem,
    original form where diacritics were dropped, is a compound part) each."""
    found: list[tuple[str, str | None, bool]] = []
    normal = "".join(c.lower() for c in raw if c.isalnum() or c in INCLUDE_CHARACTERS or _KEPT.match(c))
    if normal:
        found.append(_stemmed(normal, part=False))
    if raw.isalnum() and not any(c.isupper() for c in raw[1:]):
        return tuple(found)
    parts = _discrete_words(raw)
    if normal and (" " in parts or not normal.startswith(parts)):
        for part in parts.split():
            if len(part.encode()) > 1:
                found.append(_stemmed(part, part=True))
    found += ((emoji, None, False) for emoji in _EMOJI.findall(raw))
    return tuple(found)


_KEPT = re.compile(f"[{ALPHANUMERIC_MARKS}{ALPHANUMERIC_SYMBOLS}]")
"""Characters Rust counts as alphanumeric and Python does not (``pagefind_chars``)."""
_EMOJI = re.compile(
    "(?:[\U0001f1e6-\U0001f1ff]{2}"  # a flag: two regional indicators
    f"|[{EMOJI}][\ufe0f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]*"  # its marks
    f"(?:\u200d[{EMOJI}][\ufe0f\U0001f3fb-\U0001f3ff]*)*"  # joined ones: a family
    "|[0-9#*]\ufe0f?\u20e3)"  # a keycap
)
"""An emoji, as the grapheme Pagefind's ``extras`` index whole (``get_discrete_words``)."""


def _stemmed(word: str, part: bool) -> tuple[str, str | None, bool]:
    """The stem of ``word`` without its diacritics (a mark alone leaves "": Pagefind indexes the
    empty word then), with ``word`` as the original form where they differ."""
    plain = _without_diacritics(word)
    return _STEMMER.stemWord(word if plain is None else plain), None if plain is None else word, part


def _without_diacritics(word: str) -> str | None:
    if word.isascii():
        return None
    marks = unicodedata.category
    plain = "".join(c for c in unicodedata.normalize("NFD", word) if not marks(c).startswith("M"))
    return plain if plain != word else None


_ASCII_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")


def _discrete_words(raw: str) -> str:
    """``get_discrete_words``: ASCII punctuation to spaces, then convert_case's lower case, which
    also splits words where case or digits change (``selfAttention`` -> ``self attention``, ``GPT4``
    -> ``gpt 4``, ``HTMLParser`` -> ``html parser``)."""
    spaced = _ASCII_PUNCTUATION.sub(" ", raw)
    out: list[str] = []
    for i, c in enumerate(spaced):
        if i and out[-1] != " " and c != " " and _boundary(spaced[i - 1], c, spaced[i + 1:i + 2]):
            out.append(" ")
        out.append(c)
    return " ".join("".join(out).lower().split())


def _boundary(before: str, c: str, after: str) -> bool:
    if before.isdigit() != c.isdigit():
        return before.isalpha() or c.isalpha()
    if before.islower() and c.isupper():
        return True
    return before.isupper() and c.isupper() and after.islower()  # an acronym ends: HTML|Parser


def _chunks(words: Mapping[Word, Packed]) -> Iterator[tuple[str, str, bytes]]:
    """The word chunks in order, as (from, to, CBOR): the words cut into chunks of about
    ``CHUNK_SIZE`` locations (``chunk_index``), each chunk's range trimmed to the shortest prefixes
    that still tell neighbours apart (``chunk_meta``), as the browser looks a word up by them."""
    by_stem: dict[str, dict[str, Packed]] = {}
    for word, postings in words.items():
        stem, _, form = word.partition(FORM_MARK)
        by_stem.setdefault(stem, {})[form] = postings
    chunks: list[list[str]] = []
    chunk: list[str] = []
    size = 0
    for stem in sorted(by_stem):
        chunk.append(stem)
        own = by_stem[stem].get("")
        size += own.size if own else 0
        if size >= CHUNK_SIZE:
            chunks.append(chunk)
            chunk, size = [], 0
    if chunk:
        chunks.append(chunk)
    ranges = [[c[0], c[-1]] for c in chunks]
    for left, right in pairwise(ranges):
        shared = 0
        for a, b in zip(right[0], left[1], strict=False):
            if a != b:
                break
            shared += 1
        to, frm = left[1][:shared + 1], right[0][:shared + 1]
        if to >= left[0]:
            left[1] = to
        right[0] = frm
    for (first, last), stems in zip(ranges, chunks, strict=True):
        out = [b"\x81", _array(len(stems))]
        for stem in stems:
            forms = by_stem[stem]
            own = forms.get("")
            out += (b"\x83", _text(stem), _array(own.count if own else 0), own.data if own else b"")
            variants = sorted(f for f in forms if f)
            out.append(_array(len(variants)))
            for form in variants:
                out += (b"\x82", _text(form), _array(forms[form].count), forms[form].data)
        yield first, last, b"".join(out)


def _put(files: dict[str, bytes], folder: str, suffix: str, data: bytes) -> str:
    """Store ``data`` under the shortest free name from its checksum (7 hex digits, as Pagefind's)."""
    full = checksum(data)
    packed = _gzip(data)
    for length in range(7, len(full) + 1):
        name = f"{LANGUAGE}_{full[:length]}"
        path = f"{folder}{name}{suffix}"
        if files.get(path, packed) == packed:
            files[path] = packed
            return name
    raise AssertionError(f"two files share the checksum {full}")


def _gzip(data: bytes) -> bytes:
    # mtime 0 and Python's fixed OS byte: the same bytes on every machine for the same zlib.
    return gzip.compress(MAGIC + data, compresslevel=LEVEL, mtime=0)


def _array(length: int) -> bytes:
    out = bytearray()
    _head(4, length, out)
    return bytes(out)


def _text(value: str) -> bytes:
    data = value.encode()
    out = bytearray()
    _head(3, len(data), out)
    return bytes(out + data)


def _cbor(value: object) -> bytes:
    out = bytearray()
    _encode(value, out)
    return bytes(out)


def _head(major: int, argument: int, out: bytearray) -> None:
    """A CBOR head in its shortest form (``pagefind_locations._encode`` writes many at once)."""
    if argument < 24:
        out.append(major << 5 | argument)
    elif argument < 0x100:
        out += bytes((major << 5 | 24, argument))
    elif argument < 0x10000:
        out.append(major << 5 | 25)
        out += argument.to_bytes(2, "big")
    elif argument < 0x100000000:
        out.append(major << 5 | 26)
        out += argument.to_bytes(4, "big")
    else:
        out.append(major << 5 | 27)
        out += argument.to_bytes(8, "big")


def _encode(value: object, out: bytearray) -> None:
    """CBOR as minicbor writes these structs: definite-length arrays, text, shortest integers."""
    if isinstance(value, list):
        _head(4, len(value), out)
        for item in value:
            _encode(item, out)
    elif isinstance(value, str):
        data = value.encode()
        _head(3, len(data), out)
        out += data
    elif isinstance(value, int):
        if value >= 0:
            _head(0, value, out)
        else:
            _head(1, -1 - value, out)
    else:
        raise TypeError(f"cannot encode {type(value).__name__}")


SENTENCE_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p", "td", "div", "ul", "li", "article",
                           "section"})
REMOVED_TAGS = frozenset({"head", "style", "script", "noscript", "label", "form", "svg", "footer", "nav",
                          "iframe", "template"})


class _Text(HTMLParser):
    """An HTML fragment's text as Pagefind's parser collects it: each block element's text padded
    with spaces and, after a word, a full stop; removed elements dropped; ``br`` a space."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, list[str]]] = [("", [])]
        self.removed = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.stack[-1][1].append(" ")
        elif tag in REMOVED_TAGS or self.removed:
            self.removed += tag in REMOVED_TAGS
            if tag in REMOVED_TAGS:
                self.stack.append((tag, []))
        elif tag in SENTENCE_TAGS:
            self.stack.append((tag, []))

    def handle_endtag(self, tag: str) -> None:
        if not any(name == tag for name, _ in self.stack[1:]):
            return
        while len(self.stack) > 1:
            name, parts = self.stack.pop()
            if name in REMOVED_TAGS:
                self.removed -= 1
            else:
                self.stack[-1][1].append(" " + _block("".join(parts)) + " ")
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.removed:
            self.stack[-1][1].append(data)

    def text(self) -> str:
        self.close()
        if len(self.stack) > 1:  # an element left open: closed where the fragment ends
            self.handle_endtag(self.stack[1][0])
        return " ".join("".join(self.stack[0][1]).split())


def html_text(fragment: str) -> str:
    """The text Pagefind would index of an HTML fragment (a curator's note)."""
    parser = _Text()
    parser.feed(fragment)
    return parser.text()
