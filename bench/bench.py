"""`make bench`: build a synthetic national site and measure what it costs.

Generates, in a temporary folder, N corporations (20 stance records and 10 questions each),
342 municipalities and 2,000 × N/300 news articles, for N = 30, 100 and 300. For each N it
measures the full build, a rebuild after changing one stance record, peak memory, page weight,
the overview filter's time per keystroke in Chromium, and, through the real `make devserver`,
the time from writing a stance record, an article or a question to the reload signal the
browser gets (the first edit after start included). For N = 300 it also builds the same
articles plus as many plain Markdown pages with plain Pelican. Prints a Markdown table,
writes bench/RESULTS.md, and exits 1 (naming each) when a budget is missed.

Environment: BENCH_SIZES (default 30,100,300); BENCH_PARTS=builds, devserver or browser for
one part only (default all); BENCH_SEEDS (the long equivalence run's seeds, empty for none);
BENCH_EDITS (dev-server edits per kind, 7); BENCH_VISITS (first-paint visits per page, 5);
BENCH_ROUNDS (full builds and plain Pelican builds compared, each, 3).
"""

from __future__ import annotations

import gzip
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))  # pelicanconf (the languages' addresses)

import browser  # noqa: E402  (bench/browser.py)

from huurwijzer.core.settings import DECLARED  # noqa: E402
from huurwijzer.stances.scales import (  # noqa: E402
    EVICTION,
    EXCEPTIONS,
    MEASURES,
    PROVENANCE,
    PROVINCES,
    SCOPE,
    UNKNOWN,
)

ADDRESSES = {s.name: s.default for s in DECLARED}

WORDS = (
    "huur huurder woning corporatie achterstand betalingsregeling gemeente hulp schuld "
    "incasso ontruiming rechter deurwaarder aanmaning brief inkomen maand bedrag afspraak "
    "wijk buurt onderhoud verhuurder contract regeling kosten termijn advies loket "
    "schuldhulpverlening gesprek oplossing beleid nieuws week jaar plan"
).split()
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "COLUMNS": "200"}


def sentence(rng: random.Random, n: int = 12) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, sentences: int = 5, rich: float = 1 / 3) -> str:
    """Plain sentences; with chance `rich` also Markdown (emphasis, a list): about one text
    in three has some, as in the real content (17 of 50 files), so the build is not measured
    on plain text alone."""
    text = " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(sentences))
    if rng.random() < rich:
        word = rng.choice(WORDS)
        text = text.replace(f" {word} ", f" **{word}** ", 1)
        text += "\n\n" + "".join(f"- {sentence(rng, 5)}\n" for _ in range(3))
    return text


