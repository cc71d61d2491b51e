"""``build()``: the whole pipeline as a short list of named stages (after zola's ``Site::build``).

    config → read dumps → merge → permalinks (ledger) → tag rules → notes → assemble Site
           → render pages + feeds + data → write (atomic) → extend the ledger

Only reading (the first stages) and the write touch the disk; everything in between is a pure
function of what was read. The ledger is written back only after the site is in place.

Rebuilds are incremental: when no input changed since the last build into the same ``out``
(``manifest``), nothing is read past the checksums and nothing is written; otherwise parsed dumps come
from the dump cache when their bytes are unchanged, files whose render key is unchanged are kept, and
only files whose bytes changed are written. The stages are in ``stages``, imported only when there
is something to build: a no-change rebuild never loads the renderers.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..project import Project
from ..render.reuse import Reuse
from ..write.full import check_out
from .manifest import (
    Manifest,
    code_key,
    fingerprint,
    live_stats,
    load_manifest,
    package_key,
    save_manifest,
    trusted_checksums,
)
from .progress import QuietReporter, Reporter
from .report import STAGES, BuildOptions, BuildReport

DEFAULTS = BuildOptions()
__all__ = ["STAGES", "BuildOptions", "BuildReport", "build"]


def build(project: Project, out: Path | None = None, *, options: BuildOptions = DEFAULTS,
          reporter: Reporter | None = None) -> BuildReport:
    """Build ``project`` into ``out`` (default: the project's ``public/``)."""
    chosen = options
    out = project.out if out is None else out
    settings = (str(out.resolve()), repr(chosen.base_url), repr(chosen.allow_url_change))
    manifest = load_manifest(project)
    check_out(out, project.inputs(), ours=manifest is not None and manifest.out == str(out.resolve()))
    live = live_stats(manifest, out)
    if manifest is not None and isinstance(manifest.report, BuildReport) \
            and live == manifest.stats and manifest.fingerprint == fingerprint(project, settings):
        return dataclasses.replace(manifest.report, changed=())  # nothing changed: nothing to do
    from .stages import build_site  # late: the renderers are not needed when nothing changed

    package = package_key()
    reuse = Reuse(code_key(project, package), manifest.keys if manifest else {},
                  trusted_checksums(manifest, live), code=package)
    report, written, keys = build_site(project, out, chosen, reuse, reporter or QuietReporter(), live)
    # Fingerprinted after the build: the ledger it extended is an input of the next one.
    save_manifest(project, Manifest(str(out.resolve()), fingerprint(project, settings), written.checksums,
                                    written.stats, report, keys))
    return report
