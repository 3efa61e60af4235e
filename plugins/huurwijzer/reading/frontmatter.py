"""Split a content file into YAML front matter and a Markdown body, keeping line numbers.

Every scalar is kept as a string (``no`` stays ``"no"``, ``2025-13-01`` stays text) so that
the schema, not PyYAML, decides what a value means, and every value remembers its line.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from huurwijzer.core.codes import Phrase
from huurwijzer.core.problems import ContentError, Problem

Location = tuple[Any, ...]
# libyaml's parser when PyYAML was built with it (about 10x faster); same nodes and marks
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULL_TAG = "tag:yaml.org,2002:null"  # plain null, ~ or nothing; never a quoted "null"
FENCE = "---"
# Control characters (C0 but tab, newline and carriage return; DEL; C1) and the Unicode line
# and paragraph separators: invisible, they break feeds and XML, and some split lines where
# an editor sees none (which would shift every line number after them). And the bidi
# embeddings, overrides and isolates: they show text in another order than it is written
# (a phone number reversed).
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


@dataclass
class Document:
    """A parsed content file: front matter values, their lines, and the body."""

    path: str
    data: dict[str, Any]
    lines: dict[Location, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1

    def line_of(self, location: Location) -> int:
        """The line of a value, or of its nearest enclosing value."""
        location = tuple(location)
        while location:
            if location in self.lines:
                return self.lines[location]
            location = location[:-1]
        return self.lines.get((), 1)

    def problem(self, location: Location, code: str, /, **values: Any) -> Problem:
        """The problem ``code`` (core/codes.py) at a value, with its line and dotted name."""
        return Problem.of(self.path, self.line_of(location), _name(location), code, **values)


def parse_text(text: str, path: str) -> Document:
    """Parse front matter and body; raise ContentError naming the line when it cannot."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if problems := control_problems(text, path):
        raise ContentError(problems)
    raw_lines = text.splitlines(keepends=True)
    if not raw_lines or raw_lines[0].rstrip() != FENCE:
        raise ContentError([Problem.of(path, 1, "", "no-front-matter")])
    end = next(
        (i for i in range(1, len(raw_lines)) if raw_lines[i].rstrip() in (FENCE, "...")), None
    )
    if end is None:
        raise ContentError([Problem.of(path, 1, "", "front-matter-not-closed")])
    data, lines = load_mapping("".join(raw_lines[1:end]), path, first_line=2)
    return Document(path, data, lines, "".join(raw_lines[end + 1 :]), end + 2)


def control_problems(text: str, path: str, first_line: int = 1) -> list[Problem]:
    """One problem per line that holds a control character, naming it (U+001B)."""
    problems: dict[int, Problem] = {}
    for match in _CONTROL.finditer(text):
        line = first_line + text.count("\n", 0, match.start())
        if line not in problems:
            problems[line] = _control_problem(path, line, "", match.group())
    return list(problems.values())


def _control_problem(path: str, line: int, field: str, char: str) -> Problem:
    return Problem.of(path, line, field, "control-character", codepoint=f"{ord(char):04X}")


# PyYAML's English for the mistakes editors make, by the words it starts with.
_YAML_DETAILS = (
    ("mapping values are not allowed", "yaml-colon"),
    ("could not find expected ':'", "yaml-no-colon"),
    ("found character", "yaml-token"),
    ("found unexpected end of stream", "yaml-open-quote"),
)


def yaml_detail(error: object) -> Phrase:
    """PyYAML's detail in English; in Dutch what an editor should look at."""
    detail = str(error)
    key = next((k for start, k in _YAML_DETAILS if detail.startswith(start)), "yaml-other")
    return Phrase.named(key, detail=detail)


def load_mapping(text: str, path: str, first_line: int = 1) -> tuple[dict, dict]:
    """Load a YAML (or JSON) mapping as text values, with the line of every value.

    ``first_line`` is the file line on which ``text`` starts. Raises ContentError.
    """
    offset = first_line - 1
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 + offset if mark else first_line
        raise ContentError(
            [
                Problem.of(
                    path, line, "", "malformed-yaml", error=yaml_detail(error.problem or error)
                )
            ]
        ) from None
    except (yaml.YAMLError, ValueError) as error:  # e.g. a NUL character
        raise ContentError(
            [Problem.of(path, first_line, "", "malformed-yaml", error=yaml_detail(error))]
        ) from None
    lines: dict[Location, int] = {(): max(first_line - 1, 1)}
    problems: list[Problem] = []
    try:
        data: Any = {} if node is None else _convert(node, (), lines, problems, path, set(), offset)
    except RecursionError:
        raise ContentError([Problem.of(path, first_line, "", "nested-too-deeply")]) from None
    if not isinstance(data, dict):
        problems.append(Problem.of(path, first_line, "", "not-a-mapping"))
    if problems:
        raise ContentError(problems)
    return data, lines


def parse_file(path: Path | str, display_path: str | None = None) -> Document:
    """Read and parse one file (UTF-8); the display path is what error messages show."""
    shown = display_path or str(path)
    return parse_text(read_source(path, shown), shown)


def read_source(path: Path | str, shown: str) -> str:
    """The text of a plain UTF-8 file (newlines as Python's text mode gives them); a FIFO,
    a device or a folder is refused before anything is read, so nothing waits on it."""
    # O_NONBLOCK: opening a FIFO does not wait for a writer; fstat then refuses it unread
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        raise ContentError([Problem.of(shown, 1, "", "not-a-regular-file")])
    with os.fdopen(handle, "rb") as stream:
        raw = stream.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        reason = Phrase.named("utf8", detail=error.reason)
        raise ContentError([Problem.of(shown, 1, "", "not-utf8", reason=reason)]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _convert(node, location, lines, problems, path, seen, offset):
    # marks count from 0; a field's own key line wins over its value's
    lines.setdefault(location, node.start_mark.line + 1 + offset)
    if id(node) in seen:
        problems.append(Problem.of(path, lines[location], _name(location), "yaml-alias"))
        return None
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _NULL_TAG:
            return None
        if found := _CONTROL.search(node.value):  # written as an escape: "\e", "\x1b"
            problems.append(_control_problem(path, lines[location], _name(location), found.group()))
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(item, (*location, i), lines, problems, path, seen, offset)
            for i, item in enumerate(node.value)
        ]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1 + offset
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(Problem.of(path, key_line, _name(location), "field-name-not-text"))
            continue
        key = key_node.value
        if found := _CONTROL.search(key):
            problems.append(_control_problem(path, key_line, _name(location), found.group()))
            continue
        if key in result:
            problems.append(Problem.of(path, key_line, _name((*location, key)), "given-twice"))
            continue
        lines[(*location, key)] = key_line
        result[key] = _convert(value_node, (*location, key), lines, problems, path, seen, offset)
    return result


def _name(location: Location) -> str:
    return ".".join(str(part) for part in location)
