"""What a paper page says about itself to machines and to readers who cite it: a plain-text citation
and a BibTeX entry, Google Scholar's ``citation_*`` meta tags, ``ScholarlyArticle`` JSON-LD. Pure
functions of the site.

With an arXiv id the citation, the BibTeX entry and the meta tags name the paper itself (arXiv's
abstract page and PDF); without one, there is nothing to cite but our own page, and no ``citation_*``
tag claims otherwise (Scholar would index our page as the paper)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from markupsafe import Markup

from ..model import Paper
from ..site import Site, paper_path, url
from ..util.slugs import slugify
from . import elsewhere

# Inside <script>, the HTML parser ends the block at the first "</script"; JSON's own escapes keep the
# data the same while no "<", ">" or "&" is left for it to see (the JSON-LD spec's advice).
_SCRIPT_SAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))
# One line, through the C encoder: an ``indent`` switches json to its pure-Python encoder, which cost
# a tenth of each paper page's drawing.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


@dataclass(frozen=True, slots=True)
class Citation:
    title: str
    year: str
    """Year published, or ``n.d.`` (no date) when the listing did not give one: never guessed."""
    link: str
    """arXiv's abstract page when the id is known, else the paper's canonical URL on this site."""
    authors: tuple[str, ...] = ()
    arxiv_id: str = ""
    bibtex: str = ""
    """A ``@misc`` entry citing the arXiv paper; "" without an id."""

    @property
    def text(self) -> str:
        where = f"arXiv:{self.arxiv_id}. " if self.arxiv_id else ""
        if self.authors:
            return f"{', '.join(self.authors)} ({self.year}). {self.title}. {where}{self.link}"
        return f"{self.title} ({self.year}). {where}{self.link}"


def citation(site: Site, paper: Paper) -> Citation:
    year = str(paper.published.year) if paper.published else "n.d."
    identity = paper.identity
    if identity is None:
        return Citation(paper.title, year, url(site.config, paper_path(site.permalinks[paper.key].slug)))
    return Citation(paper.title, year, elsewhere.abs_url(identity.arxiv_id), identity.authors,
                    identity.arxiv_id, bibtex(paper))


_BIBTEX_SPECIAL = str.maketrans({"\\": "\\textbackslash{}", "{": "\\{", "}": "\\}", "&": "\\&",
                                 "%": "\\%", "$": "\\$", "#": "\\#", "_": "\\_", "~": "\\~{}",
                                 "^": "\\^{}"})
_STOPWORDS = frozenset({"a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "is", "are"})


def bibtex(paper: Paper) -> str:
    """A BibTeX ``@misc`` entry for an arXiv paper, fields as arXiv's own export writes them; text
    escaped so a title with ``&`` or ``_`` compiles. Empty without an id."""
    identity = paper.identity
    if identity is None:
        return ""
    fields = [("title", "{" + paper.title.translate(_BIBTEX_SPECIAL) + "}")]
    if identity.authors:
        fields.append(("author", " and ".join(name.translate(_BIBTEX_SPECIAL) for name in identity.authors)))
    fields.append(("year", str(citation_year(paper))))
    fields += [("eprint", identity.arxiv_id), ("archivePrefix", "arXiv")]
    if identity.categories:
        fields.append(("primaryClass", identity.categories[0]))
    fields.append(("url", elsewhere.abs_url(identity.arxiv_id)))
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields)
    return f"@misc{{{bibtex_key(paper)},\n{body}}}"


def citation_year(paper: Paper) -> int:
    """The year published; for an arXiv paper without a date, the year its id was given (``2402.``
    is February 2024: ids are numbered by the month of first submission, so this is never a guess)."""
    if paper.published is not None:
        return paper.published.year
    arxiv_id = paper.identity.arxiv_id if paper.identity else ""
    digits = arxiv_id.rsplit("/", 1)[-1][:2]
    year = int(digits) if digits.isdigit() else 0
    return 2000 + year if year < 91 else 1900 + year


def bibtex_key(paper: Paper) -> str:
    """``lastname2024firstword``, as Google Scholar makes them, in plain ASCII."""
    identity = paper.identity
    first = identity.authors[0].split()[-1] if identity and identity.authors else "anonymous"
    # The words of a slug are the ASCII words of the text: one folding rule for URLs and keys.
    words = [w for w in slugify(paper.title, limit=len(paper.title)).split("-") if w and w not in _STOPWORDS]
    return slugify(first).replace("-", "") + str(citation_year(paper)) + (words[0] if words else "")


def citation_meta(paper: Paper) -> tuple[tuple[str, str], ...]:
    """Google Scholar's ``citation_*`` tags (name, content), for a paper with an arXiv id."""
    identity = paper.identity
    if identity is None:
        return ()
    tags = [("citation_title", paper.title)]
    tags += [("citation_author", name) for name in identity.authors]
    if paper.published is not None:  # Scholar's form: 2024/02/05
        tags.append(("citation_publication_date", paper.published.strftime("%Y/%m/%d")))
    else:
        tags.append(("citation_publication_date", str(citation_year(paper))))
    tags += [("citation_arxiv_id", identity.arxiv_id),
             ("citation_pdf_url", elsewhere.pdf_url(identity.arxiv_id)),
             ("citation_abstract_html_url", elsewhere.abs_url(identity.arxiv_id))]
    return tuple(tags)


def scholarly_article(site: Site, paper: Paper) -> dict[str, object]:
    labels = {t.id: t.label for t in site.tags}
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "name": paper.title,
        "headline": paper.title,
        "abstract": paper.abstract,
        "url": url(site.config, paper_path(site.permalinks[paper.key].slug)),
    }
    if paper.published is not None:
        data["datePublished"] = paper.published.isoformat()
    keywords = [labels[t] for t in site.paper_tags.get(paper.key, ())]
    if keywords:
        data["keywords"] = keywords
    identity = paper.identity
    if identity is not None:
        if identity.authors:
            data["author"] = [{"@type": "Person", "name": name} for name in identity.authors]
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "arXiv", "value": identity.arxiv_id}
        data["sameAs"] = [elsewhere.abs_url(identity.arxiv_id), elsewhere.hf_url(identity.arxiv_id)]
        if identity.github_repo:
            data["codeRepository"] = identity.github_repo  # schema.org's SoftwareSourceCode property
    return data


def json_ld(data: dict[str, object]) -> Markup:
    """JSON for a ``<script type="application/ld+json">`` block: safe to place as-is, keys in order."""
    text = _ENCODE(data)
    for character, escaped in _SCRIPT_SAFE:
        text = text.replace(character, escaped)
    return Markup(text)  # safe: no markup-significant character is left
