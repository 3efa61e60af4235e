"""The dev server's site is the site `make html` builds: after any edits, byte for byte.

The real `tools/devserver.py` runs on a copy of content/ on 127.0.0.1; a seeded random
sequence of edits (add, change, rename and delete an article, a stance record, a question, a
corporation; an error brought in and fixed again) is written into the copy. After each edit
the test waits for the server's reload (or problem) signal, then builds the same tree from
scratch with Pelican's command line, as `make html` does, and compares every file outside
the search index. The sequence goes through both of the server's ways of updating: the
quick one (only a changed article or one corporation's folder read again) and the whole one.
Everything written is visibly fictional ("Voorbeeld…").
"""

from __future__ import annotations

import http.client
import json
import os
import queue
import random
import re
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import ENV, ROOT
from huurwijzer.stances.text_translations import TRANSLATION_NAME

EDITS = int(os.environ.get("DEVSERVER_EDITS", "14"))
SEED = int(os.environ.get("DEVSERVER_SEED", "14"))
WAIT = 60  # seconds for one update, at most (the fixture is small)

pytestmark = pytest.mark.slow  # a real dev server and whole builds


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class DevServer:
    """`tools/devserver.py` on a content copy, and its stream of states."""

    def __init__(
        self, content: Path, output: Path, root: Path = ROOT, port: int | None = None
    ) -> None:
        self.port = port or free_port()  # (the site's addresses name it)
        self.process = subprocess.Popen(
            [sys.executable, str(root / "tools" / "devserver.py")],
            cwd=root,
            env={
                **ENV,
                "PYTHONPATH": str(root / "plugins"),
                "CONTENT": str(content),
                "OUTPUT": str(output),
                "HOST": "127.0.0.1",
                "PORT": str(self.port),
            },
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self.states: queue.Queue = queue.Queue()
        self.listening = threading.Event()
        threading.Thread(target=self._read_output, daemon=True).start()
        if not self.listening.wait(WAIT):
            raise AssertionError("dev server did not start:\n" + "".join(self.lines))
        threading.Thread(target=self._read_events, daemon=True).start()
        self.current = self.next_state()  # the state on connecting: the first build

    def _read_output(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)
            if "Serving" in line:
                self.listening.set()

    def _read_events(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=None)
        connection.request("GET", "/_devserver/events")
        response = connection.getresponse()
        for raw in response:
            line = raw.decode()
            if line.startswith("data: "):
                self.states.put(json.loads(line[6:]))

    def next_state(self) -> dict:
        try:
            return self.states.get(timeout=WAIT)
        except queue.Empty:
            raise AssertionError("no reload signal:\n" + "".join(self.lines[-20:])) from None

    def settle(self) -> dict:
        """The state after the edit just written: its signals until every file is written
        (data files follow the reload), and any that follow shortly (a rename's two events)."""
        state = self.next_state()
        while True:
            try:
                state = self.states.get(timeout=1.5)
            except queue.Empty:
                if not state.get("writing"):
                    return state
                state = self.next_state()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def files(folder: Path) -> dict[str, bytes]:
    """Every file of a built site but the search index (never walked into: the server's
    background indexer may be replacing its folders meanwhile)."""
    found = {}
    for parent, folders, names in os.walk(folder):
        if Path(parent) == folder:
            folders[:] = [f for f in folders if f != "search-index"]
        for name in names:
            path = Path(parent, name)
            found[path.relative_to(folder).as_posix()] = path.read_bytes()
    return dict(sorted(found.items()))


def assert_same_site(
    content: Path, served: Path, scratch: Path, port: int, step: str, root: Path = ROOT
) -> None:
    """A clean build as `PORT=… make html` makes it (the site's address follows PORT), with
    the settings, theme and plugin of ``root`` (a copy of the project, or the project)."""
    shutil.rmtree(scratch, ignore_errors=True)
    clean = subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            str(content),
            "-s",
            str(root / "pelicanconf.py"),
            "-o",
            str(scratch),
            "--fatal",
            "warnings",
            "-e",
            "SEARCH_INDEX=false",
        ],
        cwd=root,
        env={**ENV, "PORT": str(port), "PYTHONPATH": str(root / "plugins")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert clean.returncode == 0, clean.stdout + clean.stderr
    expected, actual = files(scratch), files(served.resolve())
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    differ = sorted(k for k in set(expected) & set(actual) if expected[k] != actual[k])
    assert not (missing or extra or differ), (
        f"after {step}: missing {missing[:5]}, stale {extra[:5]}, different {differ[:5]}"
    )


class Edits:
    """Random, valid edits to a content copy (and one error at a time, fixed next)."""

    def __init__(self, content: Path, rng: random.Random) -> None:
        self.content, self.rng = content, rng
        self.count = 0
        self.broken: tuple[Path, str] | None = None

    def pick(self, pattern: str) -> Path | None:
        """A random file; translations (`<name>.<lang>.md`) only when the pattern names them."""
        found = sorted(self.content.glob(pattern))
        if ".en." not in pattern:
            found = [p for p in found if not TRANSLATION_NAME.match(p.name)]
        return self.rng.choice(found) if found else None

    def append(self, path: Path, text: str) -> None:
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    def replace_line(self, path: Path, start: str, line: str) -> None:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        lines = [line + "\n" if x.startswith(start) else x for x in lines]
        path.write_text("".join(lines), encoding="utf-8")

    # -- the edits; each returns a description ---------------------------------------
    def article_text(self) -> str:
        path = self.pick("articles/*.md")
        self.append(path, f"\nVoorbeeldzin {self.count} voor de test.\n")
        return f"changed the text of {path.name}"

    def article_title(self) -> str:
        path = self.pick("articles/*.md")
        self.replace_line(path, "title:", f'title: "Voorbeeldbericht {self.count}"')
        return f"changed the title of {path.name}"

    def article_add(self) -> str:
        n = self.count
        path = self.content / "articles" / f"2021-02-{n % 28 + 1:02d}-voorbeeld-{n}.md"
        path.write_text(
            f'---\ntitle: "Voorbeeldbericht {n}"\ndate: 2021-02-{n % 28 + 1:02d}\n'
            f"category: Voorbeeld\ntags: [voorbeeld, huur]\n"
            f'summary: "Een voorbeeld voor de test."\n---\nVoorbeeldtekst {n}.\n',
            encoding="utf-8",
        )
        return f"added {path.name}"

    def article_rename(self) -> str:
        path = self.pick("articles/*voorbeeld-*.md")
        if path is None:
            return self.article_add()
        target = path.with_name(path.name.replace("voorbeeld-", "voorbeeld-hernoemd-"))
        path.rename(target)
        return f"renamed {path.name} to {target.name}"

    def article_delete(self) -> str:
        path = self.pick("articles/*voorbeeld-*.md")
        if path is None:
            return self.article_add()
        path.unlink()
        return f"deleted {path.name}"

    def record_text(self) -> str:
        path = self.pick("corporations/*/stances/*.md")
        self.append(path, f"\nVoorbeeldzin {self.count} over dit standpunt.\n")
        return f"changed the text of {path.relative_to(self.content)}"

    def record_add(self) -> str:
        path = self.pick("corporations/*/stances/*.md")
        target = path.with_name(f"2021-0{self.count % 9 + 1}-voorbeeld.md")
        if target.exists():
            return self.record_text()
        text = path.read_text(encoding="utf-8")
        target.write_text(
            text.replace("effective_from: 2020-03", f"effective_from: 2021-0{self.count % 9 + 1}"),
            encoding="utf-8",
        )
        return f"added {target.relative_to(self.content)}"

    def record_delete(self) -> str:
        path = self.pick("corporations/*/stances/*-voorbeeld.md")
        if path is None:
            return self.record_add()
        path.unlink()
        return f"deleted {path.relative_to(self.content)}"

    def faq_add(self) -> str:
        corporation = self.pick("corporations/*/profile.md").parent
        path = corporation / "faq" / f"voorbeeldvraag-{self.count}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(
            f'---\nquestion: "Voorbeeldvraag {self.count}?"\norder: {self.count + 5}\n---\n'
            "Voorbeeldantwoord.\n",
            encoding="utf-8",
        )
        return f"added {path.relative_to(self.content)}"

    def faq_text(self) -> str:
        path = (
            self.pick("faq/*.md")
            if self.rng.random() < 0.4
            else self.pick("corporations/*/faq/*.md")
        )
        self.append(path, f"\nVoorbeeldzin {self.count}.\n")
        return f"changed {path.relative_to(self.content)}"

    def faq_delete(self) -> str:
        path = self.pick("corporations/*/faq/voorbeeldvraag-*.md")
        if path is None:
            return self.faq_add()
        path.unlink()
        return f"deleted {path.relative_to(self.content)}"

    def translation_text(self) -> str:
        path = self.pick(
            self.rng.choice(
                [
                    "corporations/*/stances/*.en.md",
                    "corporations/*/profile.en.md",
                    "faq/*.en.md",
                    "corporations/*/faq/*.en.md",
                    "help/*.en.md",
                ]
            )
        )
        self.append(path, f"\nExample sentence {self.count}.\n")
        return f"changed the translation {path.relative_to(self.content)}"

    def profile_text(self) -> str:
        path = self.pick("corporations/*/profile.md")
        self.append(path, f"\nVoorbeeldzin {self.count} over de corporatie.\n")
        return f"changed {path.relative_to(self.content)}"

    def corporation_add(self) -> str:
        source = self.pick("corporations/*/profile.md").parent
        target = source.with_name(f"voorbeeldcorporatie-{self.count}")
        shutil.copytree(source, target)
        name = f'name: "Voorbeeldcorporatie {self.count}"'
        self.replace_line(target / "profile.md", "name:", name)
        return f"added corporation {target.name}"

    def corporation_delete(self) -> str:
        path = self.pick("corporations/voorbeeldcorporatie-*/profile.md")
        if path is None:
            return self.corporation_add()
        shutil.rmtree(path.parent)
        return f"deleted corporation {path.parent.name}"

    def error(self) -> str:
        path = self.pick(self.rng.choice(["articles/*.md", "corporations/*/stances/*.md"]))
        self.broken = (path, path.read_text(encoding="utf-8"))
        field = "date" if "articles" in path.parts else "effective_until"
        self.replace_line(path, f"{field}:", f"{field}: 31-12-2020")
        return f"broke {path.relative_to(self.content)}"

    def fix(self) -> str:
        path, text = self.broken
        path.write_text(text, encoding="utf-8")
        self.broken = None
        return f"fixed {path.relative_to(self.content)}"

    KINDS = (
        "article_text",
        "article_title",
        "article_add",
        "article_rename",
        "article_delete",
        "record_text",
        "record_add",
        "record_delete",
        "faq_add",
        "faq_text",
        "faq_delete",
        "profile_text",
        "corporation_add",
        "corporation_delete",
        "error",
        "translation_text",
    )

    def next(self) -> tuple[str, bool]:
        """Make one edit; return what it did and whether the site should build."""
        self.count += 1
        if self.broken is not None:
            return self.fix(), True
        kind = self.rng.choice(self.KINDS)
        return getattr(self, kind)(), kind != "error"


