"""Why a paper has the tags it has: every rule that matched with the exact spans, every rule that nearly
did, and what overrides and parents changed. Decisions come from the same term test as ``apply_rules``;
only the spans are computed here, on demand, for one paper."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..model import Paper
from .match import PaperFinder, TagClosure, direct_tags, override_sets, paper_views
from .rules import Rule, RuleSet
from .terms import Term, fold, plain_matches

CONTEXT = 32
"""Characters of context shown on each side of a hit."""


@dataclass(frozen=True, slots=True)
class Hit:
    """One place a term matched."""

    group: str
    """``any``, ``all`` or ``none``."""
    term: str
    field: str
    start: int
    """Offset in the field's original text (characters)."""
    end: int
    text: str
    context: str
    """The surrounding text with the hit in ``[brackets]``."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """What one rule made of the paper."""

    tag: str
    status: str
    """``matched``; near misses: ``blocked`` (a ``none`` term hit), ``incomplete`` (an ``all`` term
    missing); or ``manual`` (a rule with no terms) / ``no match``."""
    hits: tuple[Hit, ...]
    missing: tuple[str, ...]
    """``all`` terms that were not found."""

    @property
    def near_miss(self) -> bool:
        return self.status in ("blocked", "incomplete")


@dataclass(frozen=True, slots=True)
class Explanation:
    key: str
    title: str
    tags: tuple[str, ...]
    """The paper's final tags (what ``apply_rules`` gives it)."""
    sources: Mapping[str, str]
    """Tag -> why it is there: ``rule``, ``override``, ``parent of <tag>``."""
    removed: tuple[str, ...]
    """Tags an override removes."""
    hidden: bool
    verdicts: tuple[Verdict, ...]
    """Matched rules and near misses, in file order."""


def explain_paper(rules: RuleSet, paper: Paper, papers: Sequence[Paper],
                  slugs: Mapping[str, str] | None = None) -> Explanation:
    finder = PaperFinder(papers, slugs)
    added, removed = override_sets(rules, finder)
    views = paper_views(paper)
    (direct,) = direct_tags(rules.rules, {name: [text] for name, text in views.items()})
    verdicts = tuple(judge(rule, views, rule.tag in direct) for rule in rules.rules)
    matched = {v.tag for v in verdicts if v.status == "matched"}
    extra, gone = added.get(paper.key, set()), removed.get(paper.key, set())
    tags = TagClosure(rules).close(matched | extra, gone)
    sources = {tag: _source(rules, tag, matched, extra, tags) for tag in tags}
    hidden = any(finder.find(ref.name) == paper.key for ref in rules.hide)
    kept = tuple(v for v in verdicts if v.status == "matched" or v.near_miss)
    return Explanation(paper.key, paper.title, tags, sources, tuple(sorted(gone)), hidden, kept)


def _source(rules: RuleSet, tag: str, matched: set[str], extra: set[str], tags: Iterable[str]) -> str:
    if tag in matched:
        return "rule"
    if tag in extra:
        return "override"
    children = [t.id for t in rules.tags if tag in rules.ancestors(t.id) and t.id in tags]
    return "parent of " + ", ".join(children)


def judge(rule: Rule, views: Mapping[str, str], matched: bool) -> Verdict:
    """The rule's verdict with every hit; whether it matched is decided by ``apply_rules``' own
    matcher (``matched``), so an explanation never disagrees with the build."""
    fields = [(name, views[name]) for name in rule.fields]
    hits = {group: [find_hits(group, term, fields) for term in terms]
            for group, terms in (("any", rule.any), ("all", rule.all), ("none", rule.none))}
    missing = tuple(term.text for term, found in zip(rule.all, hits["all"], strict=True) if not found)
    blocked = any(hits["none"])
    flat = tuple(hit for group in hits.values() for spans in group for hit in spans)
    # Nearly matched: the rule's `any` holds (or, without one, some `all` term was found), so only a
    # `none` term or a missing `all` term stands in the way.
    started = any(hits["any"]) if rule.any else any(hits["all"])
    if not rule.automatic:
        status = "manual"
    elif matched:
        status = "matched"
    elif started and (blocked or missing):
        status = "blocked" if blocked and not missing else "incomplete"
    else:
        status = "no match"
    return Verdict(rule.tag, status, flat, missing)


def find_hits(group: str, term: Term, fields: Sequence[tuple[str, str]]) -> list[Hit]:
    """Every match of the term, as offsets in the original text (plain terms match the folded text,
    whose offsets are mapped back: casefolding can lengthen text, as ß -> ss, and composing shortens
    it, as o + a combining diaeresis -> ö)."""
    hits: list[Hit] = []
    for name, text in fields:
        if term.plain:
            folded, starts, ends = fold_with_offsets(text)
            spans = [(starts[m.start()], ends[m.end() - 1]) for m in plain_matches(term, folded)]
        else:
            spans = [m.span() for m in term.pattern.finditer(text)]
        hits.extend(Hit(group, term.text, name, start, end, text[start:end],
                        in_context(text, start, end)) for start, end in spans)
    return hits


@lru_cache(maxsize=16)
def fold_with_offsets(text: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """``terms.fold(text)`` and, for each of its characters, where in ``text`` the characters it
    came from start and end. Text is folded a piece at a time (a character with the combining marks
    that compose with it), so the pieces join to ``fold(text)``."""
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    piece_start, raw = 0, ""
    for offset, char in enumerate((*text, "")):
        folded = char.casefold()
        if raw and (not folded or _starts_anew(raw, folded)):
            done = fold(raw)
            pieces.append(done)
            starts.extend([piece_start] * len(done))
            ends.extend([offset] * len(done))
            piece_start, raw = offset, ""
        raw += folded
    return "".join(pieces), tuple(starts), tuple(ends)


def _starts_anew(raw: str, folded: str) -> bool:
    """Whether casefolded ``folded`` begins a new piece after ``raw``: nothing of it composes with or
    reorders around what comes before."""
    if folded.isascii() and raw.isascii():
        return True
    return (unicodedata.combining(folded[0]) == 0
            and unicodedata.normalize("NFC", raw + folded) == fold(raw) + fold(folded))


def in_context(text: str, start: int, end: int) -> str:
    before = text[max(0, start - CONTEXT):start]
    after = text[end:end + CONTEXT]
    lead = "…" if start > CONTEXT else ""
    tail = "…" if end + CONTEXT < len(text) else ""
    return " ".join(f"{lead}{before}[{text[start:end]}]{after}{tail}".split())
