"""Renderers: the files of a ``Site``. Each kind is a pure function of the site (and the templates):

    pages     what each kind of HTML page is (``pages``); keyed, kept or drawn by ``drawing.Pages``
    feeds     Atom, RSS, the digests feed and the OPML list (``feeds``)
    data      sitemap.xml, robots.txt, .nojekyll, papers.json (``data``)
    stats     the stats page's SVG charts (``stats``)
    static    the templates' ``static/`` files (``templating``)

``files.SiteFiles`` hands every file of a build to the writer one at a time; nothing here writes to disk.
"""
