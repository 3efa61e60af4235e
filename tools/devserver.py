"""`make devserver`: build, serve at HOST:PORT (localhost:8000), rebuild and reload on change."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from address import AddressProblem, announce, check, explain
from livereload import Server
from tornado import escape
from tornado.ioloop import IOLoop

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build import build as build_atomically  # noqa: E402  (tools/build.py)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(ROOT, os.environ.get("OUTPUT") or "output")
CONTENT = os.path.join(ROOT, os.environ.get("CONTENT") or "content")


def build() -> None:
    """Rebuild in a separate process, so a content error is shown and the server keeps going.

    Like `make html`, every rebuild goes into a fresh folder that replaces the site in one
    step; a failed rebuild leaves the last good site in place.
    """
    returncode = build_atomically(
        Path(OUTPUT),
        [
            sys.executable,
            "-m",
            "pelican",
            CONTENT,
            "-s",
            os.path.join(ROOT, "pelicanconf.py"),
            "--fatal",
            "warnings",
            "-e",  # the content cache makes rebuilds after a small change faster
            "CACHE_CONTENT=true",
            "LOAD_CONTENT_CACHE=true",
        ],
    )
    if returncode:
        print("Build failed; fix the problem above and save again.", file=sys.stderr)


class ExternalScriptServer(Server):
    """livereload injects an inline <script>, which the site's CSP blocks; load it as a file."""

    def application(self, port, host, liveport=None, debug=None, live_css=True):
        original = escape.utf8

        def external(value):
            if isinstance(value, str) and value.startswith("<script"):
                value = f'<script src="/livereload.js?port={port}" defer></script>'
            return original(value)

        escape.utf8 = external
        try:
            return super().application(port, host, liveport, debug, live_css)
        finally:
            escape.utf8 = original


def main() -> int:
    os.chdir(ROOT)  # settings and theme paths are relative to the project
    try:  # before the build, so a busy port is reported at once, in one line
        address = check("devserver")
    except AddressProblem as problem:
        print(problem, file=sys.stderr)
        return 1
    build()
    server = ExternalScriptServer()
    for folder in (CONTENT, os.path.join(ROOT, "theme"), os.path.join(ROOT, "plugins")):
        server.watch(folder, build, delay=0.5)
    server.watch(os.path.join(ROOT, "pelicanconf.py"), build, delay=0.5)
    IOLoop.current().add_callback(announce, address, "the site with live reload")  # once listening
    try:
        server.serve(root=OUTPUT, host=address.host, port=address.port, open_url_delay=None)
    except OSError as error:  # taken between the check and now
        print(explain(error, address, "devserver"), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
