"""The stats page: counts of a ``Site`` as tables, and the same counts drawn as SVG with pygal.

``stats_view(site)`` gives the page its charts (numbers, captions, image paths); ``stats_files(site)``
gives ``{stats/<chart>.svg: bytes}``. Both are pure functions of the site. Every chart has a table of
the very numbers it draws, which is its text alternative.

pygal is made deterministic here: each chart gets a fixed id instead of a random ``uuid4``, its
"generated on <today>" comment is dropped, no tooltip JavaScript is linked (the site works offline),
and the standard-library ElementTree serialises it whether or not lxml is installed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import Any

import pygal  # type: ignore[import-untyped]
from pygal.etree import etree as pygal_etree  # type: ignore[import-untyped]
from pygal.style import Style  # type: ignore[import-untyped]

from ..site import STATS_PATH, Site, href
from .views import format_date

CO_TAGS = 12
"""The co-occurrence table shows the most frequent tags only: 25 x 25 cells would not be readable."""
WIDTH, HEIGHT = 800, 400
LIGHT_AND_DARK = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#555555",
    foreground_strong="#555555",
    foreground_subtle="#999999",
    font_family="system-ui, -apple-system, 'Segoe UI', sans-serif",
    # Mid-tone bars read on white and on near-black alike.
    colors=("#3d7fcc", "#d9822b"),
    opacity="0.9",
    opacity_hover="1",
)
# An <img> SVG follows the reader's colour scheme through its own media query.
DARK_CSS = ("inline:@media (prefers-color-scheme: dark) {"
            " text { fill: #d8d8d8 !important; }"
            " .axis .line, .axis .guides .line, .axis .major .line { stroke: #8a8a8a !important; } }")


@dataclass(frozen=True, slots=True)
class Chart:
    """One picture and the table of its numbers."""

    name: str
    """Chart id and file stem: ``stats/<name>.svg``."""
    title: str
    caption: str
    src: str
    """Root-relative URL of the SVG."""
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class CoOccurrence:
    """Papers carrying both tags, for the most frequent tags; ``cells[i][j]`` pairs ``labels[i]`` and
    ``[j]``, the diagonal is each tag's own count, ``shade`` is the cell's share of the largest pair."""

    labels: tuple[str, ...]
    cells: tuple[tuple[int, ...], ...]
    shades: tuple[tuple[int, ...], ...]
    """0..100 per cell, for the heat-map shading (percent of the largest off-diagonal count)."""
    shown: int
    total_tags: int


@dataclass(frozen=True, slots=True)
class StatsView:
    papers: int
    digests: int
    charts: tuple[Chart, ...]
    co: CoOccurrence


def per_digest(site: Site) -> tuple[tuple[date, int, int], ...]:
    """(digest date, papers listed, papers new that day), oldest digest first."""
    first = {p.key: p.first_seen for p in site.papers}
    rows = []
    for day in sorted(site.digests):
        keys = site.digest_papers.get(day, ())
        rows.append((day, len(keys), sum(1 for k in keys if first.get(k) == day)))
    return tuple(rows)


def per_tag(site: Site) -> tuple[tuple[str, int], ...]:
    """(tag label, papers), most papers first; ties keep the rules file's order."""
    counts = Counter(t for p in site.papers for t in site.paper_tags.get(p.key, ()))
    order = {t.id: i for i, t in enumerate(site.tags)}
    ranked = sorted(site.tags, key=lambda t: (-counts[t.id], order[t.id]))
    return tuple((t.label, counts[t.id]) for t in ranked)


def per_year(site: Site) -> tuple[tuple[str, int], ...]:
    """(year, papers published that year), oldest first; papers without a date are left out."""
    counts = Counter(p.published.year for p in site.papers if p.published is not None)
    return tuple((str(year), counts[year]) for year in sorted(counts))


