"""Machine-readable listings as dumps (issue 15): Hugging Face's daily-papers JSON and arXiv's listing
feeds, read into sightings that carry an identity; and how those merge with pasted text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import REPO
from sources_support import blocks, write

from sitegen.errors import InputError
from sitegen.merge import merge_dumps, title_key
from sitegen.model import Identity, Layout, PartialDate
from sitegen.sources.reader import read_dump

LISTINGS = REPO / "tests" / "fixtures" / "listings"
HF = LISTINGS / "2025-11-22.json"
ARXIV = LISTINGS / "2025-11-24.xml"


def problem_of(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        read_dump(path, name=f"dumps/{path.name}")
    (problem,) = caught.value.problems
    return str(problem)


# --- Hugging Face JSON -------------------------------------------------------------------------------


def test_daily_papers_json_reads_every_item_with_its_identity() -> None:
    dump = read_dump(HF, name="dumps/2025-11-22.json")
    items = json.loads(HF.read_text(encoding="utf-8"))
    assert dump.layout is Layout.HF_JSON and dump.warnings == ()
    assert [e.title for e in dump.entries] == [item["title"] for item in items]
    first, second, third = dump.entries
    assert first.abstract == items[0]["paper"]["summary"]  # the paper's summary, not the item's cut one
    assert (first.authors, first.published, first.upvotes, first.comments) == (
        3,
        PartialDate(2, 5, 2024),
        14,
        2,
    )
    assert first.identity == Identity(
        arxiv_id="2402.04284",
        authors=("Junwei Su", "Difan Zou", "Chuan Wu"),
        keywords=("dynamic graph neural networks", "memory module", "temporal batch"),
        github_repo="https://github.com/jwsu825/MDGNN_BS",
        github_stars=31,
    )
    # A hidden author is counted (the page counts them) but never named.
    assert second.authors == 3 and second.identity and second.identity.authors == ("Mira Okafor", "Junwei Su")
    assert second.identity.project_page == "https://sparse-routing.github.io/"
    # Nulls are no values; a javascript: "project page" is not a link.
    assert (third.upvotes, third.comments) == (None, None)
    assert third.identity and third.identity.project_page is None
    # Each item is located at the line its object opens on.
    lines = HF.read_text(encoding="utf-8").split("\n")
    assert [lines[e.location.line - 1].strip() for e in dump.entries] == ["{"] * 3
    assert lines[first.location.line].strip().startswith('"paper"')


def test_a_list_of_paper_objects_reads_the_same(tmp_path: Path) -> None:
    items = json.loads(HF.read_text(encoding="utf-8"))
    bare = [item["paper"] for item in items]
    unwrapped = read_dump(write(tmp_path, "2025-11-22.json", json.dumps(bare)))
    wrapped = read_dump(HF)
    assert [(e.title, e.abstract, e.identity) for e in unwrapped.entries] == [
        (e.title, e.abstract, e.identity) for e in wrapped.entries
    ]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('[{"paper": {"id": "2501.00001", "title": "A"}, }]', ":1:48:"),
        ('[\n  {"title": "A", "summary": "B."}\n  {"title": "C"}\n]', ":3:3:"),
        ('{"error": "Not Found"}', ":1:"),
        ("[1, 2", ":1:6:"),
    ],
)
def test_malformed_json_is_one_error_at_its_line_and_column(tmp_path: Path, text: str, where: str) -> None:
    message = problem_of(write(tmp_path, "2025-03-12.json", text))
    assert message.startswith(f"dumps/2025-03-12.json{where} error: ")


def test_items_that_cannot_be_papers_are_warned_at_their_line(tmp_path: Path) -> None:
    text = json.dumps(
        [
            {"paper": {"id": "2501.00001", "title": "Kept", "summary": "It is kept."}},
            {"paper": {"id": "2501.00002", "title": "No Summary"}},
            {"paper": {"id": "2501.00003", "title": "Gone", "summary": "x.", "withdrawnAt": "2025-01-02"}},
            {"paper": {"id": "not an id", "title": "Odd Id", "summary": "Kept without its id."}},
            "a string",
        ],
        indent=1,
    )
    dump = read_dump(write(tmp_path, "2025-03-12.json", text))
    assert [(e.title, e.identity.arxiv_id if e.identity else None) for e in dump.entries] == [
        ("Kept", "2501.00001"),
        ("Odd Id", None),
    ]
    starts = [number for number, line in enumerate(text.split("\n"), 1) if line in (" {", ' "a string"')]
    assert [e.location.line for e in dump.entries] == [starts[0], starts[3]]
    assert [w.location.line for w in dump.warnings] == starts[1:]  # the odd id is kept, and said


def test_an_empty_listing_is_an_error(tmp_path: Path) -> None:
    assert problem_of(write(tmp_path, "2025-03-12.json", "[]\n")).startswith(
        "dumps/2025-03-12.json:1: error: "
    )
    assert "empty" in problem_of(write(tmp_path, "2025-03-13.json", "  \n"))


# --- arXiv feeds -------------------------------------------------------------------------------------


def test_arxiv_rss_reads_ids_versions_announce_types_and_names() -> None:
    dump = read_dump(ARXIV, name="dumps/2025-11-24.xml")
    assert dump.layout is Layout.ARXIV_FEED and dump.warnings == ()
    got = [(e.identity.arxiv_id, e.identity.version, e.identity.announce) for e in dump.entries if e.identity]
    assert got == [
        ("2511.08101", 1, "new"),
        ("2511.07001", 2, "replace-cross"),
        ("2511.08230", 1, "cross"),
        ("2409.00555", 3, "replace"),
    ]
    token = dump.entries[2]
    assert token.identity and token.identity.authors == ("Ana Pereira", "Tomás Ruiz", "Lars Brandt")
    assert token.identity.categories == ("cs.CL", "cs.LG")
    assert token.abstract.startswith("Reasoning models spend tokens")  # "arXiv:... Abstract:" taken off
    assert token.abstract.endswith("on <b>math</b> benchmarks.")  # markup in the text stays text
    lines = ARXIV.read_text(encoding="utf-8").split("\n")
    assert [lines[e.location.line - 1].strip() for e in dump.entries] == ["<item>"] * 4


ATOM = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <title>cs.LG updates on arXiv.org</title>
  <id>http://rss.arxiv.org/atom/cs.LG</id>
  <updated>2025-11-24T00:00:00-05:00</updated>
  <entry>
    <id>oai:arXiv.org:2511.08101v1</id>
    <title>Gradient Noise Scales with Batch Diversity</title>
    <updated>2025-11-24T00:00:00-05:00</updated>
    <link href="https://arxiv.org/abs/2511.08101" rel="alternate" type="text/html"/>
    <summary>arXiv:2511.08101v1 Announce Type: new
Abstract: The gradient noise scale predicts the largest useful batch size.</summary>
    <category term="cs.LG"/>
    <arxiv:announce_type>new</arxiv:announce_type>
    <author><name>Lars Brandt</name></author>
    <author><name>Ana Pereira</name></author>
  </entry>
</feed>
"""


