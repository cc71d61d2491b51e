"""What a paper page says about itself to machines and to readers who cite it: a plain-text citation,
``ScholarlyArticle`` JSON-LD, and the social-card fields. Pure functions of the site."""

from __future__ import annotations

import json
from dataclasses import dataclass

from markupsafe import Markup

from ..model import Paper
from ..site import Site, paper_path, url

# Inside <script>, the HTML parser ends the block at the first "</script"; JSON's own escapes keep the
# data the same while no "<", ">" or "&" is left for it to see (the JSON-LD spec's advice).
_SCRIPT_SAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))
# One line, through the C encoder: an ``indent`` switches json to its pure-Python encoder, which cost
# a tenth of each paper page's drawing.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


@dataclass(frozen=True, slots=True)
class Citation:
    title: str
    year: str
    """Year published, or ``n.d.`` (no date) when the listing did not give one: never guessed."""
    link: str
    """The paper's canonical URL on this site."""

    @property
    def text(self) -> str:
        return f"{self.title} ({self.year}). {self.link}"


def citation(site: Site, paper: Paper) -> Citation:
    year = str(paper.published.year) if paper.published else "n.d."
    return Citation(paper.title, year, url(site.config, paper_path(site.permalinks[paper.key].slug)))


def scholarly_article(site: Site, paper: Paper) -> dict[str, object]:
    labels = {t.id: t.label for t in site.tags}
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "name": paper.title,
        "headline": paper.title,
        "abstract": paper.abstract,
        "url": url(site.config, paper_path(site.permalinks[paper.key].slug)),
    }
    if paper.published is not None:
        data["datePublished"] = paper.published.isoformat()
    keywords = [labels[t] for t in site.paper_tags.get(paper.key, ())]
    if keywords:
        data["keywords"] = keywords
    return data


def json_ld(data: dict[str, object]) -> Markup:
    """JSON for a ``<script type="application/ld+json">`` block: safe to place as-is, keys in order."""
    text = _ENCODE(data)
    for character, escaped in _SCRIPT_SAFE:
        text = text.replace(character, escaped)
    return Markup(text)  # safe: no markup-significant character is left
