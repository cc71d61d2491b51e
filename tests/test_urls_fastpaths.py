"""The URL stage's shortcuts (issue 6) give what the plain definitions give: ids and slugs are forever."""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.urls import SLUG_MAX, _is_urn_uuid, feed_id_for, fingerprint, is_squeezed, new_site_id, slugify

WORDY = st.lists(st.sampled_from(["a", "Abc", "x" * 61, "longword" * 4, "é", "日本", " ", "  ", "-", "\t",
                                  "\u00a0", "\n", "(LLM)", "3", ""]), max_size=30).map(" ".join)
TEXT = st.one_of(WORDY, st.text(max_size=120))


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


@settings(max_examples=200, deadline=None)
@given(title=TEXT, limit=st.integers(min_value=1, max_value=70))
def test_slugify_equals_the_word_by_word_definition(title: str, limit: int) -> None:
    assert slugify(title, limit) == plain_slugify(title, limit)


def test_slugify_cut_at_the_limit_by_hand() -> None:
    assert slugify("ab cd ef", 5) == "ab-cd"  # exactly the limit
    assert slugify("ab cd ef", 4) == "ab"
    assert slugify("abcdefgh ij", 4) == "abcd"  # a first word longer than the limit is cut


@settings(max_examples=200, deadline=None)
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


@settings(max_examples=200, deadline=None)
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
