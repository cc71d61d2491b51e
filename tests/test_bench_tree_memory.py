"""bench/run.py's whole-tree memory: a build's workers and its Pagefind hold memory side by side, so
its peak is more than its largest process's RSS; the bench must see the sum."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from helpers import REPO

sys.path.insert(0, str(REPO / "bench"))

from run import timed

HOLD = """\
import os, subprocess, sys, time
if sys.argv[1:] == ["child"]:
    held = bytearray(64 * 2**20)  # zero-filled: every page touched
    time.sleep(1.0)
    sys.exit(0)
children = [subprocess.Popen([sys.executable, __file__, "child"]) for _ in range(2)]
sys.exit(max(child.wait() for child in children))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the tree is read from /proc")
def test_two_children_holding_memory_at_once_count_twice(tmp_path: Path) -> None:
    script = tmp_path / "hold.py"
    script.write_text(HOLD, encoding="utf-8")
    run = timed([sys.executable, str(script)], tmp_path / "out")
    # Each child holds 64 MB and a Python (about 8 MB): no one process holds twice 64 MB. (ru_maxrss is
    # no bound to compare with: a child forked from a big pytest counts the parent's pages until exec.)
    assert run.peak_rss_mb > 64
    assert run.peak_tree_mb > 2 * 64
