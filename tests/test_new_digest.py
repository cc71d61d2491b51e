"""``sitegen new-digest [DATE]``: a dump ready to paste into, never overwriting one."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.commands.new_digest import new_digest
from sitegen.project import project_at
from sitegen.sources import read_dump

LISTING = """new

Get trending papers in your email inbox!

Subscribe

byAK and the research community

Mar 12

Sequence to Sequence Learning with Neural Networks

Deep Neural Networks (DNNs) are powerful models. We present a general end-to-end approach.

Adding Gradient Noise Improves Learning for Very Deep Networks

Deep feedforward and recurrent networks have achieved impressive results.
"""


def make_content(root: Path, timezone: str = "UTC") -> Path:
    content = root / "content"
    content.mkdir()
    (content / "site.yaml").write_text(
        f"title: Test\nbase_url: https://example.org/sub/\ntimezone: {timezone}\n", encoding="utf-8")
    return content


def test_creates_front_matter_only_and_prints_the_path(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    content = make_content(tmp_path)
    assert main(["new-digest", "2025-03-12", "--content", str(content)]) == 0
    path = content / "dumps" / "2025-03-12.txt"
    assert capsys.readouterr().out == f"{path}\n"
    assert path.read_bytes() == b"---\ndate: 2025-03-12\n---\n"


def test_pasted_listing_reads_with_the_front_matter_date(tmp_path: Path) -> None:
    path = new_digest(project_at(make_content(tmp_path)), "2025-03-12")
    with path.open("a", encoding="utf-8") as file:
        file.write(LISTING)
    dump = read_dump(path)
    assert dump.digest == date(2025, 3, 12)
    assert dump.warnings == ()
    assert [e.title for e in dump.entries] == [
        "Sequence to Sequence Learning with Neural Networks",
        "Adding Gradient Noise Improves Learning for Very Deep Networks",
    ]


def test_fresh_file_is_accepted_by_the_reader(tmp_path: Path) -> None:
    dump = read_dump(new_digest(project_at(make_content(tmp_path)), "2025-03-12"))
    assert dump.digest == date(2025, 3, 12)
    assert dump.entries == ()
    expected = "no papers yet: paste a copied listing below the front matter"
    assert [p.message for p in dump.warnings] == [expected]
    assert dump.warnings[0].location.line == 3


@pytest.mark.parametrize(("timezone", "expected"), [("UTC", "2025-03-12"), ("Asia/Tokyo", "2025-03-13"),
                                                    ("America/Los_Angeles", "2025-03-12")])
def test_default_date_is_today_in_the_site_timezone(tmp_path: Path, timezone: str, expected: str) -> None:
    # 23:30 UTC on Mar 12 is already Mar 13 in Tokyo, still Mar 12 (16:30) in Los Angeles.
    now = datetime(2025, 3, 12, 23, 30, tzinfo=UTC)
    path = new_digest(project_at(make_content(tmp_path, timezone)), now=now)
    assert path.name == f"{expected}.txt"


def test_default_date_from_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = make_content(tmp_path)
    assert main(["new-digest", "--content", str(content)]) == 0
    created = Path(capsys.readouterr().out.strip())
    assert created.parent == content / "dumps"
    assert date.fromisoformat(created.stem) in {datetime.now(UTC).date(), date.today()}


def test_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = make_content(tmp_path)
    path = content / "dumps" / "2025-03-12.txt"
    path.parent.mkdir()
    path.write_text(LISTING, encoding="utf-8")
    assert main(["new-digest", "2025-03-12", "--content", str(content)]) == 1
    assert capsys.readouterr().err == (f"sitegen: {path}: error: already exists: "
                                       "sitegen new-digest never overwrites a dump\n")
    assert path.read_text(encoding="utf-8") == LISTING


def test_refuses_a_date_that_another_dump_has(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = make_content(tmp_path)
    other = content / "dumps" / "2025-03-12-000_seed.txt"
    other.parent.mkdir()
    other.write_text(LISTING, encoding="utf-8")
    assert main(["new-digest", "2025-03-12", "--content", str(content)]) == 1
    expected = f"sitegen: {other}: error: a dump for 2025-03-12 already exists: one dump per digest date\n"
    assert capsys.readouterr().err == expected
    assert sorted(p.name for p in other.parent.iterdir()) == [other.name]


@pytest.mark.parametrize("bad", ["2025-02-30", "2025-3-12", "12/03/2025", "today", "2025-03-12x"])
def test_rejects_a_malformed_date(tmp_path: Path, bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    content = make_content(tmp_path)
    assert main(["new-digest", bad, "--content", str(content)]) == 1
    assert capsys.readouterr().err == (f"sitegen: {bad}: error: not a date: give DATE as YYYY-MM-DD, "
                                       "for example 2025-03-12\n")
    assert not (content / "dumps").exists()


def test_needs_a_content_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new-digest", "2025-03-12", "--content", str(tmp_path / "nowhere")]) == 1
    assert "site.yaml" in capsys.readouterr().err
    assert not (tmp_path / "nowhere").exists()
