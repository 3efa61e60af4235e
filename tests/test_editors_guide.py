"""The editors' guide (docs/redactie.md): every example passes `make check`, every quoted
error is what `make check` really prints, and no example ever lands in content/.

Examples are marked in the guide with an HTML comment before their fence:
``<!-- voorbeeld: PATH -->`` a file that must pass, ``<!-- fout: PATH -->`` a file with
mistakes, followed by ``<!-- melding -->`` and the exact lines `make check` prints for it.
``; schema: 2`` after the path marks an example in stance-record format version 2: it is
checked once ``huurwijzer.stances.scales.SCHEMA_VERSION`` reaches 2, and expected to fail before.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import ENV, ROOT, build_site, make_check
from huurwijzer.stances import scales

GUIDE = ROOT / "docs" / "redactie.md"
# the editors' own language: no HUURWIJZER_LANG (the suite's English), no English LANG
SCHEMA_VERSION = getattr(scales, "SCHEMA_VERSION", 1)
MARKED = re.compile(
    r"<!-- (?P<kind>voorbeeld|fout|melding)(?::\s*(?P<target>[^;]+?))?"
    r"(?:;\s*schema:\s*(?P<schema>\d+))?\s*-->\n```[a-z]*\n(?P<body>.*?)^```$",
    re.S | re.M,
)


@dataclass
class Example:
    kind: str  # "voorbeeld" (passes) or "fout" (has mistakes)
    path: str
    schema: int  # the stance-record format it is written in; 0 when any
    text: str
    messages: list[str] = field(default_factory=list)


def guide_examples() -> tuple[list[Example], dict[str, str]]:
    """The guide's file examples in order, and its other quoted messages by name."""
    examples: list[Example] = []
    quoted: dict[str, str] = {}
    for match in MARKED.finditer(GUIDE.read_text(encoding="utf-8")):
        kind, target, body = match["kind"], match["target"], match["body"]
        if kind == "melding" and target:
            quoted[target] = body.strip()
        elif kind == "melding":
            assert examples and examples[-1].kind == "fout", "a message without its example"
            examples[-1].messages = body.strip().splitlines()
        else:
            examples.append(Example(kind, target.strip(), int(match["schema"] or 0), body))
    return examples, quoted


EXAMPLES, QUOTED = guide_examples()
SCHEMAS = [
    pytest.param(1, id="any-format"),
    pytest.param(
        2,
        id="stance-format-2",
        marks=pytest.mark.xfail(
            SCHEMA_VERSION < 2,
            reason="stance records v2 (SCHEMA-V2.md) are not merged yet; these examples "
            "switch on when huurwijzer.stances.scales.SCHEMA_VERSION is 2",
            strict=True,
        ),
    ),
]


