"""Curator notes: front matter, targets resolved or reported at file:line, safe Markdown."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import BuiltSite
from helpers import parse_html

from sitegen.errors import ConfigError
from sitegen.model import Location, Paper
from sitegen.notes import load_notes, render_markdown
from sitegen.site import RESERVED, NoteKind

PAPER = Paper("attention is all you need", "Attention Is All You Need", "Abstract.", None, None, None,
              None, (date(2025, 3, 12),), ())
SLUGS = {PAPER.key: "attention-is-all-you-need"}
DIGESTS = {date(2025, 3, 12)}


def write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def load(folder: Path, base_path: str = "/") -> tuple:  # type: ignore[type-arg]
    return load_notes(folder, [PAPER], SLUGS, DIGESTS, base_path)


def errors(folder: Path) -> list[tuple[Location, str]]:
    with pytest.raises(ConfigError) as caught:
        load(folder)
    return [(p.location, p.message) for p in caught.value.problems]


def test_no_notes_folder_means_no_notes(tmp_path: Path) -> None:
    assert load(tmp_path / "notes") == ()


def test_paper_notes_by_title_or_slug_digest_notes_and_pages(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    write(notes, "a.md", "---\npaper: attention is ALL you need\n---\nRead *this*.\n")
    write(notes, "b.md", "---\ndigest: 2025-03-12\n---\nA quiet day.\n")
    write(notes, "c.md", "---\npage: about\ntitle: About this digest\n---\n# Hello\n")
    found = {n.kind: n for n in load(notes)}
    assert found[NoteKind.PAPER].target == PAPER.key
    assert parse_html(found[NoteKind.PAPER].html).find("em").text() == "this"
    assert found[NoteKind.DIGEST].target == "2025-03-12"
    assert (found[NoteKind.PAGE].target, found[NoteKind.PAGE].title) == ("about", "About this digest")
    write(notes, "a.md", "---\npaper: attention-is-all-you-need\n---\nBy slug.\n")
    assert next(n for n in load(notes) if n.kind is NoteKind.PAPER).target == PAPER.key


def test_unknown_targets_are_errors_at_their_line(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    write(notes, "a.md", "---\n# which paper\npaper: No Such Paper\n---\nx\n")
    write(notes, "b.md", "---\ndigest: 2025-03-13\n---\nx\n")
    write(notes, "c.md", "---\npage: Papers\n---\nx\n")
    found = errors(notes)
    assert [where for where, _ in found] == [
        Location("notes/a.md", 3), Location("notes/b.md", 2), Location("notes/c.md", 2),
    ]
    assert "No Such Paper" in found[0][1]


def test_front_matter_mistakes(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    write(notes, "a.md", "no front matter\n")
    write(notes, "b.md", "---\npaper: Attention Is All You Need\n")
    write(notes, "c.md", "---\npapr: Attention Is All You Need\n---\n")
    write(notes, "d.md", "---\npaper: Attention Is All You Need\ndigest: 2025-03-12\n---\n")
    by_file: dict[str, list[str]] = {}
    for where, message in errors(notes):
        by_file.setdefault(Path(where.path).name, []).append(message)
    assert by_file["a.md"] == ["a note starts with front matter: '---', 'paper: ...', '---'"]
    assert by_file["b.md"] == ["front matter opened here is never closed with ---"]
    assert any("did you mean 'paper'?" in m for m in by_file["c.md"])
    assert by_file["d.md"] == ["front matter needs exactly one of paper:, digest:, page:"]


def test_two_notes_for_one_paper_name_both_files(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    write(notes, "a.md", "---\npaper: Attention Is All You Need\n---\none\n")
    write(notes, "b.md", "---\npaper: attention-is-all-you-need\n---\ntwo\n")
    [(where, message)] = errors(notes)
    assert where.path.endswith("b.md") and "a.md" in message


def test_raw_html_is_shown_as_text_never_passed_through() -> None:
    tree = parse_html(render_markdown("Hello <script>alert(1)</script> <b>bold</b>"))
    assert tree.find_all("script") == [] and tree.find_all("b") == []
    assert "<script>alert(1)</script>" in tree.text()


def test_only_http_and_relative_links_survive() -> None:
    tree = parse_html(render_markdown(
        "[a](https://arxiv.org/abs/1) [b](javascript:alert(1)) [c](data:text/html,x) [d](../x/) "
        "[e](/papers/y/) ![i](vbscript:x)"
    ))
    assert tree.hrefs() == ["https://arxiv.org/abs/1", "../x/", "/papers/y/"]
    assert tree.find_all("img") == []


def test_root_relative_links_get_the_base_path() -> None:
    tree = parse_html(render_markdown("[e](/papers/y/) [f](//cdn.example/x) [g](https://a.org/)", "/sub/"))
    assert tree.hrefs() == ["/sub/papers/y/", "//cdn.example/x", "https://a.org/"]


def test_every_name_the_site_uses_is_refused_for_a_page_at_its_line(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    names = sorted(RESERVED)
    for index, name in enumerate(names):
        write(notes, f"{index:02}.md", f"---\n# a page\npage: {name}\n---\nx\n")
    found = errors(notes)
    assert [(where.path, where.line) for where, _ in found] == [
        (f"notes/{index:02}.md", 3) for index in range(len(names))]
    # Names with a dot (index.html, atom.xml) are no page name at all; the others are taken.
    for name, (_, message) in zip(names, found, strict=True):
        reason = "is taken by the site itself" if "." not in name else "must be lowercase letters"
        assert f"page name {name!r} {reason}" in message


def test_the_reserved_table_covers_every_top_level_name_of_a_built_site(seed_site: BuiltSite) -> None:
    # The curator's own pages (``page:`` in a note's front matter) are the only other top-level names.
    pages = {line.split(":", 1)[1].strip() for note in (seed_site.content / "notes").glob("*.md")
             for line in note.read_text(encoding="utf-8").split("---")[1].splitlines()
             if line.startswith("page:")}
    assert pages == {"about"}
    top = {path.relative_to(seed_site.out).parts[0] for path in seed_site.out.rglob("*")}
    assert top - pages <= RESERVED, sorted(top - pages - RESERVED)
