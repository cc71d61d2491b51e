"""What a paragraph of a blocks or meta dump is, judged by its own text rather than by its place.

The block layouts alternate title and abstract, but a browser copy does not always: an abstract may
arrive as two paragraphs, a title without its abstract, a stray button label between them. Reading by
alternation, one such paragraph would shift every paper after it. So each paragraph is classified:

- *prose*: an abstract's text. It ends with a full stop (not an abbreviation's) or an ellipsis, or
  holds a full stop and a new sentence inside it, or is longer than any title (a title may end with
  ``?`` or start lower-case: ``netFound: ...``);
- *stray*: a label of the page's UI (``Upvote``, ``View PDF``, a bare number), never a title;
- *title*: the rest: short, no sentence-final full stop.
"""

from __future__ import annotations

import re

MAX_TITLE_CHARS = 300
"""Longer than any real title (the seeds' longest is under 200 characters)."""
MAX_TITLE_WORDS = 40
SENTENCE_BREAK = re.compile(r"(\S+)\. [A-Z]")
"""A full stop inside the paragraph and a sentence beginning after it: prose. Not ``?`` or ``!``:
titles ask ("To Cool or not to Cool? Temperature Network ..."); not after an abbreviation."""
ABBREVIATIONS = frozenset({"al", "e.g", "i.e", "vs", "v.s", "cf", "etc", "fig", "eq", "no", "inc", "ltd",
                           "jr", "sr", "st", "dr", "mr", "ms", "approx", "resp"})
ABBREVIATION_END = re.compile(r"\b(?:al|e\.g|i\.e|vs|cf|etc|fig|eq|no|Inc|Ltd|Jr|Sr|St|Dr|Mr|Ms)\.$")
UI_LABELS = frozenset({
    "abstract", "ai-generated summary",  # the headings of a paper's own page
    "upvote", "upvoted", "view pdf", "pdf", "arxiv", "code", "share", "copy",
    "copy link", "follow", "save", "cite", "collections", "models", "datasets", "spaces", "comments",
    "comment", "discussion", "add to collection", "view arxiv page", "view code", "github", "project page",
    "read more", "show more", "show less", "more", "less", "trending", "top",
})

LONGEST_LABEL = max(map(len, UI_LABELS))


def is_stray(text: str) -> bool:
    """A UI label or a bare number: never a title, never an abstract."""
    if len(text) > LONGEST_LABEL:  # every abstract: no need to fold it
        return False
    folded = " ".join(text.casefold().split())
    return folded in UI_LABELS or not any(ch.isalpha() for ch in text)


def is_prose(text: str) -> bool:
    """Reads as (part of) an abstract rather than as a title."""
    if len(text) > MAX_TITLE_CHARS or len(text.split()) > MAX_TITLE_WORDS:
        return True
    if any(_ends_sentence(found[1]) for found in SENTENCE_BREAK.finditer(text)):
        return True
    if text.endswith(("…", "...")):  # an abstract the page cut short
        return True
    # No rule on a final ``?`` (long titles ask too) nor on the first letter (``netFound: ...``).
    return text.endswith(".") and not ABBREVIATION_END.search(text)


INITIALISM = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
"""``U.S``, ``A.I``: letters between full stops (the last stop is the one ``SENTENCE_BREAK`` found)."""


def _ends_sentence(word: str) -> bool:
    """``word.`` ends a sentence: not an abbreviation, not an initial (``J.``), not an initialism
    (``U.S.``, as in "Learning from U.S. Census Data"), not a pause (``Wait...``): titles hold those."""
    bare = word.strip("([\"'").casefold()
    return (len(bare) > 1 and bare not in ABBREVIATIONS and not bare.endswith(".")
            and INITIALISM.fullmatch(bare) is None)
