"""``sitegen init DIR``: the scaffold is complete, refuses to overwrite, and builds cleanly."""

from __future__ import annotations

import json
import shlex
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.scaffold import init_project, project_files
from sitegen.sources import read_dump

EXPECTED = {
    ".github/workflows/pages.yml",
    ".gitignore",
    "README.md",
    "dumps/2025-03-12.txt",
    "notes/about.md",
    "requirements.txt",
    "site.yaml",
    "tags.yaml",
}
SAMPLE_TITLES = {
    "A Brief Review of Hypernetworks in Deep Learning",
    "Sequence to Sequence Learning with Neural Networks",
    "Adding Gradient Noise Improves Learning for Very Deep Networks",
}


class TitleParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.in_h1 = False
        self.h1: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_h1 = self.in_h1 or tag == "h1"

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self.in_h1 = False

    def handle_data(self, data: str) -> None:
        if self.in_h1:
            self.h1.append(data)


def tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_init_writes_the_project_tree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "digest"
    assert main(["init", str(target)]) == 0
    assert tree(target) == EXPECTED
    printed = {line for line in capsys.readouterr().out.splitlines() if line.startswith(str(target))}
    assert printed == {str(target / name) for name in EXPECTED}


def test_package_data_maps_dot_files() -> None:
    assert set(project_files()) == EXPECTED


def test_gitignore_ignores_the_build_output(tmp_path: Path) -> None:
    init_project(tmp_path / "p")
    lines = (tmp_path / "p" / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "/public/" in lines


def test_init_into_an_existing_empty_folder(tmp_path: Path) -> None:
    assert main(["init", str(tmp_path)]) == 0
    assert tree(tmp_path) == EXPECTED


def test_init_refuses_a_non_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = tmp_path / "site.yaml"
    mine.write_text("title: mine\n", encoding="utf-8")
    assert main(["init", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (f"sitegen: {tmp_path}: error: the folder is not empty: sitegen init "
                                       "only writes into a new or empty folder\n")
    assert mine.read_text(encoding="utf-8") == "title: mine\n"
    assert tree(tmp_path) == {"site.yaml"}


def test_init_refuses_a_file(tmp_path: Path) -> None:
    path = tmp_path / "file"
    path.write_text("x", encoding="utf-8")
    assert main(["init", str(path)]) == 1
    assert path.read_text(encoding="utf-8") == "x"


def test_sample_dump_reads_without_warnings(tmp_path: Path) -> None:
    init_project(tmp_path)
    dump = read_dump(tmp_path / "dumps" / "2025-03-12.txt")
    assert dump.warnings == ()
    assert {entry.title for entry in dump.entries} == SAMPLE_TITLES
    assert all(len(entry.abstract) > 200 for entry in dump.entries)


def test_sample_tag_examples_pass(tmp_path: Path) -> None:
    init_project(tmp_path)
    assert main(["tags", "test", "--content", str(tmp_path)]) == 0


def test_the_new_project_builds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project, out = tmp_path / "digest", tmp_path / "public"
    init_project(project)
    assert main(["build", "--content", str(project), "--out", str(out)]) == 0
    assert capsys.readouterr().err == ""  # no warnings
    data = json.loads((out / "papers.json").read_text(encoding="utf-8"))
    tags = {paper["title"]: set(paper["tags"]) for paper in data["papers"]}
    assert set(tags) == SAMPLE_TITLES
    assert tags["A Brief Review of Hypernetworks in Deep Learning"] == {"hypernetworks"}
    assert tags["Sequence to Sequence Learning with Neural Networks"] == {"sequence-models"}
    about = TitleParser()
    about.feed((out / "about" / "index.html").read_text(encoding="utf-8"))
    assert "".join(about.h1).strip() == "About this digest"


def test_the_next_step_cd_command_can_be_pasted_into_a_shell(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "My Digest"
    assert main(["init", str(target)]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    (cd,) = [part for part in last.split("`") if part.startswith("cd ")]
    assert shlex.split(cd) == ["cd", str(target)]
