"""Drawing the HTML pages of one build: each page keyed by what it is drawn from, the pages whose key
matches the last build's kept, the others drawn here or in worker processes.

    with Pages(site, templates, reuse, workers, sink) as pages:
        pages.kept      (path, Kept) of the pages kept from the last build
        pages.drawn()   (path, bytes) of every other page, or (path, sink(path, bytes)) with a sink
        pages.keys      path -> key of every page, for the next build

Drawing is pure: a page's bytes depend only on the site, the templates and the page. With a ``sink``
(the writer's ``Staging.put``), each drawn page is handed to it where it was drawn (in the worker, so
the page's bytes need not travel back) and ``drawn()`` yields what the sink returned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from multiprocessing.pool import Pool
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import Environment, TemplateError
from markupsafe import Markup

from ..model import Paper
from ..site import Note, Site, Tag, paper_path
from ..util.workers import ONE_PROCESS, Workers
from .pages import Page, SiteView, listing_pages, output_file, paper_note, paper_page, site_view
from .related import Related
from .reuse import Kept, Reuse
from .templating import render_environment, template_error
from .views import Cards, CardViews, author_links

CHUNK = 50
"""Pages per task handed to a worker: few enough that both workers finish together."""
Sink = Callable[[str, bytes], Any]
Draw = tuple[Paper, tuple[Paper, ...], Markup | None]
"""A paper page to draw: the paper, its related papers, the curator's note."""
T = TypeVar("T")


def render_pages(site: Site, templates: Path | None = None) -> dict[str, bytes]:
    """Every HTML page, keyed by output file path."""
    return {path: data for path, data in sorted(iter_pages(site, templates)) if isinstance(data, bytes)}


def iter_pages(site: Site, templates: Path | None = None, workers: Workers = ONE_PROCESS,
               reuse: Reuse | None = None) -> Iterator[tuple[str, bytes | Kept]]:
    """Every HTML page as (output file path, bytes), one at a time: the kept ones first, then the
    drawn ones. Paths are unique; the order is not sorted."""
    with Pages(site, templates, reuse, workers) as pages:
        yield from pages.kept
        yield from pages.drawn()


@dataclass(slots=True)
class Drawer:
    """What drawing a page takes. Sent to spawned workers as it is (forked ones inherit it): the Jinja
    environment is made where it is first needed, in each process."""

    site: Site
    templates: Path | None
    common: SiteView
    cards: CardViews
    papers: list[Draw] = field(default_factory=list)
    listings: list[Page] = field(default_factory=list)
    sink: Sink | None = None
    env: Environment | None = None

    def __len__(self) -> int:
        return len(self.papers) + len(self.listings)

    def __getstate__(self) -> tuple[object, ...]:
        return (self.site, self.templates, self.common, self.cards, self.papers, self.listings, self.sink)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        (self.site, self.templates, self.common, self.cards, self.papers, self.listings, self.sink) = state
        self.env = None

    def draw(self, index: int) -> tuple[str, bytes]:
        if index < len(self.papers):
            paper, near, note = self.papers[index]
            page = paper_page(self.site, self.cards, paper, [self.cards.card(p) for p in near], note)
        else:
            page = self.listings[index - len(self.papers)]
        return output_file(page[0]), self.render(page)

    def render(self, page: Page) -> bytes:
        if self.env is None:
            self.env = render_environment(self.templates)
        _path, template, head, context = page
        try:
            html = self.env.get_template(template).render(site=self.common, page=head, **context)
        except TemplateError as exc:  # an override's mistake: located, and picklable out of a worker
            raise template_error(exc, self.templates) from None
        return html.encode("utf-8")

    def deliver(self, bounds: tuple[int, int]) -> list[tuple[str, Any]]:
        """Draw pages ``bounds`` and hand each to the sink, if any."""
        drawn: list[tuple[str, Any]] = []
        for index in range(*bounds):
            path, data = self.draw(index)
            drawn.append((path, self.sink(path, data) if self.sink else data))
        return drawn


