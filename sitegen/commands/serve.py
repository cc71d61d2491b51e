"""``sitegen serve``: a local preview under the site's base path, rebuilt whenever a source changes."""

from __future__ import annotations

import argparse
from typing import Any

from ..serve import serve
from . import add_content_option, add_out_option, out_of, project_of


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve", help="preview the site locally, rebuilding on every change",
        description="Build with base URL http://HOST:PORT/<base path of site.yaml's base_url>, serve it "
                    "there, and rebuild whenever site.yaml, tags.yaml, dumps/, notes/ or templates/ "
                    "change. Build errors are printed and the last good site stays up. The output has "
                    "local links: publish with `sitegen build`.")
    add_content_option(parser)
    add_out_option(parser)
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    project = project_of(args)
    return serve(project, out_of(args, project), args.host, args.port)
