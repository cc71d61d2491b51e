"""Identity across builds on small hand-written digests: what a reader keys on (feed ids, updated
times, URLs) is the same after an incremental build as after a cold one, parsed as a reader would."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest
from helpers import build_content, site_files
from test_incremental import assert_same_site, cold

from sitegen.errors import ConfigError

BASE = "https://example.org/digest/"
RULES = """tags:
  alpha:
    any: [alpha]
    examples: {match: ["Alpha Nets"]}
  empty:
    any: [zetaword]
    examples: {match: [{title: "A zetaword title", abstract: "Made up."}]}
"""


def small_content(root: Path, rules: str = RULES) -> Path:
    (root / "dumps").mkdir(parents=True)
    (root / "site.yaml").write_text(f"title: T\nbase_url: {BASE}\nsearch: false\n", encoding="utf-8")
    (root / "tags.yaml").write_text(rules, encoding="utf-8")
    return root


def add_dump(content: Path, day: str, papers: list[tuple[str, str]], name: str | None = None) -> Path:
    body = "\n\n".join(f"{title}\n\n{abstract}" for title, abstract in papers)
    path = content / "dumps" / f"{name or day}.txt"
    path.write_text(f"---\ndate: {day}\n---\n\n{body}\n", encoding="utf-8")
    return path


def test_a_tag_feed_without_papers_is_updated_as_a_cold_build_when_a_digest_is_added(tmp_path: Path) -> None:
    content, out = small_content(tmp_path / "content"), tmp_path / "out"
    add_dump(content, "2025-03-10", [("Alpha Nets", "We study alpha networks in depth. They are good.")])
    build_content(content, out, base_url=BASE)
    add_dump(content, "2025-03-11", [("Beta Things", "We study beta things here. Results are fine.")])
    build_content(content, out, base_url=BASE)
    reference = cold(content, tmp_path / "cold")
    for name in ("tags/empty/atom.xml", "tags/empty/rss.xml"):
        built = feedparser.parse(site_files(out)[name])
        expected = feedparser.parse(reference[name])
        assert built.entries == expected.entries == []
        assert built.feed.updated_parsed == expected.feed.updated_parsed
        assert built.feed.updated_parsed[:3] == (2025, 3, 11)
    assert_same_site(out, reference)


def add_listing(content: Path, day: str, papers: list[tuple[str, str, str]]) -> None:
    """A Hugging Face daily-papers listing of (arXiv id, title, abstract)."""
    items = [{"paper": {"id": arxiv_id, "title": title, "summary": abstract, "authors": [{"name": "A. B"}],
                        "publishedAt": "2024-01-01T00:00:00.000Z"}} for arxiv_id, title, abstract in papers]
    (content / "dumps" / f"{day}.json").write_text(json.dumps(items), encoding="utf-8")


def entries_by_arxiv_id(out: Path) -> dict[str, tuple[str, str]]:
    """arXiv id -> (feed id, page link) of every entry of the site's Atom feed."""
    found = {}
    for entry in feedparser.parse((out / "atom.xml").read_bytes()).entries:
        for related in [link.href for link in entry.links if link.rel == "related"]:
            found[related.rsplit("/", 1)[-1]] = (entry.id, entry.link)
    return found


def test_a_back_filled_listing_of_another_id_with_the_same_title_takes_no_url(tmp_path: Path) -> None:
    content, out = small_content(tmp_path / "content"), tmp_path / "out"
    add_listing(content, "2025-03-10", [("2401.00001", "Same Title", "The first paper. It is one.")])
    build_content(content, out, base_url=BASE)
    published = entries_by_arxiv_id(out)["2401.00001"]
    add_listing(content, "2025-03-08", [("2401.00002", "Same Title", "Another paper entirely. It is two.")])
    build_content(content, out, base_url=BASE)  # no --allow-url-change: nothing published may move
    after = entries_by_arxiv_id(out)
    assert after["2401.00001"] == published
    assert after["2401.00002"][0] != published[0] and after["2401.00002"][1] != published[1]
    assert_same_site(out, cold(content, tmp_path / "cold"))


