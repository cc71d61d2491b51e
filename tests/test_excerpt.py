"""``views.excerpt`` collapses whitespace in a prefix only; it must cut exactly where collapsing the
whole text would."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sitegen.render.views import excerpt


def whole_text_excerpt(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


@given(st.text(st.sampled_from("ab ,;:\n\t\u00a0\u2028é"), max_size=400), st.integers(1, 60))
def test_excerpt_cuts_where_collapsing_the_whole_text_would(text: str, limit: int) -> None:
    assert excerpt(text, limit) == whole_text_excerpt(text, limit)


def test_an_abstract_is_cut_at_a_word_with_an_ellipsis() -> None:
    text = "We study   attention.\n\nIt works, mostly; " + "and more " * 100
    assert excerpt(text, 30) == "We study attention. It works…"
    assert excerpt("Short  and\nsweet.", 30) == "Short and sweet."
