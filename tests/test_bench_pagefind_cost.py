"""bench/pagefind_cost.py, the measuring script of bench/RESULTS.md round 13: it must still run on
sitegen's own documents and report each kind of file Pagefind compresses, counted right."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers import REPO

from sitegen.render.search import Document, lean_document


def test_it_reports_every_compressed_kind_with_one_fragment_per_document(tmp_path: Path) -> None:
    documents = tmp_path / "shard"
    for n in range(3):
        doc = Document(f"papers/p{n}/index.html", f"Paper {n}", f"Sparse attention number {n} works.",
                       None, ("Attention",), "2025")
        target = documents / doc.path
        target.parent.mkdir(parents=True)
        target.write_bytes(lean_document(doc))
    done = subprocess.run([sys.executable, str(REPO / "bench" / "pagefind_cost.py"), str(documents),
                           "--runs", "1"], capture_output=True, text=True, check=True)
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Pagefind over 3 documents:")
    rows = {fields[0]: fields[1:] for fields in (line.split() for line in lines[2:])}
    assert set(rows) == {".pf_filter", ".pf_fragment", ".pf_index", ".pf_meta"}
    assert rows[".pf_fragment"][0] == "3"
    assert all(float(raw) > 0 for raw in (row[1] for row in rows.values()))
