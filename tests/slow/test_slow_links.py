"""Every internal link, asset, feed link and sitemap URL resolves in the built site, under the base path."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import timed
from .harness.build import SITE_CHECK
from .harness.links import check_links
from .harness.site import BuiltSite, describe

pytestmark = pytest.mark.slow


def test_every_internal_url_resolves(site: BuiltSite) -> None:
    with timed(f"{site.name}: links"):
        problems = check_links(site)
    if problems:
        pytest.fail(describe(problems), pytrace=False)


def test_shared_site_check_agrees(site: BuiltSite) -> None:
    """A second opinion: the team's standard-library site checker (carried in tests/tools/)."""
    checker = SITE_CHECK
    with timed(f"{site.name}: shared site_check"):
        proc = subprocess.run([sys.executable, str(checker), str(site.root), "--base-url", site.base_url],
                              capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
