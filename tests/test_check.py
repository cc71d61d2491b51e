"""``sitegen check``: every problem of a project's inputs at once, with file:line, and nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import ONELINE_SEED, REPO, copy_content, site_files

from sitegen.cli import main
from sitegen.sources.layouts import UNSURE_CUT


def run_check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    code = main(["check", *argv])
    return code, capsys.readouterr().out.splitlines()


def test_the_seed_content_checks_clean_and_nothing_is_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = copy_content(tmp_path / "content")  # all five seeds: every rule's example is there
    shutil.copy(REPO / "content" / "permalinks.lock", content)  # the ledger knows the one-line seed's titles
    before = site_files(tmp_path)
    code, lines = run_check(capsys, "--content", str(content))
    assert code == 0
    assert lines[-1] == f"checked {content}: 0 errors, 0 warnings"
    assert site_files(tmp_path) == before  # no public/, no cache, no ledger written


def test_without_the_ledger_only_the_one_line_seeds_doubts_are_warned(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = copy_content(tmp_path / "content")
    code, lines = run_check(capsys, "--content", str(content))
    warned = [line.removeprefix("sitegen: ") for line in lines if ": warning: " in line]
    assert code == 0 and warned  # the seed's closest calls, read with nothing to settle them
    seed = f"{content / 'dumps' / ONELINE_SEED}:"
    assert all(line.startswith(seed) and f": warning: {UNSURE_CUT} (" in line for line in warned)


def test_every_broken_input_is_reported_at_once_with_its_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = copy_content(tmp_path / "content", dumps=["2025-03-12"])
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "feed_sise: 3\n", encoding="utf-8")
    site_line = len(site.read_text(encoding="utf-8").splitlines())
    (content / "tags.yaml").write_text("tags:\n  Bad Id:\n    any: [x]\n", encoding="utf-8")
    (content / "dumps" / "2025-03-13.txt").write_bytes(b"binary\x00junk\n")
    (content / "notes" / "clash.md").write_text("---\npage: stats\n---\nx\n", encoding="utf-8")
    before = site_files(tmp_path)
    code, lines = run_check(capsys, "--content", str(content))
    assert code == 1
    errors = [line.removeprefix("sitegen: ") for line in lines if ": error: " in line]
    located = {line.split(": error: ")[0] for line in errors}
    assert {f"{site}:{site_line}:1", f"{content / 'tags.yaml'}:2:3",
            f"{content / 'dumps' / '2025-03-13.txt'}:1"} <= located
    # The notes are checked against the dumps that could be read: the broken one does not hide them.
    assert f"{content / 'notes' / 'clash.md'}:2" in located
    assert lines[-1].startswith(f"checked {content}: {len(errors)} errors")
    assert site_files(tmp_path) == before


def test_warnings_fail_only_with_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = copy_content(tmp_path / "content")
    rules = content / "tags.yaml"
    rules.write_text(rules.read_text(encoding="utf-8") + "  No Such Paper: {add: [memory]}\n",
                     encoding="utf-8")
    code, lines = run_check(capsys, "--content", str(content))
    assert code == 0 and any(": warning: " in line and "No Such Paper" in line for line in lines)
    assert run_check(capsys, "--content", str(content), "--strict")[0] == 1


@pytest.mark.parametrize("name", ["site.yaml", "tags.yaml", "notes/about.md", "permalinks.lock"])
@pytest.mark.parametrize("command", ["check", "build"])
def test_an_undecodable_settings_rules_note_or_ledger_file_is_one_located_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, command: str) -> None:
    project = tmp_path / "my-digest"
    assert main(["init", str(project)]) == 0
    assert main(["build", "--content", str(project), "--quiet"]) == 0  # makes the ledger
    path = project / name
    lines = path.read_bytes().split(b"\n")
    path.write_bytes(b"\n".join([lines[0], b"# caf\xe9 (saved as Latin-1)", *lines[1:]]))
    before = site_files(project / "public")
    capsys.readouterr()
    assert main([command, "--content", str(project), "--quiet"] if command == "build"
                else [command, "--content", str(project)]) == 1
    said = capsys.readouterr()
    errors = [line for line in (said.err + said.out).splitlines() if ": error: " in line]
    assert errors == [f"sitegen: {path}:2: error: not valid UTF-8 (byte 0xe9); save the file as UTF-8 text"]
    assert site_files(project / "public") == before


SYNTAX_ERROR = '{% extends "default/base.html" %}\n{% block content %}\n{{ page.title }\n{% endblock %}\n'
UNDEFINED = ('{% extends "default/paper.html" %}\n{% block content %}\n<p>\n{{ nosuch.attr }}\n'
             '{% endblock %}\n')


@pytest.mark.parametrize(("name", "text", "line", "message", "checked"), [
    ("base.html", SYNTAX_ERROR, 3, "template error: unexpected '}'", True),
    ("paper.html", UNDEFINED, 4, "template error: 'nosuch' is undefined", False),  # known when drawn
])
def test_a_broken_template_override_is_one_located_error_and_public_stays(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, line: int, message: str,
        checked: bool) -> None:
    project = tmp_path / "my-digest"
    assert main(["init", str(project)]) == 0
    assert main(["build", "--content", str(project), "--quiet"]) == 0
    before = site_files(project / "public")
    (project / "templates").mkdir()
    (project / "templates" / name).write_text(text, encoding="utf-8")
    expected = f"sitegen: {project / 'templates' / name}:{line}: error: {message}"
    capsys.readouterr()
    assert main(["check", "--content", str(project)]) == (1 if checked else 0)
    errors = [e for e in capsys.readouterr().out.splitlines() if ": error: " in e]
    assert errors == ([expected] if checked else [])
    assert main(["build", "--content", str(project), "--quiet"]) == 1
    assert capsys.readouterr().err.splitlines() == [expected]
    assert site_files(project / "public") == before


def test_a_build_that_stops_reports_every_error_check_finds(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "my-digest"
    assert main(["init", str(project)]) == 0
    site = project / "site.yaml"
    site.write_text("\n".join(line for line in site.read_text(encoding="utf-8").splitlines()
                              if not line.startswith("base_url:")) + "\n", encoding="utf-8")
    (project / "tags.yaml").write_text("tags:\n  x:\n    label: X\n    anyy: [foo]\n", encoding="utf-8")
    (project / "dumps" / "2025-03-13.txt").write_text("", encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "--content", str(project)]) == 1
    checked = [line for line in capsys.readouterr().out.splitlines() if ": error: " in line]
    assert main(["build", "--content", str(project), "--quiet"]) == 1
    built = capsys.readouterr().err.splitlines()
    assert len(checked) == 3 and built == checked  # site.yaml, tags.yaml and the dump, in one go
    assert not (project / "public").exists()
