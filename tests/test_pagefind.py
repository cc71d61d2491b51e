"""sitegen writes Pagefind's index itself (``render.pagefind``): the real Pagefind, run over the lean
HTML document each paper would be for it, must index the same words at the same positions and
weights, with the same filters and fragments. The index files of both are decoded (CBOR, gzip) and
compared as data, page by page, by URL; only the compression level, the files' names and the pages'
numbering may differ."""

from __future__ import annotations

import gzip
import json
import subprocess
import unicodedata
from collections.abc import Mapping
from html import escape
from pathlib import Path
from typing import Any

import cbor2
import pytest
from helpers import build_content, copy_content

from sitegen.render import pagefind, pagefind_locations
from sitegen.render import search as render_search
from sitegen.render.pagefind import MAGIC, Record, html_text, index_files, indexable
from sitegen.render.search import Document, record_of
from sitegen.render.text import linkify
from sitegen.write.search import ENTRY, pagefind_executable

TRICKY = [
    Document("papers/accents/index.html", "Café au lait: Schrödinger\u2019s résumé",
             "Naïve Bayes meets the coöperative façade. Ünïcode ß and Æsir; 東京 大学 in CJK.", None,
             ("Vision & Language",), "2024"),
    Document("papers/compounds/index.html", "GPT-4o and selfAttention in ResNet-50 (3D)",
             "We study HTMLParser-style tokenisers, point-clouds; x2, e.g. U.S. data, 1.5B params, "
             "state-of-the-art—results at https://example.org/a_b?c=d and \"quoted\" text.",
             "<p>A <em>curator's</em> note with <code>snake_case</code> and a <a href=\"x\">link</a>:</p>"
             "<ul><li>first item</li><li>second: item</li></ul><p>Last line</p>",
             ("LLM", "<b>Bold</b> & co"), "2025"),
    Document("papers/markup/index.html", "Escaping <script>alert(1)</script> & &amp; titles",
             "An abstract with <img src=x onerror=alert(1)> text, ends without a stop",
             "<p>note ending in a number 42</p>", (), "2025"),
    Document("papers/weights/index.html", "Attention attention ATTENTION", "attention is all; attention!",
             None, ("Attention & transformers", "Mixture of experts"), "2023"),
    Document("papers/emoji/index.html", "🤗 Transformers: a 🚀 launch",
             "🤗Transformers ❤️ and ❤ 👍🏽 🇺🇸 👨‍👩‍👧 1️⃣ #️⃣ ✅ 🔥 ⭐ © ™ → ★ ⓐ Ⓑcd 🅰 x² (🙂) done.",
             None, (), "2025"),
]


def lean_document(doc: Document) -> bytes:
    """The document Pagefind would have been given for ``doc`` (sitegen gave it these until
    ``render.pagefind``): a filter value is written escaped twice, as Pagefind decodes an element's
    text once and a filter's once more, so it stores the value ``record_of`` stores."""
    labels = " ".join(f"<span>{escape(label)}</span>" for label in doc.tags)
    filters = "".join(f'<span data-pagefind-filter="tag">{escape(escape(escape(label)))}</span>'
                      for label in doc.tags)
    parts = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8"></head>',
        f'<body data-pagefind-filter="year:{doc.year}"><h1>{escape(doc.title)}</h1>',
        f"<p>{linkify(doc.abstract)}</p>",
        f"<div>{doc.note}</div>" if doc.note else "",
        f"<p>{labels}</p><div data-pagefind-ignore>{filters}</div>" if doc.tags else "",
        "</body></html>\n",
    ]
    return "".join(parts).encode("utf-8")


def run_pagefind(docs: list[Document], root: Path) -> dict[str, bytes]:
    site, out = root / "site", root / "out"
    for doc in docs:
        (site / doc.path).parent.mkdir(parents=True, exist_ok=True)
        (site / doc.path).write_bytes(lean_document(doc))
    subprocess.run([str(pagefind_executable()), "--site", str(site), "--output-path", str(out), "--silent"],
                   check=True, capture_output=True)
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def unpacked(data: bytes) -> bytes:
    raw = gzip.decompress(data)
    assert raw.startswith(MAGIC)
    return raw[len(MAGIC):]


