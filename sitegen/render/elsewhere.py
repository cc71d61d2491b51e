"""Where a paper lives outside this site, when a listing gave its arXiv id: the abstract page, the
PDF, its Hugging Face page, its code and project page. One place for these addresses, so the paper
page, its citation, the feeds and ``papers.json`` always agree."""

from __future__ import annotations

from ..model import Identity

ARXIV = "https://arxiv.org/"
HUGGING_FACE = "https://huggingface.co/papers/"


def abs_url(arxiv_id: str) -> str:
    """The abstract page (version-less: it always shows the newest version)."""
    return f"{ARXIV}abs/{arxiv_id}"


def pdf_url(arxiv_id: str) -> str:
    return f"{ARXIV}pdf/{arxiv_id}"


def hf_url(arxiv_id: str) -> str:
    return HUGGING_FACE + arxiv_id


def paper_links(identity: Identity) -> tuple[tuple[str, str], ...]:
    """(kind, URL) of every place the paper can be read, in the order a reader wants them."""
    arxiv_id = identity.arxiv_id
    links = [("arxiv", abs_url(arxiv_id)), ("pdf", pdf_url(arxiv_id)), ("huggingface", hf_url(arxiv_id))]
    if identity.github_repo:
        links.append(("code", identity.github_repo))
    if identity.project_page:
        links.append(("project", identity.project_page))
    return tuple(links)
