"""Hugo sites made from a build's papers.json, for the benchmark to compare sitegen with.

Three sets of pages (``THEMES``):

- ``minimal``: the comparison until round 11. Paper pages with title, a meta line, tags, the
  abstract and digests; lists of titles and summaries; 20-item RSS feeds for every term. It does the
  same kind of work as sitegen but shows far less: its paper pages are a fifth of sitegen's bytes.
- ``same``: what sitegen's pages show, written as a Hugo user would write them. Paper pages carry
  the head's description, canonical, Open Graph and Twitter tags, article tags and a JSON-LD
  ``ScholarlyArticle``; title, meta line, tag chips, the abstract, the digests that listed it, a
  citation and four title searches. Listing cards (title, meta line, a 280-character excerpt, tag
  chips) are drawn once per paper with ``partialCached``, as sitegen draws each card once. The home
  page holds the 20 newest; tag and date term pages are paginated by 20; the site and each tag have
  an RSS and an Atom feed of 50 items (none per date, as in sitegen); papers.json lists every paper.
  ``data-pagefind-body`` marks the paper's article and its chips are Pagefind ``tag`` filters, as
  Pagefind's documentation tells a site to mark what it indexes: Pagefind then indexes the paper
  pages alone, as sitegen's index does. It leaves out sitegen's related papers.
- ``same+related``: ``same`` with five related papers on each paper page, from Hugo's related-content
  index over tags and title words (sitegen ranks by shared tags, then shared rare title words).

No set has a section page for ``papers/`` (sitegen has none).
"""

# ruff: noqa: E501  (the templates keep their lines whole)
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from sitegen.render.related import title_words

MINIMAL_CONFIG = """\
baseURL = "https://bench.example.org/digest/"
title = "Bench digest"
languageCode = "en"
disableKinds = []
paginate = 20
rssLimit = 20
[services.rss]
  limit = 20
[taxonomies]
  tag = "tags"
  date = "dates"
"""

MINIMAL_BASEOF = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{{ .Title }} · {{ .Site.Title }}</title>
{{ range .AlternativeOutputFormats }}
<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">{{ end }}
</head><body>
<header><a href="{{ "" | relURL }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer><a href="{{ "tags/" | relURL }}">Tags</a></footer></body></html>
"""

MINIMAL_SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p>{{ .Params.authors }} authors · {{ .Params.card_date }} · {{ .Params.upvotes }} upvotes</p>
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ .Content }}
<ul>{{ range .GetTerms "dates" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
</article>{{ end }}
"""

MINIMAL_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ range .Paginator.Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p>{{ .Summary }}</p></article>{{ end }}
{{ template "_internal/pagination.html" . }}{{ end }}
"""

CONFIG = """\
baseURL = "https://bench.example.org/digest/"
title = "Bench digest"
languageCode = "en"
disableKinds = ["section"]
paginate = 20
rssLimit = 50
summaryLength = 45
[params]
  description = "A curated digest of machine-learning papers."
[taxonomies]
  tag = "tags"
  date = "dates"
[mediaTypes."application/atom+xml"]
  suffixes = ["xml"]
[outputFormats.Atom]
  mediaType = "application/atom+xml"
  baseName = "atom"
  rel = "alternate"
[outputFormats.RSS]
  baseName = "rss"
[outputFormats.JSON]
  baseName = "papers"
[outputs]
  home = ["HTML", "RSS", "Atom", "JSON"]
  term = ["HTML", "RSS", "Atom"]
  taxonomy = ["HTML"]
"""

RELATED_CONFIG = """\
[related]
  includeNewer = true
  threshold = 0
  toLower = false
  [[related.indices]]
    name = "tags"
    weight = 100
  [[related.indices]]
    name = "keywords"
    weight = 1
"""

DATES_INDEX = """---
title: Digests
cascade:
  outputs: ["HTML"]
---
"""
"""Date terms get no feeds (sitegen has one feed of digests, not one per date)."""

BASEOF = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{{ .Title }} · {{ .Site.Title }}</title>
{{ $desc := .Site.Params.description }}{{ if .IsPage }}{{ $desc = .RawContent | truncate 160 }}{{ end -}}
<meta name="description" content="{{ $desc }}">
<link rel="canonical" href="{{ .Permalink }}">
<meta property="og:type" content="{{ if .IsPage }}article{{ else }}website{{ end }}">
<meta property="og:site_name" content="{{ .Site.Title }}">
<meta property="og:title" content="{{ .Title }}">
<meta property="og:url" content="{{ .Permalink }}">
<meta property="og:description" content="{{ $desc }}">
<meta name="twitter:card" content="summary">
<meta name="twitter:title" content="{{ .Title }}">
<meta name="twitter:description" content="{{ $desc }}">
<link rel="alternate" type="application/atom+xml" title="{{ .Site.Title }} (Atom)" href="{{ "atom.xml" | absURL }}">
<link rel="alternate" type="application/rss+xml" title="{{ .Site.Title }} (RSS)" href="{{ "rss.xml" | absURL }}">
<link rel="stylesheet" href="{{ "static/style.css" | relURL }}">
{{ block "head" . }}{{ end }}
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
  <div class="wrap header-row">
    <a class="brand" href="{{ "" | relURL }}">{{ .Site.Title }}</a>
    <nav aria-label="Site">
      <ul class="nav">
        <li><a href="{{ "dates/" | relURL }}">Digests</a></li>
        <li><a href="{{ "tags/" | relURL }}">Tags</a></li>
        <li><a href="{{ "atom.xml" | relURL }}" class="feed-link">Feed</a></li>
      </ul>
    </nav>
  </div>
</header>
<main id="main" class="wrap" tabindex="-1">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">
  <div class="wrap footer-row">
    <p>{{ .Site.Title }}</p>
    <nav aria-label="Feeds and pages">
      <ul class="inline-list">
        <li><a href="{{ "atom.xml" | relURL }}">Atom</a></li>
        <li><a href="{{ "rss.xml" | relURL }}">RSS</a></li>
      </ul>
    </nav>
  </div>
</footer>
</body>
</html>
"""

