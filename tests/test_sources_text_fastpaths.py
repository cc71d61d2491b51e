"""Decoding's whole-text shortcuts (issue 6) agree with reading the text line by line."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.sources.text import all_printable, normalise_each, normalise_lines

ODD = st.sampled_from(["", " ", "  ", "\u00a0", "\t", "\u2009", "\u200b", "\x07", "\ufeff", "é", "…", "日",
                       "\r\n", "\r", "\n", "a", "Ab", "<b>"])
TEXT = st.lists(st.one_of(ODD, st.text(max_size=4)), max_size=20).map("".join)


@settings(max_examples=100, deadline=None)
@given(text=TEXT)
def test_all_printable_is_isprintable_apart_from_line_breaks(text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    expected = text.replace("\r", "").replace("\n", "").isprintable()
    assert all_printable(data) is expected


@settings(max_examples=100, deadline=None)
@given(text=TEXT)
def test_normalise_lines_equals_the_line_by_line_reading(text: str) -> None:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    expected = normalise_each(lines, "d.txt")
    assert normalise_lines(text, "d.txt") == expected
    assert normalise_lines(text, "d.txt", all_printable(text.encode("utf-8", "surrogatepass"))) == expected


def test_shortcut_cases_by_hand() -> None:
    assert all_printable("Deep nets: a study of <b> \u00d7 3 \u2026\nnext\r\n".encode())
    assert not all_printable(b"tab\there")
    assert not all_printable("nbsp\u00a0here".encode())
    assert not all_printable("zero\u200bwidth".encode())
    assert normalise_lines(" a  b \nc ", "d.txt") == (("a b", "c"), ())
    lines, warnings = normalise_lines("ok\nbell\x07 here", "d.txt")
    assert lines == ("ok", "bell here")
    assert [(w.location.line, w.message) for w in warnings] == [
        (2, "removed control or invisible characters")]
