"""The checked example of every problem code (issue 21): read from docs/meldingen.yaml, the
one source of both the table in docs/redactie.md and tests/test_code_examples.py.

Run as a script to write the table into the guide:
``PYTHONPATH=plugins .venv/bin/python tests/code_examples.py``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "docs" / "meldingen.yaml"
GUIDE = ROOT / "docs" / "redactie.md"
MARK = "<!-- meldingen -->\n"


@dataclass
class Example:
    code: str
    example: str  # what the guide says triggers it (Dutch)
    says: str  # what the check prints after the path: 'line: field: message' (Dutch)
    base: str = ""  # a base file of the data (bericht, pagina, …) the example starts from
    file: str = ""  # the example's path in content/
    change: list[list[str]] = field(default_factory=list)  # [old, new] in the base's text
    extra: dict[str, str] = field(default_factory=dict)  # other files: path -> base
    special: str = ""  # fifo, folder, symlink, bytes, hidden, big …: not written as text
    alone: bool = False  # needs a tree of its own (changes a file every example reads)
    receiver: Any = None  # a submission instead of a content file (the receiver's check)
    command: str = ""  # a command instead of a content file
    at: str = ""  # the path the check names, when not the example's own file
    unit: str = ""  # no file can give it: the function that makes it, driven directly


def load() -> tuple[dict[str, str], dict[str, Example]]:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    bases = data.pop("bases")
    return bases, {code: Example(code, **fields) for code, fields in data.items()}


BASES, EXAMPLES = load()
BASE_FILES = {
    "bericht": "articles/vb-{code}.md",
    "pagina": "pages/vb-{code}.md",
    "vraag": "faq/vb-{code}.md",
    "hulp": "help/vb-{code}.md",
    "profiel": "corporations/vb-{code}/profile.md",
    "standpunt": "corporations/vb-{code}/stances/2020-03.md",
    "vraag-corporatie": "corporations/vb-{code}/faq/vraag.md",
}


def path_of(example: Example) -> str:
    """The example's file in content/."""
    return (example.file or BASE_FILES.get(example.base, "")).replace("{code}", example.code)


_MANY = re.compile(r"\{many:(.+?):(\d+)\}")


def changed(text: str, example: Example) -> str:
    """``text`` with the example's changes; ``{many:a:401}`` in a new text is 401 times 'a'."""
    for old, new in example.change:
        assert old in text, (example.code, old)
        new = _MANY.sub(lambda m: m[1] * int(m[2]), new)
        text = text.replace(old, new, 1)
    return text


def text_of(example: Example, base: str) -> str:
    return changed(BASES[base].replace("{code}", example.code), example)


def write_example(content: Path, example: Example) -> Path:
    """Put the example into a copy of the content; return its path."""
    path = content / path_of(example)
    path.parent.mkdir(parents=True, exist_ok=True)
    for other, base in example.extra.items():
        target = content / other.replace("{code}", example.code)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text_of(Example(example.code, "", "", change=[]), base), "utf-8")
    corporation = path.relative_to(content).parts
    if corporation[0] == "corporations" and len(corporation) > 2:
        profile = content / "corporations" / corporation[1] / "profile.md"
        if not profile.exists() and example.special != "no-profile":
            profile.write_text(text_of(Example(example.code, "", ""), "profiel"), "utf-8")
    if example.special and example.special != "no-profile":
        special(content, path, example)
    elif example.base:
        path.write_text(text_of(example, example.base), encoding="utf-8")
    else:  # a change to a real file
        path.write_text(changed(path.read_text(encoding="utf-8"), example), encoding="utf-8")
    return path


def special(content: Path, path: Path, example: Example) -> None:
    kind, _, arg = example.special.partition(" ")
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "symlink":
        path.symlink_to(content / arg)
    elif kind == "bytes":
        path.write_bytes(arg.encode("latin-1"))
    elif kind == "big":
        path.write_text(text_of(example, example.base) + "a" * int(arg), encoding="utf-8")
    elif kind == "remove":
        (content / arg).unlink()
    else:
        raise ValueError(f"{example.code}: unknown special {kind!r}")


