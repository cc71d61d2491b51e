"""The URL stage's shortcuts (issue 6) give what the plain definitions give: ids and slugs are forever."""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.merge import title_key
from sitegen.model import Paper
from sitegen.permalinks import (
    SLUG_MAX,
    _is_urn_uuid,
    assign_permalinks,
    feed_id_for,
    fingerprint,
    format_ledger,
    is_squeezed,
    new_site_id,
    parse_ledger,
    slugify,
)

WORDY = st.lists(st.sampled_from(["a", "Abc", "x" * 61, "longword" * 4, "é", "日本", " ", "  ", "-", "\t",
                                  "\u00a0", "\n", "(LLM)", "3", ""]), max_size=30).map(" ".join)
TEXT = st.one_of(WORDY, st.text(max_size=120))
BASE = "https://example.org/"


def paper(title: str, abstract: str) -> Paper:
    return Paper(title_key(title), title, abstract, None, None, None, None, (date(2025, 3, 12),), ())


def plain_slugify(title: str, limit: int = SLUG_MAX) -> str:
    """``slugify`` as first written: add words while the slug stays within the limit."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    words = [w for w in re.split(r"[^a-z0-9]+", ascii_text.lower()) if w]
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    return slug or (words[0][:limit] if words else "")


@settings(max_examples=100, deadline=None)
@given(title=TEXT, limit=st.integers(min_value=1, max_value=70))
def test_slugify_equals_the_word_by_word_definition(title: str, limit: int) -> None:
    assert slugify(title, limit) == plain_slugify(title, limit)


def test_slugify_cut_at_the_limit_by_hand() -> None:
    assert slugify("ab cd ef", 5) == "ab-cd"  # exactly the limit
    assert slugify("ab cd ef", 4) == "ab"
    assert slugify("abcdefgh ij", 4) == "abcd"  # a first word longer than the limit is cut


@settings(max_examples=100, deadline=None)
@given(text=TEXT)
def test_is_squeezed_only_when_split_and_join_change_nothing(text: str) -> None:
    if is_squeezed(text.encode("utf-8", "surrogatepass")):
        assert " ".join(text.split()) == text
    if text.isascii() and text.isprintable():  # the shortcut must not miss these
        assert is_squeezed(text.encode("ascii")) == (" ".join(text.split()) == text)


def test_fingerprint_is_the_hash_of_the_squeezed_folded_text() -> None:
    for abstract in ("We show  it.", "We show it.", "we\u00a0show it. ", "\x1cWe show it.", "ﬁne", "   "):
        text = " ".join(unicodedata.normalize("NFKC", abstract).casefold().split())
        expected = hashlib.sha256(text.encode()).hexdigest()[:16] if text else ""
        assert fingerprint(abstract) == expected


@settings(max_examples=100, deadline=None)
@given(base=st.sampled_from(["https://example.org/", "https://x.github.io/digest/"]),
       key=st.text(max_size=40))
def test_feed_id_equals_uuid5(base: str, key: str) -> None:
    site_id = new_site_id(base)
    expected = "urn:uuid:" + str(uuid.uuid5(uuid.UUID(site_id.removeprefix("urn:uuid:")), key))
    assert feed_id_for(site_id, key) == expected


def test_feed_id_from_a_site_id_written_in_capitals() -> None:
    site_id = "urn:uuid:" + str(uuid.uuid4()).upper()
    expected = "urn:uuid:" + str(uuid.uuid5(uuid.UUID(site_id.removeprefix("urn:uuid:")), "k"))
    assert feed_id_for(site_id, "k") == expected


@given(value=st.one_of(
    st.uuids().map(lambda u: f"urn:uuid:{u}"), st.uuids().map(lambda u: f"urn:uuid:{{{u}}}"),
    st.uuids().map(lambda u: f"urn:uuid:{u.hex.upper()}"), st.uuids().map(str), st.text(max_size=50)))
def test_urn_uuid_check_accepts_what_uuid_accepts(value: str) -> None:
    try:
        uuid.UUID(value.removeprefix("urn:uuid:"))
        accepted = value.startswith("urn:uuid:")
    except ValueError:
        accepted = False
    assert _is_urn_uuid(value) is accepted


SITE = "urn:uuid:3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
FEED = "urn:uuid:0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d"


def test_ledger_lines_with_an_empty_or_a_state_column() -> None:
    text = (f"sitegen-permalinks\t{SITE}\n"
            f"a\ta\t{FEED}\tf1\t\n"  # a trailing tab: a live paper, as before
            f"b\tb\t{FEED.replace('0a1b', '1a1b', 1)}\tf2\tgone\n"
            f"c\tc\t{FEED.replace('0a1b', '2a1b', 1)}\t\tmoved:a\n")
    entries = {e.key: e for e in parse_ledger(text, "permalinks.lock").entries}
    assert (entries["a"].fingerprint, entries["a"].retired) == ("f1", False)
    assert (entries["b"].gone, entries["b"].moved_to) == (True, None)
    assert (entries["c"].gone, entries["c"].moved_to, entries["c"].fingerprint) == (False, "a", "")


def test_a_rebuild_keeps_the_ledger_and_follows_a_changed_abstract() -> None:
    papers = [paper("Kept", "Same words."), paper("Edited", "Old words.")]
    first = assign_permalinks(papers, None, BASE)
    again = assign_permalinks(papers, parse_ledger(format_ledger(first.ledger), "l"), BASE)
    assert format_ledger(again.ledger) == format_ledger(first.ledger)
    edited = assign_permalinks([papers[0], paper("Edited", "New words.")], first.ledger, BASE)
    entries = {e.key: e for e in edited.ledger.entries}
    assert entries["edited"].fingerprint == fingerprint("New words.")
    assert entries["kept"] == {e.key: e for e in first.ledger.entries}["kept"]
    assert edited.permalinks["edited"] == first.permalinks["edited"]
