"""``build()``: the whole pipeline as a short list of named stages (after zola's ``Site::build``).

    config → read dumps → merge → urls (ledger) → tag rules → notes → assemble Site
           → render pages + feeds + data → write (atomic) → extend the ledger

Only reading (the first stages) and ``output.write_site`` touch the disk; everything in between is a
pure function of what was read. The ledger is written back only after the site was swapped in.

Rebuilds are incremental through ``sitegen.cache`` (``<content>/.sitegen-cache/``): when no input
changed since the last build into the same ``out``, nothing is read past the hashes and nothing is
written; otherwise parsed dumps come from the cache when their bytes are unchanged, and only files
whose bytes changed are written. The stages themselves are in ``sitegen.pipeline``, imported only
when there is something to build: a no-change rebuild never loads the renderers (half a second of
imports).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from .cache import Manifest, code_key, fingerprint, live_stats, load_manifest, save_manifest, trusted_digests
from .model import Problem
from .progress import QuietReporter, Reporter
from .render.reuse import Reuse

LEDGER = "permalinks.lock"
STAGES = ("read dumps", "merge", "urls", "tags", "notes", "render", "write")
"""The stages ``build`` reports to a ``sitegen.progress`` reporter, in order."""


@dataclass(frozen=True, slots=True)
class BuildReport:
    papers: int
    """Papers published (hidden ones not counted)."""
    digests: int
    tags: int
    pages: int
    """HTML pages written."""
    files: int
    """Every file written (pages, feeds, data files, assets)."""
    warnings: tuple[Problem, ...]
    out: Path
    changed: tuple[str, ...] = ()
    """Files whose bytes were written by this build (new or different); every other file of the site
    was kept as the previous build left it."""


def build(content: Path, out: Path, *, base_url: str | None = None,
          allow_url_change: bool = False, reporter: Reporter | None = None) -> BuildReport:
    options = (str(out.resolve()), repr(base_url), repr(allow_url_change))
    manifest = load_manifest(content)
    live = live_stats(manifest, out)
    if manifest is not None and isinstance(manifest.report, BuildReport) \
            and live == manifest.stats and manifest.fingerprint == fingerprint(content, options):
        return dataclasses.replace(manifest.report, changed=())  # nothing changed: nothing to do
    reuse = Reuse(code_key(content / "templates"), manifest.keys if manifest else {},
                  trusted_digests(manifest, live))
    from .pipeline import build_site  # late: the renderers are not needed when nothing changed

    report, written = build_site(content, out, base_url, allow_url_change, reuse, reporter or QuietReporter(),
                                 live)
    # Fingerprinted after the build: the ledger it extended is an input of the next one.
    save_manifest(content, Manifest(str(out.resolve()), fingerprint(content, options), written.digests,
                                    written.stats, report, reuse.keys))
    return report
