"""The README's "Using it" block, run line by line in a new folder as a new user types it.

Each line runs as its own ``python -m sitegen`` process from the folder the block has ``cd``-ed into,
so project discovery, relative paths and exit codes are the real ones. ``sitegen serve`` runs until
stopped: it is started with ``--port 0`` (any free port), asked for the home page once it says where it
serves, then stopped.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import urllib.request
from pathlib import Path

from helpers import REPO, parse_html

README = (REPO / "README.md").read_text(encoding="utf-8")


def using_it_block() -> list[list[str]]:
    section = README.split("\n## Using it\n", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [shlex.split(line, comments=True) for line in block.splitlines() if line.split("#")[0].strip()]


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), *filter(None, [env.get("PYTHONPATH")])])
    return env


def run_sitegen(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sitegen", *args], cwd=cwd, env=environment(),
                          capture_output=True, text=True, timeout=300, check=False)


def serve_once(args: list[str], cwd: Path) -> bytes:
    """Start ``sitegen serve``, fetch the address it prints, stop it."""
    command = [sys.executable, "-m", "sitegen", *args, "--port", "0"]
    with subprocess.Popen(command, cwd=cwd, env=environment(), stderr=subprocess.PIPE, text=True) as server:
        try:
            assert server.stderr is not None
            for line in server.stderr:
                found = re.match(r"serving (http://\S+)", line)
                if found:
                    with urllib.request.urlopen(found.group(1), timeout=30) as response:
                        return bytes(response.read())
            raise AssertionError(f"sitegen serve stopped without serving (exit {server.wait()})")
        finally:
            server.terminate()
            server.wait(timeout=30)


def test_the_block_is_what_a_curator_types() -> None:
    commands = using_it_block()
    assert commands[0][:2] == ["sitegen", "init"]
    assert ["cd", commands[0][2]] in commands
    assert all(words[0] in ("sitegen", "cd") for words in commands)


def test_every_line_of_using_it_works_in_a_new_folder(tmp_path: Path) -> None:
    here = tmp_path
    for words in using_it_block():
        if words[0] == "cd":
            here = here / words[1]
            continue
        if words[1] == "serve":
            home = parse_html(serve_once(words[1:], here))
            assert home.find("h1") is not None, "the preview serves the home page"
            continue
        done = run_sitegen(words[1:], here)
        assert done.returncode == 0, f"{shlex.join(words)} in {here}:\n{done.stdout}{done.stderr}"
    # The block ends with the build: the site is in the project's public/, with relative sources.
    papers = json.loads((here / "public" / "papers.json").read_text(encoding="utf-8"))["papers"]
    assert papers and all(source.startswith("dumps/") for p in papers for source in p["sources"])
    assert parse_html((here / "public" / "index.html").read_bytes()).find("main") is not None


def test_outside_any_project_the_error_names_what_was_looked_for_and_where(tmp_path: Path) -> None:
    done = run_sitegen(["build"], tmp_path)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("sitegen: error: not inside a sitegen project: ")
    assert "site.yaml" in lines[0] and "content/site.yaml" in lines[0] and str(tmp_path) in lines[0]
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_every_command_finds_an_init_project_from_a_folder_inside_it(tmp_path: Path) -> None:
    assert run_sitegen(["init", "digest"], tmp_path).returncode == 0
    inside = tmp_path / "digest" / "notes"
    for args in (["check"], ["tags"], ["build", "--quiet"]):
        done = run_sitegen(args, inside)
        assert done.returncode == 0, (args, done.stderr)
    assert (tmp_path / "digest" / "public" / "index.html").is_file()
    assert not (inside / "public").exists()


def test_output_piped_into_a_reader_that_stops_early_is_no_error(tmp_path: Path) -> None:
    """``sitegen tags | head -1``: the reader closes the pipe before sitegen writes; that is how
    pipes end, not a disk error, so nothing is printed on stderr (and no traceback at exit)."""
    assert run_sitegen(["init", "digest"], tmp_path).returncode == 0
    for args in (["tags"], ["parse", "dumps/2025-03-12.txt", "--json"], ["check"]):
        command = [sys.executable, "-m", "sitegen", *args]
        with subprocess.Popen(command, cwd=tmp_path / "digest", env=environment(), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) as reader:
            assert reader.stdout is not None and reader.stderr is not None
            reader.stdout.close()  # like `head` once it has what it wants
            err = reader.stderr.read()
            code = reader.wait(timeout=120)
        assert err == "", (args, err)
        assert code == 141, (args, code)  # 128 + SIGPIPE, what a shell reports for a writer cut off


def test_an_error_of_no_file_is_named_once_by_the_program(tmp_path: Path) -> None:
    """A disk error with no file name, like any problem that is no file's, reads
    ``sitegen: error: ...``, never ``sitegen: sitegen: error: ...``."""
    failing_check = ("import sys; from sitegen import cli; from sitegen.commands import check; "
                     "check.run = lambda args: (_ for _ in ()).throw(OSError(28, 'No space left on device'));"
                     " sys.exit(cli.main(['check']))")
    done = subprocess.run([sys.executable, "-c", failing_check], cwd=tmp_path, env=environment(),
                          capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stderr) == (1, "sitegen: error: No space left on device\n")