def copy_real_content(into: Path) -> Path:
    content = into / "content"
    shutil.copytree(ROOT / "content", content)
    return content


# -- running the examples: each gives the lines the check prints, after the path ---------------


def relative_lines(problems: list, path: str, root: Path) -> list[str]:
    """The Dutch lines of the problems at ``path``, after 'path:', with ``root/`` taken out."""
    from huurwijzer.core.problems import terminal_safe

    return [
        p.line_in("nl").removeprefix(f"{terminal_safe(path)}:").strip().replace(f"{root}/", "")
        for p in problems
        if p.path == path
    ]


def run_content(examples: list[Example], tmp: Path) -> dict[str, list[str]]:
    """Every example in one copy of the real content, checked once (what `make check` runs)."""
    from pelican.settings import read_settings

    from huurwijzer.commands.check import check_content

    content = copy_real_content(tmp)
    for example in examples:
        write_example(content, example)
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    _, problems = check_content({**settings, "PATH": str(content)})
    return {
        e.code: relative_lines(problems, str(content / (e.at or path_of(e))), tmp) for e in examples
    }


def submission(example: Example) -> bytes:
    from intake_support import GOOD

    if isinstance(example.receiver, str):
        return _MANY.sub(lambda m: m[1] * int(m[2]), example.receiver).encode()
    changes = {
        key: _MANY.sub(lambda m: m[1] * int(m[2]), value) if isinstance(value, str) else value
        for key, value in example.receiver.items()
    }
    return json.dumps({**GOOD, **changes}).encode()


def run_receiver(example: Example, tmp: Path) -> list[str]:
    """The submission through the receiver's own steps: read and check it, check it against
    the register, store it in an inbox (twice for `command: twice`)."""
    from intake_support import take

    from huurwijzer.intake.clean import SubmissionError
    from huurwijzer.intake.inbox import Inbox

    inbox = Inbox(tmp / "inbox.sqlite3")
    content = copy_real_content(tmp)
    raw = submission(example)
    try:
        take(raw, inbox, content, path="inzending.json")
        if example.command == "twice":
            take(raw, inbox, content, path="inzending.json")
    except SubmissionError as error:
        lines = relative_lines(error.problems, "inzending.json", tmp)
        return [re.sub(r"HW-[0-9A-Z]+", "HW-…", line) for line in lines]
    return []


def run_command(example: Example, tmp: Path) -> list[str]:
    """`make check` over a content folder that does not exist."""
    import subprocess

    assert example.command == "check-missing-folder", example.command
    env = {k: v for k, v in os.environ.items() if k != "HUURWIJZER_LANG"} | {"LANG": "C.UTF-8"}
    missing = tmp / "bestaat-niet"
    result = subprocess.run(
        ["make", "-s", "--no-print-directory", "check", f"CONTENT={missing}"],
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT / "plugins")},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return [
        line.removeprefix(f"{missing}:").strip()
        for line in result.stdout.splitlines()
        if line.startswith(f"{missing}:")
    ]