def generate(folder: Path, corporations: int, articles: int, seed: int = 1) -> Path:
    """Write a synthetic content folder; return it."""
    rng = random.Random(seed)
    content = folder / "content"
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    # the real articles too: the real pages and questions link to them
    shutil.copytree(ROOT / "content" / "articles", content / "articles")
    places = [(f"gemeente-{i:03d}", f"Gemeente {i:03d}") for i in range(342)]
    (content / "municipalities.md").write_text(
        "---\nmunicipalities:\n"
        + "".join(
            f"  - {{slug: {slug}, name: {name}, province: {PROVINCES[i % 12]}}}\n"
            for i, (slug, name) in enumerate(places)
        )
        + "---\n",
        encoding="utf-8",
    )
    shutil.copytree(ROOT / "content" / "national-agreement", content / "national-agreement")
    shutil.copytree(ROOT / "content" / "faq", content / "faq")
    ev, sc = EVICTION.values, SCOPE.values
    for c in range(corporations):
        slug = f"corporatie-{c:03d}"
        base = content / "corporations" / slug
        (base / "stances").mkdir(parents=True)
        (base / "faq").mkdir()
        mine = rng.sample(places, 3)
        (base / "profile.md").write_text(
            f'---\nname: "Corporatie {c:03d}"\nwebsite: https://corporatie-{c:03d}.example/\n'
            f"municipalities: [{', '.join(s for s, _ in mine)}]\n"
            f'contact: {{phone: "0{rng.randint(100000000, 999999999)}", email: null}}\n'
            f"---\n{paragraph(rng, 2)}\n",
            encoding="utf-8",
        )
        for r in range(20):
            start = date(2020, 1, 1) + timedelta(days=60 * r)
            exceptions = rng.sample(EXCEPTIONS.values, rng.randint(0, 3))
            facts = {"eviction": rng.choice(ev), "scope": rng.choice(sc)}
            facts |= {m.field: rng.choice(m.values) for m in MEASURES}
            stated = [k for k, v in facts.items() if v != UNKNOWN] + ["exceptions"]
            (base / "stances" / f"{start.isoformat()}.md").write_text(
                "---\n"
                + "".join(f'{k}: "{v}"\n' for k, v in facts.items())
                + f"exceptions: [{', '.join(exceptions)}]\n"
                + "basis:\n"
                + "".join(f'  {k}: "{sentence(rng, 6)}"\n' for k in stated)
                + f"effective_from: {start.isoformat()}\neffective_until: unknown\n"
                f"verified_on: {(start + timedelta(days=5)).isoformat()}\n"
                'verified_how: "Gebeld"\n'
                f"provenance: {rng.choice(PROVENANCE.values)}\nstatus: published\n"
                'sources:\n  - title: "Bericht"\n    publisher: "Krant"\n'
                f"    date: {start.isoformat()}\n    url: https://krant.example/{c}/{r}\n"
                f"---\n{paragraph(rng, 3)}\n",
                encoding="utf-8",
            )
        for q in range(10):
            (base / "faq" / f"vraag-{q}.md").write_text(
                f'---\nquestion: "{sentence(rng, 8)[:-1]}?"\norder: {q}\n---\n'
                f"{paragraph(rng, 3)}\n",
                encoding="utf-8",
            )
    for a in range(articles):
        day = date(2020, 1, 1) + timedelta(days=a % 2000)
        body = "\n\n".join(paragraph(rng, 5, 1 / 15) for _ in range(6))  # ~450 words
        (content / "articles" / f"bericht-{a:04d}.md").write_text(
            f'---\ntitle: "Bericht {a:04d} over huur"\ndate: {day.isoformat()}\n'
            f"slug: bericht-{a:04d}\ncategory: Nieuws\ntags: [huur, {rng.choice(WORDS)}]\n"
            f'summary: "{sentence(rng)}"\n---\n## {sentence(rng, 5)}\n\n{body}\n',
            encoding="utf-8",
        )
    return content


def settings_file(folder: Path, cache: bool, search: bool = True) -> Path:
    path = folder / "settings.py"
    path.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
        f"THEME = {str(ROOT / 'theme')!r}\nPLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
        f"CACHE_CONTENT = {cache}\nLOAD_CONTENT_CACHE = {cache}\n"
        f"CACHE_PATH = {str(folder / 'cache')!r}\nDELETE_OUTPUT_DIRECTORY = True\n"
        "REGISTER_TODAY = '2026-11-28'\n" + ("" if search else "SEARCH_INDEX = False\n"),
        encoding="utf-8",
    )
    return path


def timed_search_index(output: Path) -> float:
    """Wall seconds of the search index alone, over a built site (the build's last stage)."""
    script = (
        "import sys; from pathlib import Path; "
        "from huurwijzer.site.site_files import index_for_search; "
        "index_for_search(Path(sys.argv[1]))"
    )
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", script, str(output)], cwd=ROOT, env=ENV, check=True)
    return time.perf_counter() - start


def timed_build(content: Path, output: Path, settings: Path) -> tuple[float, float]:
    """Wall seconds and peak memory (MiB) of one build in its own process."""
    command = [
        sys.executable,
        "-c",
        "import resource, runpy, sys; sys.argv = sys.argv[1:]; "
        "sys.argv[0] = 'pelican';\n"
        "try:\n runpy.run_module('pelican', run_name='__main__')\n"
        "except SystemExit as e:\n code = e.code\nelse:\n code = 0\n"
        "print('PEAK', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
        "file=sys.stderr); sys.exit(code)",
        "pelican",
        str(content),
        "-s",
        str(settings),
        "-o",
        str(output),
        "--fatal",
        "errors",
        "-q",
    ]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=ENV, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode:
        raise SystemExit(f"build failed:\n{result.stdout}\n{result.stderr[-3000:]}")
    peak = int(re.search(r"PEAK (\d+)", result.stderr).group(1)) / 1024
    return elapsed, peak


