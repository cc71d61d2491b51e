"""Identity across builds on small hand-written digests: what a reader keys on (feed ids, updated
times, URLs) is the same after an incremental build as after a cold one, parsed as a reader would."""

from __future__ import annotations

from pathlib import Path

import feedparser
from helpers import build_content, site_files
from test_incremental import assert_same_site, cold

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
