"""A Hugo site with pages equivalent to sitegen's, generated from a build's papers.json (benchmark only).

Paper pages, a `tags` and a `dates` taxonomy (term pages paginated by 20, an RSS feed of 20 items per
term, on the home page and per section), a home page listing the newest papers. Templates are minimal
but do the same kind of work as sitegen's: loop over a paper's tags and digests, list paginated papers.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

CONFIG = """\
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

BASEOF = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{{ .Title }} · {{ .Site.Title }}</title>
{{ range .AlternativeOutputFormats }}
<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">{{ end }}
</head><body>
<header><a href="{{ "" | relURL }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer><a href="{{ "tags/" | relURL }}">Tags</a></footer></body></html>
"""

SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p>{{ .Params.authors }} authors · {{ .Params.card_date }} · {{ .Params.upvotes }} upvotes</p>
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ .Content }}
<ul>{{ range .GetTerms "dates" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
</article>{{ end }}
"""

LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ range .Paginator.Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p>{{ .Summary }}</p></article>{{ end }}
{{ template "_internal/pagination.html" . }}{{ end }}
"""

TERMS = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Data.Terms.ByCount }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}
</ul>{{ end }}
"""


def front_matter(paper: dict[str, Any]) -> str:
    meta = {
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
    return json.dumps(meta, ensure_ascii=False, indent=0)  # Hugo reads JSON front matter


def write_hugo_site(papers: list[dict[str, Any]], site: Path) -> None:
    if site.exists():
        shutil.rmtree(site)
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (site / "config.toml").write_text(CONFIG, encoding="utf-8")
    for name, text in {"baseof.html": BASEOF, "single.html": SINGLE, "list.html": LIST,
                       "terms.html": TERMS}.items():
        (layouts / name).write_text(text, encoding="utf-8")
    (site / "layouts" / "index.html").write_text(LIST, encoding="utf-8")
    posts = site / "content" / "papers"
    posts.mkdir(parents=True)
    for paper in papers:
        body = paper["abstract"]
        (posts / f"{paper['slug']}.md").write_text(f"{front_matter(paper)}\n\n{body}\n", encoding="utf-8")
