"""URL slugs from titles and names: one rule for papers (``permalinks``) and authors (``authors``)."""

from __future__ import annotations

import re
import unicodedata

SLUG_MAX = 60
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(title: str, limit: int = SLUG_MAX) -> str:
    """ASCII, lowercase, hyphen-separated, at most ``limit`` characters cut at a word; "" if no letters."""
    ascii_text = title if title.isascii() else (  # most titles: NFKD and dropping non-ASCII change nothing
        unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii"))
    slug = _NON_ALNUM.sub("-", ascii_text.lower()).strip("-")  # the words, joined by hyphens
    if len(slug) <= limit:
        return slug
    cut = slug.rfind("-", 0, limit + 1)  # the last word boundary that keeps the slug within the limit
    return slug[:cut] if cut > 0 else slug[:limit]  # a first word longer than the limit is cut short