def decoded(files: Mapping[str, bytes]) -> dict[str, Any]:
    """An index as data keyed by what it means: fragments by URL; each word's pages by URL, with
    page numbers undone from distances; each filter value's URLs."""
    entry = json.loads(files[ENTRY])
    meta = cbor2.loads(unpacked(files[f"pagefind.{entry['languages']['en']['hash']}.pf_meta"]))
    version, pages, chunks, filters, sorts, fields = meta
    fragments = [json.loads(unpacked(files[f"fragment/{name}.pf_fragment"])) for name, _count in pages]
    urls = [f["url"] for f in fragments]

    def by_url(packed: list[list[Any]]) -> dict[str, tuple[tuple[int, ...], tuple[int, ...]]]:
        out, page = {}, 0
        for distance, locs, meta_locs in packed:
            page += distance
            out[urls[page]] = (tuple(locs), tuple(meta_locs))
        return out

    words: dict[str, Any] = {}
    ranges = []
    for first, last, name in chunks:
        chunk = cbor2.loads(unpacked(files[f"index/{name}.pf_index"]))[0]
        ranges.append((first, last, [w[0] for w in chunk]))
        for word, packed, variants in chunk:
            words[word] = (by_url(packed), {form: by_url(p) for form, p in variants})
    filter_values = {}
    for name, file in filters:
        filter_name, values = cbor2.loads(unpacked(files[f"filter/{file}.pf_filter"]))
        assert filter_name == name
        filter_values[name] = {value: sorted(urls[p] for p in of) for value, of in values}
    language = {**entry["languages"]["en"], "hash": ""}  # the meta file's name: a checksum
    return {"version": version, "entry": {**entry, "languages": {"en": language}},
            "fragments": {f["url"]: f for f in fragments},
            "word counts": {f["url"]: count for f, (_name, count) in zip(fragments, pages, strict=True)},
            "words": words, "chunk words": [w for _f, _l, ws in ranges for w in ws],
            "chunk count": len(chunks), "filters": filter_values, "sorts": sorts, "fields": fields}


@pytest.fixture(scope="module")
def seed_documents(tmp_path_factory: pytest.TempPathFactory) -> list[Document]:
    """Every paper's document in the real digest's build, as the build makes them."""
    root = tmp_path_factory.mktemp("seeds")
    seen: list[Document] = []
    real = render_search.record_of

    def kept(doc: Document) -> Record:
        seen.append(doc)
        return real(doc)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render_search, "record_of", kept)
        build_content(copy_content(root / "content"), root / "public", base_url="https://example.org/sub/")
    assert len(seen) > 400
    assert any(doc.note for doc in seen) and any(doc.tags for doc in seen)
    return seen


def compare(docs: list[Document], root: Path) -> None:
    ours = decoded(index_files([record_of(doc) for doc in docs]))
    theirs = decoded(run_pagefind(docs, root))
    for url, fragment in theirs["fragments"].items():
        assert ours["fragments"].get(url) == fragment, url
    assert ours["words"].keys() == theirs["words"].keys()
    for word, expected in theirs["words"].items():
        assert ours["words"][word] == expected, word
    assert ours == theirs


def test_the_seed_digest_indexes_as_pagefind_indexes_it(seed_documents: list[Document],
                                                        tmp_path: Path) -> None:
    compare(seed_documents, tmp_path)


def test_accents_compounds_markup_and_notes_index_as_pagefind_indexes_them(tmp_path: Path) -> None:
    compare(TRICKY, tmp_path)


def test_every_symbol_alone_indexes_as_pagefind_indexes_it(tmp_path: Path) -> None:
    # Emoji are indexed whole and other symbols not at all; which is which is Pagefind's table.
    symbols = [chr(c) for c in [*range(0xA0, 0x3300), *range(0x1F000, 0x1FB00)]
               if not chr(c).isalnum() and unicodedata.category(chr(c))[0] in "SPNLMC"
               and unicodedata.category(chr(c)) not in ("Cs", "Co", "Cn", "Zs")]
    doc = Document("papers/symbols/index.html", "Symbols", " ".join(symbols), None, (), "2025")
    compare([doc], tmp_path)


