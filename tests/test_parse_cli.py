"""``sitegen parse`` through ``sitegen.cli.main``: exit codes, stderr, JSON parsed back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sources_support import ABSTRACT_A, ABSTRACT_B, blocks, write

from sitegen.cli import main

DUMPS = Path(__file__).resolve().parent.parent / "content" / "dumps"
SEED_002 = DUMPS / "2025-11-21-002_a80abed961c88b35.txt"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["parse", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_lists_every_sighting_in_file_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = blocks("Same", ABSTRACT_A, "  • 2 authors\n·\nFeb 5", "Other <script>", ABSTRACT_B,
                  "Same", ABSTRACT_A)
    path = write(tmp_path, "listing.txt", text)
    code, out, err = run(capsys, str(path), "--json")
    assert (code, err) == (0, "")
    (report,) = json.loads(out)
    assert (report["file"], report["layout"], report["digest"], report["page_date"]) == (
        str(path), "meta", None, "03-12")
    assert report["records"] == [
        {"title": "Same", "abstract": ABSTRACT_A, "authors": 2, "published": "02-05", "upvotes": None,
         "comments": None, "source": f"{path}:11"},
        {"title": "Other <script>", "abstract": ABSTRACT_B, "authors": None, "published": None,
         "upvotes": None, "comments": None, "source": f"{path}:19"},
        {"title": "Same", "abstract": ABSTRACT_A, "authors": None, "published": None, "upvotes": None,
         "comments": None, "source": f"{path}:23"},
    ]
    assert report["warnings"] == []


def test_json_for_a_dated_seed_has_full_dates(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--json", str(SEED_002))
    (report,) = json.loads(out)
    assert code == 0 and report["digest"] == "2025-11-21"
    assert all(r["published"] is None or len(r["published"]) == 10 for r in report["records"])
    assert len(report["records"]) == 72


def test_json_reports_warnings_with_their_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "2025-03-12.txt", blocks("Paper", ABSTRACT_A, "Lonely title"))
    code, out, _ = run(capsys, "--json", str(path))
    (report,) = json.loads(out)
    assert code == 0
    assert [w["source"] for w in report["warnings"]] == [f"{path}:15"]


def test_summary_without_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = write(tmp_path, "2025-03-12.txt", blocks("Paper", ABSTRACT_A, "Lonely title"))
    second = write(tmp_path, "cards.txt", "- Title Here We show it. 2 authors · Feb 5\n")
    code, out, err = run(capsys, str(first), str(second))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"{first}: blocks layout, 2025-03-12, 1 record, 1 warning"
    assert lines[1].strip().startswith(f"{first}:15: warning:")
    assert lines[2] == f"{second}: lines layout, no digest date, 1 record, 0 warnings"


def test_bad_files_exit_1_with_every_problem_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path, "2025-03-12.txt", blocks("Paper", ABSTRACT_A))
    binary = write(tmp_path, "bin.txt", b"abc\n\x00")
    code, out, err = run(capsys, "--json", str(good), str(binary), str(tmp_path / "missing.txt"))
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        f"sitegen: {binary}:2: error: looks like a binary file (NUL byte), not a text dump",
        f"sitegen: {tmp_path / 'missing.txt'}: error: cannot read the file: No such file or directory",
    ]


def test_help_documents_the_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["parse", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for name in ("title", "abstract", "authors", "published", "upvotes", "comments", "source", "MM-DD"):
        assert f'"{name}"' in out or name in out