def content_with(tmp_path: Path, examples: list[Example]) -> Path:
    """A copy of the real content with the examples written in at their paths."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    for example in examples:
        target = tmp_path / example.path
        assert not target.exists(), f"{example.path} would replace a real file"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(example.text, encoding="utf-8")
    return content


def up_to(schema: int, kind: str | None = None) -> list[Example]:
    return [e for e in EXAMPLES if e.schema <= schema and kind in (None, e.kind)]


def test_the_guide_has_a_complete_example_of_every_kind_of_file():
    paths = [e.path for e in EXAMPLES if e.kind == "voorbeeld"]
    patterns = {
        "article": r"^content/articles/\d{4}-\d\d-\d\d-[a-z0-9-]+\.md$",
        "question for everyone": r"^content/faq/[a-z0-9-]+\.md$",
        "question about a corporation": r"^content/corporations/[a-z0-9-]+/faq/[a-z0-9-]+\.md$",
        "corporation profile": r"^content/corporations/[a-z0-9-]+/profile\.md$",
        "stance record": r"^content/corporations/[a-z0-9-]+/stances/[0-9-]+\.md$",
    }
    missing = [kind for kind, p in patterns.items() if not any(re.match(p, x) for x in paths)]
    assert not missing, f"the guide has no example of: {missing}"
    errors = [e for e in EXAMPLES if e.kind == "fout"]
    assert len(errors) >= 8 and all(e.messages for e in errors)


def test_examples_are_visibly_fictional_and_never_in_content():
    for example in EXAMPLES:
        assert example.path.startswith("content/")
        assert "voorbeeld" in example.path, f"{example.path}: not visibly an example"
        assert not (ROOT / example.path).exists(), f"{example.path} landed in content/"
    leaked = [p for p in (ROOT / "content").rglob("*.md") if "Voorbeeldcorporatie" in p.read_text()]
    assert not leaked


@pytest.mark.parametrize("schema", SCHEMAS)
def test_every_example_in_the_guide_passes_make_check(schema, tmp_path):
    result = make_check(content_with(tmp_path, up_to(schema, "voorbeeld")))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK: ")


@pytest.mark.parametrize("schema", SCHEMAS)
def test_every_quoted_error_is_what_make_check_prints(schema, tmp_path):
    """The mistakes in the guide, all in one copy: each file gets exactly its quoted lines."""
    result = make_check(content_with(tmp_path, up_to(schema)))
    assert result.returncode != 0
    printed = [line for line in result.stdout.splitlines() if line.startswith("content/")]
    for example in up_to(schema, "fout"):
        own = [line for line in printed if line.startswith(f"{example.path}:")]
        assert own == example.messages, example.path
    expected = [m for e in up_to(schema, "fout") for m in e.messages]
    assert sorted(printed) == sorted(expected), "make check found problems the guide misses"


def test_the_busy_port_message_in_the_guide_is_what_make_serve_prints(tmp_path):
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        result = subprocess.run(
            ["make", "-s", "serve", f"OUTPUT={tmp_path / 'output'}"],
            cwd=ROOT,
            env={**ENV, "PORT": str(port)},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    printed = result.stderr.splitlines()[0]
    assert printed.startswith(f"Port {port} is already in use")

    def numbers_as_n(text: str) -> str:
        return re.sub(r"\d+", "N", text)

    assert numbers_as_n(QUOTED["poort bezet"]) == numbers_as_n(printed)


@pytest.mark.slow
def test_links_to_questions_in_the_guide_lead_to_them(tmp_path):
    """The guide's example anchors exist on the built corporation page."""
    content = content_with(tmp_path, up_to(SCHEMA_VERSION, "voorbeeld"))
    site = build_site(content, tmp_path / "output")
    links = re.findall(r"`(/corporaties/[a-z0-9-]+/)#(vraag-[a-z0-9-]+)`", GUIDE.read_text())
    assert len(links) >= 2
    for address, anchor in links:
        assert site.page(address).find(id=anchor), f"{address}#{anchor}"


@pytest.mark.xfail(
    SCHEMA_VERSION < 2,
    reason="the guide describes stance-record format 2, not merged yet",
    strict=True,
)
def test_the_guide_names_every_stance_field_and_value():
    """A field or level added to scales.py must be explained to editors too."""
    text = GUIDE.read_text(encoding="utf-8")
    missing = [
        f"{vocabulary.field}: {value}"
        for vocabulary in scales.VOCABULARIES
        for value in [vocabulary.field, *vocabulary.values]
        if f"`{value}`" not in text
    ]
    assert not missing, f"not in docs/redactie.md: {missing}"


def test_the_table_of_messages_names_every_code_in_its_dutch():
    """Issue 21: the guide's table of messages is the catalog, in the words editors read."""
    from huurwijzer.core.codes import CODES
    from huurwijzer.core.messages import shown

    table = GUIDE.read_text(encoding="utf-8").partition("<!-- meldingen -->\n")[2]
    rows = dict(re.findall(r"^\| `([a-z0-9-]+)` \| `(.*?)` \|(?: .* \|)?$", table, re.M))
    assert sorted(rows) == sorted(CODES)
    assert {code: shown(code) for code in CODES} == rows
