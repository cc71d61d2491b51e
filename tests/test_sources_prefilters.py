"""The quick rejections in front of the date and author-line patterns (issue 6) reject only non-matches."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.sources.dates import CARD_DATE, CARD_DATE_LENGTH, MONTH_NAMES, parse_card_date
from sitegen.sources.layouts import AUTHORS_LINE, authors_line

DATEISH = st.lists(st.sampled_from(["Sep", "Feb", "May", " ", "30", "3", ", ", "2025", "123456", "1234567",
                                    "٣", "x", "Sept", "•", "authors", "author"]), max_size=8).map("".join)


@settings(max_examples=100, deadline=None)
@given(text=st.one_of(DATEISH, st.text(max_size=25)))
def test_prefilters_agree_with_the_patterns(text: str) -> None:
    if CARD_DATE.fullmatch(text) is not None:  # then parse_card_date's quick rejection lets it through
        assert len(text) <= CARD_DATE_LENGTH
        assert text[:3] in MONTH_NAMES
    else:
        assert parse_card_date(text) is None
    assert (authors_line(text) is None) == (AUTHORS_LINE.fullmatch(text) is None)
    assert (authors_line("• " + text) is None) == (AUTHORS_LINE.fullmatch("• " + text) is None)


def test_the_longest_card_dates_still_parse() -> None:
    assert parse_card_date("Sep 30, 2025 123456") is not None
    assert parse_card_date("Sep 30, 2025 ١٢٣٤٥٦") is not None  # Unicode digits count one character each
    assert parse_card_date("Sep 30, 2025 1234567") is None  # the count has at most six digits
