"""The stages of a build (``sitegen.build.build`` runs them when an input changed): read, merge,
assign URLs, tag, assemble the ``Site``, render, write."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from functools import partial
from pathlib import Path

from .build import LEDGER, BuildReport
from .cache import read_dumps_cached
from .config import load_config
from .merge import merge_dumps, title_key
from .model import Dump, Paper, Problem
from .notes import load_notes
from .output import FileData, Written, write_site
from .patch import patch_site
from .progress import Reporter
from .render.data import data_files
from .render.feeds import render_feeds
from .render.pages import Pages
from .render.reuse import Reuse
from .render.stats import stats_files
from .search import index_site
from .site import Note, Site, SiteConfig, Tag, paper_path
from .staging import Staging
from .tagging import Tagging, apply_rules, load_rules
from .templating import make_environment, static_files
from .urls import Ledger, Permalinks, assign_permalinks, format_ledger, read_ledger


def build_site(content: Path, out: Path, base_url: str | None, allow_url_change: bool,
               reuse: Reuse, reporter: Reporter,
               live: Mapping[str, tuple[int, int]] | None = None) -> tuple[BuildReport, Written]:
    config = load_config(content / "site.yaml", base_url=base_url)
    with reporter.stage("read dumps"):
        dumps = read_dumps_cached(content / "dumps", content)
    with reporter.stage("merge"):
        merged = merge_dumps(dumps)
    with reporter.stage("urls"):
        links = assign_urls(content, merged.papers, config, allow_url_change)
        slugs = {key: link.slug for key, link in links.permalinks.items()}
    with reporter.stage("tags"):
        tags, tagging, rule_warnings = tag_papers(content / "tags.yaml", merged.papers, slugs)
        published = [p for p in merged.papers if p.key not in tagging.hidden]
    with reporter.stage("notes"):
        digests = {d.digest for d in dumps if d.digest is not None}
        notes = load_notes(content / "notes", published, slugs, digests, config.base_path)
        site = assemble_site(config, dumps, published, tags, tagging, links, notes)
    warnings = (*(w for d in dumps for w in d.warnings), *merged.warnings, *rule_warnings)
    # From here on only the site is drawn: let the parsed dumps (every sighting of every paper, with
    # its text) and the merge go before the render allocates its own (~20% of the peak at 100k papers).
    del dumps, merged, published, tagging
    # The parsed papers and the site are a few hundred thousand long-lived objects: frozen, the cyclic
    # collector stops rescanning them each time the render allocates (about 10% of a rebuild).
    gc.freeze()
    try:
        with reporter.stage("render"):
            files = SiteFiles(site, content / "templates", reuse)
        with reporter.stage("write"):
            written = write(files, out, reuse, live, config)
            save_ledger(content / LEDGER, links.ledger)
    finally:
        gc.unfreeze()
    report = BuildReport(len(site.papers), len(site.digests), len(site.tags), len(files.pages),
                         len(written.digests), tuple(warnings), out, written.changed)
    return report, written


def write(files: SiteFiles, out: Path, reuse: Reuse, live: Mapping[str, tuple[int, int]] | None,
          config: SiteConfig) -> Written:
    if reuse.files and live and not config.search:  # the live site is as the manifest says
        return patch_site(files, out, reuse.files, live)
    # Pagefind indexes the whole staged tree, so a build with search always stages in full.
    index = partial(index_site, base_path=config.base_path) if config.search else None
    return write_site(files, out, prepare=index, previous=reuse.files)


class SiteFiles:
    """Every file of the site as (path, data), for ``write_site`` or ``patch_site`` to consume one at
    a time: memory holds one page, not the whole site (at 10,000 papers that is 300 MB of HTML), and
    the pages are therefore drawn inside the "write" stage.

    Called with the staging folder: forked workers draw the pages and write them there while this
    process makes the feeds and data files, so the two cores work together (``render.pages.Pages``)."""

    def __init__(self, site: Site, templates: Path, reuse: Reuse) -> None:
        self.site, self.templates, self.reuse = site, templates, reuse
        self.env = make_environment(templates)
        self.pages: list[str] = []

    def __call__(self, staging: Staging | None = None) -> Iterator[tuple[str, FileData]]:
        workers = len(os.sched_getaffinity(0))
        with Pages(self.site, self.env, self.reuse, workers, staging=staging) as pages:
            self.pages = pages.paths
            yield from pages.kept
            yield from render_feeds(self.site, self.reuse).items()
            yield from data_files(self.site, page_paths(self.pages, self.site.redirects)).items()
            yield from stats_files(self.site).items()
            yield from static_files(self.templates).items()
            yield from pages.drawn()


def assign_urls(content: Path, papers: Sequence[Paper], config: SiteConfig,
                allow_url_change: bool) -> Permalinks:
    path = content / LEDGER
    return assign_permalinks(papers, read_ledger(path), config.base_url,
                             allow_url_change=allow_url_change, ledger_name=str(path))


def tag_papers(rules_path: Path, papers: Sequence[Paper],
               slugs: Mapping[str, str]) -> tuple[tuple[Tag, ...], Tagging, tuple[Problem, ...]]:
    """Tags, the tagging and the rules' warnings; a site without ``tags.yaml`` simply has no tags."""
    if not rules_path.is_file():
        return (), Tagging({p.key: () for p in papers}), ()
    rules = load_rules(rules_path, papers, slugs)
    return rules.tags, apply_rules(rules, papers, slugs), rules.warnings


def assemble_site(config: SiteConfig, dumps: Sequence[Dump], published: Sequence[Paper],
                  tags: tuple[Tag, ...], tagging: Tagging, links: Permalinks,
                  notes: Sequence[Note] = ()) -> Site:
    keys = {p.key for p in published}
    slug = {key: link.slug for key, link in links.permalinks.items()}
    # Newest digest first; among equals the paper that appeared later first, then by slug, so the
    # order never depends on dict or file-system order.
    ordered = sorted(published, key=lambda p: (-p.last_seen.toordinal(), -p.first_seen.toordinal(),
                                               slug[p.key]))
    return Site(
        config=config,
        site_id=links.site_id,
        papers=tuple(ordered),
        tags=tags,
        paper_tags={k: tagging.paper_tags.get(k, ()) for k in sorted(keys)},
        permalinks={k: links.permalinks[k] for k in sorted(keys)},
        digests=tuple(sorted({d.digest for d in dumps if d.digest is not None}, reverse=True)),
        digest_papers=digest_papers(dumps, keys),
        notes=tuple(notes),
        redirects=dict(links.redirects),
    )


def digest_papers(dumps: Sequence[Dump], published: set[str]) -> dict[date, tuple[str, ...]]:
    """Digest date -> published paper keys in the order the dump lists them, repeats removed."""
    result = {}
    for dump in dumps:
        if dump.digest is not None:
            keys = (title_key(e.title) for e in dump.entries)
            result[dump.digest] = tuple(dict.fromkeys(k for k in keys if k in published))
    return dict(sorted(result.items(), reverse=True))


def page_paths(pages: Iterable[str], redirects: Mapping[str, str]) -> list[str]:
    """Site paths (``papers/x/``) of the pages a sitemap should list: not 404 or redirects."""
    moved = {paper_path(old) for old in redirects}
    paths = (name.removesuffix("index.html") for name in sorted(pages) if name.endswith("index.html"))
    return [path for path in paths if path not in moved]


def save_ledger(path: Path, ledger: Ledger) -> None:
    """Write the extended ledger when it changed (atomic replace, so a crash never truncates it)."""
    text = format_ledger(ledger)
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8", newline="\n")
    os.replace(temporary, path)
