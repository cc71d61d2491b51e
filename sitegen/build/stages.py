"""The stages of a build, run by ``sitegen.build.build`` when an input changed: read, merge, assign
URLs, tag, take the notes, assemble the ``Site``, render and write, then extend the ledger."""

from __future__ import annotations

import gc
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from ..config import load_config
from ..merge import merge_dumps
from ..model import Paper, Problem
from ..notes import load_notes
from ..permalinks import (
    Permalinks,
    assign_permalinks,
    known_titles,
    published_prints,
    read_ledger,
    save_ledger,
)
from ..project import Project
from ..render.files import SiteFiles
from ..render.reuse import Reuse
from ..render.templating import check_templates
from ..site import Note, Site, SiteConfig, Tag
from ..sources import DumpCache, read_dumps
from ..tagging import Tagging, apply_rules, load_rules
from ..write import Written, write_files
from .progress import Reporter
from .report import BuildOptions, BuildReport


def build_site(project: Project, out: Path, options: BuildOptions, reuse: Reuse, reporter: Reporter,
               live: Mapping[str, tuple[int, int]]) -> tuple[BuildReport, Written, dict[str, str]]:
    """Build ``project`` into ``out``: the report, what was written, and every file's render key."""
    config = load_config(project.site_file, base_url=options.base_url)
    check_templates(project.templates)  # an override's syntax error, before any of the work
    with reporter.stage("read dumps"):
        dumps = read_dumps(project.dumps, cache=DumpCache(project.cache), workers=options.workers)
    ledger = read_ledger(project.ledger)
    with reporter.stage("merge"):
        merged = merge_dumps(dumps, known_titles(ledger), config.arxiv_announce, published_prints(ledger))
    with reporter.stage("urls"):
        links = assign_permalinks(merged.papers, ledger, config.base_url,
                                  allow_url_change=options.allow_url_change)
        slugs = {key: link.slug for key, link in links.permalinks.items()}
    with reporter.stage("tags"):
        tags, tagging, rule_warnings = tag_papers(project, merged.papers, slugs)
        published = [p for p in merged.papers if p.key not in tagging.hidden]
    with reporter.stage("notes"):
        digests = {d.digest for d in dumps if d.digest is not None}
        notes = load_notes(project.notes, published, slugs, digests, config.base_path)
        site = assemble_site(config, merged.listings, published, tags, tagging, links, notes)
    warnings = (*merged.dump_warnings, *merged.warnings, *rule_warnings)
    # From here on only the site is drawn: let the parsed dumps (every sighting of every paper, with
    # its text) and the merge go before the render allocates its own.
    del dumps, merged, published, tagging
    # The parsed papers and the site are a few hundred thousand long-lived objects: frozen, the cyclic
    # collector stops rescanning them each time the render allocates.
    gc.freeze()
    try:
        with reporter.stage("render"):
            files = SiteFiles(site, project.templates, reuse, options.workers)
        with reporter.stage("write"):
            written = write_files(files, out, reuse.files, live)
            save_ledger(project.ledger, links.ledger)
    finally:
        gc.unfreeze()
    report = BuildReport(len(site.papers), len(site.digests), len(site.tags), len(files.pages),
                         len(written.checksums), tuple(warnings), out, written.changed)
    return report, written, files.keys


def tag_papers(project: Project, papers: Sequence[Paper],
               slugs: Mapping[str, str]) -> tuple[tuple[Tag, ...], Tagging, tuple[Problem, ...]]:
    """Tags, the tagging and the rules' warnings; a site without ``tags.yaml`` simply has no tags."""
    if not project.rules_file.is_file():
        return (), Tagging({p.key: () for p in papers}), ()
    rules = load_rules(project.rules_file, papers, slugs)
    return rules.tags, apply_rules(rules, papers, slugs), rules.warnings


def assemble_site(config: SiteConfig, listings: Mapping[date, tuple[str, ...]], published: Sequence[Paper],
                  tags: tuple[Tag, ...], tagging: Tagging, links: Permalinks,
                  notes: Sequence[Note] = ()) -> Site:
    """The ``Site`` of the published papers; ``listings`` is each digest's paper keys as listed."""
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
        digests=tuple(sorted(listings, reverse=True)),
        digest_papers={day: tuple(k for k in listings[day] if k in keys)
                       for day in sorted(listings, reverse=True)},
        notes=tuple(notes),
        redirects=dict(links.redirects),
    )


