"""Every paper's slug and feed id, decided once and kept forever in the ledger, ``permalinks.lock``.

The ledger is plain text, sorted, meant to be committed next to the dumps::

    sitegen-permalinks<TAB>urn:uuid:<site uuid>
    <key><TAB><slug><TAB><feed id><TAB><fingerprint>[<TAB>moved:<slug>|gone]

The fingerprint is a short hash of the paper's normalised abstract: a paper whose title is corrected in
a later dump arrives under a new key but the same abstract, and keeps its slug and feed id. A ledger
paper that no longer appears stops the build (``UrlChangeError``) unless ``--allow-url-change``; then
its line is kept with ``moved:<slug>`` (a redirect page is written) or ``gone``, so its slug is never
handed to another paper and the build does not ask again.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from .errors import ConfigError, UrlChangeError, error
from .model import Location, Paper, Problem
from .project import LEDGER_FILE
from .site import Permalink, paper_path
from .util.atomic import write_atomically
from .util.fingerprint import fingerprint as fingerprint
from .util.fingerprint import is_squeezed as is_squeezed
from .util.slugs import SLUG_MAX, slugify
from .util.textfile import read_text

HEADER = "sitegen-permalinks"
# The form ``new_site_id`` and ``feed_id_for`` write; ``_is_urn_uuid`` asks ``uuid.UUID`` about any other.
# Every slug sitegen makes (``slugify``, ``unique_slug``, ``_fallback_slug``): one path segment of a URL.
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_CANONICAL_URN_UUID = re.compile(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    key: str
    slug: str
    feed_id: str
    fingerprint: str
    moved_to: str | None = None
    """Slug this retired paper's URL redirects to."""
    gone: bool = False
    """Retired with no successor: the slug stays reserved, no page is written."""

    @property
    def retired(self) -> bool:
        return self.gone or self.moved_to is not None


@dataclass(frozen=True, slots=True)
class Ledger:
    site_id: str
    entries: tuple[LedgerEntry, ...]
    """Sorted by key."""


@dataclass(frozen=True, slots=True)
class Permalinks:
    """The result of the URL stage."""

    site_id: str
    permalinks: Mapping[str, Permalink]
    """Paper key -> permalink, for every paper given (hidden ones too: their URL stays reserved)."""
    redirects: Mapping[str, str]
    """Old slug -> current slug."""
    ledger: Ledger
    """The ledger to write back once the build has succeeded."""


def new_site_id(base_url: str) -> str:
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, base_url))


def feed_id_for(site_id: str, key: str) -> str:
    """``urn:uuid:`` + ``uuid.uuid5(site uuid, key)``: a paper's feed id, published forever."""
    return uuid.uuid5(_namespace(site_id), key).urn


@lru_cache(maxsize=8)
def _namespace(site_id: str) -> uuid.UUID:
    return uuid.UUID(site_id.removeprefix("urn:uuid:"))


def read_ledger(path: Path, name: str = LEDGER_FILE) -> Ledger | None:
    """The ledger at ``path`` (named ``name`` in messages), or None before the first build."""
    if not path.is_file():
        return None
    return parse_ledger(read_text(path, name), name)


def published_prints(ledger: Ledger | None) -> dict[str, str]:
    """Every ledger key -> its abstract's fingerprint: which listing keeps a title several arXiv
    ids share (``merge.id_keys``)."""
    return {entry.key: entry.fingerprint for entry in ledger.entries} if ledger else {}


def known_titles(ledger: Ledger | None) -> frozenset[str]:
    """The title keys of every paper the ledger has seen: they settle one-line cuts (``merge``)."""
    return frozenset(entry.key for entry in ledger.entries) if ledger else frozenset()


def save_ledger(path: Path, ledger: Ledger) -> None:
    """Write the extended ledger when it changed (atomic replace, so a crash never truncates it)."""
    text = format_ledger(ledger)
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return
    write_atomically(path, text.encode("utf-8"))


