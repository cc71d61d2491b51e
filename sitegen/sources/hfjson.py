"""Hugging Face listings as JSON: what ``GET /api/daily_papers?date=D`` returns, saved as ``D.json``.

The file is an array of items ``{"paper": {...}, "title", "summary", "publishedAt", "numComments", ...}``;
a list of ``/api/papers/{id}`` objects (the same fields, no ``paper`` wrapper) reads the same. Fields
may be missing or null, unknown ones are ignored. Each item becomes one entry located at the line its
object starts on; an item that cannot be a paper (no title, no summary, withdrawn) is a warning there.
Malformed JSON stops the file with one error at the line and column the parser gives.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from ..errors import InputError, error, warning
from ..model import Identity, Location, PartialDate, Problem, RawEntry
from .layouts import Parsed

ARXIV_ID = re.compile(r"(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})")
"""New-style (``2503.01234``) and old-style (``hep-th/9901001``) arXiv ids, without a version."""
_SPACE = re.compile(r"[ \t\r\n]*")


def read_hf_json(text: str, path: str) -> Parsed:
    """Every item of a daily-papers (or papers) JSON array, as entries and warnings."""
    out = Parsed()
    for line, item in array_items(text, path):
        location = Location(path, line)
        entry = hf_entry(item, location, out.warnings)
        if entry is not None:
            out.entries.append(entry)
    return out


def array_items(text: str, path: str) -> list[tuple[int, Any]]:
    """The top-level array's items with the line each starts on (``json.loads`` keeps no positions,
    so the array is walked one value at a time with the same decoder)."""
    decoder = json.JSONDecoder()
    try:
        start = _SPACE.match(text, 0).end()  # type: ignore[union-attr]
        if text[start : start + 1] != "[":
            value, _ = decoder.raw_decode(text, start)  # a valid value that is not an array, or an error
            raise InputError([error(Location(path, line_of(text, start)), not_an_array(value))])
        items: list[tuple[int, Any]] = []
        at = _SPACE.match(text, start + 1).end()  # type: ignore[union-attr]
        if text[at : at + 1] == "]":
            return items
        while True:
            value, end = decoder.raw_decode(text, at)
            items.append((line_of(text, at), value))
            at = _SPACE.match(text, end).end()  # type: ignore[union-attr]
            if text[at : at + 1] == "]":
                break
            if text[at : at + 1] != ",":
                raise json.JSONDecodeError("Expecting ',' delimiter", text, at)
            at = _SPACE.match(text, at + 1).end()  # type: ignore[union-attr]
        rest = _SPACE.match(text, at + 1).end()  # type: ignore[union-attr]
        if rest != len(text):
            raise json.JSONDecodeError("Extra data", text, rest)
        return items
    except json.JSONDecodeError as exc:
        message = f"not valid JSON: {exc.msg} (line {exc.lineno} column {exc.colno})"
        raise InputError([error(Location(path, exc.lineno, exc.colno), message)]) from None


def not_an_array(value: object) -> str:
    kind = type(value).__name__.replace("dict", "an object").replace("str", "a string")
    return (f"expected a JSON array of papers (what /api/daily_papers returns), found {kind}")


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def hf_entry(item: Any, location: Location, warnings: list[Problem]) -> RawEntry | None:
    """One item as a sighting; None (and a warning at its line) when it cannot be a paper."""
    if not isinstance(item, dict):
        shown = json.dumps(item)[:40]
        warnings.append(warning(location, f"skipped: a listing item is an object, not {shown}"))
        return None
    wrapped = item.get("paper")
    paper: dict[str, Any] = wrapped if isinstance(wrapped, dict) else item
    title = clean(text_field(item, "title") or text_field(paper, "title"))
    summary = clean(text_field(paper, "summary") or text_field(item, "summary"))
    if not title or not summary:
        missing = "title" if not title else "summary"
        shown = f" '{title}'" if title else ""
        warnings.append(warning(location, f"skipped paper{shown}: the item has no {missing}"))
        return None
    if paper.get("withdrawnAt"):
        warnings.append(warning(location, f"skipped '{title}': withdrawn on {paper['withdrawnAt']}"))
        return None
    listed = paper.get("authors")
    authors: list[Any] = listed if isinstance(listed, list) else []
    published_at = text_field(paper, "publishedAt") or text_field(item, "publishedAt")
    published = iso_date(published_at)
    if published_at and published is None:
        warnings.append(warning(location, f"publishedAt {published_at!r} is not a date: left out"))
    return RawEntry(
        location=location,
        title=title,
        abstract=summary,
        authors=len(authors) or None,
        published=published,
        upvotes=number(paper, "upvotes"),
        comments=number(item, "numComments"),
        end_line=location.line,
        identity=hf_identity(paper, authors, location, warnings),
    )


def hf_identity(paper: dict[str, Any], authors: list[Any], location: Location,
                warnings: list[Problem]) -> Identity | None:
    arxiv_id = text_field(paper, "id")
    if not arxiv_id:
        return None
    if not ARXIV_ID.fullmatch(arxiv_id):
        warnings.append(warning(location, f"'{arxiv_id}' is not an arXiv id: the paper is kept without it"))
        return None
    names = tuple(clean(a["name"]) for a in authors
                  if isinstance(a, dict) and isinstance(a.get("name"), str) and a["name"].strip()
                  and not a.get("hidden"))
    given = paper.get("ai_keywords")
    keywords: list[Any] = given if isinstance(given, list) else []
    return Identity(
        arxiv_id=arxiv_id,
        authors=names,
        keywords=tuple(clean(k) for k in keywords if isinstance(k, str) and k.strip()),
        github_repo=web_link(text_field(paper, "githubRepo")),
        github_stars=number(paper, "githubStars"),
        project_page=web_link(text_field(paper, "projectPage")),
    )


def text_field(record: dict[str, Any], name: str) -> str:
    value = record.get(name)
    return value if isinstance(value, str) else ""


def clean(text: str) -> str:
    """Whitespace squeezed, as the text reader does for pasted lines."""
    return " ".join(text.split())


def number(record: dict[str, Any], name: str) -> int | None:
    value = record.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def web_link(url: str) -> str | None:
    """Only http(s) links reach a page: a ``javascript:`` "project page" never becomes an href."""
    url = url.strip()
    return url if url.startswith(("https://", "http://")) and " " not in url else None


def iso_date(text: str) -> PartialDate | None:
    """``2025-03-10T13:45:00.000Z`` → its date; anything else None (the field is lost, not the paper)."""
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return None
    return PartialDate(day.month, day.day, day.year)
