"""XML parsed into ElementTree elements that remember their line, so problems point at ``file:line``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET
from xml.parsers import expat


@dataclass(frozen=True, slots=True)
class XmlDoc:
    root: ET.Element
    lines: dict[int, int] = field(repr=False)
    """``id(element)`` -> 1-based line of its start tag (ElementTree itself keeps no positions)."""

    def line(self, element: ET.Element | None) -> int:
        return 0 if element is None else self.lines.get(id(element), 0)


def _clark(name: str) -> str:
    """expat's ``uri local`` (namespace_separator=" ") as ElementTree's ``{uri}local``."""
    uri, _, local = name.rpartition(" ")
    return f"{{{uri}}}{local}" if uri else local


def parse_xml(path: Path) -> XmlDoc:
    """Parse ``path``; raises ``expat.ExpatError`` (with ``.lineno``) when it is not well-formed."""
    parser = expat.ParserCreate(namespace_separator=" ")
    builder = ET.TreeBuilder()
    lines: dict[int, int] = {}
    # The elements must outlive parsing, or a recycled id() could point at the wrong line.
    keep: list[ET.Element] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        element = builder.start(_clark(name), {_clark(k): v for k, v in attrs.items()})
        lines[id(element)] = parser.CurrentLineNumber
        keep.append(element)

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda name: builder.end(_clark(name))
    parser.CharacterDataHandler = builder.data
    with path.open("rb") as stream:
        parser.ParseFile(stream)
    return XmlDoc(builder.close(), lines)
