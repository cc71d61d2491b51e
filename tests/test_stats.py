"""The stats page and its SVG charts, from the hand-built fixture site (tests/fixtures_site.py).

Expected numbers worked out by hand from the fixture: digests 03-11 (diffusion, attention: both new),
03-12 (tie-b, safe-rendering, tie-a: all new), 03-13 (attention seen before, tiny-models new); tags
vision 3, llm 2 (attention, safe-rendering), security 1 (safe-rendering, also llm), robotics 0;
every paper published in March 2025.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from fixtures_site import make_site
from helpers import Element, parse_html

from sitegen.render.drawing import render_pages
from sitegen.render.stats import co_occurrence, per_digest, per_tag, per_year, stats_files
from sitegen.site import Site

SUB = "https://example.org/sub/"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def site() -> Site:
    return make_site(SUB)


@pytest.fixture(scope="module")
def page(site: Site) -> Element:
    return parse_html(render_pages(site)["stats/index.html"])


def parse_svg(data: bytes) -> tuple[ET.Element, list[str]]:
    """The SVG tree, and every comment in it (ElementTree drops comments unless asked)."""
    comments: list[str] = []

    class Builder(ET.TreeBuilder):
        def comment(self, text: str) -> None:
            comments.append(text)

    parser = ET.XMLParser(target=Builder())
    parser.feed(data)
    return parser.close(), comments


def bar_values(svg: ET.Element) -> list[list[int]]:
    """Values drawn per series, in series order (pygal writes each bar's value in a <desc class="value">)."""
    series = [g for g in svg.iter(f"{SVG}g") if "series" in g.get("class", "").split()]
    values = [[int(d.text or "") for d in g.iter(f"{SVG}desc") if d.get("class") == "value"] for g in series]
    return [v for v in values if v]  # the legend repeats the series classes, without values


def table_rows(section: Element) -> list[list[str]]:
    return [[cell.text() for cell in row.children if isinstance(cell, Element)]
            for row in section.find("tbody").find_all("tr")]


def test_counts_per_digest_tag_and_year(site: Site) -> None:
    assert [(d.isoformat(), n, new) for d, n, new in per_digest(site)] == [
        ("2025-03-11", 2, 2), ("2025-03-12", 3, 3), ("2025-03-13", 2, 1)]
    assert per_tag(site) == (("Vision", 3), ("Language models", 2), ("Security & Safety", 1), ("Robotics", 0))
    assert per_year(site) == (("2025", 6),)


def test_tag_co_occurrence_counts_pairs_and_leaves_out_unused_tags(site: Site) -> None:
    co = co_occurrence(site)
    assert co.labels == ("Vision", "Language models", "Security & Safety")  # Robotics has no paper
    assert co.cells == ((3, 0, 0), (0, 2, 1), (0, 1, 1))
    assert co.shades == ((0, 0, 0), (0, 0, 100), (0, 100, 0))
    assert (co.shown, co.total_tags) == (3, 4)


def test_charts_are_svg_drawing_the_same_numbers_as_their_tables(site: Site, page: Element) -> None:
    files = stats_files(site)
    assert sorted(files) == ["stats/digests.svg", "stats/tags.svg", "stats/years.svg"]
    digests, _ = parse_svg(files["stats/digests.svg"])
    assert digests.tag == f"{SVG}svg" and digests.get("id") == "chart-digests"
    assert bar_values(digests) == [[2, 3, 2], [2, 3, 1]]  # papers, new
    table = table_rows(page.find("section", **{"aria-labelledby": "digests-heading"}))
    assert table == [["11 March 2025", "2", "2"], ["12 March 2025", "3", "3"], ["13 March 2025", "2", "1"]]
    tags, _ = parse_svg(files["stats/tags.svg"])
    assert bar_values(tags) == [[0, 1, 2, 3]]  # drawn bottom-up, so the most frequent tag is on top
    years, _ = parse_svg(files["stats/years.svg"])
    assert bar_values(years) == [[6]]


def test_svg_is_deterministic_offline_and_script_free(site: Site) -> None:
    first, second = stats_files(site), stats_files(make_site(SUB))
    assert first == second
    for name, data in first.items():
        svg, comments = parse_svg(data)
        assert comments == [], name  # pygal's "generated on <date>" comment is gone
        assert not list(svg.iter(f"{SVG}script")), name
        refs = [v for e in svg.iter() for k, v in e.attrib.items() if k.endswith("href")]
        assert not any("//" in ref for ref in refs), name  # nothing fetched from the network
        style = "".join(s.text or "" for s in svg.iter(f"{SVG}style"))
        assert "prefers-color-scheme:dark" in style.replace(" ", ""), name


def test_each_chart_has_an_image_with_a_text_alternative(page: Element) -> None:
    for name in ("digests", "tags", "years"):
        section = page.find("section", **{"aria-labelledby": f"{name}-heading"})
        image = section.find("img")
        assert image.attrs["src"] == f"/sub/stats/{name}.svg"
        assert image.attrs["alt"]
        caption = section.find("figcaption")
        assert image.attrs["aria-describedby"] == caption.attrs["id"] and caption.text()
        assert [th.text() for th in section.find("thead").find_all("th")]


def test_co_occurrence_is_a_table_with_row_and_column_headers(page: Element) -> None:
    table = page.find("table", **{"class": "heat"})
    assert [th.text() for th in table.find("thead").find_all("th")] == [
        "Vision", "Language models", "Security & Safety"]
    assert table_rows(table) == [["Vision", "3", "0", "0"], ["Language models", "0", "2", "1"],
                    ["Security & Safety", "0", "1", "1"]]
    assert table.find("caption").text()


def test_stats_page_is_linked_from_every_page(site: Site) -> None:
    for path, body in render_pages(site).items():
        if path.endswith("index.html") and not path.startswith("papers/old"):
            nav = parse_html(body).find("nav", **{"aria-label": "Site"})
            assert "/sub/stats/" in nav.hrefs(), path
