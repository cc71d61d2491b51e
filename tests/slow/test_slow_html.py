"""Every generated page passes the Nu Html Checker with zero errors."""

from __future__ import annotations

import pytest

from .conftest import Tools, timed
from .harness.site import BuiltSite, describe
from .harness.vnu import check_html

pytestmark = pytest.mark.slow


def test_every_page_passes_the_nu_html_checker(site: BuiltSite, tools: Tools) -> None:
    assert site.files(".html"), f"{site.name}: no HTML pages in {site.root}"
    with timed(f"{site.name}: vnu ({len(site.files('.html'))} pages)"):
        problems = check_html(site, tools.vnu_jar)
    if problems:
        pytest.fail(describe(problems), pytrace=False)