def test_after_random_edits_the_dev_server_serves_what_make_html_builds(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    output = tmp_path / "output"
    server = DevServer(content, output)
    try:
        assert server.current["problems"] == "", server.current
        assert_same_site(content, output, tmp_path / "clean", server.port, "the first build")
        edits = Edits(content, random.Random(SEED))
        for _ in range(EDITS):
            step, builds = edits.next()
            state = server.settle()
            if builds:
                assert state["problems"] == "", f"{step}: {state['problems']}"
                assert_same_site(content, output, tmp_path / "clean", server.port, step)
            else:  # the editor sees the problem with its place, in the terminal and page
                assert ".md:" in state["problems"] and "31-12-2020" in state["problems"], step
                assert "31-12-2020" in "".join(server.lines)
        # both ways of updating were compared: quick (one corporation or article read again)
        # and whole (everything read, what changed rendered)
        updates = [line for line in server.lines if "rendered" in line][1:]  # after the first
        assert any("(quick:" in line for line in updates), updates
        assert any("(quick:" not in line for line in updates), updates
    finally:
        server.stop()


def test_editing_translations_updates_the_english_pages_and_feeds_as_make_html_would(tmp_path):
    """A translation's text, a translation brought in with a stance field (refused with its
    place) and fixed, and a new translation: each time the site equals a clean build."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    output = tmp_path / "output"
    server = DevServer(content, output)
    record = content / "corporations" / "actium" / "stances" / "2020-03.en.md"
    original = record.read_text(encoding="utf-8")
    question = content / "faq" / "betalingsregeling.en.md"
    try:
        record.write_text(original + "\nAn example sentence for the test.\n", encoding="utf-8")
        assert server.settle()["problems"] == ""
        english = (output / "en/corporations/actium/index.html").read_text(encoding="utf-8")
        feed = (output / "en/corporations/actium/changes.atom").read_text(encoding="utf-8")
        assert "An example sentence for the test." in english and "example sentence" in feed
        assert_same_site(content, output, tmp_path / "clean", server.port, "a record's English")
        record.write_text(
            original.replace("lang: en\n", "lang: en\neviction: none\n"), encoding="utf-8"
        )
        state = server.settle()
        assert "stances/2020-03.en.md:3: eviction:" in state["problems"], state
        record.write_text(original, encoding="utf-8")
        assert server.settle()["problems"] == ""
        question.write_text(
            question.read_text(encoding="utf-8").replace(
                "What is a payment plan?", "What is a payment plan, exactly?"
            ),
            encoding="utf-8",
        )
        assert server.settle()["problems"] == ""
        assert "What is a payment plan, exactly?" in (
            output / "en/corporations/domesta/index.html"
        ).read_text(encoding="utf-8")
        assert_same_site(content, output, tmp_path / "clean", server.port, "a question's English")
        profile = content / "corporations" / "woonconcept" / "profile.en.md"
        profile.write_text(
            profile.read_text(encoding="utf-8").replace("Head office", "Main office"), "utf-8"
        )
        record = content / "corporations" / "woonconcept" / "stances" / "2020-03.en.md"
        record.write_text(
            record.read_text(encoding="utf-8").replace("According to", "As stated in"), "utf-8"
        )
        assert server.settle()["problems"] == ""
        page = (output / "en/corporations/woonconcept/index.html").read_text(encoding="utf-8")
        assert "Main office in Meppel" in page and "As stated in the report" in page
        assert_same_site(content, output, tmp_path / "clean", server.port, "a profile's English")
    finally:
        server.stop()


@pytest.mark.parametrize("path", ["/", "/corporaties/"])
def test_pages_are_served_with_the_reload_script_and_files_stay_as_built(tmp_path, path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    output = tmp_path / "output"
    server = DevServer(content, output)
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        connection.request("GET", path)
        served = connection.getresponse().read()
        on_disk = (output / path.lstrip("/") / "index.html").read_bytes()
        assert b'<script src="/_devserver.js" defer></script></body>' in served
        assert b"_devserver" not in on_disk
        assert served.replace(b'<script src="/_devserver.js" defer></script>', b"") == on_disk
    finally:
        server.stop()


def test_the_editor_sees_a_problem_in_the_page_and_the_fix_reloads_it(browser, tmp_path):
    """In Chromium: a broken record shows its file, line and field in the open page, with no
    CSP violation; saving the fix removes the notice and reloads the page with the change."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    server = DevServer(content, tmp_path / "output")
    record = content / "corporations" / "domesta" / "stances" / "2020-03.md"
    original = record.read_text(encoding="utf-8")
    try:
        page = browser.new_page()
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.goto(f"http://127.0.0.1:{server.port}/corporaties/domesta/")
        # (a page that connects after the edit gets the current state, the problem, at once)
        record.write_text(
            original.replace("effective_until: unknown", "effective_until: 31-12-2020"),
            encoding="utf-8",
        )
        notice = page.get_by_role("alert")
        notice.wait_for(timeout=WAIT * 1000)
        text = notice.inner_text()
        assert "corporations/domesta/stances/2020-03.md:" in text
        assert "effective_until" in text and "31-12-2020" in text
        record.write_text(original + "\nVoorbeeldzin na de fout.\n", encoding="utf-8")
        page.wait_for_function(
            "() => document.body.innerText.includes('Voorbeeldzin na de fout')",
            timeout=WAIT * 1000,
        )
        assert page.get_by_role("alert").count() == 0
        assert not problems, problems
        page.close()
    finally:
        server.stop()


def project_copy(tmp_path: Path) -> Path:
    """The project's settings, theme, plugin, tools and content in a folder of their own, so
    a test may edit any of them while the dev server runs from there."""
    root = tmp_path / "project"
    root.mkdir()
    for name in ("plugins", "theme", "tools", "content"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "pelicanconf.py", root / "pelicanconf.py")
    return root


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def write_article(content: Path, name: str, title: str, day: str) -> Path:
    path = content / "articles" / name
    path.write_text(
        f'---\ntitle: "{title}"\ndate: {day}\ncategory: Voorbeeld\ntags: [voorbeeld]\n'
        f'summary: "Een voorbeeld voor de test."\n---\nVoorbeeldtekst.\n',
        encoding="utf-8",
    )
    return path


def test_a_template_that_starts_reading_another_value_follows_that_value(tmp_path):
    """While the server runs, a template is edited to read a value it never read (how many
    news articles there are; another corporation's questions; the newest article's title),
    then that value changes through content: each time the site equals a clean build, so the
    pages that now read the value were rendered again (quick updates included)."""
    root = project_copy(tmp_path)
    content, templates, output = root / "content", root / "theme" / "templates", tmp_path / "out"
    server = DevServer(content, output, root)

    def same_site(step: str) -> None:
        state = server.settle()
        assert state["problems"] == "", f"{step}: {state['problems']}"
        assert_same_site(content, output, tmp_path / "clean", server.port, step, root)

    def page(address: str) -> str:
        return (output / address / "index.html").read_text(encoding="utf-8")

    def counted() -> int:
        return int(re.search(r"<p>(\d+) berichten</p>", page("corporaties/actium")).group(1))

    try:
        # every page (base.html, which all extend) starts reading the number of articles
        footer = "<p>{{ articles|length }} berichten</p></footer>"
        rewrite(templates / "base.html", "</footer>", footer)
        same_site("base.html reads the number of articles")
        count = counted()
        name, title = "2021-02-03-voorbeeld-teller.md", "Voorbeeldbericht teller"
        write_article(content, name, title, "2021-02-03")
        same_site("an article added, which base.html now counts")
        assert counted() == count + 1

        # one corporation's page starts reading another corporation's questions
        rewrite(
            templates / "corporation.html",
            "<h1>{{ c.name }}</h1>",
            '<h1>{{ c.name }}</h1>{% for o in views.corporations if o.slug == "domesta" %}'
            "<p>Domesta: {{ o.faq|length }} vragen</p>{% endfor %}",
        )
        same_site("corporation.html reads Domesta's questions")
        before = page("corporaties/actium")
        question = content / "corporations" / "domesta" / "faq" / "voorbeeldvraag-teller.md"
        question.write_text(
            '---\nquestion: "Voorbeeldvraag?"\norder: 90\n---\nVoorbeeldantwoord.\n',
            encoding="utf-8",
        )
        same_site("a question added to Domesta, which Actium's page now counts")
        assert page("corporaties/actium") != before

        # every article's page starts reading the newest article's title; that title changes
        name = "2026-11-20-voorbeeld-nieuwst.md"
        newest = write_article(content, name, "Voorbeeld A", "2026-11-20")
        same_site("a newest article")
        rewrite(
            templates / "article.html",
            "<h1>{{ article.title }}</h1>",
            "<h1>{{ article.title }}</h1><p>Nieuwste: {{ articles[0].title }}</p>",
        )
        same_site("article.html reads the newest article's title")
        rewrite(newest, "Voorbeeld A", "Voorbeeld B")
        same_site("the newest article's title changed, which every article now shows")
        assert "Nieuwste: Voorbeeld B" in page("nieuws/2020/landelijke-afspraak-geen-ontruimingen")

        # and a template that stops reading a value: the pages follow too
        rewrite(templates / "base.html", "<p>{{ articles|length }} berichten</p>", "")
        same_site("base.html no longer counts articles")
        # the quick updates were among those compared
        assert any("(quick:" in line for line in server.lines), server.lines
    finally:
        server.stop()


def test_a_changed_article_updates_the_one_page_of_each_list_that_shows_it(tmp_path):
    """With lists of several pages (25 news articles, 10 a page), a summary changed in an
    article on the list's second page shows on that page, and on no other, as `make html`
    builds it; the other pages of the lists are checked without being paged again."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    articles = []
    for n in range(25):
        path = content / "articles" / f"2021-03-{n + 1:02d}-voorbeeld-lijst-{n}.md"
        path.write_text(
            f'---\ntitle: "Voorbeeldbericht lijst {n}"\ndate: 2021-03-{n + 1:02d}\n'
            f"category: Voorbeeld\ntags: [voorbeeld, huur]\n"
            f'summary: "Voorbeeldsamenvatting {n}."\n---\nVoorbeeldtekst {n}.\n',
            encoding="utf-8",
        )
        articles.append(path)
    output = tmp_path / "output"
    server = DevServer(content, output)
    try:
        assert server.current["problems"] == "", server.current
        # newest first: 2021-03-12 is the 14th newest, on the second page of each list
        for n, words in ((11, "Gewijzigde samenvatting"), (24, "Nieuwste gewijzigd")):
            path = articles[n]
            path.write_text(
                path.read_text(encoding="utf-8").replace(
                    f'summary: "Voorbeeldsamenvatting {n}."', f'summary: "{words} {n}."'
                ),
                encoding="utf-8",
            )
            assert server.settle()["problems"] == ""
            shown = [
                p.relative_to(output.resolve()).as_posix()
                for p in output.resolve().rglob("*.html")
                if f"{words} {n}." in p.read_text(encoding="utf-8")
            ]
            lists = [page for page in shown if f"lijst-{n}" not in page]  # (not its own)
            assert lists and (n == 24 or all("/pagina/2/" in page for page in lists)), shown
            assert_same_site(content, output, tmp_path / "clean", server.port, f"summary {n}")
            path.write_text(
                path.read_text(encoding="utf-8") + f"\nVoorbeeldzin {n} voor de test.\n",
                encoding="utf-8",
            )
            assert server.settle()["problems"] == ""
            assert_same_site(content, output, tmp_path / "clean", server.port, f"text {n}")
        updates = [line for line in server.lines if "rendered" in line][1:]
        assert updates and all("(quick:" in line for line in updates), updates
    finally:
        server.stop()
