"""`make serve`: serve the built site at HOST:PORT, with the site's own 404 page.

`output` is a link to the newest build (tools/build.py); every request follows it, so a
`make html` in another terminal is served from the next request on, never half built.
"""

from __future__ import annotations

import functools
import http.server
import sys
from pathlib import Path

from address import AddressProblem, announce, explain, from_environment


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".atom": "application/atom+xml",
        ".json": "application/json",
        ".csv": "text/csv; charset=utf-8",
        ".svg": "image/svg+xml",
    }

    def end_headers(self):
        """Send the security headers the build wrote for hosts (output/_headers)."""
        rules = Path(self.directory) / "_headers"
        if rules.exists():
            for line in rules.read_text(encoding="utf-8").splitlines():
                if line.startswith("  ") and ":" in line:
                    name, value = line.strip().split(":", 1)
                    self.send_header(name, value.strip())
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return None


def main() -> int:
    root = sys.argv[1] if len(sys.argv) > 1 else "output"
    handler = functools.partial(SiteHandler, directory=root)
    try:
        address = from_environment("serve")
    except AddressProblem as problem:
        print(problem, file=sys.stderr)
        return 1

    class Server(http.server.ThreadingHTTPServer):
        address_family = address.family

    try:
        server = Server((address.host, address.port), handler)
    except OSError as error:  # busy port, no rights, not this computer's address: one line
        print(explain(error, address, "serve"), file=sys.stderr)
        return 1
    with server:
        announce(address, f"{root}/")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
