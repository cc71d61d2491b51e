"""Curator notes: ``content/notes/*.md`` with a small front matter naming what they annotate::

    ---
    paper: Attention Is All You Need      # or the paper's slug
    ---
    Markdown...

``digest: 2025-03-12`` puts a note on top of that digest's page; ``page: about`` makes ``/about/``
(``title:`` optional). Markdown goes through markdown-it-py with raw HTML off, and links are kept only
when they are http(s) or relative; root-relative links get the site's base path so they work under a
sub-path. Every problem names the note's file and line.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .config.frontmatter import split_front_matter
from .errors import ConfigError, error
from .merge import title_key
from .model import Location, Paper, Problem
from .site import RESERVED, Note, NoteKind
from .util.textfile import read_text

FRONT_KEYS = ("paper", "digest", "page", "title")
NOTES_LABEL = "notes"
"""How notes are named in messages: ``notes/x.md``, relative to the content folder."""
PAGE_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class SafeMarkdown(MarkdownIt):
    """CommonMark with raw HTML off and only http(s) or relative links and images."""

    def __init__(self) -> None:
        super().__init__("commonmark", {"html": False})

    def validateLink(self, url: str) -> bool:  # markdown-it's hook name
        return is_safe_link(url)


def is_safe_link(link: str) -> bool:
    """http(s) or relative (no scheme at all); never ``javascript:``, ``data:``, ``file:``..."""
    scheme = urlsplit(link.strip()).scheme.lower()
    return scheme in ("", "http", "https")


def render_markdown(text: str, base_path: str = "/") -> str:
    """Safe HTML for curator Markdown (tag descriptions use this too)."""
    md = SafeMarkdown()
    tokens = md.parse(text)
    _prefix_root_links(tokens, base_path)
    html: str = md.renderer.render(tokens, md.options, {})
    return html


def markdown_text(text: str) -> str:
    """What a reader sees of curator Markdown, as plain text (a meta description): the words of
    every paragraph, code spans kept as written (``O(n*m)``, ``snake_case``), markup dropped."""
    words: list[str] = []
    for block in SafeMarkdown().parse(text):
        for token in block.children or ():
            if token.type in ("text", "code_inline"):  # raw HTML is off: "<b>" is text
                words.append(token.content)
            elif token.type in ("softbreak", "hardbreak"):
                words.append(" ")
        if block.type.endswith("_close") and block.block:
            words.append(" ")
    return " ".join("".join(words).split())


def _prefix_root_links(tokens: Iterable[Token], base_path: str) -> None:
    # Markdown tokens are markdown-it's own mutable parse tree, made for exactly this kind of pass.
    for token in tokens:
        for name in ("href", "src"):
            value = token.attrGet(name)
            if isinstance(value, str) and value.startswith("/") and not value.startswith("//"):
                token.attrSet(name, base_path + value[1:])
        if token.children:
            _prefix_root_links(token.children, base_path)


def load_notes(folder: Path, papers: Sequence[Paper], slugs: Mapping[str, str],
               digests: Collection[date], base_path: str = "/") -> tuple[Note, ...]:
    """Every note in ``folder`` (none when it does not exist), sorted by kind, target and file."""
    if not folder.is_dir():
        return ()
    targets = _paper_lookup(papers, slugs)
    notes: list[Note] = []
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.md")):
        name = f"{NOTES_LABEL}/{path.name}"
        try:
            text = read_text(path, name)
        except ConfigError as exc:  # every note's problems at once, this one's among them
            problems += exc.problems
            continue
        note = parse_note(text, name, targets, digests, base_path, problems)
        if note is not None:
            notes.append(note)
    problems += _duplicates(notes)
    if problems:
        raise ConfigError(sorted(problems))
    return tuple(sorted(notes, key=lambda n: (n.kind.value, n.target, n.location)))


def _paper_lookup(papers: Sequence[Paper], slugs: Mapping[str, str]) -> dict[str, str]:
    lookup = {slugs[p.key]: p.key for p in papers if p.key in slugs}
    lookup.update({p.key: p.key for p in papers})
    return lookup


def parse_note(text: str, name: str, papers: Mapping[str, str], digests: Collection[date],
               base_path: str, problems: list[Problem]) -> Note | None:
    """One note, or None with the reasons appended to ``problems``."""
    lines = text.splitlines()
    found: list[Problem] = []
    front = split_front_matter(lines, name, FRONT_KEYS, found)
    if not front.size:
        found.append(error(Location(name, 1), "a note starts with front matter: '---', 'paper: ...', '---'"))
    problems += found
    if found:
        return None
    body = "\n".join(lines[front.size :])
    return _make_note(front.values, name, body, papers, digests, base_path, problems)


def _make_note(front: Mapping[str, tuple[str, Location]], name: str, body: str, papers: Mapping[str, str],
               digests: Collection[date], base_path: str, problems: list[Problem]) -> Note | None:
    kinds = [k for k in ("paper", "digest", "page") if k in front]
    if len(kinds) != 1:
        problems.append(error(Location(name, 1), "front matter needs exactly one of paper:, digest:, page:"))
        return None
    value, where = front[kinds[0]]
    target = _resolve(kinds[0], value, where, papers, digests, problems)
    if target is None:
        return None
    title = front["title"][0] if "title" in front else (value.replace("-", " ").capitalize()
                                                         if kinds[0] == "page" else "")
    return Note(NoteKind(kinds[0]), target, title, render_markdown(body, base_path), where)


def _resolve(kind: str, value: str, where: Location, papers: Mapping[str, str],
             digests: Collection[date], problems: list[Problem]) -> str | None:
    if kind == "paper":
        key = papers.get(value) or papers.get(title_key(value))
        if key is None:
            problems.append(error(where, f"no published paper has the title or slug {value!r}"))
        return key
    if kind == "digest":
        try:
            day = date.fromisoformat(value)
        except ValueError:
            day = None
        if day is None or day not in digests:
            problems.append(error(where, f"no digest dated {value!r} (expected YYYY-MM-DD of a dump)"))
            return None
        return day.isoformat()
    if not PAGE_SLUG.match(value):
        problems.append(error(where, f"page name {value!r} must be lowercase letters, digits and hyphens"))
        return None
    if value in RESERVED:
        problems.append(error(where, f"page name {value!r} is taken by the site itself (/{value}); "
                                     f"the site uses {', '.join(sorted(RESERVED))}"))
        return None
    return value


def _duplicates(notes: Sequence[Note]) -> list[Problem]:
    seen: dict[tuple[NoteKind, str], Note] = {}
    problems = []
    for note in notes:
        first = seen.setdefault((note.kind, note.target), note)
        if first is not note:
            problems.append(error(note.location, f"a second note for the same {note.kind.value}; "
                                                 f"the first is at {first.location}"))
    return problems
