"""Decoding and the messy parts of a browser copy; every bad-input error with its file:line."""

from __future__ import annotations

from pathlib import Path

import pytest
from sources_support import ABSTRACT_A, ABSTRACT_B, blocks, write

from sitegen.errors import InputError
from sitegen.model import Location, Severity
from sitegen.sources import read_dump

NAME = "2025-03-12.txt"


def only_error(exc: pytest.ExceptionInfo[InputError]) -> tuple[Location, str]:
    (problem,) = exc.value.problems
    assert problem.severity is Severity.ERROR
    return problem.location, problem.message


def test_crlf_bom_nbsp_and_trailing_spaces_are_normalised(tmp_path: Path) -> None:
    text = blocks("Deep\u00a0Nets:  a\u2009Study   ", ABSTRACT_A + " \t").replace("\n", "\r\n")
    dump = read_dump(write(tmp_path, NAME, b"\xef\xbb\xbf" + text.encode("utf-8")))
    (entry,) = dump.entries
    assert (entry.title, entry.abstract) == ("Deep Nets: a Study", ABSTRACT_A)
    assert entry.location.line == 11  # CRLF counted as one break
    assert dump.warnings == ()


def test_lone_cr_line_endings(tmp_path: Path) -> None:
    text = blocks("T one", ABSTRACT_A, "T two", ABSTRACT_B).replace("\n", "\r")
    dump = read_dump(write(tmp_path, NAME, text))
    assert [(e.title, e.location.line) for e in dump.entries] == [("T one", 11), ("T two", 15)]


def test_markup_is_kept_as_text(tmp_path: Path) -> None:
    abstract = "We inject <script>alert(1)</script> and keep &amp; literally."
    dump = read_dump(write(tmp_path, NAME, blocks("A <b>bold</b> title & more", abstract)))
    (entry,) = dump.entries
    assert entry.title == "A <b>bold</b> title & more"
    assert entry.abstract == abstract


def test_control_characters_are_removed_with_a_warning(tmp_path: Path) -> None:
    dump = read_dump(write(tmp_path, NAME, blocks("Zero\u200bwidth\x07 title", ABSTRACT_A)))
    assert dump.entries[0].title == "Zerowidth title"
    assert [(p.location.line, p.severity) for p in dump.warnings] == [(11, Severity.WARNING)]


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t\n", b"\xef\xbb\xbf"])
def test_empty_file_is_an_error(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(InputError) as exc:
        read_dump(write(tmp_path, NAME, data))
    location, message = only_error(exc)
    assert location == Location(str(tmp_path / NAME))
    assert "empty" in message


def test_binary_file_is_an_error_at_the_line_of_the_nul(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        read_dump(write(tmp_path, NAME, b"new\r\n\r\nSubscribe\n\x00\x01\x02"))
    location, message = only_error(exc)
    assert location.line == 4
    assert "binary" in message


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])
def test_a_utf16_dump_is_named_as_such_not_as_binary(tmp_path: Path, codec: str) -> None:
    data = blocks("Title", ABSTRACT_A).encode(codec)
    data = data if data.startswith((b"\xff\xfe", b"\xfe\xff")) else b"\xfe\xff" + data
    with pytest.raises(InputError) as exc:
        read_dump(write(tmp_path, NAME, data))
    location, message = only_error(exc)
    assert location.line == 1
    assert message.startswith("saved as UTF-16 text; save the dump as UTF-8")


def test_undecodable_bytes_give_the_line_of_the_first_bad_byte(tmp_path: Path) -> None:
    data = blocks("Title", ABSTRACT_A).encode("utf-8") + b"\n\ncaf\xe9 latin-1 line\n"
    with pytest.raises(InputError) as exc:
        read_dump(write(tmp_path, NAME, data))
    location, message = only_error(exc)
    assert location == Location(str(tmp_path / NAME), 15)  # title 11, abstract 13, blank, bad line
    assert "UTF-8" in message and "0xe9" in message


def test_unreadable_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        read_dump(tmp_path / "2025-03-12-missing.txt")
    location, message = only_error(exc)
    assert location.path.endswith("2025-03-12-missing.txt") and location.line == 0
    assert "cannot read" in message


def test_a_folder_given_as_a_dump_is_an_error(tmp_path: Path) -> None:
    (tmp_path / NAME).mkdir()
    with pytest.raises(InputError) as exc:
        read_dump(tmp_path / NAME)
    assert "cannot read" in only_error(exc)[1]


def test_display_name_is_used_in_messages(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        read_dump(write(tmp_path, NAME, b""), name="dumps/x.txt")
    assert only_error(exc)[0] == Location("dumps/x.txt")