META = """<p class="meta" data-pagefind-ignore>{{ with .Params.card_date }}<span>Published <time datetime="{{ . }}">{{ . }}</time></span>{{ end }}\
{{ with .Params.authors }}<span>{{ . }} authors</span>{{ end }}{{ with .Params.upvotes }}<span>{{ . }} upvotes</span>{{ end }}</p>
"""

CHIPS = """<ul class="chips" aria-label="Tags">
{{ range .GetTerms "tags" }}  <li><a class="chip" href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>
{{ end }}</ul>
"""

CARD = """<li class="card">
  <article>
    <h3 class="card-title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
    {{ partial "meta.html" . }}
    <p class="excerpt">{{ .RawContent | truncate 280 }}</p>
    {{ partial "chips.html" . }}
  </article>
</li>
"""

SINGLE = """{{ define "head" }}{{ with .Params.card_date }}<meta property="article:published_time" content="{{ . }}">
{{ end }}{{ range .GetTerms "tags" }}<meta property="article:tag" content="{{ .LinkTitle }}">
{{ end }}<script type="application/ld+json">
{{ dict "@context" "https://schema.org" "@type" "ScholarlyArticle" "name" .Title "headline" .Title \
"abstract" .RawContent "url" .Permalink "datePublished" .Params.card_date "keywords" .Params.tags | jsonify | safeJS }}
</script>
{{ end }}{{ define "main" }}<article class="paper" data-pagefind-body>
  <header>
    <h1>{{ .Title }}</h1>
    {{ partial "meta.html" . }}
    <ul class="chips" aria-label="Tags">
{{ range .GetTerms "tags" }}      <li><a class="chip" href="{{ .RelPermalink }}" data-pagefind-filter="tag">{{ .LinkTitle }}</a></li>
{{ end }}    </ul>
    <span hidden data-pagefind-filter="year">{{ .Date.Year }}</span>
  </header>
  <section aria-labelledby="abstract-heading">
    <h2 id="abstract-heading" data-pagefind-ignore>Abstract</h2>
    <div class="abstract">{{ .Content }}</div>
  </section>
  <section aria-labelledby="digests-heading" data-pagefind-ignore>
    <h2 id="digests-heading">In the digests of</h2>
    <ul class="inline-list">
{{ range .GetTerms "dates" }}      <li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>
{{ end }}    </ul>
  </section>
  <section aria-labelledby="cite-heading" class="cite" data-pagefind-ignore>
    <h2 id="cite-heading">Cite this paper</h2>
    <pre id="citation" tabindex="0"><code>{{ .Title }} ({{ with .Params.card_date }}{{ substr . 0 4 }}{{ end }}). {{ .Permalink }}</code></pre>
  </section>
  <section aria-labelledby="find-heading" data-pagefind-ignore>
    <h2 id="find-heading">Find this paper</h2>
    <ul class="inline-list links-out">
      <li><a href="https://arxiv.org/search/?query={{ .Title }}&amp;searchtype=title" rel="noopener">arXiv</a></li>
      <li><a href="https://huggingface.co/papers?q={{ .Title }}" rel="noopener">Hugging Face</a></li>
      <li><a href="https://www.semanticscholar.org/search?q={{ .Title }}" rel="noopener">Semantic Scholar</a></li>
      <li><a href="https://scholar.google.com/scholar?q={{ .Title }}" rel="noopener">Google Scholar</a></li>
    </ul>
  </section>
</article>
{{/* related */}}{{ end }}
"""

RELATED = """{{ with first 5 (.Site.RegularPages.Related .) }}<section class="related" aria-labelledby="related-heading">
  <h2 id="related-heading">Related papers</h2>
  <ol class="cards">
{{ range . }}{{ partialCached "card.html" . .RelPermalink }}{{ end }}  </ol>
</section>
{{ end }}
"""

LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>
<ol class="cards">
{{ range .Paginator.Pages }}{{ partialCached "card.html" . .RelPermalink }}{{ end }}</ol>
{{ template "_internal/pagination.html" . }}{{ end }}
"""

HOME = """{{ define "main" }}<h1>{{ .Site.Title }}</h1>
<ol class="cards">
{{ range first 20 .Site.RegularPages }}{{ partialCached "card.html" . .RelPermalink }}{{ end }}</ol>
{{ end }}
"""

TERMS = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Data.Terms.ByCount }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}
</ul>{{ end }}
"""

ATOM = """{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = .Site.RegularPages }}{{ end -}}
{{ printf "<?xml version=\\"1.0\\" encoding=\\"utf-8\\"?>" | safeHTML }}
<feed xmlns="http://www.w3.org/2005/Atom">
<title>{{ .Title }} · {{ .Site.Title }}</title>
<id>{{ .Permalink }}</id>
<link rel="self" href="{{ .Permalink }}atom.xml"/>
<link rel="alternate" href="{{ .Permalink }}"/>
<updated>{{ .Lastmod.Format "2006-01-02T15:04:05Z07:00" }}</updated>
{{ range first 50 $pages }}<entry>
<title>{{ .Title }}</title>
<id>{{ .Permalink }}</id>
<link rel="alternate" href="{{ .Permalink }}"/>
<updated>{{ .Lastmod.Format "2006-01-02T15:04:05Z07:00" }}</updated>
{{ range .GetTerms "tags" }}<category term="{{ .LinkTitle }}"/>{{ end }}
<content type="html">{{ .Content | html }}</content>
</entry>
{{ end }}</feed>
"""

PAPERS_JSON = """{{ $papers := slice }}{{ range .Site.RegularPages }}{{ $papers = $papers | append (dict \
"slug" .Params.slug "url" .Permalink "title" .Title "abstract" .RawContent "tags" .Params.tags \
"digests" .Params.dates "authors" .Params.authors "published" .Params.card_date \
"upvotes" .Params.upvotes) }}{{ end }}{{ dict "site" (dict "title" .Site.Title "url" .Site.BaseURL) \
"papers" $papers | jsonify }}
"""

SAME = {
    "_default/baseof.html": BASEOF,
    "_default/single.html": SINGLE,
    "_default/list.html": LIST,
    "_default/terms.html": TERMS,
    "_default/list.atom.xml": ATOM,
    "index.html": HOME,
    "index.json": PAPERS_JSON,
    "partials/meta.html": META,
    "partials/chips.html": CHIPS,
    "partials/card.html": CARD,
}
THEMES: dict[str, tuple[str, dict[str, str]]] = {
    "minimal": (MINIMAL_CONFIG, {"_default/baseof.html": MINIMAL_BASEOF, "_default/single.html": MINIMAL_SINGLE,
                                 "_default/list.html": MINIMAL_LIST, "_default/terms.html": TERMS,
                                 "index.html": MINIMAL_LIST}),
    "same": (CONFIG, SAME),
    "same+related": (CONFIG + RELATED_CONFIG,
                     {**SAME, "_default/single.html": SINGLE.replace("{{/* related */}}", RELATED)}),
}
"""Each set of pages: its config.toml and its layouts."""

def front_matter(paper: dict[str, Any], related: bool = False) -> str:
    meta: dict[str, Any] = {
        "title": paper["title"],
        "slug": paper["slug"],
        "date": paper["digests"][0],
        "lastmod": paper["digests"][-1],
        "tags": paper["tags"],
        "dates": paper["digests"],
        "authors": paper.get("authors"),
        "card_date": paper.get("published"),  # not "published": Hugo reads that as publishDate
        "upvotes": paper.get("upvotes"),
    }
    if related:
        meta["keywords"] = sorted(title_words(paper["title"]))  # the words sitegen relates papers by
    return json.dumps(meta, ensure_ascii=False, indent=0)  # Hugo reads JSON front matter


def write_hugo_site(papers: list[dict[str, Any]], site: Path, theme: str = "same",
                    static: Path | None = None) -> None:
    """The Hugo site of ``papers`` in ``site`` with the pages ``THEMES[theme]``; ``static`` (sitegen's
    built ``static/``) is copied to the same place in Hugo's output."""
    if site.exists():
        shutil.rmtree(site)
    config, layouts = THEMES[theme]
    for name, text in layouts.items():
        path = site / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (site / "config.toml").write_text(config, encoding="utf-8")
    if static is not None and static.is_dir():
        shutil.copytree(static, site / "static" / "static")
    if theme != "minimal":
        dates = site / "content" / "dates"
        dates.mkdir(parents=True)
        (dates / "_index.md").write_text(DATES_INDEX, encoding="utf-8")
    posts = site / "content" / "papers"
    posts.mkdir(parents=True)
    related = theme.endswith("+related")
    for paper in papers:
        body = paper["abstract"]
        text = f"{front_matter(paper, related)}\n\n{body}\n"
        (posts / f"{paper['slug']}.md").write_text(text, encoding="utf-8")