def test_every_combining_mark_indexes_as_pagefind_indexes_it(tmp_path: Path) -> None:
    # Alone, after a letter and between letters: Rust keeps some marks in words (vowel signs) and
    # not others (accents, which Pagefind then folds away, or a virama), where Python keeps none.
    marks = [chr(c) for c in range(0x300, 0x30000) if unicodedata.category(chr(c)) in ("Mn", "Mc", "Me")]
    text = " ".join(f"{m} q{m} k{m}a" for m in marks)
    compare([Document("papers/marks/index.html", "Marks", text, None, (), "2025")], tmp_path)


def test_positions_past_the_encoding_tables_index_as_pagefind_indexes_them(tmp_path: Path) -> None:
    # The tables of encoded integers stop at 65,535: a longer abstract takes the general encoding.
    words = " ".join(f"word{i % 9000} common" for i in range(35_000))
    compare([Document("papers/long/index.html", "Long", words, None, (), "2025"), TRICKY[0]], tmp_path)


def test_locations_packed_in_many_slices_index_as_in_one(monkeypatch: pytest.MonkeyPatch,
                                                         tmp_path: Path) -> None:
    monkeypatch.setattr(pagefind_locations, "SLICE", 40)  # TRICKY has about 600 locations
    compare(TRICKY, tmp_path)


def test_a_large_shard_cuts_its_words_into_chunks_where_pagefind_does(seed_documents: list[Document],
                                                                      tmp_path: Path) -> None:
    # The seed digest fills a few chunks; its documents twice over (new URLs) fill more.
    docs = seed_documents + [Document(d.path.replace("papers/", "papers/again-", 1), d.title,
                                      d.abstract + " again", d.note, d.tags, d.year) for d in seed_documents]
    ours = decoded(index_files([record_of(doc) for doc in docs]))
    theirs = decoded(run_pagefind(docs, tmp_path))
    assert theirs["chunk count"] > 3
    assert ours["chunk words"] == theirs["chunk words"] and ours["words"] == theirs["words"]


def test_the_same_records_give_the_same_bytes_and_names_in_any_run() -> None:
    records = [record_of(doc) for doc in TRICKY]
    first = index_files(records)
    pagefind._TITLE_PLANS.clear()
    pagefind._BODY_PLANS.clear()
    indexable.cache_clear()
    assert index_files(records) == first
    assert all(name.split("/")[-1].startswith(("en_", "pagefind.en_", ENTRY)) for name in first)


def test_two_files_whose_checksums_start_alike_get_longer_names(monkeypatch: pytest.MonkeyPatch) -> None:
    real = pagefind.checksum
    monkeypatch.setattr(pagefind, "checksum", lambda data: "0" * 12 + real(data))
    files = index_files([record_of(doc) for doc in TRICKY])
    fragments = sorted(name for name in files if name.startswith("fragment/"))
    assert len(fragments) == len(TRICKY)
    assert [len(name) for name in fragments] == [len("fragment/en_0000000.pf_fragment") + i
                                                 for i in range(len(TRICKY))]
    assert decoded(files)["fragments"].keys() == {"/" + d.path.removesuffix("index.html") for d in TRICKY}


@pytest.mark.parametrize(("note", "text"), [
    ("<p>One</p><p>Two</p>", "One. Two."),
    ("<p>Ends with a colon:</p>", "Ends with a colon:"),
    ("<ul><li>a</li><li>b)</li></ul>", "a. b)."),
    ("<p>line<br>break</p>", "line break."),
    ("<p>kept</p><script>dropped()</script>", "kept."),
    ("<p>open", "open."),
])
def test_a_notes_text_is_what_pagefind_reads_of_it(note: str, text: str) -> None:
    assert html_text(note) == text


def words_of(files: dict[str, bytes]) -> set[str]:
    return set(decoded(files)["words"])


def test_search_finds_a_word_by_its_stem_and_a_compound_by_its_parts() -> None:
    words = words_of(index_files([record_of(TRICKY[1])]))
    expected = {"studi", "tokenis", "gpt4o", "gpt", "selfattent", "self", "attent", "resnet50", "res", "net"}
    assert expected <= words
