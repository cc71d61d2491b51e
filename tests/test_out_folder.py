"""A build replaces its whole output folder, so it refuses one that holds anything else: the project
itself or a folder above it, one of the project's own folders, a file, a folder of someone's files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitegen.cli import main


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home" / "my-digest"
    folder.parent.mkdir()
    assert main(["init", str(folder)]) == 0
    monkeypatch.chdir(folder)
    assert main(["build", "--quiet"]) == 0
    return folder


@pytest.mark.parametrize(("out", "said"), [
    (".", "the output folder holds the project's site.yaml"),
    ("..", "the output folder holds the project's site.yaml"),
    ("dumps", "the output folder is the project's dumps"),
    ("mine", "the output folder holds files sitegen did not write (important.txt)"),
    ("notes.txt", "the output is a file, not a folder"),
    ("notes.txt/site", "the output cannot be made: "),
])
def test_an_output_folder_a_build_must_not_replace_is_refused_and_kept(
        project: Path, out: str, said: str, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "mine").mkdir()
    (project / "mine" / "important.txt").write_text("keep me\n", encoding="utf-8")
    (project / "notes.txt").write_text("mine too\n", encoding="utf-8")
    (project.parent / "beside.txt").write_text("and me\n", encoding="utf-8")
    before = files_under(project.parent)
    capsys.readouterr()
    assert main(["build", "--out", out, "--quiet"]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"sitegen: {(project / out).resolve()}: error: {said}") and "--out" in line
    assert files_under(project.parent) == before


def test_a_new_an_empty_or_an_earlier_site_folder_is_built_into(project: Path) -> None:
    (project / "empty").mkdir()
    assert main(["build", "--out", "empty", "--quiet"]) == 0
    assert main(["build", "--out", "new/deeper", "--quiet"]) == 0
    # A site sitegen built that this project's cache does not know (a clone with the site committed).
    os.rename(project / "empty", project / "copied")
    assert main(["build", "--out", "copied", "--quiet"]) == 0
    assert main(["build", "--quiet"]) == 0  # public/ again, after builds elsewhere
    assert (project / "public" / "papers.json").is_file() and (project / "copied" / "index.html").is_file()


def test_a_disk_that_refuses_the_write_is_one_error_line(
        project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import sitegen.write.staging

    def read_only(*_args: object) -> str:  # what a read-only public/ answers the first write
        raise PermissionError(13, "Permission denied", str(project / "public" / "index.html"))

    dump = project / "dumps" / "2025-03-12.txt"
    dump.write_text(dump.read_text(encoding="utf-8") + "\nA new title\n\nIts abstract.\n", encoding="utf-8")
    monkeypatch.setattr(sitegen.write.staging, "write_chunks", read_only)
    before = files_under(project / "public")
    capsys.readouterr()
    assert main(["build", "--quiet"]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"sitegen: {project / 'public' / 'index.html'}: error: Permission denied")
    assert files_under(project / "public") == before
