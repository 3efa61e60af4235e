"""`make devserver`: serve the site at HOST:PORT and update it in place on every change.

One long-lived process keeps Pelican, the read content and the register in memory
(tools/incremental.py). A change in `content/` or `theme/` re-reads only the changed files
and re-renders only the outputs that depend on them; then every open page reloads. A change
to the settings or the plugin's code restarts the process. A content problem is printed as
`path:line: field: problem` and shown as a notice in every open page; the last good site
stays. The search index is written in the background after each update (search may lag
behind by a few seconds; the notice says so while it runs).

The reload script is added to HTML pages as they are served (`/_devserver.js`, an external
file, so the site's CSP allows it); the files on disk stay exactly what `make html` writes.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from address import AddressProblem, announce, check, explain
from serve import SiteHandler

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from incremental import Site, UpdateFailed  # noqa: E402
from warm import LastBuild  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / (os.environ.get("OUTPUT") or "output")
CONTENT = ROOT / (os.environ.get("CONTENT") or "content")
SETTINGS = ROOT / "pelicanconf.py"
SCRIPT = b'<script src="/_devserver.js" defer></script>'

CLIENT_JS = """\
(function () {
  var notice = null;
  function show(text) {
    if (!notice) {
      notice = document.createElement('pre');
      notice.setAttribute('role', 'alert');
      var s = notice.style;
      s.position = 'fixed'; s.left = '0'; s.right = '0'; s.bottom = '0'; s.margin = '0';
      s.maxHeight = '50vh'; s.overflow = 'auto'; s.padding = '1em'; s.zIndex = '9999';
      s.background = '#fff3f3'; s.color = '#5a0000'; s.borderTop = '4px solid #b00020';
      s.whiteSpace = 'pre-wrap'; s.font = '14px/1.4 monospace';
      document.body.appendChild(notice);
    }
    notice.textContent = text;
  }
  var source = new EventSource('/_devserver/events');
  var seen = null;
  source.addEventListener('state', function (event) {
    var state = JSON.parse(event.data);
    if (seen !== null && state.version !== seen) { location.reload(); return; }
    seen = state.version;
    if (state.problems) {
      show('De site is niet bijgewerkt. Los dit op en sla het bestand opnieuw op:\\n\\n'
           + state.problems);
    } else if (state.indexing && location.pathname === '/SEARCH_URL') {
      show('Zoeken loopt even achter: de zoekindex wordt bijgewerkt.');
    } else if (notice) { notice.remove(); notice = null; }
  });
})();
"""


class Hub:
    """The current state (version, problems) and every open page's event stream."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.version = 0
        self.problems = ""
        self.writing = False  # data files and sitemap still being written after a reload
        self.indexing = False  # the search index of the latest update is being written
        self.listeners: list[queue.Queue] = []

    def state(self) -> bytes:
        data = json.dumps(
            {
                "version": self.version,
                "problems": self.problems,
                "writing": self.writing,
                "indexing": self.indexing,
            }
        )
        return f"event: state\ndata: {data}\n\n".encode()

    def publish(self, version_up: bool, problems: str, writing: bool = False) -> None:
        with self.lock:
            self.version += version_up
            self.problems = problems
            self.writing = writing
            self.send()

    def indexed(self, indexing: bool) -> None:
        with self.lock:
            self.indexing = indexing
            self.send()

    def send(self) -> None:
        """To every open page (the caller holds the lock)."""
        message = self.state()
        for listener in self.listeners:
            listener.put(message)

    def listen(self) -> queue.Queue:
        with self.lock:
            listener: queue.Queue = queue.Queue()
            listener.put(self.state())
            self.listeners.append(listener)
            return listener

    def leave(self, listener: queue.Queue) -> None:
        with self.lock:
            self.listeners.remove(listener)