def parse_ledger(text: str, name: str) -> Ledger:
    lines = text.splitlines()
    header = lines[0].split("\t") if lines else []
    if len(header) != 2 or header[0] != HEADER or not _is_urn_uuid(header[1]):
        raise ConfigError(f"first line must be '{HEADER}<TAB>urn:uuid:...'", Location(name, 1))
    entries: list[LedgerEntry] = []
    problems: list[Problem] = []
    for number, line in enumerate(lines[1:], start=2):
        if line.strip():
            entry = _parse_entry(line, name, number, problems)
            entries.append(entry) if entry else None
    problems += _duplicates(entries, name)
    if problems:
        raise ConfigError(problems)
    return Ledger(header[1], tuple(sorted(entries, key=lambda e: e.key)))


def _parse_entry(line: str, name: str, number: int, problems: list[Problem]) -> LedgerEntry | None:
    """One ledger line; its ``Location`` is only made for a problem (10,000 good lines need none)."""
    fields = line.split("\t")
    if len(fields) not in (4, 5) or not all(fields[:3]) or not _is_urn_uuid(fields[2]):
        message = "expected key<TAB>slug<TAB>urn:uuid:feed-id<TAB>fingerprint"
        problems.append(error(Location(name, number), message))
        return None
    key, slug, feed_id, print_ = fields[:4]
    state = fields[4] if len(fields) == 5 else ""
    for named in (slug, *([state.removeprefix("moved:")] if state.startswith("moved:") else [])):
        if not _SLUG.fullmatch(named):
            message = f"slug {named!r} must be lowercase ASCII letters and digits joined by single hyphens"
            problems.append(error(Location(name, number), message))
            return None
    if not state:  # a live paper: the usual line
        return LedgerEntry(key, slug, feed_id, print_)
    if state != "gone" and not state.startswith("moved:"):
        message = f"last column must be 'moved:<slug>' or 'gone', not {state!r}"
        problems.append(error(Location(name, number), message))
        return None
    moved = state.removeprefix("moved:") if state.startswith("moved:") else None
    return LedgerEntry(key, slug, feed_id, print_, moved, state == "gone")


def _duplicates(entries: Sequence[LedgerEntry], name: str) -> list[Problem]:
    problems, keys, slugs, feed_ids = [], set(), set(), set()
    for entry in entries:
        if entry.key in keys or entry.slug in slugs or entry.feed_id in feed_ids:
            problems.append(error(Location(name), f"key {entry.key!r}, slug {entry.slug!r} or feed id "
                                                  f"{entry.feed_id!r} appears twice"))
        keys.add(entry.key)
        slugs.add(entry.slug)
        feed_ids.add(entry.feed_id)
    return problems


def _is_urn_uuid(text: str) -> bool:
    if _CANONICAL_URN_UUID.fullmatch(text):
        return True
    try:
        uuid.UUID(text.removeprefix("urn:uuid:"))
    except ValueError:
        return False
    return text.startswith("urn:uuid:")


def format_ledger(ledger: Ledger) -> str:
    lines = [f"{HEADER}\t{ledger.site_id}"]
    for e in sorted(ledger.entries, key=lambda e: e.key):
        state = "\tgone" if e.gone else (f"\tmoved:{e.moved_to}" if e.moved_to is not None else "")
        lines.append(f"{e.key}\t{e.slug}\t{e.feed_id}\t{e.fingerprint}{state}")
    return "\n".join(lines) + "\n"


