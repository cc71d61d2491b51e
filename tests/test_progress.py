"""The build's progress reporter: line-oriented unless a person watches a terminal."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest

from sitegen.build.progress import LineReporter, progress, wants_bar

LINE = re.compile(r"^(?P<stage>[a-z ]+): done in (?P<seconds>\d+\.\d\d) s$")


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def ticking_clock(step: float) -> Callable[[], float]:
    now = [0.0]

    def clock() -> float:
        now[0] += step
        return now[0]

    return clock


def test_not_a_tty_gives_one_line_per_stage_in_order() -> None:
    stream = io.StringIO()
    stages = ("read dumps", "merge", "render")
    with progress(stages, stream=stream) as report:
        for name in stages:
            with report.stage(name):
                pass
    lines = stream.getvalue().splitlines()
    matches = [LINE.match(line) for line in lines]
    assert all(matches), lines
    assert [m.group("stage") for m in matches if m] == list(stages)


def test_line_reporter_prints_the_stage_time() -> None:
    stream = io.StringIO()
    reporter = LineReporter(stream, clock=ticking_clock(0.25))
    with reporter.stage("write"):
        pass
    assert stream.getvalue() == "write: done in 0.25 s\n"


def test_a_failing_stage_is_reported_and_the_error_goes_on() -> None:
    stream = io.StringIO()
    with pytest.raises(ValueError), progress(("merge",), stream=stream) as report, report.stage("merge"):
        raise ValueError("boom")
    assert re.fullmatch(r"merge: failed after \d+\.\d\d s\n", stream.getvalue())


def test_ci_keeps_a_terminal_line_oriented() -> None:
    stream = FakeTTY()
    assert not wants_bar(stream, {"CI": "true"})
    assert wants_bar(stream, {})
    assert not wants_bar(io.StringIO(), {})


def test_ci_variable_makes_progress_print_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    stream = FakeTTY()
    with progress(("tags",), stream=stream) as report, report.stage("tags"):
        pass
    assert LINE.match(stream.getvalue().strip())


def test_quiet_prints_nothing() -> None:
    stream = io.StringIO()
    with progress(("merge",), stream=stream, quiet=True) as report, report.stage("merge"):
        pass
    assert stream.getvalue() == ""


def test_bar_on_a_terminal_prints_no_stage_lines() -> None:
    stream = FakeTTY()
    with progress(("read dumps", "merge"), stream=stream, bar=True) as report:
        with report.stage("read dumps"):
            pass
        with report.stage("merge"):
            pass
    text = stream.getvalue()
    assert text  # the bar drew something
    assert not any(LINE.match(line) for line in text.splitlines())
