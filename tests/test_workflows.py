"""Every GitHub Actions workflow (the repository's and the one ``sitegen init`` writes) passes actionlint,
and the Pages workflow does what publishing needs: build with the Pages base URL, upload, deploy."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted([
    *(REPO / ".github" / "workflows").glob("*.y*ml"),
    *(REPO / "sitegen" / "scaffold" / "project" / "dot-github" / "workflows").glob("*.y*ml"),
])
PAGES = [p for p in WORKFLOWS if p.name == "pages.yml"]


def actionlint() -> str:
    found = shutil.which("actionlint")
    if found is None:  # a missing checker is a failure, never a skip
        pytest.fail("actionlint is not installed: it comes with the test extras (an actionlint PyPI wheel)")
    return found


def run_actionlint(*paths: Path) -> subprocess.CompletedProcess[str]:
    # -shellcheck= / -pyflakes= keep the result independent of what else happens to be on PATH.
    command = [actionlint(), "-no-color", "-shellcheck=", "-pyflakes=", *map(str, paths)]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)


def test_both_pages_workflows_exist() -> None:
    assert [p.relative_to(REPO).as_posix() for p in PAGES] == [
        ".github/workflows/pages.yml",
        "sitegen/scaffold/project/dot-github/workflows/pages.yml",
    ]


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_workflow_passes_actionlint(workflow: Path) -> None:
    result = run_actionlint(workflow)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - uses: actions/checkout@v4\n        run: echo both\n", encoding="utf-8")
    result = run_actionlint(broken)
    assert result.returncode == 1
    # actionlint names files relative to the working directory, so compare the resolved path.
    (where,) = {line.split(":", 1)[0] for line in result.stdout.splitlines() if ".yml:" in line}
    assert Path(where).resolve() == broken.resolve()
    assert 'unexpected key "uses"' in result.stdout


def load(workflow: Path) -> dict[Any, Any]:
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def steps_using(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [s for s in job["steps"] if str(s.get("uses", "")).split("@")[0] == action]


@pytest.mark.parametrize("workflow", PAGES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_pages_workflow_publishes_with_the_pages_base_url(workflow: Path) -> None:
    data = load(workflow)
    assert data["permissions"]["pages"] == "write"
    assert data["permissions"]["id-token"] == "write"
    assert data["concurrency"]["group"]
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    (configure,) = steps_using(build, "actions/configure-pages")
    (command,) = [s for s in build["steps"] if "sitegen build" in str(s.get("run", ""))]
    assert command["env"]["BASE_URL"] == f"${{{{ steps.{configure['id']}.outputs.base_url }}}}"
    assert "--base-url" in command["run"].split()
    (upload,) = steps_using(build, "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "public"
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert len(steps_using(deploy, "actions/deploy-pages")) == 1