def plain_site(folder: Path, content: Path, pages: int) -> tuple[Path, Path]:
    """Plain Pelican's content (no plugin, its default theme): the same articles plus
    ``pages`` plain Markdown pages; its settings file."""
    plain = folder / "plain"
    (plain / "articles").mkdir(parents=True)
    for source in (content / "articles").glob("bericht-*.md"):  # the synthetic ones
        front, _, body = source.read_text(encoding="utf-8")[4:].partition("\n---\n")
        meta = dict(line.split(": ", 1) for line in front.splitlines())
        meta["tags"] = meta["tags"].strip("[]")
        header = "".join(f"{k.capitalize()}: {v.strip(chr(34))}\n" for k, v in meta.items())
        (plain / "articles" / source.name).write_text(header + "\n" + body, encoding="utf-8")
    settings = folder / "plain.py"
    settings.write_text(
        "PATH='content'\nARTICLE_PATHS=['articles']\nPAGE_PATHS=['pages']\nTIMEZONE='UTC'\n"
        "DEFAULT_LANG='nl'\nSITEURL=''\nFEED_ALL_ATOM=None\nCATEGORY_FEED_ATOM=None\n"
        "DELETE_OUTPUT_DIRECTORY=True\nCACHE_CONTENT=False\nLOAD_CONTENT_CACHE=False\n"
        "DISPLAY_PAGES_ON_MENU=False\n",  # a menu of 646 pages would be quadratic
        encoding="utf-8",
    )
    (plain / "pages").mkdir()
    rng = random.Random(2)
    for p in range(pages):
        (plain / "pages" / f"pagina-{p}.md").write_text(
            f"Title: Pagina {p}\nSlug: pagina-{p}\n\n"
            + "\n\n".join(paragraph(rng, 5) for _ in range(4)),
            encoding="utf-8",
        )
    return plain, settings


def register_pages(output: Path) -> int:
    """The HTML pages the register writes, in every language (corporations, their letters,
    municipalities, overview, method, form, letter): plain Pelican gets as many."""
    import pelicanconf

    names = ("CORPORATIONS_URL", "MUNICIPALITIES_URL", "METHOD_URL", "SUBMIT_URL", "LETTER_URL")
    prefixes = {ADDRESSES[n] for n in names} | {
        spec[n] for spec in pelicanconf.LANGUAGES.values() for n in names if n in spec
    }
    return sum(
        1
        for page in output.rglob("*.html")
        if any(page.relative_to(output).as_posix().startswith(p) for p in prefixes)
    )


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 9, mtime=0))


def weight(output: Path, address: str) -> int:
    from gates import page_weight

    return page_weight(output, output / address.lstrip("/") / "index.html")[0]


def keystroke_ms(output: Path) -> float:
    """Median time for one keystroke in the overview filter, layout included."""
    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM, CHROMIUM_ARGS, serve

    server = serve(output)
    url = f"http://127.0.0.1:{server.server_address[1]}/{ADDRESSES['CORPORATIONS_URL']}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(url)
            times = page.evaluate("""() => {
              const input = document.getElementById('f-q'), out = [];
              const text = 'corporatie 01 gemeente 1';
              for (let round = 0; round < 4; round++) {
                for (let i = 1; i <= text.length; i++) {
                  const t0 = performance.now();
                  input.value = text.slice(0, i);
                  input.dispatchEvent(new Event('input', {bubbles: true}));
                  document.body.offsetHeight;  // force style and layout
                  out.push(performance.now() - t0);
                }
              }
              return out;
            }""")
            browser.close()
    finally:
        server.shutdown()
    return statistics.median(times)