def assign_permalinks(papers: Sequence[Paper], ledger: Ledger | None, base_url: str, *,
                      allow_url_change: bool = False, ledger_name: str = LEDGER_FILE) -> Permalinks:
    """Keep every ledger URL, give new papers new slugs (first seen keeps the plain slug), and stop
    when a published URL would disappear unless ``allow_url_change``."""
    site_id = ledger.site_id if ledger else new_site_id(base_url)
    old = {e.key: e for e in ledger.entries} if ledger else {}
    prints = {p.key: fingerprint(p.abstract) for p in papers}  # each abstract hashed once
    live = {p.key: _revive(old[p.key], prints[p.key]) for p in papers if p.key in old}
    orphans = {k: e for k, e in old.items() if k not in live and not e.retired}
    newcomers = [p for p in papers if p.key not in live]
    live.update(_claim_corrected_titles(newcomers, orphans, prints))
    taken = {e.slug for e in old.values()}
    for paper in newcomers:
        if paper.key not in live:
            slug = unique_slug(slugify(paper.title) or _fallback_slug(paper.key), taken)
            taken.add(slug)
            live[paper.key] = LedgerEntry(paper.key, slug, feed_id_for(site_id, paper.key), prints[paper.key])
    retired = _retire(orphans, live, allow_url_change, ledger_name)
    kept = [e for k, e in old.items() if e.retired and k not in live]
    entries = tuple(sorted([*live.values(), *retired, *kept], key=lambda e: e.key))
    return Permalinks(
        site_id=site_id,
        permalinks={p.key: Permalink(p.key, live[p.key].slug, live[p.key].feed_id) for p in papers},
        redirects=_redirects(entries),
        ledger=Ledger(site_id, entries),
    )


def _revive(entry: LedgerEntry, print_: str) -> LedgerEntry:
    """A ledger paper seen again keeps slug and id; its fingerprint follows the best abstract."""
    if (print_ or entry.fingerprint) == entry.fingerprint and not entry.retired:
        return entry  # unchanged, the usual case: no need for a copy
    return LedgerEntry(entry.key, entry.slug, entry.feed_id, print_ or entry.fingerprint)


def _claim_corrected_titles(newcomers: Iterable[Paper], orphans: dict[str, LedgerEntry],
                            prints: Mapping[str, str]) -> dict[str, LedgerEntry]:
    """A new key with the abstract of a vanished one is the same paper with a corrected title."""
    by_print: dict[str, str] = {}
    for key in sorted(orphans):
        if orphans[key].fingerprint:
            by_print.setdefault(orphans[key].fingerprint, key)
    claimed: dict[str, LedgerEntry] = {}
    for paper in newcomers if by_print else ():  # nothing to claim on a first build
        old_key = by_print.pop(prints[paper.key], None)
        if old_key is not None:
            claimed[paper.key] = replace(orphans.pop(old_key), key=paper.key)
    return claimed


def _retire(orphans: Mapping[str, LedgerEntry], live: Mapping[str, LedgerEntry],
            allow: bool, ledger_name: str) -> list[LedgerEntry]:
    if not orphans:
        return []
    successors = {e.fingerprint: e.slug for e in live.values() if e.fingerprint}
    retired, problems = [], []
    for key in sorted(orphans):
        entry = orphans[key]
        target = successors.get(entry.fingerprint) if entry.fingerprint else None
        retired.append(replace(entry, moved_to=target, gone=target is None))
        fate = f"would move to /{paper_path(target)}" if target else "would disappear"
        problems.append(error(Location(ledger_name), f"/{paper_path(entry.slug)} ({key!r}) {fate}; "
                                                    "rerun with --allow-url-change to accept"))
    if problems and not allow:
        raise UrlChangeError(problems)
    return retired


def _redirects(entries: Sequence[LedgerEntry]) -> dict[str, str]:
    """Old slug -> live slug, following chains of moves (a paper corrected twice)."""
    moved = {e.slug: e.moved_to for e in entries if e.moved_to is not None}
    live = {e.slug for e in entries if not e.retired}
    redirects = {}
    for old in sorted(moved):
        target = moved[old]
        for _ in range(len(moved)):
            if target in live or target not in moved:
                break
            target = moved[target]
        if target in live:
            redirects[old] = target
    return redirects


def unique_slug(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... still within ``SLUG_MAX``."""
    if base not in taken:
        return base
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = base[: SLUG_MAX - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        n += 1


def _fallback_slug(key: str) -> str:
    """Titles with no ASCII letters at all (e.g. only CJK) still get a stable slug."""
    return "paper-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
