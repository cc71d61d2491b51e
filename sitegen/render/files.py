"""Every file of one build, made one at a time for the writer (``SiteFiles``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..site import Site, paper_path
from ..util.workers import Workers
from ..write.search import SearchIndex
from .data import data_files
from .drawing import Pages, Sink
from .feeds import render_feeds
from .reuse import Reuse
from .search import search_shards
from .stats import stats_files
from .templating import static_files


class SiteFiles:
    """Every file of the site as (path, data), made one at a time for the writer to consume: memory
    holds one page, not the whole site, so the pages are drawn during the write.

    Called with the writer's sink (``Staging.put``): worker processes draw the pages and hand them to
    it while this process makes the feeds and data files, so the cores work together."""

    def __init__(self, site: Site, templates: Path | None, reuse: Reuse, workers: Workers) -> None:
        self.site, self.templates, self.reuse, self.workers = site, templates, reuse, workers
        self.pages: list[str] = []
        self.keys: dict[str, str] = {}
        """Path -> render key of every keyed file (pages, paper feeds), once the files are made."""

    def __call__(self, sink: Sink | None = None) -> Iterator[tuple[str, Any]]:
        with self._search() as search, \
                Pages(self.site, self.templates, self.reuse, self.workers, sink) as pages:
            self.pages = pages.paths
            yield from pages.kept
            feeds = render_feeds(self.site, self.reuse)
            yield from feeds.files.items()
            yield from data_files(self.site, page_paths(self.pages, self.site.redirects)).items()
            yield from stats_files(self.site).items()
            yield from static_files(self.templates).items()
            yield from pages.drawn()
            if search is not None:
                yield from search.files()
            self.keys = {**pages.keys, **feeds.keys, **(search.keys if search is not None else {})}

    @contextmanager
    def _search(self) -> Iterator[SearchIndex | None]:
        """The search index, its Pagefind runs started before the pages are drawn (they overlap)."""
        if not self.site.config.search:
            yield None
            return
        shards = search_shards(self.site, self.reuse.code)
        with SearchIndex(self.site, shards, self.reuse.previous, self.reuse.files, self.workers) as index:
            index.start()
            yield index


def page_paths(pages: Iterable[str], redirects: Mapping[str, str]) -> list[str]:
    """Site paths (``papers/x/``) of the pages a sitemap should list: not 404 or redirects."""
    moved = {paper_path(old) for old in redirects}
    paths = (name.removesuffix("index.html") for name in sorted(pages) if name.endswith("index.html"))
    return [path for path in paths if path not in moved]