def test_the_atom_variant_reads_the_same_fields(tmp_path: Path) -> None:
    (entry,) = read_dump(write(tmp_path, "2025-11-24.atom", ATOM)).entries
    assert (entry.title, entry.abstract) == (
        "Gradient Noise Scales with Batch Diversity",
        "The gradient noise scale predicts the largest useful batch size.",
    )
    assert entry.identity == Identity(
        arxiv_id="2511.08101",
        version=1,
        authors=("Lars Brandt", "Ana Pereira"),
        categories=("cs.LG",),
        announce="new",
    )


def test_malformed_xml_is_one_error_at_its_line(tmp_path: Path) -> None:
    broken = ARXIV.read_text(encoding="utf-8").replace(
        "</title>\n      <link>https://arxiv.org/abs/2511.08230",
        "\n      <link>https://arxiv.org/abs/2511.08230",
        1,
    )
    message = problem_of(write(tmp_path, "2025-11-24.xml", broken))
    assert message.startswith("dumps/2025-11-24.xml:") and " error: not well-formed XML" in message
    line = int(message.split(":")[1])
    assert 40 <= line <= 56  # at the broken item, not at the top of the file


def test_xml_that_is_no_feed_is_an_error(tmp_path: Path) -> None:
    message = problem_of(write(tmp_path, "2025-11-24.xml", "<?xml version='1.0'?><html><body/></html>"))
    assert message.startswith("dumps/2025-11-24.xml:1: error: not an RSS or Atom feed")


# --- Identity and merging ----------------------------------------------------------------------------


def read_all(*paths: Path) -> list:  # type: ignore[type-arg]
    return [read_dump(path, name=f"dumps/{path.name}") for path in paths]


def test_pasted_text_merges_into_the_paper_with_that_id(tmp_path: Path) -> None:
    hf = read_dump(HF)
    pasted = read_dump(
        write(tmp_path, "2025-11-20.txt", blocks(hf.entries[0].title, "Its abstract as pasted."))
    )
    merged = merge_dumps([pasted, hf])
    paper = next(p for p in merged.papers if p.identity and p.identity.arxiv_id == "2402.04284")
    assert paper.key == title_key(hf.entries[0].title)  # the title's key: a ledger entry made before stays
    assert len(paper.digests) == 2 and len(merged.papers) == 3


def test_two_ids_with_one_title_stay_two_papers(tmp_path: Path) -> None:
    def listing(name: str, arxiv_id: str) -> Path:
        item = {"paper": {"id": arxiv_id, "title": "Attention Is Enough", "summary": f"Paper {arxiv_id}."}}
        return write(tmp_path, name, json.dumps([item]))

    merged = merge_dumps(
        read_all(listing("2025-11-01.json", "2511.00001"), listing("2025-11-02.json", "2511.00002"))
    )
    assert [(p.key, p.abstract) for p in merged.papers] == [
        ("attention is enough", "Paper 2511.00001."),
        ("attention is enough arxiv 2511.00002", "Paper 2511.00002."),
    ]


def test_arxiv_announce_types_choose_what_is_published() -> None:
    dumps = read_all(HF, ARXIV)
    default = {p.title for p in merge_dumps(dumps).papers}
    assert "A Replaced Paper Nobody Asked For" not in default
    assert "Token Budgets for Reasoning Models: When to Stop Thinking" in default  # cross
    every = merge_dumps(dumps, announce=("new", "cross", "replace", "replace-cross"))
    assert {p.title for p in every.papers} == default | {"A Replaced Paper Nobody Asked For"}
    # With its v2 announced, the paper keeps the newest abstract and the HF sighting's links.
    sparse = next(p for p in every.papers if p.identity and p.identity.arxiv_id == "2511.07001")
    assert sparse.abstract.endswith("Version 2 adds experiments on three more graphs.")
    assert sparse.identity and sparse.identity.version == 2
    assert sparse.identity.project_page == "https://sparse-routing.github.io/"
    assert sparse.identity.keywords == ("memory routing", "streaming graphs")
