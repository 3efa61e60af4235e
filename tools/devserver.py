"""`make devserver`: build, serve at HOST:PORT (localhost:8000), rebuild and reload on change."""

from __future__ import annotations

import os
import subprocess
import sys

from address import AddressProblem, announce, check, explain
from livereload import Server
from tornado import escape
from tornado.ioloop import IOLoop

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(ROOT, "output")


def build() -> None:
    """Rebuild in a separate process, so a content error is shown and the server keeps going."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            "content",
            "-s",
            "pelicanconf.py",
            "-o",
            OUTPUT,
            "--fatal",
            "warnings",
            "-e",  # the content cache makes rebuilds after a small change faster
            "CACHE_CONTENT=true",
            "LOAD_CONTENT_CACHE=true",
        ],
        cwd=ROOT,
        check=False,
    )
    if result.returncode:
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
    try:  # before the build, so a busy port is reported at once, in one line
        address = check("devserver")
    except AddressProblem as problem:
        print(problem, file=sys.stderr)
        return 1
    build()
    server = ExternalScriptServer()
    for folder in ("content", "theme", "plugins"):
        server.watch(os.path.join(ROOT, folder), build, delay=0.5)
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
