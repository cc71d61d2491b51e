"""``check_project``: every stage of a build up to the render, run only to find problems (as ``zola
check`` does). Nothing is written: no site, no ledger, no cache. A stage that fails is reported and
the stages that do not depend on it still run, so one call lists every problem at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from ..config import load_config
from ..errors import SitegenError
from ..merge import merge_dumps
from ..model import Problem, Severity
from ..notes import load_notes
from ..permalinks import assign_permalinks, known_titles, published_prints, read_ledger
from ..project import Project
from ..render.templating import check_templates
from ..site import DEFAULT_ANNOUNCE
from ..sources import read_what_can_be_read
from ..tagging import load_rules, read_rules

T = TypeVar("T")


def check_project(project: Project, base_url: str | None = None) -> tuple[Problem, ...]:
    """Every error and warning of ``project``'s inputs, errors first, each group in file order."""
    problems: list[Problem] = []

    def attempt(step: Callable[[], T]) -> T | None:
        try:
            return step()
        except SitegenError as exc:
            problems.extend(exc.problems)
            return None

    config = attempt(lambda: load_config(project.site_file, base_url=base_url))
    ledger = attempt(lambda: read_ledger(project.ledger))
    has_rules = project.rules_file.is_file()
    rules = attempt(lambda: read_rules(project.rules_file)) if has_rules else None
    readable = attempt(lambda: read_what_can_be_read(project.dumps))
    if readable is None:  # no dump folder, or nothing in it
        return _ordered(problems)
    dumps, unreadable = readable
    problems += unreadable
    announce = config.arxiv_announce if config else DEFAULT_ANNOUNCE
    merged = merge_dumps(dumps, known_titles(ledger), announce, published_prints(ledger))
    problems += [*merged.dump_warnings, *merged.warnings]
    slugs: dict[str, str] = {}
    if config is not None and (ledger is not None or not project.ledger.is_file()):
        links = attempt(lambda: assign_permalinks(merged.papers, ledger, config.base_url))
        slugs = {key: link.slug for key, link in links.permalinks.items()} if links else {}
    if rules is not None:
        checked = attempt(lambda: load_rules(project.rules_file, merged.papers, slugs or None))
        problems += checked.warnings if checked else ()
    digests = {d.digest for d in dumps if d.digest is not None}
    base_path = config.base_path if config else "/"
    attempt(lambda: load_notes(project.notes, merged.papers, slugs, digests, base_path))
    attempt(lambda: check_templates(project.templates))
    return _ordered(problems)


def _ordered(problems: list[Problem]) -> tuple[Problem, ...]:
    unique = list(dict.fromkeys(problems))
    return tuple(sorted(unique, key=lambda p: (p.severity is not Severity.ERROR, p.location, p.message)))
