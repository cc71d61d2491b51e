"""``sitegen tags``: list, explain, test and diff, through ``sitegen.cli.main`` on a small content folder."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.merge import title_key

PAPERS = [
    ("Memory Networks", "We describe memory networks with a long-term memory component."),
    ("Quantized Memory-Efficient Training", "Low-bit training with a small memory footprint."),
    ("NASA Images Dataset", "Photos from NASA, with <script>alert(1)</script> in the text."),
    ("Neural Architecture Search Survey", "A survey of NAS methods."),
]

RULES = """
tags:
  memory:
    label: Memory
    any: [memory]
    none: [memory footprint, memory-efficient]
    examples:
      match: ["Memory Networks"]
      no_match: ["Quantized Memory-Efficient Training"]
  quantization:
    any: [quantized, low-bit]
    all: [inference]
  nas:
    any: [NAS, neural architecture search]
    examples:
      no_match: ["NASA Images Dataset"]
"""


def make_content(tmp_path: Path, rules: str = RULES) -> Path:
    content = tmp_path / "content"
    (content / "dumps").mkdir(parents=True)
    blocks = "\n\n".join(f"{title}\n\n{abstract}" for title, abstract in PAPERS)
    header = "\n\n".join(("new", "Get trending papers in your email inbox!", "Subscribe",
                           "byAK and the research community", "Mar 12", ""))
    (content / "dumps" / "2025-03-12.txt").write_text(header + blocks + "\n", encoding="utf-8")
    (content / "tags.yaml").write_text(textwrap.dedent(rules), encoding="utf-8")
    return content


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_json_counts_and_untagged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = make_content(tmp_path)
    code, out, _ = run(capsys, "tags", "--content", str(content), "--json")
    assert code == 0
    data = json.loads(out)
    assert {t["id"]: t["papers"] for t in data["tags"]} == {
        "memory": [title_key("Memory Networks")],
        "quantization": [],
        "nas": [title_key("Neural Architecture Search Survey")],
    }
    assert [u["title"] for u in data["untagged"]] == [
        "Quantized Memory-Efficient Training",
        "NASA Images Dataset",
    ]
    assert data["papers"] == 4


def test_list_text_names_every_tag_and_the_untagged_share(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "tags", "--content", str(make_content(tmp_path)))
    lines = out.splitlines()
    assert code == 0
    assert [line.split()[:2] for line in lines[:3]] == [["memory", "1"], ["quantization", "0"], ["nas", "1"]]
    assert "2 of 4 papers untagged (50.0%); 0 hidden" in lines


def test_explain_gives_exact_spans_and_near_misses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = make_content(tmp_path)
    code, out, _ = run(
        capsys, "tags", "explain", "quantized memory-efficient training", "--content", str(content), "--json"
    )
    assert code == 0
    data = json.loads(out)
    title, abstract = PAPERS[1]
    assert data["title"] == title and data["tags"] == []
    verdicts = {v["tag"]: v for v in data["verdicts"]}
    assert verdicts["memory"]["status"] == "blocked"
    assert verdicts["quantization"]["status"] == "incomplete"
    assert verdicts["quantization"]["missing"] == ["inference"]
    texts = {"title": title, "abstract": abstract}
    for verdict in verdicts.values():
        for hit in verdict["hits"]:  # every span points at the text it reports
            assert texts[hit["field"]][hit["start"] : hit["end"]] == hit["text"]
    blockers = {
        (h["term"], h["field"], h["text"]) for h in verdicts["memory"]["hits"] if h["group"] == "none"
    }
    assert blockers == {
        ("memory-efficient", "title", "Memory-Efficient"),
        ("memory footprint", "abstract", "memory footprint"),
    }


def test_explain_matched_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "tags", "--content", str(make_content(tmp_path)), "explain", "Memory Networks", "--json"
    )
    data = json.loads(out)
    assert code == 0 and data["tags"] == ["memory"] and data["sources"] == {"memory": "rule"}
    (verdict,) = data["verdicts"]
    assert verdict["status"] == "matched"
    assert [(h["field"], h["start"], h["end"]) for h in verdict["hits"]][:2] == [
        ("title", 0, 6),
        ("abstract", 12, 18),
    ]


def test_explain_unknown_paper_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "tags", "explain", "Memory Netwerks", "--content", str(make_content(tmp_path)))
    assert code == 1
    assert "no paper has the title or slug 'Memory Netwerks'; did you mean 'Memory Networks'?" in err


def test_test_passes_and_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "tags", "test", "--content", str(make_content(tmp_path)))
    assert (code, out.strip()) == (0, "3 of 3 examples checked, 0 failed")
    broken = RULES.replace("none: [memory footprint, memory-efficient]", "none: []")
    code, out, err = run(capsys, "tags", "test", "--content", str(make_content(tmp_path / "b", broken)))
    assert code == 1
    assert out.strip() == "3 of 3 examples checked, 1 failed"
    (line,) = err.splitlines()
    assert line.endswith(
        "tags.yaml:9:18: error: example 'Quantized Memory-Efficient Training' should not get "
        "tag 'memory' but does (see `sitegen tags explain`)"
    )


def test_a_broken_rules_file_is_one_line_per_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = make_content(tmp_path, "tags:\n  memory: {any: memory, parnt: x}\n")
    code, out, err = run(capsys, "tags", "--content", str(content))
    assert code == 1 and out == ""
    assert [line.split(": ", 2)[1] for line in err.splitlines()] == [
        f"{content / 'tags.yaml'}:2:17",
        f"{content / 'tags.yaml'}:2:25",
    ]


def test_diff_lists_gains_and_losses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = make_content(tmp_path)
    published = {
        "papers": [
            {
                "key": title_key("Memory Networks"),
                "slug": "memory-networks",
                "title": "Memory Networks",
                "tags": ["memory", "nas"],
            },
            {
                "key": title_key("NASA Images Dataset"),
                "slug": "nasa",
                "title": "NASA Images Dataset",
                "tags": [],
            },
            {"key": "gone paper", "slug": "gone-paper", "title": "Gone paper", "tags": ["nas"]},
        ]
    }
    against = tmp_path / "papers.json"
    against.write_text(json.dumps(published), encoding="utf-8")
    code, out, _ = run(capsys, "tags", "diff", "--against", str(against), "--content", str(content), "--json")
    assert code == 0
    changes = {c["title"]: (c["status"], c["gained"], c["lost"]) for c in json.loads(out)["changes"]}
    assert changes == {
        "Memory Networks": ("changed", [], ["nas"]),
        "Neural Architecture Search Survey": ("new", ["nas"], []),
        "Gone paper": ("gone", [], ["nas"]),
    }
    code, _, _ = run(
        capsys, "tags", "diff", "--against", str(against), "--content", str(content), "--exit-code"
    )
    assert code == 1


def test_diff_without_a_previous_build_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nothing.json"
    code, _, err = run(
        capsys, "tags", "diff", "--against", str(missing), "--content", str(make_content(tmp_path))
    )
    assert code == 1
    assert (
        err.strip() == f"sitegen: {missing}: error: no previous build to compare with (run `sitegen build`)"
    )


def test_explain_by_slug_uses_the_last_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = make_content(tmp_path)
    against = tmp_path / "papers.json"
    record = {"key": title_key("Memory Networks"), "slug": "mem-nets", "title": "Memory Networks", "tags": []}
    against.write_text(json.dumps({"papers": [record]}), encoding="utf-8")
    code, out, _ = run(
        capsys, "tags", "explain", "mem-nets", "--against", str(against), "--content", str(content), "--json"
    )
    assert code == 0 and json.loads(out)["title"] == "Memory Networks"


LEDGER_SITE_ID = "urn:uuid:ca8dce3f-d208-5882-ad42-c88308897c38"


def test_tags_commands_find_papers_by_the_slugs_the_build_uses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A slug from ``permalinks.lock`` that is not the title's own (a truncated or kept one) names the
    paper in ``papers:``, ``hide:`` and examples for ``sitegen tags`` as it does for the build."""
    rules = RULES + textwrap.dedent("""\
          hand:
            examples:
              match: [memnets]
        papers:
          memnets: {add: [hand]}
        hide: [nasa-pictures]
        """)
    content = make_content(tmp_path, rules)
    feed_ids = ["urn:uuid:3f9eb8c0-f6ae-5622-8149-82ef8aa976f1",
                "urn:uuid:3ab71600-2a2e-593a-9805-672f7fad6fb4"]
    ledger = [f"sitegen-permalinks\t{LEDGER_SITE_ID}",
              f"{title_key('Memory Networks')}\tmemnets\t{feed_ids[0]}\t0",
              f"{title_key('NASA Images Dataset')}\tnasa-pictures\t{feed_ids[1]}\t0"]
    (content / "permalinks.lock").write_text("\n".join(ledger) + "\n", encoding="utf-8")

    code, out, err = run(capsys, "tags", "--content", str(content), "--json")
    data = json.loads(out)
    assert (code, err) == (0, "")
    assert {t["id"]: t["papers"] for t in data["tags"]}["hand"] == [title_key("Memory Networks")]
    assert data["hidden"] == [title_key("NASA Images Dataset")]

    code, out, err = run(capsys, "tags", "test", "--content", str(content))
    assert (code, out.strip(), err) == (0, "4 of 4 examples checked, 0 failed", "")

    code, out, err = run(capsys, "tags", "explain", "memnets", "--content", str(content), "--json")
    explained = json.loads(out)
    assert (code, err) == (0, "")
    assert explained["tags"] == ["memory", "hand"]
    assert explained["sources"] == {"memory": "rule", "hand": "override"}


def test_tags_reads_the_feed_announcements_site_yaml_asks_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = make_content(tmp_path)
    listing = Path(__file__).parent / "fixtures" / "listings" / "2025-11-24.xml"
    (content / "dumps" / "2025-11-24.xml").write_bytes(listing.read_bytes())
    (content / "site.yaml").write_text(
        "title: T\nbase_url: https://example.org/\narxiv_announce: [new, cross, replace, replace-cross]\n",
        encoding="utf-8")
    code, out, _ = run(capsys, "tags", "--content", str(content), "--json")
    assert code == 0
    assert json.loads(out)["papers"] == len(PAPERS) + 4  # every item of the feed, as the build reads it