LEDGER_HEAD = "sitegen-permalinks\turn:uuid:3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f\n"
FEED_ID = "urn:uuid:22457dfa-121b-5cf2-9e06-0c1d4d2fd687"


@pytest.mark.parametrize("line", [
    f"alpha nets\t../../outside\t{FEED_ID}\tab\n",
    f"alpha nets\tAlpha Nets\t{FEED_ID}\tab\n",
    f"alpha nets\talpha-nets\t{FEED_ID}\tab\tmoved:a/b\n",
])
def test_a_hand_edited_slug_that_is_no_url_segment_is_an_error_at_its_line(tmp_path: Path, line: str) -> None:
    content, out = small_content(tmp_path / "content"), tmp_path / "out"
    add_dump(content, "2025-03-10", [("Alpha Nets", "We study alpha networks in depth. They are good.")])
    (content / "permalinks.lock").write_text(LEDGER_HEAD + line, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        build_content(content, out, base_url=BASE)
    (problem,) = caught.value.problems
    assert (problem.location.path, problem.location.line) == ("permalinks.lock", 2)
    assert "slug" in problem.message
    assert not out.exists()


def test_two_ledger_lines_with_one_feed_id_are_an_error(tmp_path: Path) -> None:
    content, out = small_content(tmp_path / "content"), tmp_path / "out"
    add_dump(content, "2025-03-10", [("Alpha Nets", "We study alpha networks in depth. They are good."),
                                     ("Beta Things", "We study beta things here. Results are fine.")])
    (content / "permalinks.lock").write_text(
        LEDGER_HEAD + f"alpha nets\talpha-nets\t{FEED_ID}\tab\nbeta things\tbeta-things\t{FEED_ID}\tcd\n",
        encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        build_content(content, out, base_url=BASE)
    (problem,) = caught.value.problems
    assert problem.location.path == "permalinks.lock" and FEED_ID in problem.message
    assert not out.exists()


def test_a_title_of_punctuation_alone_keeps_its_url_and_feed_id_over_the_next_build(tmp_path: Path) -> None:
    content, out = small_content(tmp_path / "content"), tmp_path / "out"
    add_listing(content, "2025-03-10", [("2401.00009", "???", "An abstract of a strange title. Yes.")])
    build_content(content, out, base_url=BASE)
    published = entries_by_arxiv_id(out)["2401.00009"]
    add_dump(content, "2025-03-11", [("Beta Things", "We study beta things here. Results are fine.")])
    build_content(content, out, base_url=BASE)  # reads the ledger the first build wrote
    assert entries_by_arxiv_id(out)["2401.00009"] == published
    assert_same_site(out, cold(content, tmp_path / "cold"))


def test_a_title_corrected_in_a_later_dump_is_the_same_entry_with_the_new_title(tmp_path: Path) -> None:
    content, out = small_content(tmp_path / "content"), tmp_path / "out"
    abstract = "We study attention in depth. It is all you need."
    add_dump(content, "2025-03-10", [("Atention Is All", abstract),
                                     ("Beta Things", "We study beta things here. Results are fine.")])
    build_content(content, out, base_url=BASE)
    first = feedparser.parse((out / "atom.xml").read_bytes()).entries
    (before,) = [e for e in first if e.title == "Atention Is All"]
    add_dump(content, "2025-03-13", [("Attention Is All", abstract)])  # the old dump stays as it was
    build_content(content, out, base_url=BASE)
    entries = feedparser.parse((out / "atom.xml").read_bytes()).entries
    assert [(e.id, e.link, e.title) for e in entries if e.id == before.id] == [
        (before.id, before.link, "Attention Is All")]
    assert len(entries) == 2  # one paper, not a second entry under a new id
    assert json.loads((out / "papers.json").read_bytes())["papers"][0]["slug"] == before.link.split("/")[-2]
    assert_same_site(out, cold(content, tmp_path / "cold"))
