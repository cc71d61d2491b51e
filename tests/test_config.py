"""site.yaml: defaults, normalisation, and every bad value reported at file:line:col."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.config import load_config, parse_config
from sitegen.errors import ConfigError
from sitegen.model import Location


def problems(text: str, **kwargs: str) -> list[tuple[Location, str]]:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, "site.yaml", **kwargs)
    return [(p.location, p.message) for p in caught.value.problems]


def test_minimal_config_takes_the_documented_defaults() -> None:
    config = parse_config("title: Digest\nbase_url: https://example.org\n")
    assert (config.title, config.base_url) == ("Digest", "https://example.org/")
    assert (config.feed_size, config.page_size, config.timezone, config.language) == (50, 20, "UTC", "en")


def test_every_key_is_read() -> None:
    config = parse_config(
        "title: T\nbase_url: http://h.example/a/b\ndescription: D\nlanguage: en-GB\nauthor: A\n"
        "feed_size: 10\npage_size: 5\ntimezone: Europe/Paris\n"
    )
    assert config.base_url == "http://h.example/a/b/"
    assert config.base_path == "/a/b/"
    assert (config.description, config.language, config.author) == ("D", "en-GB", "A")
    assert (config.feed_size, config.page_size, config.timezone) == (10, 5, "Europe/Paris")


def test_base_url_override_wins_and_needs_no_base_url_in_the_file() -> None:
    config = parse_config("title: T\n", base_url="https://example.org/sub")
    assert config.base_url == "https://example.org/sub/"


def test_unknown_key_names_its_line_and_column_and_the_closest_key() -> None:
    found = problems("title: T\nbase_url: https://e.org/\n  \nfeed_sise: 3\n")
    message = "unknown key 'feed_sise' in the settings; did you mean 'feed_size'?"
    assert found == [(Location("site.yaml", 4, 1), message)]


def test_bad_values_are_all_reported_at_once_with_their_positions() -> None:
    text = ("title: T\nbase_url: ftp://example.org/\nfeed_size: many\npage_size: 0\n"
            "timezone: Mars/Olympus\nlanguage: english language\n")
    found = problems(text)
    assert [where for where, _ in found] == [
        Location("site.yaml", 2, 11), Location("site.yaml", 3, 12), Location("site.yaml", 4, 12),
        Location("site.yaml", 5, 11), Location("site.yaml", 6, 11),
    ]
    assert "http(s)" in found[0][1] and "whole number" in found[1][1]
    assert "Mars/Olympus" in found[3][1]


def test_missing_required_keys_are_errors() -> None:
    found = problems("description: only this\n")
    assert sorted(message for _, message in found) == ["missing required key 'base_url'",
                                                       "missing required key 'title'"]


def test_duplicate_key_is_an_error() -> None:
    found = problems("title: A\ntitle: B\nbase_url: https://e.org/\n")
    assert found == [(Location("site.yaml", 2, 1), "duplicate key 'title' in the settings (first at line 1)")]


def test_a_bad_override_is_blamed_on_the_option() -> None:
    found = problems("title: T\n", base_url="example.org")
    assert [where for where, _ in found] == [Location("--base-url")]


def test_yaml_syntax_error_has_a_position() -> None:
    found = problems("title: [unclosed\nbase_url: x\n")
    assert found[0][0].path == "site.yaml" and found[0][0].line >= 1
    assert found[0][1].startswith("invalid YAML")


def test_a_list_at_the_top_is_an_error() -> None:
    assert problems("- title\n")[0][1].startswith("site.yaml must be a mapping")


def test_missing_file_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "site.yaml")
    assert caught.value.problems[0].location.path == "site.yaml"  # named as the project names it


def test_the_real_site_yaml_is_valid() -> None:
    config = load_config(Path(__file__).parent.parent / "content" / "site.yaml")
    assert config.base_url.endswith("/") and config.title