def co_occurrence(site: Site, limit: int = CO_TAGS) -> CoOccurrence:
    counts = Counter(t for p in site.papers for t in site.paper_tags.get(p.key, ()))
    order = {t.id: i for i, t in enumerate(site.tags)}
    top = sorted((t for t in site.tags if counts[t.id]), key=lambda t: (-counts[t.id], order[t.id]))[:limit]
    index = {t.id: i for i, t in enumerate(top)}
    pairs: Counter[tuple[int, int]] = Counter()
    for paper in site.papers:
        mine = sorted(index[t] for t in site.paper_tags.get(paper.key, ()) if t in index)
        pairs.update(combinations(mine, 2))
    cells = tuple(tuple(counts[top[i].id] if i == j else pairs[min(i, j), max(i, j)] for j in range(len(top)))
                  for i in range(len(top)))
    peak = max(pairs.values(), default=0) or 1
    shades = tuple(tuple(0 if i == j else round(100 * cells[i][j] / peak) for j in range(len(top)))
                   for i in range(len(top)))
    return CoOccurrence(tuple(t.label for t in top), cells, shades, len(top), len(site.tags))


def stats_view(site: Site) -> StatsView:
    return StatsView(len(site.papers), len(site.digests), tuple(c for c, _ in _charts(site)),
                     co_occurrence(site))


def stats_files(site: Site) -> dict[str, bytes]:
    """``{stats/<name>.svg: SVG bytes}`` for every chart of the stats page."""
    return {f"{STATS_PATH}{chart.name}.svg": draw() for chart, draw in _charts(site)}


def _charts(site: Site) -> list[tuple[Chart, Callable[[], bytes]]]:
    digests, tags, years = per_digest(site), per_tag(site), per_year(site)
    undated = sum(1 for p in site.papers if p.published is None)
    src = {name: href(site.config, f"{STATS_PATH}{name}.svg") for name in ("digests", "tags", "years")}
    by_digest = Chart(
        "digests", "Papers per digest",
        "Papers listed in each digest, and how many of them were new that day, oldest digest first.",
        src["digests"], ("Digest", "Papers", "New"),
        tuple((format_date(day), str(n), str(new)) for day, n, new in digests))
    by_tag = Chart(
        "tags", "Papers per tag", "Papers carrying each tag, most frequent first (a paper can have several).",
        src["tags"], ("Tag", "Papers"), tuple((t, str(n)) for t, n in tags))
    by_year = Chart(
        "years", "Year of publication",
        f"Papers by the year they were published; {undated} paper{'' if undated == 1 else 's'} "
        "without a known date not shown.", src["years"], ("Year", "Papers"),
        tuple((y, str(n)) for y, n in years))
    # Horizontal bars fill from the bottom: reversed, so the most frequent tag is on top.
    ranked = tags[::-1]
    return [
        (by_digest, lambda: _bar(by_digest, [d.isoformat() for d, _, _ in digests],
                                 {"Papers": [n for _, n, _ in digests], "New": [m for _, _, m in digests]})),
        (by_tag, lambda: _bar(by_tag, [t for t, _ in ranked], {"Papers": [n for _, n in ranked]},
                              horizontal=True)),
        (by_year, lambda: _bar(by_year, [y for y, _ in years], {"Papers": [n for _, n in years]})),
    ]


def _bar(about: Chart, labels: list[str], series: dict[str, list[int]], horizontal: bool = False) -> bytes:
    kind: Any = pygal.HorizontalBar if horizontal else pygal.Bar
    height = max(HEIGHT, 28 * len(labels) + 80) if horizontal else HEIGHT
    chart = kind(width=WIDTH, height=height, style=LIGHT_AND_DARK, js=(), css=_css(),
                 show_legend=len(series) > 1, legend_at_bottom=True, x_label_rotation=0 if horizontal else 20,
                 print_values=False, title=about.title, margin=16, truncate_label=-1, min_scale=1)
    chart.uuid = about.name  # pygal draws a random uuid4 per chart; a fixed id keeps builds byte-identical
    chart.x_labels = labels
    for label, values in series.items():
        chart.add(label, values)
    chart.add_xml_filter(_strip)
    pygal_etree.to_etree()  # the same bytes with or without lxml installed
    return bytes(chart.render())


def _css() -> tuple[str, ...]:
    return ("file://style.css", "file://graph.css", DARK_CSS)


def _strip(root: Any) -> Any:
    """Drop what an offline, deterministic picture must not carry: pygal stamps "Generated ... on
    <today's date>" as a comment, and adds a tooltip-config script even with ``js=()``."""
    for parent in list(root.iter()):
        for child in list(parent):
            # Comment and ProcessingInstruction nodes carry a factory function as their tag.
            if callable(child.tag) or str(child.tag).rsplit("}", 1)[-1] == "script":
                parent.remove(child)
    return root
