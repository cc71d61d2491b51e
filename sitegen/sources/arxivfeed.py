"""arXiv listing feeds as dumps: ``rss.arxiv.org/rss/cs.LG`` (RSS 2.0) or its Atom variant, saved as
``DATE.xml`` (``.rss``, ``.atom``), read with feedparser rather than by hand.

Each item's ``link`` (or ``id``) names the paper (``https://arxiv.org/abs/2503.01234``); its
description reads ``arXiv:2503.01234v2 Announce Type: new`` then ``Abstract: ...``; ``dc:creator``
lists the authors, comma-separated. arXiv puts an abstract's plain text in the description, so it
is kept as text: ``<b>`` in an abstract is shown as written, never taken for markup or run. Every
announce type is read here, each entry carrying its own; which ones a site publishes is
``site.yaml``'s choice (``build.stages``).
"""

from __future__ import annotations

import re
import xml.sax
from typing import Any

import feedparser  # type: ignore[import-untyped]

from ..errors import InputError, error, warning
from ..model import Identity, Location, Problem, RawEntry
from .hfjson import ARXIV_ID, clean
from .layouts import Parsed

ABS_LINK = re.compile(rf"arxiv\.org/abs/(?P<id>{ARXIV_ID.pattern})(?:v(?P<v>\d+))?")
ANNOUNCE = re.compile(rf"arXiv:(?P<id>{ARXIV_ID.pattern})v(?P<v>\d+)\s+Announce Type:\s*(?P<type>[\w-]+)")
ABSTRACT_MARK = re.compile(r"\bAbstract:\s*")
ENTRY_TAG = re.compile(rb"<(?:\w+:)?(?:item|entry)[\s>/]")
FEED_TAG = re.compile(rb"<(?:\w+:)?(?:rss|feed|RDF)[\s>]")


def read_arxiv_feed(data: bytes, path: str) -> Parsed:
    """Every entry of an arXiv listing feed, as entries and warnings."""
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if isinstance(problem, xml.sax.SAXParseException):
        line, column = problem.getLineNumber() or 1, (problem.getColumnNumber() or 0) + 1
        message = f"not well-formed XML: {problem.getMessage()} (line {line} column {column})"
        raise InputError([error(Location(path, line, column), message)])
    if not FEED_TAG.search(data):
        raise InputError([error(Location(path, 1), "not an RSS or Atom feed: save the arXiv listing "
                                                   "(https://rss.arxiv.org/rss/<category>) as it is served")])
    lines = entry_lines(data, len(parsed.entries))
    out = Parsed()
    for line, item in zip(lines, parsed.entries, strict=True):
        entry = feed_entry(item, Location(path, line), out.warnings)
        if entry is not None:
            out.entries.append(entry)
    return out


def entry_lines(data: bytes, count: int) -> list[int]:
    """The line each ``<item>``/``<entry>`` starts on (feedparser keeps no positions); 0 for all if the
    tags cannot be paired with the entries one to one."""
    starts = [data.count(b"\n", 0, match.start()) + 1 for match in ENTRY_TAG.finditer(data)]
    return starts if len(starts) == count else [0] * count


def feed_entry(item: Any, location: Location, warnings: list[Problem]) -> RawEntry | None:
    title = clean(item.get("title", ""))
    body = item.get("summary", "")
    announce = ANNOUNCE.search(body)
    found = ABS_LINK.search(item.get("link", "")) or ABS_LINK.search(item.get("id", ""))
    arxiv_id = found["id"] if found else announce["id"] if announce else None
    mark = ABSTRACT_MARK.search(body)
    abstract = clean(body[mark.end():] if mark else body[announce.end():] if announce else body)
    if not title or not abstract or arxiv_id is None:
        missing = "title" if not title else "abstract" if not abstract else "arXiv link"
        warnings.append(warning(location, f"skipped feed entry '{title}': it has no {missing}"))
        return None
    version = announce["v"] if announce else found["v"] if found else None
    names = authors_of(item)
    return RawEntry(
        location=location,
        title=title,
        abstract=abstract,
        # The feed prints no author count and its date is the announcement's, not the paper's: both
        # are left to listings that print them (the names are kept below).
        end_line=location.line,
        identity=Identity(
            arxiv_id=arxiv_id,
            version=int(version) if version else None,
            authors=names,
            categories=tuple(t["term"] for t in item.get("tags", ()) if t.get("term")),
            announce=(announce["type"] if announce else item.get("arxiv_announce_type")) or None,
        ),
    )


def authors_of(item: Any) -> tuple[str, ...]:
    """RSS puts every name in one ``dc:creator``, comma-separated; Atom gives one ``author`` each."""
    names: list[str] = []
    for author in item.get("authors", ()):
        name = author.get("name", "")
        names += [clean(part) for part in name.split(",")] if "," in name else [clean(name)]
    return tuple(name for name in names if name)
