"""Each source's listing: its URL for a day, the dump file it becomes, and a check that the body is
a listing (not an error page or a half-sent file) before anything is written."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

import feedparser  # type: ignore[import-untyped]

from ..site import FetchSettings
from .client import FetchError

CATEGORY = re.compile(r"[a-z-]+(\.[A-Za-z-]+)?")


@dataclass(frozen=True, slots=True)
class Source:
    kind: str
    """``hf`` (Hugging Face daily papers) or ``arxiv`` (an arXiv listing feed)."""
    category: str = ""
    """The arXiv category (``cs.LG``)."""

    @property
    def dated(self) -> bool:
        """Whether any day can be asked for: arXiv's feed only ever holds today's announcements."""
        return self.kind == "hf"

    @property
    def label(self) -> str:
        return f"arxiv:{self.category}" if self.category else self.kind

    @property
    def suffix(self) -> str:
        return ".json" if self.kind == "hf" else ".xml"


def parse_source(text: str) -> Source | None:
    """``hf`` or ``arxiv:CATEGORY``; None for anything else."""
    if text == "hf":
        return Source("hf")
    kind, _, category = text.partition(":")
    return Source("arxiv", category) if kind == "arxiv" and CATEGORY.fullmatch(category) else None


def listing_url(settings: FetchSettings, source: Source, day: date) -> str:
    if source.kind == "hf":
        return f"{settings.hf_base}/api/daily_papers?date={day.isoformat()}"
    return f"{settings.arxiv_base}/rss/{source.category}"


def count_papers(source: Source, url: str, body: bytes) -> int:
    """How many papers the listing holds; ``FetchError`` when the body is not a listing."""
    if source.kind == "hf":
        try:
            items = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise FetchError(url, f"the answer is not JSON ({exc}); nothing written") from None
        if not isinstance(items, list):
            raise FetchError(url, "the answer is JSON but not a list of papers; nothing written")
        return len(items)
    feed = feedparser.parse(body, sanitize_html=False)
    if (feed.bozo and not feed.entries) or not feed.version:
        raise FetchError(url, "the answer is not an RSS or Atom feed; nothing written")
    return len(feed.entries)
