"""On arbitrary text the reader never crashes (only InputError) and never loses a line."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sources_support import HEADER, covered_lines

from sitegen.errors import InputError
from sitegen.sources import read_dump

# Lines that steer the reader into each of its paths, mixed with arbitrary text.
INTERESTING = st.sampled_from([
    *HEADER, "Daily Papers", "Mar 12", "Feb 29", "Dec 31, 2024 3", "  • 3 authors", "·", "Submitted by x",
    "---", "date: 2025-03-12", "- Title Here We show it. 2 authors · Feb 5",
    "7 A B c 1 authors · Jan 1, 2020",
    "", "", "   ", "\u00a0", "A title", "An abstract sentence that goes on.", "…", "<script>x</script>",
])
LINE = st.one_of(INTERESTING, st.text(max_size=40))
TEXT = st.lists(LINE, max_size=30).flatmap(
    lambda lines: st.sampled_from(["\n", "\r\n", "\r"]).map(lambda sep: sep.join(lines))
)


def check(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    try:
        dump = read_dump(path, require_date=False)
    except InputError as exc:
        assert exc.problems and all(str(p.location).startswith(str(path)) for p in exc.problems)
        return
    text = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    non_blank = {i for i, line in enumerate(text.split("\n"), 1) if line.split()}
    assert non_blank <= covered_lines(dump)
    assert all(1 <= e.location.line <= e.end_line <= dump.lines for e in dump.entries)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
def test_reader_never_crashes_or_loses_a_line(tmp_path: Path, text: str) -> None:
    check(tmp_path / "2025-03-12-prop.txt", text.encode("utf-8"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=200))
def test_reader_on_arbitrary_bytes_only_raises_input_error(tmp_path: Path, data: bytes) -> None:
    check(tmp_path / "prop.txt", data)
