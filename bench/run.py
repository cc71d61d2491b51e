#!/usr/bin/env python3
"""Benchmark sitegen beside Hugo and beside the cost of just writing the files.

    python bench/run.py --sizes 1000,10000 [--runs 3] [--json bench/results/latest.json] [--no-hugo]
                        [--search-upto 10000] [--hugo-related]

For each size: a digest from bench/gen_corpus.py (the last dump held back), then
  cold       empty output, empty cache
  no-change  the same build again
  add-digest the held-back dump added (each run starts again from the site before it)
  edit-rule  one tag rule changed (each run starts from the site after add-digest)
each timed over --runs runs (median wall and CPU time, peak RSS of the build process or of its largest
child, on Linux the peak of the whole process tree's memory at once (``TreeMemory``), files and bytes
written, counted by comparing the output tree before and after). "sitegen" is
the site Hugo is compared with (search: false); "sitegen+search" the same with its Pagefind index, up
to --search-upto papers. Then "cold-turns": sitegen, Hugo and the floor cold, one run of each in
turn, --runs times (outputs put aside, not deleted, until the turns are over; the ratios come
from these). Hugo builds generated sites from the same papers (bench/hugo_site.py): "hugo" the pages
sitegen makes (head tags, JSON-LD, cards, Atom and RSS feeds, papers.json) but for their related
papers, "hugo-minimal" the much smaller pages compared with until round 11, and with --hugo-related
"hugo+related" the same pages with related papers. The floor is the time to write files of the same
paths and sizes as sitegen's site. Needs: sitegen installed, `hugo` (Debian package `hugo`)
unless --no-hugo. It installs nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# The repository carries its generator (bench/gen_corpus.py); SITEGEN_GEN_CORPUS names another.
GEN = Path(os.environ.get("SITEGEN_GEN_CORPUS", ROOT / "bench" / "gen_corpus.py"))
sys.path.insert(0, str(HERE))

from hugo_site import write_hugo_site  # noqa: E402


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    peak_rss_mb: float
    files_written: int
    bytes_written: int
    peak_tree_mb: float = 0.0
    """The most memory the command's processes held at once, with what it added to /dev/shm (0: not
    measured). A build whose workers and Pagefind run side by side holds more than its largest one."""


@dataclass(frozen=True)
class Row:
    size: int
    tool: str
    scenario: str
    runs: int
    wall_median: float
    wall_min: float
    cpu_median: float
    peak_rss_mb: float
    files_written: int
    bytes_written: int
    files_total: int
    peak_tree_mb: float = 0.0


Snapshot = dict[str, tuple[int, int, int]]


def snapshot(folder: Path) -> Snapshot:
    """path -> (inode, mtime_ns, size): a file counts as written when any of these changes."""
    result: Snapshot = {}
    if not folder.exists():
        return result
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            full = os.path.join(dirpath, name)
            st = os.stat(full)
            result[os.path.relpath(full, folder)] = (st.st_ino, st.st_mtime_ns, st.st_size)
    return result


class Failed(Exception):
    """A timed command exited non-zero (its message holds the command's last output)."""

    def __init__(self, message: str, wall: float, peak_rss_mb: float) -> None:
        super().__init__(message)
        self.wall, self.peak_rss_mb = wall, peak_rss_mb


class TreeMemory(threading.Thread):
    """Samples, every 50 ms, the proportional set size (PSS: shared pages split between the processes
    sharing them, as forked workers do) summed over a process and all its descendants, plus what
    /dev/shm holds beyond what it held at the start (until round 17 sitegen's search documents and
    Pagefind's indexes went there);
    ``peak`` is the largest sum, in bytes. Linux only (``/proc``); elsewhere it stays 0."""

    SHM = "/dev/shm"

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0, threading.Event()
        self.shm_start = self._shm_used()

    def run(self) -> None:
        if not os.path.isdir(f"/proc/{self.pid}"):
            return
        while not self.done.wait(0.05):
            held = sum(self._pss(pid) for pid in self._tree()) + self._shm_used() - self.shm_start
            self.peak = max(self.peak, held)

    def _tree(self) -> list[int]:
        todo, seen = [self.pid], []
        while todo:
            pid = todo.pop()
            seen.append(pid)
            try:
                for task in os.listdir(f"/proc/{pid}/task"):
                    with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                        todo += [int(child) for child in handle.read().split()]
            except OSError:  # it has just exited
                pass
        return seen

    @staticmethod
    def _pss(pid: int) -> int:
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    def _shm_used(self) -> int:
        try:
            stats = os.statvfs(self.SHM)
        except (OSError, AttributeError):
            return 0
        return (stats.f_blocks - stats.f_bfree) * stats.f_frsize


def timed(cmd: list[str], out: Path, env: dict[str, str] | None = None) -> Run:
    before = snapshot(out)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    memory = TreeMemory(proc.pid)
    memory.start()
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    memory.done.set()
    memory.join()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise Failed(f"bench: {' '.join(cmd)} failed (exit status {code}):\n"
                     f"{output.decode(errors='replace')[-3000:]}", wall, usage.ru_maxrss / 1024)
    after = snapshot(out)
    written = [p for p, sig in after.items() if before.get(p) != sig]
    return Run(wall=wall, cpu=usage.ru_utime + usage.ru_stime, peak_rss_mb=usage.ru_maxrss / 1024,
               files_written=len(written), bytes_written=sum(after[p][2] for p in written),
               peak_tree_mb=memory.peak / 2**20)


def row(size: int, tool: str, scenario: str, runs: list[Run], out: Path) -> Row:
    walls = [r.wall for r in runs]
    return Row(size=size, tool=tool, scenario=scenario, runs=len(runs),
               wall_median=statistics.median(walls), wall_min=min(walls),
               cpu_median=statistics.median(r.cpu for r in runs),
               peak_rss_mb=max(r.peak_rss_mb for r in runs), peak_tree_mb=max(r.peak_tree_mb for r in runs),
               files_written=runs[-1].files_written, bytes_written=runs[-1].bytes_written,
               files_total=len(snapshot(out)))


def generate(size: int, work: Path) -> Path:
    corpus = work / f"corpus-{size}"
    if not (corpus / "truth.json").exists():
        subprocess.run([sys.executable, str(GEN), "--papers", str(size), "--out", str(corpus)], check=True,
                       stdout=subprocess.DEVNULL)
    return corpus


def make_content(corpus: Path, content: Path, search: bool) -> Path:
    """A content folder with every dump but the last (held back for the add-digest scenario)."""
    if content.exists():
        shutil.rmtree(content)
    (content / "dumps").mkdir(parents=True)
    dumps = sorted((corpus / "dumps").glob("*.txt"))
    for dump in dumps[:-1]:
        os.link(dump, content / "dumps" / dump.name)
    settings = (ROOT / "content" / "site.yaml").read_text(encoding="utf-8")
    settings += f"search: {'true' if search else 'false'}\n"
    (content / "site.yaml").write_text(settings, encoding="utf-8")
    shutil.copy(ROOT / "content" / "tags.yaml", content / "tags.yaml")
    return dumps[-1]


def sitegen_cmd(content: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "sitegen", "build", "--content", str(content), "--out", str(out),
            "--base-url", "https://bench.example.org/digest/", "--quiet"]


class Trash:
    """Outputs put aside between timed builds, deleted only when the whole run is over.

    The benchmark machine's root file system is ext4 without a journal, and there ext4 will not hand
    out an inode freed in the last minute (five if its table block is still dirty): making a file or a
    folder walks past every recently freed one (``recently_deleted`` in ``fs/ext4/ialloc.c``: about 17 %
    of a cold build's samples under ``perf``). Deleting the last site's 23,000 files and folders just
    before a cold build so made that build pay for the deletion, and the next tool's build too: system
    time grew from 1.3 s to 7.6 s over three turns (bench/RESULTS.md, round 11). Renaming the old
    output into this folder frees nothing, so every tool builds on the same file system."""

    def __init__(self, work: Path) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="trash-", dir=work))  # on the outputs' file system
        self.count = 0

    def discard(self, path: Path) -> None:
        if not path.exists():
            return
        self.count += 1
        path.rename(self.folder / f"{self.count}-{path.name}")

    def empty(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def clear_outputs(content: Path, out: Path, trash: Trash) -> None:
    for path in (out, content / ".sitegen-cache", content / "permalinks.lock"):
        trash.discard(path)


def edit_rule(tags_yaml: Path) -> None:
    """Widen the first `any:` list by one term: a typical curator edit."""
    text = tags_yaml.read_text(encoding="utf-8")
    marker = "any: ["
    at = text.index(marker) + len(marker)
    tags_yaml.write_text(text[:at] + '"benchmark edit", ' + text[at:], encoding="utf-8")


STATE = (".sitegen-cache", "permalinks.lock", "tags.yaml", "dumps")


def save_state(content: Path, out: Path, into: Path) -> None:
    """Keep the site and every input a rebuild reads or writes, so a scenario can be run again from
    the same start. Files are hard-linked: builds replace files, they never write into one."""
    shutil.rmtree(into, ignore_errors=True)
    into.mkdir(parents=True)
    shutil.copytree(out, into / "out", copy_function=os.link)
    for name in STATE:
        source = content / name
        if source.is_dir():
            shutil.copytree(source, into / name, copy_function=shutil.copy2)
        elif source.exists():
            shutil.copy2(source, into / name)


def restore_state(content: Path, out: Path, saved: Path, trash: Trash) -> None:
    """Put the site and its inputs back as ``save_state`` kept them. What the last run left is put
    aside, not deleted (``Trash``): its files are links into ``saved``, but deleting its folders
    (110,000 at 100,000 papers) made the next build pay for them (bench/RESULTS.md, round 11)."""
    trash.discard(out)
    shutil.copytree(saved / "out", out, copy_function=os.link)
    for name in STATE:
        target = content / name
        trash.discard(target)
        if (saved / name).is_dir():
            shutil.copytree(saved / name, target, copy_function=os.link if name == "dumps" else shutil.copy2)
        elif (saved / name).exists():
            shutil.copy2(saved / name, target)


def repeat(size: int, tool: str, scenario: str, runs: int, cmd: list[str], out: Path,
           setup: Callable[[], None]) -> Row:
    """``runs`` timed builds, each after ``setup`` puts the inputs and the site back."""
    results = []
    for _ in range(runs):
        setup()
        results.append(timed(cmd, out))
    return row(size, tool, scenario, results, out)


def bench_sitegen(size: int, corpus: Path, work: Path, runs: int, search: bool, trash: Trash) -> list[Row]:
    tool = "sitegen+search" if search else "sitegen"
    content, out = work / f"content-{size}-{tool}", work / f"out-{size}-{tool}"
    held_back = make_content(corpus, content, search)
    cmd = sitegen_cmd(content, out)
    rows = [repeat(size, tool, "cold", runs, cmd, out, lambda: clear_outputs(content, out, trash)),
            repeat(size, tool, "no-change", runs, cmd, out, lambda: None)]
    start, added = work / f"state-{size}-{tool}-start", work / f"state-{size}-{tool}-added"
    save_state(content, out, start)

    def add() -> None:
        restore_state(content, out, start, trash)
        os.link(held_back, content / "dumps" / held_back.name)

    rows.append(repeat(size, tool, "add-digest", runs, cmd, out, add))
    save_state(content, out, added)

    def edit() -> None:
        restore_state(content, out, added, trash)
        edit_rule(content / "tags.yaml")

    rows.append(repeat(size, tool, "edit-rule", runs, cmd, out, edit))
    for saved in (start, added):
        trash.discard(saved)
    return rows


HUGO_SITES = {"hugo": "same", "hugo-minimal": "minimal", "hugo+related": "same+related"}
"""Each Hugo tool of the comparison and the pages it builds (``hugo_site.THEMES``)."""


def bench_side_by_side(size: int, work: Path, runs: int, trash: Trash, hugo: bool, search: bool = False,
                       related: bool = False) -> list[Row]:
    """Cold builds of sitegen and Hugo and the write floor, one run of each in turn.

    Outputs are put aside (``Trash``), never deleted, while the turns are timed: on the benchmark
    machine a deletion makes the next builds slower (the same cold build's system time grew from 2 s
    to 15 s over eight runs: bench/RESULTS.md, round 5). Taking turns spreads what drift is left.
    sitegen builds its content as the scenarios left it (the held-back digest added, one rule
    edited); Hugo builds the same papers, from that site's papers.json, twice: "hugo" the pages
    sitegen makes but for their related papers, "hugo-minimal" the much smaller pages of rounds 1 to
    11 (``hugo_site``); with ``related``, "hugo+related" adds the related papers (Hugo's related
    content takes about 40 s at 10,000 papers). The floor writes files of the same paths and sizes as
    sitegen's site. With ``search``, sitegen with its Pagefind index (the content the search scenarios
    left), and each of the first two Hugo sites followed by Pagefind over its whole output, take their
    turns too."""
    content, out = work / f"content-{size}-sitegen", work / f"out-{size}-sitegen"
    sizes = sorted((path, sig[2]) for path, sig in snapshot(out).items())
    floor = work / f"floor-{size}"
    search_content, search_out = work / f"content-{size}-sitegen+search", work / f"out-{size}-sitegen+search"
    # Tool -> (command, its output, the folder a cold build must not find: Hugo's cache).
    builds: dict[str, tuple[list[str], Path, Path]] = {}
    if hugo:
        papers = json.loads((out / "papers.json").read_text(encoding="utf-8"))["papers"]
        for tool, theme in HUGO_SITES.items():
            if theme.endswith("+related") and not related:
                continue
            site = work / f"{tool}-{size}"
            write_hugo_site(papers, site, theme, static=out / "static")
            builds[tool] = (hugo_cmd(site, work / f"{tool}-out-{size}"), work / f"{tool}-out-{size}",
                            site / "resources")
            if search and not theme.endswith("+related"):
                with_index = work / f"{tool}+pagefind-out-{size}"
                pagefind_cmd = [pagefind_executable(), "--site", str(with_index), "--silent"]
                both = ["sh", "-c", f"{shlex.join(hugo_cmd(site, with_index))} && {shlex.join(pagefind_cmd)}"]
                builds[f"{tool}+pagefind"] = (both, with_index, site / "resources")
    results: dict[str, list[Run]] = {"sitegen": [], **({"sitegen+search": []} if search else {}),
                                     **{tool: [] for tool in builds}, "floor": []}
    for _ in range(runs):
        clear_outputs(content, out, trash)
        results["sitegen"].append(timed(sitegen_cmd(content, out), out))
        if search:
            clear_outputs(search_content, search_out, trash)
            results["sitegen+search"].append(timed(sitegen_cmd(search_content, search_out), search_out))
        for tool, (cmd, tool_out, cache) in builds.items():
            trash.discard(tool_out)
            trash.discard(cache)
            try:
                results[tool].append(timed(cmd, tool_out))
            except Failed as failed:  # at 100k Pagefind over Hugo's whole site may run out of memory
                print(f"{size} {tool} failed after {failed.wall:.1f} s, peak RSS "
                      f"{failed.peak_rss_mb:.0f} MB (not counted): {failed}", file=sys.stderr)
        trash.discard(floor)
        results["floor"].append(write_floor(sizes, floor))
    folders = {"sitegen": out, "floor": floor, "sitegen+search": search_out,
               **{tool: tool_out for tool, (_cmd, tool_out, _cache) in builds.items()}}
    return [row(size, tool, "cold-turns", runs_, folders[tool]) for tool, runs_ in results.items() if runs_]


def hugo_cmd(site: Path, out: Path) -> list[str]:
    return ["hugo", "--quiet", "--source", str(site), "--destination", str(out)]


def pagefind_executable() -> str:
    import pagefind_bin  # type: ignore[import-untyped]  # late: only the search comparison needs it

    return str(pagefind_bin.get_executable())


def write_floor(sizes: list[tuple[str, int]], dest: Path) -> Run:
    """Write files with the given relative paths and sizes, nothing else."""
    shutil.rmtree(dest, ignore_errors=True)
    start, cpu0 = time.perf_counter(), time.process_time()
    made: set[str] = set()
    for rel, length in sizes:
        parent = os.path.dirname(rel)
        if parent not in made:
            os.makedirs(os.path.join(dest, parent), exist_ok=True)
            made.add(parent)
        with open(os.path.join(dest, rel), "wb") as fh:
            fh.write(b"x" * length)
    return Run(time.perf_counter() - start, time.process_time() - cpu0, 0.0, len(sizes),
               sum(n for _, n in sizes))


def print_table(rows: list[Row]) -> None:
    head = (f"{'size':>7} {'tool':21} {'scenario':11} {'wall s':>8} {'cpu s':>8} {'RSS MB':>7} "
            f"{'tree MB':>7} {'written':>8} {'MB':>7} {'files':>7}")
    print(head)
    print("-" * len(head))
    for r in rows:
        print(f"{r.size:>7} {r.tool:21} {r.scenario:11} {r.wall_median:8.2f} {r.cpu_median:8.2f} "
              f"{r.peak_rss_mb:7.0f} {r.peak_tree_mb:7.0f} {r.files_written:8} {r.bytes_written / 1e6:7.1f} "
              f"{r.files_total:7}")
    print()
    for size in sorted({r.size for r in rows}):
        cold = {r.tool: r.wall_median for r in rows if r.size == size and r.scenario == "cold"}
        parts = [f"{size:>7} papers: sitegen cold {cold['sitegen']:.2f} s"]
        # The ratios come from the runs that took turns (``bench_side_by_side``).
        turns = {r.tool: r.wall_median for r in rows if r.size == size and r.scenario == "cold-turns"}
        if turns:
            parts.append(f"taking turns: sitegen {turns['sitegen']:.2f} s")
            cold = {**turns, **{k: v for k, v in cold.items() if k not in turns}}
        for hugo in ("hugo", "hugo-minimal", "hugo+related"):
            if hugo in cold:
                parts.append(f"sitegen/{hugo} {cold['sitegen'] / cold[hugo]:.2f}")
        if "floor" in cold:
            parts.append(f"sitegen/floor {cold['sitegen'] / cold['floor']:.2f}")
        if "sitegen+search" in cold:
            parts.append(f"with search {cold['sitegen+search']:.2f} s")
            for other in ("hugo+pagefind", "hugo-minimal+pagefind", "hugo", "hugo-minimal"):
                if other in cold:
                    parts.append(f"search/{other} {cold['sitegen+search'] / cold[other]:.2f}")
        print(", ".join(parts))


def main() -> None:
    try:
        run_bench()
    except Failed as failed:
        sys.exit(str(failed))


def run_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated paper counts")
    parser.add_argument("--runs", type=int, default=3, help="runs per timed scenario (median reported)")
    parser.add_argument("--work", type=Path, default=None, help="working folder (default: a temp dir)")
    parser.add_argument("--json", type=Path, default=HERE / "results" / "latest.json")
    parser.add_argument("--no-hugo", action="store_true", help="skip the Hugo comparison")
    parser.add_argument("--hugo-related", action="store_true",
                        help="also time Hugo's pages with related papers (about 40 s a build at 10,000)")
    parser.add_argument("--search-upto", type=int, default=10000,
                        help="also build with Pagefind search up to this many papers (0: never)")
    args = parser.parse_args()
    if not args.no_hugo and not shutil.which("hugo"):
        sys.exit("bench: needs hugo (apt-get install hugo), or pass --no-hugo")
    if not GEN.is_file():
        sys.exit(f"bench: needs the corpus generator at {GEN} (or set SITEGEN_GEN_CORPUS)")
    work = args.work or Path(tempfile.mkdtemp(prefix="sitegen-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    # One trash for the whole run, emptied only when every timing is over: emptying it between
    # scenarios made the next scenario's first builds pay for the deletion.
    trash = Trash(work)
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            corpus = generate(size, work)
            rows += bench_sitegen(size, corpus, work, args.runs, search=False, trash=trash)
            if size <= args.search_upto:
                rows += bench_sitegen(size, corpus, work, args.runs, search=True, trash=trash)
            rows += bench_side_by_side(size, work, args.runs, trash, hugo=not args.no_hugo,
                                       search=size <= args.search_upto, related=args.hugo_related)
    finally:
        trash.empty()
    print_table(rows)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps([asdict(r) for r in rows], indent=1) + "\n", encoding="utf-8")
    print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()
