"""Rule terms: what a curator writes in ``any``/``all``/``none``, compiled once.

A plain term matches case-insensitively on word boundaries; ``/.../`` is a Python regular expression
(``/.../i`` ignores case). Plain terms are matched against the folded text (``fold``: casefolded, then
composed, so ``ö`` written as ``o`` + a combining diaeresis is the one letter it looks like):
``plain_matches`` says what a match is; ``literals.find_literals`` finds them for many papers at
once (what makes tagging fast).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Location

WORD = re.compile(r"\w+")
_REGEX_TERM = re.compile(r"/(?P<body>.*)/(?P<flags>i?)", re.DOTALL)


class TermError(ValueError):
    """A term that cannot be compiled; the message is a plain sentence."""


@dataclass(frozen=True, slots=True)
class Term:
    """One compiled term of a rule."""

    text: str
    """As the curator wrote it (shown in explanations and errors)."""
    pattern: re.Pattern[str]
    """Plain terms: searched in the folded text (see ``fold`` and ``plain_matches``). Regex terms: searched in
    the original text."""
    plain: bool
    literal: str
    """Plain terms: the folded words with single spaces between them, what ``find_literals``
    searches for in texts whose whitespace runs are single spaces. Regex terms: empty."""
    location: Location
    boundary_before: bool = False
    """A plain term starting with a word character needs a non-word character (or the start) before
    it. It is checked outside the pattern: a leading ``\\b`` stops ``re`` from scanning for the literal
    prefix, which makes the search a hundred times slower."""


def compile_term(text: str, location: Location) -> Term:
    """Compile one term, or raise ``TermError`` saying why it cannot be used."""
    if not text.strip():
        raise TermError("an empty term would match nothing; remove it")
    regex = _REGEX_TERM.fullmatch(text)
    if regex:
        return _compile_regex(text, regex["body"], regex["flags"], location)
    if text.startswith("/") and len(text) > 1:
        raise TermError(f"term {text!r} starts like a regex but does not end with '/' or '/i'")
    folded = fold(text).strip()
    boundary = WORD.match(folded) is not None
    return Term(text, re.compile(plain_pattern(folded)), True, " ".join(folded.split()), location, boundary)


def fold(text: str) -> str:
    """Text as plain terms are matched in: casefolded, then in Unicode's composed form (NFC), so a
    letter and its accent typed as two characters (as some copies and feeds write them) match a term
    typed with one, and ``cafe`` does not match ``cafe`` + a combining acute as a whole word."""
    folded = text.casefold()
    return folded if folded.isascii() else unicodedata.normalize("NFC", folded)


def plain_pattern(folded: str) -> str:
    """Whole words, any run of whitespace between them; no boundary is needed beside punctuation
    (``C++`` must still match before a space). The boundary before is ``Term.boundary_before``."""
    body = r"\s+".join(re.escape(part) for part in folded.split())
    return body + r"\b" if WORD.match(folded[-1]) else body


def plain_matches(term: Term, folded: str) -> Iterator[re.Match[str]]:
    """Every match of a plain term in folded text (``fold``), overlapping ones included (a match rejected for
    its start may hide a good one inside it: ``a a`` in ``xa a a``)."""
    position = 0
    while (match := term.pattern.search(folded, position)) is not None:
        start = match.start()
        if not (term.boundary_before and start and WORD.match(folded[start - 1])):
            yield match
        position = start + 1


def _compile_regex(text: str, body: str, flags: str, location: Location) -> Term:
    if not body:
        raise TermError(f"regex {text!r} is empty")
    try:
        pattern = re.compile(body, re.IGNORECASE if flags else 0)
    except re.error as exc:
        raise TermError(f"regex {text!r} does not compile: {exc.msg} at position {exc.pos}") from exc
    if pattern.search(""):
        raise TermError(f"regex {text!r} matches empty text, so it would match every paper")
    return Term(text, pattern, False, "", location)
