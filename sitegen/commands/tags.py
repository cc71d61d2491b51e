"""``sitegen tags``: what the rules in ``tags.yaml`` do to the papers, before anything is published.

    sitegen tags [--content DIR] [--json]             each tag with its paper count; the untagged papers
    sitegen tags explain "<title or slug>" [--json]   which rules matched, where, and which nearly did
    sitegen tags test                                 run every rule's examples (non-zero on failure)
    sitegen tags diff [--against FILE] [--json]       papers that gain or lose a tag since the last build
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..config import load_config
from ..errors import did_you_mean
from ..merge import merge_dumps
from ..model import Paper, Problem
from ..permalinks import assign_permalinks, known_titles, read_ledger
from ..project import Project
from ..site import DEFAULT_ANNOUNCE, PAPERS_JSON_PATH
from ..sources import DumpCache, read_dumps
from ..tagging import RuleSet, Tagging, apply_rules, check_examples, check_references, load_rules, read_rules
from ..tagging.diff import TagChange, diff_tags, read_published
from ..tagging.explain import Explanation, explain_paper
from ..tagging.match import PaperFinder
from . import add_content_option, project_of

AGAINST_HELP = "a build's papers.json (default: papers.json in the project's public/)"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("tags", help="show, explain, test and diff the tag rules (tags.yaml)",
                                   description="Each tag with its paper count, and the papers no tag caught.")
    _add_common(parser, top=True)
    parser.set_defaults(func=run_list)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    explain = actions.add_parser("explain", help="why a paper has its tags (and which rules nearly matched)")
    explain.add_argument("paper", help="the paper's exact title or its URL slug")
    explain.add_argument("--against", type=Path, default=None, help=AGAINST_HELP + ", to find papers by slug")
    _add_common(explain)
    explain.set_defaults(func=run_explain)
    test = actions.add_parser("test", help="run every rule's examples; exit 1 if one fails (for CI)")
    _add_common(test)
    test.set_defaults(func=run_test)
    diff = actions.add_parser("diff", help="papers that gain or lose a tag compared with the last build")
    diff.add_argument("--against", type=Path, default=None, help=AGAINST_HELP)
    diff.add_argument("--exit-code", action="store_true", help="exit 1 when some paper's tags change")
    _add_common(diff)
    diff.set_defaults(func=run_diff)


def _add_common(parser: argparse.ArgumentParser, top: bool = False) -> None:
    # The actions SUPPRESS their defaults, or `sitegen tags --content X explain ...` would lose X.
    add_content_option(parser, inherited=not top)
    parser.add_argument("--json", action="store_true", default=False if top else argparse.SUPPRESS,
                        help="print JSON instead of text")


def read_papers(project: Project) -> tuple[tuple[Paper, ...], dict[str, str]]:
    """The papers as a build reads them (the ledger's titles settle one-line cuts, ``site.yaml``'s
    ``arxiv_announce`` picks a feed's items; without a ``site.yaml``, the defaults) and the URL slug
    of each (the ledger's, or the one the next build would give), which rules may name papers by."""
    config = load_config(project.site_file) if project.site_file.is_file() else None
    ledger = read_ledger(project.ledger)
    announce = config.arxiv_announce if config else DEFAULT_ANNOUNCE
    dumps = read_dumps(project.dumps, cache=DumpCache(project.cache))
    papers = merge_dumps(dumps, known_titles(ledger), announce).papers
    # Only the slugs are kept: nothing is published, so a URL the build would refuse to drop is no
    # reason to stop here.
    links = assign_permalinks(papers, ledger, config.base_url if config else "", allow_url_change=True)
    return papers, {key: link.slug for key, link in links.permalinks.items()}


def _against(args: argparse.Namespace, project: Project) -> Path:
    against: Path | None = args.against
    return project.out / PAPERS_JSON_PATH if against is None else against


def _print_warnings(project: Project, problems: tuple[Problem, ...]) -> None:
    for problem in problems:
        print(f"sitegen: {project.show(problem)}", file=sys.stderr)


def _load(args: argparse.Namespace) -> tuple[tuple[Paper, ...], dict[str, str], RuleSet]:
    """The papers, their slugs and the checked rules (warnings printed)."""
    project = project_of(args)
    papers, slugs = read_papers(project)
    rules = load_rules(project.rules_file, papers, slugs)
    _print_warnings(project, rules.warnings)
    return papers, slugs, rules


def _emit(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def run_list(args: argparse.Namespace) -> int:
    papers, slugs, rules = _load(args)
    tagging = apply_rules(rules, papers, slugs)
    titles = {paper.key: paper.title for paper in papers}
    if args.json:
        _emit(_list_data(rules, tagging, titles))
        return 0
    depth = {tag.id: len(rules.ancestors(tag.id)) for tag in rules.tags}
    width = max((len(tag.id) + 2 * depth[tag.id] for tag in rules.tags), default=3)
    for tag in rules.tags:
        name = "  " * depth[tag.id] + tag.id
        print(f"{name:<{width}}  {len(tagging.papers_with(tag.id)):>5}  {tag.label}")
    untagged = tagging.untagged
    shown = len(tagging.paper_tags)
    share = f" ({100 * len(untagged) / shown:.1f}%)" if shown else ""
    print(f"\n{len(untagged)} of {shown} papers untagged{share}; {len(tagging.hidden)} hidden")
    for key in untagged:
        print(f"  {titles[key]}")
    return 0


def _list_data(rules: RuleSet, tagging: Tagging, titles: dict[str, str]) -> dict[str, object]:
    return {
        "tags": [{"id": tag.id, "label": tag.label, "parent": tag.parent,
                  "papers": list(tagging.papers_with(tag.id))} for tag in rules.tags],
        "untagged": [{"key": key, "title": titles[key]} for key in tagging.untagged],
        "hidden": sorted(tagging.hidden),
        "papers": len(tagging.paper_tags),
    }


def run_explain(args: argparse.Namespace) -> int:
    published = _slugs(_against(args, project_of(args)))
    papers, slugs, rules = _load(args)
    key = PaperFinder(papers, slugs).find(args.paper)
    if key is None and published:  # a slug the last build published that the ledger has moved on from
        key = PaperFinder(papers, published).find(args.paper)
    if key is None:
        hint = did_you_mean(args.paper, [p.title for p in papers], list_all=False)
        print(f"sitegen: error: no paper has the title or slug {args.paper!r}{hint}", file=sys.stderr)
        return 1
    paper = next(p for p in papers if p.key == key)
    explanation = explain_paper(rules, paper, papers, slugs)
    if args.json:
        _emit(asdict(explanation))
    else:
        _print_explanation(explanation)
    return 0


def _slugs(against: Path) -> dict[str, str] | None:
    """Slugs as the last build published them, when there is one."""
    if not against.is_file():
        return None
    return {key: record.slug for key, record in read_published(against).items()}


def _print_explanation(exp: Explanation) -> None:
    print(exp.title + ("  [hidden: never published]" if exp.hidden else ""))
    print("tags: " + (", ".join(f"{tag} ({exp.sources[tag]})" for tag in exp.tags) or "none"))
    if exp.removed:
        print("removed by override: " + ", ".join(exp.removed))
    for verdict in exp.verdicts:
        missing = f"; missing all-terms: {', '.join(map(repr, verdict.missing))}" if verdict.missing else ""
        print(f"\n{verdict.tag}: {verdict.status}{missing}")
        for hit in verdict.hits:
            print(f"  {hit.group} {hit.term!r} in {hit.field} at {hit.start}-{hit.end}: {hit.context}")
    if not exp.verdicts:
        print("\nno rule matched or nearly matched")


def run_test(args: argparse.Namespace) -> int:
    project = project_of(args)
    rules = read_rules(project.rules_file)
    papers, slugs = read_papers(project)
    report = check_examples(rules, papers, slugs)
    problems = (*rules.warnings, *check_references(rules, papers, slugs), *report.problems)
    _print_warnings(project, problems)
    failed = sum(1 for p in report.problems if p.severity.value == "error")
    total = sum(len(rule.examples) for rule in rules.rules)
    print(f"{report.checked} of {total} examples checked, {failed} failed")
    return 1 if failed else 0


def run_diff(args: argparse.Namespace) -> int:
    against = _against(args, project_of(args))
    published = read_published(against)
    papers, slugs, rules = _load(args)
    changes = diff_tags(published, papers, apply_rules(rules, papers, slugs))
    if args.json:
        _emit({"against": str(against), "changes": [asdict(change) for change in changes]})
    else:
        for change in changes:
            print(_describe(change))
        print(f"{len(changes)} papers change tags" if changes else "no paper changes tags")
    return 1 if changes and args.exit_code else 0


def _describe(change: TagChange) -> str:
    moves = " ".join([*(f"+{t}" for t in change.gained), *(f"-{t}" for t in change.lost)])
    return f"{change.status:<7}  {moves}  {change.title}"