class DevHandler(SiteHandler):
    hub: Hub
    search_url: str  # the search page's address, where the notice says the index lags

    def log_message(self, format, *args):  # noqa: A002  (quiet: the terminal is for problems)
        return

    def do_GET(self):  # noqa: N802
        path = self.path.split("?", 1)[0]
        if path == "/_devserver.js":
            script = CLIENT_JS.replace("/SEARCH_URL", "/" + self.search_url)
            return self.send_bytes(script.encode(), "text/javascript; charset=utf-8")
        if path == "/_devserver/events":
            return self.events()
        file = Path(self.translate_path(self.path))
        if file.is_dir() and path.endswith("/"):
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            body = file.read_bytes().replace(b"</body>", SCRIPT + b"</body>", 1)
            return self.send_bytes(body, "text/html; charset=utf-8")
        return super().do_GET()

    def send_bytes(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        listener = self.hub.listen()
        try:
            while True:
                try:
                    message = listener.get(timeout=15)
                except queue.Empty:
                    message = b": still here\n\n"
                self.wfile.write(message)
                self.wfile.flush()
        except OSError:
            pass
        finally:
            self.hub.leave(listener)


class Search:
    """The search index of the current build (site/search_index.py), in the background; one
    run at a time, rerun if asked."""

    def __init__(self, output: Path, hub: Hub) -> None:
        self.output, self.hub = output, hub
        self.wanted = threading.Event()
        self.lock = threading.Lock()
        self.process: subprocess.Popen | None = None  # the run under way
        self.free = threading.Event()  # set while no update runs
        self.free.set()
        threading.Thread(target=self.loop, daemon=True).start()

    def pause(self, paused: bool) -> None:
        """Stop the run under way while an update reads and renders, continue it after the
        reload signal: the editor's page never waits for the index. (The indexer is one
        process, `python -m huurwijzer.site.search_index`; stopped, it still ends with the
        dev server: its process group, orphaned, is continued and hung up by the kernel.)"""
        with self.lock:
            (self.free.clear if paused else self.free.set)()
            self._signal(signal.SIGSTOP if paused else signal.SIGCONT)

    def _signal(self, number: int) -> None:
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.process.pid, number)

    def request(self) -> None:
        self.hub.indexed(True)
        self.wanted.set()

    def loop(self) -> None:
        while True:
            self.wanted.wait()
            self.free.wait()  # (not while an update runs)
            self.wanted.clear()
            self.run()
            if not self.wanted.is_set():
                self.hub.indexed(False)

    def run(self) -> None:
        with self.lock:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "huurwijzer.site.search_index", str(self.output.resolve())],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                preexec_fn=lambda: os.nice(10),  # it yields to what else runs
            )
            if not self.free.is_set():  # an update started meanwhile
                self._signal(signal.SIGSTOP)
        self.process.wait()
        with self.lock:
            self.process = None


def watch(changes: queue.Queue, ready: threading.Event) -> None:
    """Put every batch of changed paths in ``changes`` (inotify through watchfiles)."""
    from watchfiles import watch as watch_files

    folders = [str(CONTENT), str(ROOT / "theme"), str(ROOT / "plugins"), str(SETTINGS)]
    ready.set()
    for batch in watch_files(
        *folders,
        debounce=30,
        step=5,
        rust_timeout=0,
        yield_on_timeout=False,
        raise_interrupt=False,
    ):
        changes.put({Path(path) for _, path in batch})


def work(
    site: Site, hub: Hub, search: Search | None, changes: queue.Queue, last: LastBuild, warm: bool
) -> None:
    """Apply changes as they come: one update per batch (batches that queued are merged).
    After a warm start, the site is read first (the changes meanwhile wait)."""
    if warm:
        update(site, hub, search, last)
    while True:
        paths = changes.get()
        while not changes.empty():
            paths |= changes.get()
        paths = {p for p in paths if "__pycache__" not in p.parts}
        if not paths:
            continue
        if site.needs_restart(paths):
            print("Settings or plugin code changed: restarting.", file=sys.stderr, flush=True)
            os.execv(sys.executable, [sys.executable, *sys.argv])
        last.changed(paths)
        site.changed(paths)
        update(site, hub, search, last)


def update(site: Site, hub: Hub, search: Search | None, last: LastBuild) -> bool:
    last.starting()
    if search is not None:
        search.pause(True)
    try:
        summary = site.update()
    except UpdateFailed as failure:
        text = "\n".join(failure.messages)
        print(
            f"{text}\nThe site was not updated; fix the problem above and save again.",
            file=sys.stderr,
            flush=True,
        )
        hub.publish(False, text)
        return False
    finally:
        if search is not None:
            search.pause(False)
    print(f"{time.strftime('%H:%M:%S')} {summary}", flush=True)
    hub.publish(True, "", writing=True)  # the pages are there: reload now
    try:
        site.finish()  # then data files and the sitemap
    except UpdateFailed as failure:
        text = "\n".join(failure.messages)
        print(text, file=sys.stderr, flush=True)
        hub.publish(False, text)
        return False
    last.record()  # (after the reload signal: off the edit's path)
    hub.publish(False, "")
    if search is not None:
        search.request()
    return True


def main() -> int:
    os.chdir(ROOT)  # settings and theme paths are relative to the project
    try:  # before the build, so a busy port is reported at once, in one line
        address = check("devserver")
    except AddressProblem as problem:
        print(problem, file=sys.stderr)
        return 1
    changes: queue.Queue = queue.Queue()
    ready = threading.Event()
    threading.Thread(target=watch, args=(changes, ready), daemon=True).start()
    ready.wait()
    site = Site(ROOT, SETTINGS, CONTENT, OUTPUT)
    hub = Hub()
    search = Search(OUTPUT, hub) if site.search else None
    last = LastBuild(ROOT, site)
    warm = last.matches()
    if warm:
        print(
            "Nothing changed since the last run: serving its site while this one is read.",
            flush=True,
        )
    else:
        update(site, hub, search, last)
    handler = functools.partial(DevHandler, directory=str(OUTPUT))
    DevHandler.hub = hub
    DevHandler.search_url = site.settings["SEARCH_URL"]

    class Server(http.server.ThreadingHTTPServer):
        address_family = address.family
        daemon_threads = True

    try:
        server = Server((address.host, address.port), handler)
    except OSError as error:  # taken between the check and now
        print(explain(error, address, "devserver"), file=sys.stderr)
        return 1
    threading.Thread(
        target=work, args=(site, hub, search, changes, last, warm), daemon=True
    ).start()
    announce(address, "the site with live reload")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