EDITS_PER_KIND = int(os.environ.get("BENCH_EDITS", "7"))
# "devserver": only the dev server's figures (and the equivalence run), not the builds;
# "builds": only the full build, its stages and plain Pelican (at the last size);
# "browser": only first paint and first search in Chromium (the real site and the last size)
PARTS = os.environ.get("BENCH_PARTS", "all")
# The long equivalence run (tests/test_devserver.py's random edits, several seeds)
EQUIVALENCE_SEEDS = [int(s) for s in os.environ.get("BENCH_SEEDS", "1,2,3").split(",") if s]
EQUIVALENCE_EDITS = int(os.environ.get("BENCH_EQUIVALENCE_EDITS", "40"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))  # full build and plain Pelican, each
BUILD_RATIO_BUDGET = 2.0  # full build ÷ plain Pelican (same articles, as many pages)
EDIT_BUDGET_MS = 300  # p95, file write to reload signal, at 300 corporations (issue 19)
START_BUDGET_S = 5  # make devserver to its first page, nothing changed since the last run


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def devserver_edits(folder: Path, content: Path) -> dict:
    """Through the real `make devserver`: start-up, then file write → reload signal per edit.

    Edits alternate between a stance record, an article and a corporation's question; the
    first edit after start is included. Returns start-up seconds and milliseconds per kind.
    """
    import http.client
    import json
    import queue
    import threading

    port = free_port()
    env = {
        **ENV,
        "CONTENT": str(content),
        "OUTPUT": str(folder / "dev-output"),
        "PORT": str(port),
        "HOST": "127.0.0.1",
    }
    started = time.perf_counter()
    server = subprocess.Popen(
        ["make", "-s", "devserver"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    log: list[str] = []
    listening = threading.Event()

    def read_log() -> None:
        for line in server.stdout:
            log.append(line)
            if "Serving" in line:
                listening.set()

    threading.Thread(target=read_log, daemon=True).start()
    states: queue.Queue = queue.Queue()

    seen = {"version": -1}

    def next_state(reload: bool = True) -> dict:
        """The next reload signal (a new version), or with reload=False the next state."""
        while True:
            try:
                state = states.get(timeout=300)
            except queue.Empty:
                raise SystemExit("no reload signal:\n" + "".join(log[-20:])) from None
            if state["problems"]:
                raise SystemExit(f"the dev server refused an edit:\n{state['problems']}")
            if not reload or state["version"] > seen["version"]:
                seen["version"] = state["version"]
                return state

    def settle(state: dict) -> None:
        """Wait until the update's data files are written too (they follow the reload)."""
        while state.get("writing"):
            state = next_state(reload=False)

    try:
        if not listening.wait(900):
            raise SystemExit("the dev server did not start:\n" + "".join(log[-20:]))

        def read_events() -> None:
            connection = http.client.HTTPConnection("127.0.0.1", port)
            connection.request("GET", "/_devserver/events")
            for raw in connection.getresponse():
                if raw.startswith(b"data: "):
                    states.put(json.loads(raw[6:]))

        threading.Thread(target=read_events, daemon=True).start()
        settle(next_state())  # the state on connecting
        startup = time.perf_counter() - started
        corporations = sorted((content / "corporations").iterdir())
        articles = sorted((content / "articles").glob("bericht-*.md"))
        rng = random.Random(3)
        kinds = {
            "record": lambda: rng.choice(sorted(rng.choice(corporations).glob("stances/*.md"))),
            "article": lambda: rng.choice(articles),
            "question": lambda: rng.choice(sorted(rng.choice(corporations).glob("faq/*.md"))),
        }
        times: dict[str, list[float]] = {kind: [] for kind in kinds}
        updates: dict[str, list[float]] = {kind: [] for kind in kinds}
        cpu: dict[str, list[float]] = {kind: [] for kind in kinds}
        for i in range(EDITS_PER_KIND):
            for kind, pick in kinds.items():
                path = pick()
                text = path.read_text(encoding="utf-8") + f"\nVoorbeeldzin {i} (bench).\n"
                before = len(log)
                t0 = time.perf_counter()
                path.write_text(text, encoding="utf-8")
                state = next_state()
                times[kind].append((time.perf_counter() - t0) * 1000)
                settle(state)
                for line in log[before:]:  # "HH:MM:SS rendered … in 0.42 s (0.30 s CPU)"
                    if found := re.search(r" in ([0-9.]+) s \(([0-9.]+) s CPU\)$", line.strip()):
                        updates[kind].append(float(found.group(1)) * 1000)
                        cpu[kind].append(float(found.group(2)) * 1000)
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
    # started again with nothing changed since it stopped (a warm start)
    first = next((x for x in log if " rendered " in x and "new build" in x), "")
    found = re.search(r" in ([0-9.]+) s \(([0-9.]+) s CPU\)$", first.strip())
    first_cpu = float(found.group(2)) if found else float("nan")
    return {
        "startup": startup,
        "first_cpu": first_cpu,
        "edits": times,
        "updates": updates,
        "cpu": cpu,
        "restart": start_only(env),
    }


def start_only(env: dict) -> dict:
    """`make devserver` again, nothing edited: seconds to its first page served, whether it
    started warm (tools/warm.py), and seconds until it has read the site behind it."""
    import urllib.request

    started = time.perf_counter()
    server = subprocess.Popen(
        ["make", "-s", "devserver"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        warm = False
        for line in server.stdout:
            warm = warm or "Nothing changed since the last run" in line
            if "Serving" in line:
                break
        else:
            raise SystemExit("the dev server did not start again")
        with urllib.request.urlopen(f"http://127.0.0.1:{env['PORT']}/", timeout=60) as page:
            page.read()
        first = time.perf_counter() - started
        read = first
        if warm:  # the first update's line: the site is read and its pages checked
            for line in server.stdout:
                if " rendered " in line:
                    break
            read = time.perf_counter() - started
        return {"seconds": first, "warm": warm, "read": read}
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


def against_plain(folder: Path, content: Path, ours: dict) -> dict:
    """Plain Pelican on the same articles plus as many plain pages as ours wrote, and our
    build with the same articles but no register (for the per-page cost).

    The full build and plain Pelican are timed BENCH_ROUNDS times each, alternated, and
    compared by their medians; every build writes into a folder of its own, and nothing is
    deleted until the run ends. (On this machine's ext4 without a journal, creating files
    within minutes of deleting thousands costs up to 10× more system time: each new inode
    skips every recently freed one. A build after a deletion measured the deletion.)"""
    pages = ours["pages"]
    bare = generate(folder / "bare", 0, ours["articles"])
    shutil.rmtree(bare / "corporations", ignore_errors=True)
    only_articles, _ = timed_build(
        bare, folder / "bare-out", settings_file(folder / "bare", cache=False)
    )
    plain, plain_settings = plain_site(folder, content, pages)
    articles_only = plain / "articles-only"
    articles_only.mkdir()
    shutil.copytree(plain / "articles", articles_only / "articles")
    plain_articles, _ = timed_build(articles_only, folder / "plain-articles-out", plain_settings)
    settings = settings_file(folder, cache=False)
    fulls, plains = [ours["full"]], []
    for round_ in range(ROUNDS):
        plains.append(timed_build(plain, folder / f"plain-out-{round_}", plain_settings)[0])
        if len(fulls) < ROUNDS:
            fulls.append(timed_build(content, folder / f"full-{round_}", settings)[0])
    plain_all = statistics.median(plains)
    return {
        "ours_per_page": (statistics.median(fulls) - only_articles) / pages,
        "plain_per_page": (plain_all - plain_articles) / pages,
        "plain_articles": plain_articles,
        "plain_all": plain_all,
        "plains": plains,
        "fulls": fulls,
        "full_median": statistics.median(fulls),
        "ours_articles": only_articles,
    }


def measure(n: int, work: Path, compare: bool) -> dict:
    folder = work / f"n{n}"
    folder.mkdir()
    articles = round(2000 * n / 300)
    content = generate(folder, n, articles)
    if PARTS == "devserver":  # BENCH_PARTS=devserver: the dev server's figures only
        return {"n": n, "articles": articles} | devserver_edits(folder, content)
    output = folder / "output"
    full, peak = timed_build(content, output, settings_file(folder, cache=False))
    if PARTS == "browser":  # BENCH_PARTS=browser: the fixture's site is all it needs
        return {"n": n, "articles": articles, "full": full}
    stages = {}
    if compare:  # the same build without its search index, then the index alone
        bare_output = folder / "no-search-output"
        stages["no_search"], _ = timed_build(
            content, bare_output, settings_file(folder, cache=False, search=False)
        )
        stages["search"] = timed_search_index(bare_output)  # (deleted when the run ends)
    pages = register_pages(output)
    if PARTS == "builds":  # BENCH_PARTS=builds: the full build against plain Pelican only
        result = {"n": n, "articles": articles, "pages": pages, "full": full, "peak": peak}
        return result | stages | (against_plain(folder, content, result) if compare else {})
    # rebuild after one changed record, with Pelican's content cache on
    cached_settings = settings_file(folder, cache=True)
    timed_build(content, output, cached_settings)  # fill the cache
    record = next((content / "corporations" / "corporatie-000" / "stances").glob("*.md"))
    text = record.read_text()
    record.write_text(text + "\nEen zin erbij.\n")  # still valid whatever the record states
    rebuild, _ = timed_build(content, output, cached_settings)
    overview = weight(output, "/" + ADDRESSES["CORPORATIONS_URL"])
    corporation = weight(output, "/" + ADDRESSES["CORPORATION_URL"].format(slug="corporatie-000"))
    result = {
        "n": n,
        "articles": articles,
        "pages": pages,
        "full": full,
        **stages,
        "rebuild": rebuild,
        "peak": peak,
        "overview": overview,
        "corporation": corporation,
        "keystroke": keystroke_ms(output),
    }
    result |= devserver_edits(folder, content)
    if compare:
        result |= against_plain(folder, content, result)
    return result


def table(results: list[dict]) -> str:
    big = results[-1]
    lines = [
        "| figure | " + " | ".join(f"{r['n']} corporations" for r in results) + " | budget |",
        "|---|" + "---|" * (len(results) + 1),
        "| news articles | " + " | ".join(str(r["articles"]) for r in results) + " | |",
        "| register pages written (both languages, letters included) | "
        + " | ".join(str(r["pages"]) for r in results)
        + " | |",
        "| full build, s (Pelican + plugin + search index) | "
        + " | ".join(f"{r['full']:.1f}" for r in results)
        + " | grows at most linearly |",
        "| rebuild after one changed record, s (cache on) | "
        + " | ".join(f"{r['rebuild']:.1f}" for r in results)
        + " | |",
        "| peak memory, MiB | "
        + " | ".join(f"{r['peak']:.0f}" for r in results)
        + " | grows at most linearly |",
        "| overview, KiB gzipped with CSS and JS | "
        + " | ".join(f"{r['overview'] / 1024:.1f}" for r in results)
        + " | ≤ 40 at 300 |",
        "| corporation page (20 records), KiB gzipped with CSS | "
        + " | ".join(f"{r['corporation'] / 1024:.1f}" for r in results)
        + " | ≤ 14 |",
        "| overview filter, ms per keystroke (median) | "
        + " | ".join(f"{r['keystroke']:.2f}" for r in results)
        + " | ≤ 16 |",
        "| `make devserver`: start to first reload signal, s | "
        + " | ".join(f"{r['startup']:.1f}" for r in results)
        + " | |",
    ]
    for kind in ("record", "article", "question"):
        lines.append(
            f"| dev server, edit → reload, {kind}, ms p50 / p95 "
            f"({len(big['edits'][kind])} edits) | "
            + " | ".join(
                f"{statistics.median(r['edits'][kind]):.0f} / {p95(r['edits'][kind]):.0f}"
                for r in results
            )
            + f" | p95 ≤ {EDIT_BUDGET_MS} at 300 |"
        )
    lines.append(
        "| of which the update in the server (read, check, render), ms median, "
        "record / article / question | "
        + " | ".join(
            " / ".join(
                f"{statistics.median(r['updates'][k] or [0]):.0f}"
                for k in ("record", "article", "question")
            )
            for r in results
        )
        + " | |"
    )
    return "\n".join(lines) + "\n\n" + build_table(big)


def build_table(big: dict) -> str:
    """The full build against plain Pelican at the largest size, and its stages."""
    ratio = big["ours_per_page"] / big["plain_per_page"]
    lines = [
        f"Per-page cost at {big['n']} corporations ({big['pages']} register pages, "
        f"{big['articles']} articles):",
        "",
        "| build | articles only, s | with pages, s | per page, ms |",
        "|---|---|---|---|",
        f"| plain Pelican (no plugin, default theme, plain Markdown pages) | "
        f"{big['plain_articles']:.1f} | {big['plain_all']:.1f} | "
        f"{big['plain_per_page'] * 1000:.1f} |",
        f"| Huurwijzer (plugin, theme, search index) | {big['ours_articles']:.1f} | "
        f"{big['full_median']:.1f} | {big['ours_per_page'] * 1000:.1f} |",
        "",
        f"Ratio plugin page ÷ plain page: **{ratio:.2f}**.",
        "",
        f"Full national build ÷ plain Pelican on the same articles plus as many plain pages: "
        f"**{big['full_median'] / big['plain_all']:.2f}** (budget ≤ {BUILD_RATIO_BUDGET}), "
        f"medians of {len(big['fulls'])} builds each, alternated, each into a new folder: "
        f"full build {', '.join(f'{t:.1f}' for t in big['fulls'])} s; plain Pelican "
        f"{', '.join(f'{t:.1f}' for t in big['plains'])} s.",
        "",
        "The same build in stages, from this run: "
        f"without its search index {big['no_search']:.1f} s "
        f"(**{big['no_search'] / big['plain_all']:.2f}×** plain Pelican); "
        f"the search index alone, over that site, {big['search']:.1f} s "
        f"({big['search'] / big['plain_all']:.2f}×); plain Pelican {big['plain_all']:.1f} s.",
    ]
    return "\n".join(lines)


def missed(results: list[dict]) -> list[str]:
    """Every budget the run missed, as one line each."""
    big = results[-1]
    problems = []
    if big["n"] == 300 and "restart" in big and big["restart"]["seconds"] > START_BUDGET_S:
        problems.append(
            f"dev server start with nothing changed {big['restart']['seconds']:.1f} s "
            f"> {START_BUDGET_S} s at 300 corporations"
        )
    if big["n"] == 300 and "edits" in big:
        for kind, times in big["edits"].items():
            if p95(times) > EDIT_BUDGET_MS:
                problems.append(
                    f"dev server, {kind} edit → reload p95 {p95(times):.0f} ms "
                    f"> {EDIT_BUDGET_MS} ms at 300 corporations"
                )
    if "plain_all" in big and big["full_median"] / big["plain_all"] > BUILD_RATIO_BUDGET:
        problems.append(
            f"full build {big['full_median']:.1f} s is {big['full_median'] / big['plain_all']:.2f}"
            f"× plain Pelican ({big['plain_all']:.1f} s) > {BUILD_RATIO_BUDGET}×"
        )
    return problems


def equivalence() -> list[dict]:
    """tests/test_devserver.py's random edits, long: for each seed the real dev server on a
    copy of content/, every file compared with a clean build after each edit."""
    runs = []
    for seed in EQUIVALENCE_SEEDS:
        print(f"equivalence run, seed {seed} …", file=sys.stderr, flush=True)
        started = time.perf_counter()
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-x",
                "-p",
                "no:cacheprovider",
                "tests/test_devserver.py",
                "-k",
                "random_edits",
            ],
            cwd=ROOT,
            env={**ENV, "DEVSERVER_SEED": str(seed), "DEVSERVER_EDITS": str(EQUIVALENCE_EDITS)},
            capture_output=True,
            text=True,
        )
        runs.append(
            {
                "seed": seed,
                "passed": result.returncode == 0,
                "seconds": time.perf_counter() - started,
                "tail": (result.stdout + result.stderr)[-2000:],
            }
        )
    return runs


def equivalence_table(runs: list[dict]) -> str:
    lines = [
        f"Long equivalence run (`tests/test_devserver.py`, {EQUIVALENCE_EDITS} random edits "
        "per seed, every file compared with a clean build after each edit):",
        "",
        "| seed | edits | result | minutes |",
        "|---|---|---|---|",
    ]
    for run in runs:
        result = "same site after every edit" if run["passed"] else "**FAILED**"
        lines.append(
            f"| {run['seed']} | {EQUIVALENCE_EDITS} | {result} | {run['seconds'] / 60:.1f} |"
        )
    return "\n".join(lines)


SECTION = "<!-- bench.py: builds and dev server -->"
PAINT_SECTION = "<!-- bench/browser.py: first paint and first search -->"
BUILD_SECTION = "<!-- bench.py BENCH_PARTS=builds: the full build against plain Pelican -->"


def record_section(text: str, marker: str = SECTION) -> None:
    """Put this run's figures in bench/RESULTS.md as their own dated section, between two
    markers (replaced by the next run); the earlier figures and other sections stay."""
    path = ROOT / "bench" / "RESULTS.md"
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    block = f"{marker}\n{text.strip()}\n{marker}\n"
    before, found, rest = old.partition(marker)
    if found:
        after = rest.partition(marker)[2].lstrip("\n")
        path.write_text(before + block + ("\n" + after if after else ""), encoding="utf-8")
    else:
        path.write_text(old.rstrip("\n") + "\n\n" + block, encoding="utf-8")


def load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def devserver_table(results: list[dict]) -> str:
    lines = [
        "| dev server | " + " | ".join(f"{r['n']} corporations" for r in results) + " | budget |",
        "|---|" + "---|" * (len(results) + 1),
        "| start to first page, s (first run) | "
        + " | ".join(f"{r['startup']:.1f}" for r in results)
        + " | |",
        "| start to first page, s (started again, nothing changed) | "
        + " | ".join(
            f"{r['restart']['seconds']:.1f} ({'warm' if r['restart']['warm'] else 'cold'})"
            for r in results
        )
        + " | ≤ 5 at 300 |",
        "| started again: until its site is read behind the served one (edits wait), s | "
        + " | ".join(f"{r['restart']['read']:.1f}" for r in results)
        + " | |",
    ]
    for kind in ("record", "article", "question"):
        lines.append(
            f"| edit → reload, {kind}, ms p50 / p95 ({len(results[-1]['edits'][kind])} edits) | "
            + " | ".join(
                f"{statistics.median(r['edits'][kind]):.0f} / {p95(r['edits'][kind]):.0f}"
                for r in results
            )
            + f" | p95 ≤ {EDIT_BUDGET_MS} at 300 |"
        )
    lines.append(
        "| the first build in the server, CPU s | "
        + " | ".join(f"{r['first_cpu']:.1f}" for r in results)
        + " | |"
    )
    lines.append(
        "| the update in the server (read, check, render), median wall / CPU ms, "
        "record · article · question | "
        + " | ".join(
            " · ".join(
                f"{statistics.median(r['updates'][k] or [0]):.0f} / "
                f"{statistics.median(r['cpu'][k] or [0]):.0f}"
                for k in ("record", "article", "question")
            )
            for r in results
        )
        + " | |"
    )
    return "\n".join(lines)


def main() -> int:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "30,100,300").split(",")]
    loads = [load()]
    with tempfile.TemporaryDirectory(prefix="huurwijzer-bench-") as tmp:
        results = []
        for n in sizes:
            print(f"measuring {n} corporations …", file=sys.stderr, flush=True)
            results.append(measure(n, Path(tmp), compare=n == sizes[-1]))
            loads.append(load())
        paint, paint_missed = "", []
        if PARTS in ("all", "browser"):  # first paint and first search (bench/browser.py)
            paint, paint_missed = browser.section(
                browser.build_real(Path(tmp)),
                Path(tmp) / f"n{sizes[-1]}" / "output",
                f"{sizes[-1]} corporations",
            )
    if PARTS == "browser":
        print(paint)
        if sizes[-1] == 300:
            record_section(paint, PAINT_SECTION)
        for problem in paint_missed:
            print(f"BUDGET MISSED: {problem}", file=sys.stderr)
        return 1 if paint_missed else 0
    runs = equivalence()
    title = "Builds and the dev server"
    if PARTS == "builds":
        title = "The full build against plain Pelican"
    heading = (
        f"## {title}, {date.today().isoformat()} (one run)\n\n"
        f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}; "
        f"the machine was shared: load average (1/5/15 min) {' → '.join(loads)} "
        "(before the run, then after each size). Compare figures within this run.\n\n"
    )
    parts = [build_table(results[-1])] if PARTS == "builds" else [devserver_table(results)]
    if PARTS == "all":
        parts.append(table(results))
    if runs:
        parts.append(equivalence_table(runs))
    text = heading + "\n\n".join(parts)
    print(text)
    print(paint)
    if sizes[-1] == 300:
        record_section(text, BUILD_SECTION if PARTS == "builds" else SECTION)
        if paint:
            record_section(paint, PAINT_SECTION)
        if PARTS == "all":
            subprocess.run([sys.executable, str(ROOT / "bench" / "publish.py")], check=True)
    problems = (
        missed(results)
        + paint_missed
        + [
            f"equivalence run, seed {r['seed']}: the dev server's site differed\n{r['tail']}"
            for r in runs
            if not r["passed"]
        ]
    )
    for problem in problems:
        print(f"BUDGET MISSED: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
