"""A small hand-built ``Site`` for the renderer tests: three digests, six papers, four tags.

Chosen to exercise: an XSS abstract with a literal ``&amp;``; non-ASCII text; a tag label with ``&``;
a tag without papers; ties broken by first-seen and then by slug; a paper and a digest note.
``make_site(upto=...)`` gives the same site as it was before a later digest was added.

Expected newest-first order (last seen desc, then the order that digest lists them), worked out by
hand from the listings below (each digest lists its papers in ``_PAPERS`` order):
03-13 lists attention-again, tiny-models; 03-12 lists same-day-tie-b, safe-rendering,
same-day-tie-a; 03-11 lists diffusion-fur-bilder (and attention-again, last seen later).
"""

from __future__ import annotations

from datetime import date

from sitegen.model import Location, Paper
from sitegen.site import Note, NoteKind, Permalink, Site, SiteConfig, Tag

D1, D2, D3 = date(2025, 3, 11), date(2025, 3, 12), date(2025, 3, 13)
SITE_ID = "urn:uuid:3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
XSS_ABSTRACT = "We show that <script>alert(1)</script> and &amp; stay text, as do 1 < 2 > 0."

# key, slug, feed id, title, abstract, digests, tags
_PAPERS: tuple[tuple[str, str, str, str, str, tuple[date, ...], tuple[str, ...]], ...] = (
    ("diffusion fur bilder ein uberblick", "diffusion-fur-bilder",
     "urn:uuid:00000000-0000-4000-8000-000000000003",
     "Diffusion für Bilder — ein Überblick", "Ein Überblick über Diffusionsmodelle für Bilder.",
     (D1,), ("vision",)),
    ("same day tie b", "same-day-tie-b", "urn:uuid:00000000-0000-4000-8000-000000000006",
     "Same Day Tie B", "Second of two papers first seen together.", (D2,), ("vision",)),
    ("attention again", "attention-again", "urn:uuid:00000000-0000-4000-8000-000000000001",
     "Attention Again", "Attention, revisited once more.", (D1, D3), ("llm",)),
    ("safe rendering of untrusted text", "safe-rendering",
     "urn:uuid:00000000-0000-4000-8000-000000000002",
     "Safe Rendering of <Untrusted> Text", XSS_ABSTRACT, (D2,), ("llm", "security")),
    ("tiny models", "tiny-models", "urn:uuid:00000000-0000-4000-8000-000000000004",
     "Tiny Models", "Small models do well on small tasks.", (D3,), ()),
    ("same day tie a", "same-day-tie-a", "urn:uuid:00000000-0000-4000-8000-000000000005",
     "Same Day Tie A", "First of two papers first seen together.", (D2,), ("vision",)),
)

EXPECTED_ORDER = ("attention-again", "tiny-models", "same-day-tie-b", "safe-rendering",
                  "same-day-tie-a", "diffusion-fur-bilder")

TAGS = (
    Tag("llm", "Language models", "Papers about *language* models."),
    Tag("vision", "Vision"),
    Tag("security", "Security & Safety", parent="llm"),
    Tag("robotics", "Robotics"),
)

PAPER_NOTE_HTML = "<p>Curator: <em>read this one</em>.</p>"
DIGEST_NOTE_HTML = "<p>A quiet day.</p>"


def make_site(base_url: str = "https://example.org/", *, upto: date | None = None,
              feed_size: int = 50, timezone: str = "UTC") -> Site:
    """The fixture site, keeping only digests up to ``upto`` (all when None)."""
    config = SiteConfig(title="ML Digest", base_url=base_url, description="A curated digest.",
                        author="The Curator", feed_size=feed_size, timezone=timezone)
    papers, paper_tags, permalinks = [], {}, {}
    digest_papers: dict[date, tuple[str, ...]] = {}
    for n, (key, slug, feed_id, title, abstract, seen, tags) in enumerate(_PAPERS):
        seen = tuple(d for d in seen if upto is None or d <= upto)
        if not seen:
            continue
        sources = tuple(Location(f"dumps/{d.isoformat()}.txt", 10 * n + 1) for d in seen)
        papers.append(Paper(key, title, abstract, authors=3 + n, published=date(2025, 3, 1 + n),
                            upvotes=n if n % 2 else None, comments=None, digests=seen, sources=sources))
        paper_tags[key] = tags
        permalinks[key] = Permalink(key, slug, feed_id)
        for d in seen:
            digest_papers[d] = (*digest_papers.get(d, ()), key)
    digests = tuple(sorted(digest_papers, reverse=True))
    notes = (
        Note(NoteKind.PAPER, "attention again", "On attention", PAPER_NOTE_HTML, Location("notes/a.md")),
        Note(NoteKind.DIGEST, D2.isoformat(), "Intro", DIGEST_NOTE_HTML, Location("notes/d.md")),
    )
    return Site(config=config, site_id=SITE_ID, papers=tuple(papers), tags=TAGS, paper_tags=paper_tags,
                permalinks=permalinks, digests=digests, digest_papers=digest_papers, notes=notes)


def page_paths(site: Site) -> tuple[str, ...]:
    """The pages a build of the fixture would write (what ``render_data`` is given)."""
    from sitegen.site import date_path, paper_path, tag_path

    return ("", "404.html", "tags/", "dates/",
            *(paper_path(site.permalinks[p.key].slug) for p in site.papers),
            *(tag_path(t.id) for t in site.tags),
            *(date_path(d) for d in site.digests))
