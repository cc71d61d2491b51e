"""Slugs and the permalink ledger: URLs and feed ids never change once published."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitegen.errors import ConfigError, UrlChangeError
from sitegen.merge import title_key
from sitegen.model import Paper
from sitegen.permalinks import (
    assign_permalinks,
    fingerprint,
    format_ledger,
    parse_ledger,
    read_ledger,
    slugify,
)

BASE = "https://example.org/"


def paper(title: str, abstract: str = "") -> Paper:
    return Paper(title_key(title), title, abstract or f"About {title}.", None, None, None, None,
                 (date(2025, 3, 12),), ())


def slugs_of(result_permalinks: object) -> dict[str, str]:
    return {k: p.slug for k, p in result_permalinks.items()}  # type: ignore[attr-defined]


@pytest.mark.parametrize(("title", "slug"), [
    ("Attention Is All You Need", "attention-is-all-you-need"),
    ("Diffusion für Bilder: ein Überblick", "diffusion-fur-bilder-ein-uberblick"),
    ("pLSTM: Parallelizable   Linear--Source", "plstm-parallelizable-linear-source"),
    ("α-Entmax & <b>Friends</b>?", "entmax-b-friends-b"),  # noqa: RUF001 (a Greek letter on purpose)
    ("大型语言模型", ""),
])
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_long_titles_are_cut_at_a_word() -> None:
    title = "A Comprehensive Overview of Large Language Models for Everything Under the Sun"
    slug = slugify(title)
    assert slug == "a-comprehensive-overview-of-large-language-models-for"
    assert len(slug) <= 60


@given(st.text(max_size=200))
def test_slugs_are_short_ascii_lowercase_hyphenated(title: str) -> None:
    assert re.fullmatch(r"([a-z0-9]+(-[a-z0-9]+)*)?", slugify(title))
    assert len(slugify(title)) <= 60


def test_colliding_titles_first_seen_keeps_the_plain_slug() -> None:
    # Different merge keys (the accent survives title_key), same ASCII slug.
    papers = [paper("Deep Learning!"), paper("Deep learning?? (v2)"), paper("Deep Léarning")]
    result = assign_permalinks(papers, None, BASE)
    assert [result.permalinks[p.key].slug for p in papers] == ["deep-learning", "deep-learning-v2",
                                                                "deep-learning-2"]


def test_title_without_ascii_gets_a_stable_fallback_slug() -> None:
    result = assign_permalinks([paper("大型语言模型")], None, BASE)
    slug = result.permalinks[title_key("大型语言模型")].slug
    assert re.fullmatch(r"paper-[0-9a-f]{8}", slug)


def test_site_id_and_feed_ids_are_uuid5_and_survive_a_base_url_change() -> None:
    first = assign_permalinks([paper("One")], None, BASE)
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", first.site_id)
    again = assign_permalinks([paper("One"), paper("Two")], first.ledger, "https://elsewhere.org/x/")
    assert again.site_id == first.site_id
    assert again.permalinks["one"] == first.permalinks["one"]
    assert again.permalinks["two"].feed_id not in {first.permalinks["one"].feed_id}


def test_ledger_round_trips_sorted_with_a_header(tmp_path: Path) -> None:
    result = assign_permalinks([paper("Zeta"), paper("Alpha")], None, BASE)
    text = format_ledger(result.ledger)
    lines = text.splitlines()
    assert lines[0] == f"sitegen-permalinks\t{result.site_id}"
    assert [line.split("\t")[0] for line in lines[1:]] == ["alpha", "zeta"]
    (tmp_path / "permalinks.lock").write_text(text)
    assert read_ledger(tmp_path / "permalinks.lock") == result.ledger
    assert read_ledger(tmp_path / "missing.lock") is None


def test_new_papers_never_take_a_slug_from_the_ledger() -> None:
    first = assign_permalinks([paper("Deep Learning")], None, BASE)
    # The old paper comes later in the new reading order; it still keeps its plain slug.
    second = assign_permalinks([paper("Deep Léarning", "Other."), paper("Deep Learning")], first.ledger, BASE)
    assert second.permalinks["deep learning"].slug == "deep-learning"
    assert second.permalinks[title_key("Deep Léarning")].slug == "deep-learning-2"


def test_a_corrected_title_keeps_slug_and_feed_id() -> None:
    old = paper("Atention Is All You Need", "The dominant sequence models are recurrent.")
    first = assign_permalinks([old], None, BASE)
    fixed = paper("Attention Is All You Need", "The dominant  sequence models are RECURRENT.")
    second = assign_permalinks([fixed], first.ledger, BASE)
    assert second.permalinks[fixed.key].slug == first.permalinks[old.key].slug
    assert second.permalinks[fixed.key].feed_id == first.permalinks[old.key].feed_id
    assert [e.key for e in second.ledger.entries] == [fixed.key]
    assert second.redirects == {}


def test_a_vanished_paper_stops_the_build_naming_its_url() -> None:
    first = assign_permalinks([paper("Kept"), paper("Dropped")], None, BASE)
    with pytest.raises(UrlChangeError) as caught:
        assign_permalinks([paper("Kept")], first.ledger, BASE)
    [problem] = caught.value.problems
    assert "/papers/dropped/" in problem.message and "would disappear" in problem.message


def test_allowed_drop_keeps_the_slug_reserved_and_does_not_ask_again() -> None:
    first = assign_permalinks([paper("Kept"), paper("Dropped")], None, BASE)
    second = assign_permalinks([paper("Kept")], first.ledger, BASE, allow_url_change=True)
    assert "dropped" not in second.permalinks
    third = assign_permalinks([paper("Kept"), paper("Drópped", "Something else.")], second.ledger, BASE)
    assert third.permalinks[title_key("Drópped")].slug == "dropped-2"
    revived = assign_permalinks([paper("Dropped")], third.ledger, BASE, allow_url_change=True)
    assert revived.permalinks["dropped"] == first.permalinks["dropped"]


def test_a_title_merged_into_another_paper_redirects_when_allowed() -> None:
    # A typo'd title seen once, later corrected to a paper that already has its own entry.
    typo = paper("Attenton Is All You Need", "Same abstract.")
    real = paper("Attention Is All You Need", "Same abstract.")
    first = assign_permalinks([typo, real], None, BASE)
    with pytest.raises(UrlChangeError) as caught:
        assign_permalinks([real], first.ledger, BASE)
    assert "would move to /papers/attention-is-all-you-need/" in caught.value.problems[0].message
    second = assign_permalinks([real], first.ledger, BASE, allow_url_change=True)
    assert second.redirects == {"attenton-is-all-you-need": "attention-is-all-you-need"}
    third = assign_permalinks([real], second.ledger, BASE)  # accepted once, kept ever after
    assert third.redirects == second.redirects


def test_fingerprint_ignores_case_and_spacing_but_not_words() -> None:
    assert fingerprint("A  b\nC") == fingerprint("a b c")
    assert fingerprint("a b c") != fingerprint("a b d")
    assert fingerprint("   ") == ""


@pytest.mark.parametrize(("text", "line"), [
    ("", 1),
    ("not-a-header\n", 1),
    ("sitegen-permalinks\turn:uuid:3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f\nkey\tslug\n", 2),
    ("sitegen-permalinks\turn:uuid:3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f\n\n"
     "k\ts\turn:uuid:3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f\tab\tmaybe\n", 3),
])
def test_a_broken_ledger_is_an_error_with_its_line(text: str, line: int) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_ledger(text, "permalinks.lock")
    assert caught.value.problems[0].location.line == line