def run_unit(example: Example, tmp: Path) -> list[str]:
    """A code no content file can give, from the function that makes it."""
    from datetime import date

    from huurwijzer.core.problems import ContentError
    from huurwijzer.reading import markup, validation
    from huurwijzer.reading.frontmatter import Document, parse_text
    from huurwijzer.site import tree

    doc = Document("x.md", {"n": "1"}, {("n",): 2})
    day = date(2026, 11, 28)
    if example.unit == "wrong-type":  # a schema asking for a number
        schema = {"type": "object", "properties": {"n": {"type": "integer"}}}
        problems = validation.schema_problems(doc, validation.validator_for(schema), day)
    elif example.unit == "schema-error":  # a rule without its own wording
        schema = {"type": "object", "properties": {"n": {"type": "string", "pattern": "^a$"}}}
        problems = validation.schema_problems(doc, validation.validator_for(schema), day)
    elif example.unit == "text-nested-too-deeply":  # Markdown that recurses past the stack
        problems = markup.render_checked(deep_doc(), _Bottomless())[1]
    elif example.unit == "nested-too-deeply":  # front matter deeper than the stack allows
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(100)
        try:
            parse_text("---\ntitle: " + "[" * 60 + "]" * 60 + "\n---\nx\n", "x.md")
            problems = []
        except ContentError as error:
            problems = error.problems
        finally:
            sys.setrecursionlimit(limit)
    elif example.unit == "translation-not-here":  # a folder without translations
        folder = tmp / "oud"
        folder.mkdir()
        (folder / "a.en.md").write_text("---\n---\n", encoding="utf-8")
        problems = tree._flat_markdown_folder(folder)
        return relative_lines(problems, str(folder / "a.en.md"), tmp)
    elif example.unit == "path-outside-site":  # a path the settings could make ('//' in it)
        from huurwijzer.site.outputs import Output, output_problems

        problems = output_problems([Output("nieuws//index.html", "x.md", 2, "save_as", "page")], [])
    else:
        raise ValueError(f"{example.code}: no driver for {example.unit!r}")
    return relative_lines(problems, "x.md", tmp)


def deep_doc():
    from huurwijzer.reading.frontmatter import Document

    return Document("x.md", {}, {}, body="> " * 60 + "x\n", body_line=5)


class _Bottomless:
    """A Markdown renderer that recurses without end, as a deep enough text would."""

    def reset(self):
        return self

    def convert(self, text: str) -> str:
        return self.convert(text)


def outcome(example: Example, tmp: Path) -> list[str]:
    """What one example gives, run on its own."""
    if example.receiver is not None:
        return run_receiver(example, tmp)
    if example.command:
        return run_command(example, tmp)
    if example.unit:
        return run_unit(example, tmp)
    return run_content([example], tmp)[example.code]


def shared(examples: dict[str, Example]) -> list[Example]:
    """The examples that run together in one copy of the content."""
    return [
        e
        for e in examples.values()
        if e.receiver is None and not e.command and not e.unit and not e.alone
    ]


def cell(text: str) -> str:
    return text.replace("|", "\\|")


def table() -> str:
    """The guide's table of every code: its message and its checked example."""
    from huurwijzer.core.codes import CODES
    from huurwijzer.core.messages import shown

    rows = ["| code | melding | voorbeeld |", "|---|---|---|"]
    for code in CODES:
        example = EXAMPLES[code].example if code in EXAMPLES else ""
        rows.append(f"| `{code}` | `{shown(code)}` | {cell(example)} |")
    return "\n".join(rows) + "\n"


def write_table() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    head, mark, _ = text.partition(MARK)
    assert mark, f"{GUIDE}: no {MARK!r}"
    GUIDE.write_text(head + mark + table(), encoding="utf-8")


def as_json(value: Any) -> bytes:
    return json.dumps(value).encode()


_SPACE = re.compile(r"\s+")


def fill(tmp: Path) -> None:
    """Write what each example gives into the data file's empty ``says`` (to review)."""
    found = run_content(shared(EXAMPLES), tmp / "shared")
    for example in EXAMPLES.values():
        if example.code not in found:
            (tmp / example.code).mkdir()
            found[example.code] = outcome(example, tmp / example.code)
    text = DATA.read_text(encoding="utf-8")
    for code, lines in found.items():
        said = json.dumps(lines[0] if len(lines) == 1 else lines, ensure_ascii=False)
        text = re.sub(
            rf'^({re.escape(code)}:\n(?:  .*\n)*?)  says: ""$',
            lambda m, s=said: f"{m[1]}  says: {s}",
            text,
            count=1,
            flags=re.M,
        )
    DATA.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "plugins"))
    sys.path.insert(0, str(ROOT / "tests"))
    if sys.argv[1:] == ["--fill"]:
        import tempfile

        os.environ["SOURCE_DATE_EPOCH"] = "1795867200"  # the suite's day, 2026-11-28 12:00 UTC
        fill(Path(tempfile.mkdtemp()))
    write_table()