class Pages:
    """The HTML pages of one build.

    Every page is keyed (``reuse``): ``kept`` holds those whose key matches the last build's, and
    ``drawn()`` yields the others as they are drawn. When nothing can be kept (a cold build), the
    keys are only needed by the next build: they are worked out in ``drawn()``, while the workers
    draw, instead of before they start. With more than one worker and at least ``workers.draw_from``
    pages to draw, worker processes draw them from the moment the ``with`` block is entered, so the
    caller can make other files meanwhile. The bytes are the same either way, and ``drawn()`` keeps
    one order."""

    def __init__(self, site: Site, templates: Path | None = None, reuse: Reuse | None = None,
                 workers: Workers = ONE_PROCESS, sink: Sink | None = None) -> None:
        common = site_view(site)
        self._reuse = (reuse or Reuse()).salted(site.config, common)
        self.kept: list[tuple[str, Kept]] = []
        self.keys: dict[str, str] = {}
        self._unkeyed: list[tuple[str, Callable[[], str]]] = []
        self._drawer = drawer = Drawer(site, templates, common, CardViews(site), sink=sink)
        drawer.papers = list(self._keyed(_paper_draws(drawer, self._reuse)))
        drawer.listings = list(self._keyed(_listing_draws(drawer, self._reuse)))
        self._processes = workers.processes if len(drawer) >= workers.draw_from else 1
        self._workers = workers
        self._pool: Pool | None = None
        self._results: Iterator[list[tuple[str, Any]]] | None = None

    @property
    def paths(self) -> list[str]:
        """Every page's output path."""
        return list(self.keys) + [path for path, _key in self._unkeyed]

    def _keyed(self, pages: Iterator[tuple[str, Callable[[], str], T]]) -> Iterator[T]:
        """The pages to draw, after setting the kept ones aside."""
        reuse = self._reuse
        for path, key, page in pages:
            if not reuse.files:  # nothing to keep: key it later (``drawn``)
                self._unkeyed.append((path, key))
                yield page
                continue
            self.keys[path] = made = key()
            kept = reuse.kept(path, made)
            if kept:
                self.kept.append((path, kept))
            else:
                yield page

    def __enter__(self) -> Pages:
        if self._processes > 1:
            # imap keeps the ranges in order, so the stream (and anything counted from it) is the
            # same every run.
            self._pool = self._workers.context().Pool(self._processes, initializer=_start_worker,
                                                      initargs=(self._drawer,))
            total = len(self._drawer)
            ranges = [(i, min(i + CHUNK, total)) for i in range(0, total, CHUNK)]
            self._results = self._pool.imap(_deliver, ranges)
        return self

    def drawn(self) -> Iterator[tuple[str, Any]]:
        for path, key in self._unkeyed:
            self.keys[path] = key()
        self._unkeyed.clear()
        if self._results is not None:
            for batch in self._results:
                yield from batch
        else:
            yield from self._drawer.deliver((0, len(self._drawer)))

    def __exit__(self, *_exc: object) -> None:
        if self._pool is not None:
            self._pool.terminate()  # all drawn, or the build failed: either way no worker may go on
            self._pool.join()


_worker: list[Drawer] = []
"""In a worker process only: the drawer it was started with (``_start_worker``)."""


def _start_worker(drawer: Drawer) -> None:
    _worker[:] = [drawer]


def _deliver(bounds: tuple[int, int]) -> list[tuple[str, Any]]:
    return _worker[0].deliver(bounds)


def _paper_draws(drawer: Drawer, reuse: Reuse) -> Iterator[tuple[str, Callable[[], str], Draw]]:
    """Every paper page as (path, its key to work out, what to draw it from): the related lists are
    ranked for all papers at once."""
    site = drawer.site
    related = Related(site)
    for paper in site.papers:
        near = tuple(site.index.papers[k] for k in related.of(paper.key))
        note = paper_note(site, paper)
        path = output_file(paper_path(site.permalinks[paper.key].slug))
        yield path, partial(_paper_key, drawer, reuse, paper, near, note), (paper, near, note)


def _paper_key(drawer: Drawer, reuse: Reuse, paper: Paper, near: Sequence[Paper], note: Markup | None) -> str:
    """What a paper page shows: the paper, its permalink, tags, note and related cards. The paper,
    its slug and its tags are what its own card is drawn from, so its card key stands for them."""
    cards = drawer.cards
    # Its author links change when another paper by one of them gives them a page.
    return reuse.key("paper.html", cards.key(paper), drawer.site.permalinks[paper.key].feed_id,
                     note, tuple(cards.key(p) for p in near), author_links(drawer.site, paper))


def _listing_draws(drawer: Drawer, reuse: Reuse) -> Iterator[tuple[str, Callable[[], str], Page]]:
    for page in listing_pages(drawer.site, drawer.cards):
        yield output_file(page[0]), partial(_listing_key, reuse, page), page


def _listing_key(reuse: Reuse, page: Page) -> str:
    """A page's template, head and context, its cards named by what they are drawn from
    (``Cards.key``: a kept listing never draws a card)."""
    _path, template, head, context = page
    plain: list[object] = [template, head]
    for name, value in sorted(context.items()):
        if isinstance(value, Cards):
            value = value.key()
        elif isinstance(value, Tag):
            value = (value.id, value.label, value.description, value.parent)
        elif isinstance(value, Note):
            value = (value.kind, value.target, value.title, value.html)
        plain.append((name, value))
    return reuse.key(*plain)
