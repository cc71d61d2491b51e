"""Feeds: parsed with feedparser (as a reader would) and ElementTree (for what RFC 4287 / RSS 2.0 require)."""

from __future__ import annotations

import calendar
import email.utils
import json
from dataclasses import replace
from datetime import datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import feedparser
import pytest
from conftest import BuiltSite
from fixtures_site import (
    D1,
    D2,
    D3,
    EXPECTED_ORDER,
    TAGS,
    make_site,
)

from sitegen.render.feeds import render_feeds

A = "{http://www.w3.org/2005/Atom}"
BASE = "https://example.org/"
SUB = "https://example.org/sub/"
TAG_IDS = tuple(t.id for t in TAGS)
ATOM_FILES = ("atom.xml", "digests.xml", *(f"tags/{t}/atom.xml" for t in TAG_IDS))
RSS_FILES = ("rss.xml", *(f"tags/{t}/rss.xml" for t in TAG_IDS))


@pytest.fixture(scope="module")
def feeds() -> dict[str, bytes]:
    return render_feeds(make_site(SUB)).files


class _Html(HTMLParser):
    """The elements and the text a reader's HTML renderer would see in an entry's content."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.text = ""
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.hrefs += [v or "" for k, v in attrs if k == "href"]

    def handle_data(self, data: str) -> None:
        self.text += data


def rfc3339(text: str | None) -> datetime:
    assert text, "missing date"
    parsed = datetime.fromisoformat(text)
    assert parsed.tzinfo is not None, text
    return parsed


def rfc822(text: str | None) -> datetime:
    assert text, "missing date"
    return email.utils.parsedate_to_datetime(text)


def atom_entries(data: bytes) -> list[ET.Element]:
    return ET.fromstring(data).findall(A + "entry")


def entry_link(entry: ET.Element) -> str:
    links = [ln.get("href", "") for ln in entry.findall(A + "link")
             if ln.get("rel", "alternate") == "alternate"]
    assert len(links) == 1
    return links[0]


def test_every_feed_is_written(feeds: dict[str, bytes]) -> None:
    assert set(feeds) == {*ATOM_FILES, *RSS_FILES, "feeds.opml"}


@pytest.mark.parametrize("path", ATOM_FILES + RSS_FILES)
def test_feedparser_reads_every_feed_without_complaint(feeds: dict[str, bytes], path: str) -> None:
    parsed = feedparser.parse(feeds[path])
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == ("atom10" if path in ATOM_FILES else "rss20")
    assert parsed.feed.title.startswith("ML Digest")


@pytest.mark.parametrize("path", ATOM_FILES)
def test_atom_has_what_rfc_4287_requires(feeds: dict[str, bytes], path: str) -> None:
    feed = ET.fromstring(feeds[path])
    assert feed.tag == A + "feed"
    assert (feed.findtext(A + "id") or "").startswith("urn:uuid:")
    assert feed.findtext(A + "title")
    assert feed.findtext(f"{A}author/{A}name") == "The Curator"
    links = {ln.get("rel"): ln.get("href") for ln in feed.findall(A + "link")}
    assert links["self"] == SUB + path
    assert (links["alternate"] or "").startswith(SUB)
    updated = rfc3339(feed.findtext(A + "updated"))
    entries = feed.findall(A + "entry")
    ids = [e.findtext(A + "id") for e in entries]
    assert len(set(ids)) == len(ids) and all(i and i.startswith("urn:uuid:") for i in ids)
    for entry in entries:
        assert entry.findtext(A + "title")
        assert rfc3339(entry.findtext(A + "published")) <= rfc3339(entry.findtext(A + "updated"))
        assert entry_link(entry).startswith(SUB)
    if entries:
        assert updated == max(rfc3339(e.findtext(A + "updated")) for e in entries)


@pytest.mark.parametrize("path", RSS_FILES)
def test_rss_has_what_rss_2_requires(feeds: dict[str, bytes], path: str) -> None:
    rss = ET.fromstring(feeds[path])
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = rss.find("channel")
    assert channel is not None
    assert channel.findtext("title") and channel.findtext("description")
    assert (channel.findtext("link") or "").startswith(SUB)
    self_links = [ln.get("href") for ln in channel.findall(A + "link") if ln.get("rel") == "self"]
    assert self_links == [SUB + path]
    rfc822(channel.findtext("lastBuildDate"))
    guids = channel.findall("item/guid")
    assert all(g.get("isPermaLink") == "false" for g in guids)
    texts = [g.text for g in guids]
    assert len(set(texts)) == len(texts) == len(channel.findall("item"))
    for item in channel.findall("item"):
        assert item.findtext("title") and (item.findtext("link") or "").startswith(SUB)
        rfc822(item.findtext("pubDate"))


def test_entries_are_newest_digest_first_in_both_formats(feeds: dict[str, bytes]) -> None:
    atom = [entry_link(e) for e in atom_entries(feeds["atom.xml"])]
    rss = [i.findtext("link") for i in ET.fromstring(feeds["rss.xml"]).iter("item")]
    expected = [f"{SUB}papers/{slug}/" for slug in EXPECTED_ORDER]
    assert atom == expected
    assert rss == expected


def test_entry_ids_are_the_ledgers_feed_ids() -> None:
    site = make_site(SUB)
    rendered = render_feeds(site).files
    by_slug = {link.slug: link.feed_id for link in site.permalinks.values()}
    expected = [by_slug[slug] for slug in EXPECTED_ORDER]
    assert [e.findtext(A + "id") for e in atom_entries(rendered["atom.xml"])] == expected
    assert [i.findtext("guid") for i in ET.fromstring(rendered["rss.xml"]).iter("item")] == expected


def test_entry_dates_are_first_and_last_digest(feeds: dict[str, bytes]) -> None:
    entry = next(e for e in atom_entries(feeds["atom.xml"]) if entry_link(e).endswith("/attention-again/"))
    assert rfc3339(entry.findtext(A + "published")).date() == D1
    assert rfc3339(entry.findtext(A + "updated")).date() == D3
    item = next(i for i in ET.fromstring(feeds["rss.xml"]).iter("item")
                if (i.findtext("link") or "").endswith("/attention-again/"))
    assert rfc822(item.findtext("pubDate")).date() == D1


def test_every_timestamp_is_a_digest_midnight_never_the_build_time(feeds: dict[str, bytes]) -> None:
    # Midnight of a digest, plus a second per paper that digest lists after the entry's (at most 2).
    allowed = {(datetime(d.year, d.month, d.day) + timedelta(seconds=s)).isoformat()
               for d in (D1, D2, D3) for s in range(3)}
    stamps = []
    for path in ATOM_FILES:
        root = ET.fromstring(feeds[path])
        stamps += [rfc3339(e.text) for e in root.iter() if e.tag in (A + "updated", A + "published")]
    for path in RSS_FILES:
        root = ET.fromstring(feeds[path])
        stamps += [rfc822(e.text) for e in root.iter() if e.tag in ("pubDate", "lastBuildDate")]
    assert stamps
    assert {s.replace(tzinfo=None).isoformat() for s in stamps} <= allowed
    assert {s.utcoffset() for s in stamps} == {timedelta(0)}


def test_timestamps_are_midnight_in_the_configured_zone() -> None:
    feed = ET.fromstring(render_feeds(make_site(timezone="Europe/Berlin")).files["atom.xml"])
    updated = rfc3339(feed.findtext(A + "updated"))
    assert (updated.date(), updated.hour, updated.utcoffset()) == (D3, 0, timedelta(hours=1))


def test_feed_size_caps_every_feed_keeping_the_newest() -> None:
    capped = render_feeds(make_site(feed_size=2)).files
    assert [entry_link(e) for e in atom_entries(capped["atom.xml"])] == [
        f"{BASE}papers/{slug}/" for slug in EXPECTED_ORDER[:2]]
    assert len(list(ET.fromstring(capped["rss.xml"]).iter("item"))) == 2
    vision = [entry_link(e) for e in atom_entries(capped["tags/vision/atom.xml"])]
    assert vision == [f"{BASE}papers/same-day-tie-b/", f"{BASE}papers/same-day-tie-a/"]  # as listed
    digests = [entry_link(e) for e in atom_entries(capped["digests.xml"])]
    assert digests == [f"{BASE}dates/{D3.isoformat()}/", f"{BASE}dates/{D2.isoformat()}/"]


def test_tag_feeds_hold_exactly_their_tagged_papers(feeds: dict[str, bytes]) -> None:
    llm = [entry_link(e) for e in atom_entries(feeds["tags/llm/atom.xml"])]
    assert llm == [f"{SUB}papers/attention-again/", f"{SUB}papers/safe-rendering/"]
    assert atom_entries(feeds["tags/robotics/atom.xml"]) == []
    robotics = ET.fromstring(feeds["tags/robotics/atom.xml"])
    assert rfc3339(robotics.findtext(A + "updated")).date() == D3
    assert robotics.findtext(A + "title") == "ML Digest — Robotics"


def test_tags_are_categories_with_label_and_tag_page_scheme(feeds: dict[str, bytes]) -> None:
    parsed = feedparser.parse(feeds["atom.xml"])
    entry = next(e for e in parsed.entries if e.link.endswith("/safe-rendering/"))
    cats = [(t.term, t.label, t.scheme) for t in entry.tags]
    assert cats == [("llm", "Language models", f"{SUB}tags/llm/"),
                    ("security", "Security & Safety", f"{SUB}tags/security/")]
    rss = feedparser.parse(feeds["rss.xml"])
    item = next(e for e in rss.entries if e.link.endswith("/safe-rendering/"))
    assert [t.term for t in item.tags] == ["Language models", "Security & Safety"]


def _content_html(data: bytes, slug: str) -> str:
    root = ET.fromstring(data)
    if root.tag == "rss":
        item = next(i for i in root.iter("item") if (i.findtext("link") or "").endswith(f"/{slug}/"))
        return item.findtext("description") or ""
    entry = next(e for e in root.findall(A + "entry") if entry_link(e).endswith(f"/{slug}/"))
    content = entry.find(A + "content")
    assert content is not None and content.get("type") == "html"
    return content.text or ""


@pytest.mark.parametrize("path", ["atom.xml", "rss.xml", "tags/security/atom.xml"])
def test_an_xss_abstract_reaches_the_reader_as_text(feeds: dict[str, bytes], path: str) -> None:
    html = _Html(_content_html(feeds[path], "safe-rendering"))
    assert html.tags == ["p"]
    assert html.text == "We show that <script>alert(1)</script> and &amp; stay text, as do 1 < 2 > 0."


def test_xss_survives_feedparser_as_text_and_title_stays_text(feeds: dict[str, bytes]) -> None:
    # feedparser drops real <script> elements with their text, so seeing the text proves it was text.
    parsed = feedparser.parse(feeds["atom.xml"])
    entry = next(e for e in parsed.entries if e.link.endswith("/safe-rendering/"))
    assert "<script>alert(1)</script>" in _Html(entry.content[0].value).text
    assert entry.title == "Safe Rendering of <Untrusted> Text"


def test_the_curator_note_follows_the_abstract(feeds: dict[str, bytes]) -> None:
    html = _Html(_content_html(feeds["atom.xml"], "attention-again"))
    assert html.tags == ["p", "p", "em"]
    assert html.text == "Attention, revisited once more.Curator: read this one."
    assert _Html(_content_html(feeds["atom.xml"], "tiny-models")).tags == ["p"]


def test_digests_feed_has_one_entry_per_digest_listing_its_papers(feeds: dict[str, bytes]) -> None:
    entries = atom_entries(feeds["digests.xml"])
    assert [entry_link(e) for e in entries] == [f"{SUB}dates/{d.isoformat()}/" for d in (D3, D2, D1)]
    assert [rfc3339(e.findtext(A + "updated")).date() for e in entries] == [D3, D2, D1]
    middle = _Html(entries[1].findtext(A + "content") or "")
    listed = ("same-day-tie-b", "safe-rendering", "same-day-tie-a")  # the dump's order, not the feed's
    assert middle.hrefs == [f"{SUB}papers/{s}/" for s in listed]
    assert middle.tags[:1] == ["p"] and middle.text.startswith("A quiet day.")
    assert "Safe Rendering of <Untrusted> Text" in middle.text
    assert (entries[1].findtext(A + "title") or "").endswith("2025-03-12: 3 papers")
    paper_ids = {e.findtext(A + "id") for e in atom_entries(feeds["atom.xml"])}
    assert not paper_ids & {e.findtext(A + "id") for e in entries}


def test_opml_lists_every_feed_once(feeds: dict[str, bytes]) -> None:
    opml = ET.fromstring(feeds["feeds.opml"])
    assert opml.tag == "opml" and opml.get("version") == "2.0"
    feed_urls = [o.get("xmlUrl") or "" for o in opml.iter("outline") if o.get("xmlUrl")]
    assert sorted(feed_urls) == sorted(SUB + p for p in ATOM_FILES)
    for outline in opml.iter("outline"):
        if outline.get("xmlUrl"):
            assert outline.get("type") == "rss" and outline.get("text")
            assert (outline.get("htmlUrl") or "").startswith(SUB)


def test_two_renders_are_byte_identical() -> None:
    assert render_feeds(make_site(SUB)).files == render_feeds(make_site(SUB)).files


def _urls(data: bytes) -> list[str]:
    root = ET.fromstring(data)
    keys = ("href", "scheme", "xmlUrl", "htmlUrl")
    found = [v for e in root.iter() for k, v in e.attrib.items() if k in keys]
    found += [e.text or "" for e in root.iter() if e.tag in ("link", "loc")]
    for content in [*root.iter(A + "content"), *root.iter("description")]:
        found += _Html(content.text or "").hrefs
    return [u for u in found if urlsplit(u).netloc == "example.org"]


@pytest.mark.parametrize("path", ATOM_FILES + RSS_FILES + ("feeds.opml",))
def test_under_a_sub_path_every_url_stays_under_it(feeds: dict[str, bytes], path: str) -> None:
    urls = _urls(feeds[path])
    assert urls
    assert all(u.startswith(SUB) for u in urls), [u for u in urls if not u.startswith(SUB)]


def _guids(data: bytes) -> dict[str | None, str | None]:
    return {i.findtext("guid"): i.findtext("link") for i in ET.fromstring(data).iter("item")}


def _identities(data: bytes) -> tuple[str, dict[str, str]]:
    root = ET.fromstring(data)
    return root.findtext(A + "id") or "", {
        e.findtext(A + "id") or "": entry_link(e) for e in root.findall(A + "entry")}


@pytest.mark.parametrize("path", [p for p in ATOM_FILES if "robotics" not in p])  # robotics: no papers
def test_adding_a_later_digest_changes_no_existing_id_or_link(path: str) -> None:
    before = render_feeds(make_site(upto=D2)).files
    after = render_feeds(make_site()).files
    feed_id_before, entries_before = _identities(before[path])
    feed_id_after, entries_after = _identities(after[path])
    assert feed_id_before == feed_id_after
    assert entries_before, "the earlier site should already have entries here"
    for entry_id, link in entries_before.items():
        assert entries_after.get(entry_id) == link
    rss_path = path.replace("atom.xml", "rss.xml")
    if rss_path in before:
        assert _guids(before[rss_path]).items() <= _guids(after[rss_path]).items()


def test_feed_ids_do_not_depend_on_the_base_url() -> None:
    root = render_feeds(make_site(BASE)).files
    sub = render_feeds(make_site(SUB)).files
    for path in ATOM_FILES:
        assert _identities(root[path])[0] == _identities(sub[path])[0]
        assert list(_identities(root[path])[1]) == list(_identities(sub[path])[1])



def test_entries_of_one_digest_step_down_a_second_in_listing_order(seed_site: BuiltSite) -> None:
    """On the real seed site: every feed's entries have distinct ``updated`` times, strictly newest
    first, and within a digest a reader sorting by time shows the papers as the dump lists them."""
    listings = json.loads((seed_site.out / "papers.json").read_text(encoding="utf-8"))["papers"]
    feeds = sorted(seed_site.out.glob("**/atom.xml"))
    assert len(feeds) > 2
    for path in feeds:
        entries = feedparser.parse(path.read_bytes()).entries
        times = [calendar.timegm(e.updated_parsed) for e in entries]
        assert times == sorted(set(times), reverse=True), path
    site_feed = feedparser.parse((seed_site.out / "atom.xml").read_bytes()).entries
    by_link = {p["url"]: p for p in listings}
    newest_day = by_link[site_feed[0].link]["digests"][-1]
    day_entries = [e for e in site_feed if by_link[e.link]["digests"][-1] == newest_day]
    # Each entry's first source in its newest digest's dump is its line there: listed order.
    lines = [min(int(s.rsplit(":", 1)[1]) for s in by_link[e.link]["sources"] if newest_day in s)
             for e in day_entries]
    assert len(day_entries) > 10 and lines == sorted(lines)


HOSTILE_DESCRIPTION = 'Robots "><img src=x onerror=alert(1)> and <b>bold</b> claims, 1 < 2 & more'


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_tag_description_with_markup_is_the_feeds_description_as_text(kind: str) -> None:
    # RSS readers take the channel description as HTML; feedparser gives it back as such.
    site = make_site(SUB)
    tags = tuple(replace(t, description=HOSTILE_DESCRIPTION) if t.id == "robotics" else t for t in site.tags)
    parsed = feedparser.parse(render_feeds(replace(site, tags=tags)).files[f"tags/robotics/{kind}.xml"])
    assert not parsed.bozo
    detail = parsed.feed.subtitle_detail
    if detail.type == "text/plain":  # Atom's subtitle, type="text": shown as it is
        assert (kind, detail.value) == ("atom", HOSTILE_DESCRIPTION)
    else:
        shown = _Html(detail.value)
        assert (detail.type, shown.tags, shown.text) == ("text/html", [], HOSTILE_DESCRIPTION)
