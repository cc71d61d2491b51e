"""Dump text to safe HTML: everything escaped first, then bare http(s) URLs turned into links."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

# Deliberately narrow: only http/https, and a URL stops at whitespace or a character that cannot be in
# one unescaped. Trailing sentence punctuation is trimmed afterwards.
_URL = re.compile(r"https?://[^\s<>\"'`{}|\\^]+", re.IGNORECASE)
_TRAILING = ".,;:!?*'\""
_PAIRS = {")": "(", "]": "[", "}": "{"}


def linkify(text: str) -> Markup:
    """Escaped ``text`` with each http(s) URL in it as ``<a href>``; nothing else becomes markup."""
    parts: list[str] = []
    position = 0
    for match in _URL.finditer(text):
        address = _trim(match.group())
        if "://" not in address or address.endswith("://"):
            continue
        end = match.start() + len(address)
        parts.append(escape(text[position : match.start()]))
        parts.append(Markup('<a href="{0}" rel="nofollow">{0}</a>').format(address))
        position = end
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def _trim(address: str) -> str:
    """Drop punctuation that ends the sentence rather than the URL; keep balanced closing brackets."""
    while address:
        last = address[-1]
        if last in _TRAILING or (last in _PAIRS and address.count(last) > address.count(_PAIRS[last])):
            address = address[:-1]
        else:
            break
    return address


def paragraphs(text: str) -> Markup:
    """Linkified text with blank-line-separated paragraphs as ``<p>`` elements."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    return Markup("\n").join(Markup("<p>{}</p>").format(linkify(b)) for b in blocks)
