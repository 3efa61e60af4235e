"""Problems an editor can act on: each names the file, the line and the field, and has a code."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from huurwijzer.core.codes import english, for_sender
from huurwijzer.core.messages import message


@dataclass(frozen=True, order=True)
class Problem:
    """One problem; made by code (``Problem.of``), its message worded by core/codes.py."""

    path: str
    line: int
    field: str
    message: str
    code: str
    values: Mapping[str, Any] = dataclasses.field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, path: str, line: int, field: str, code: str, /, **values: Any) -> Problem:
        """The problem ``code`` at ``path:line`` in ``field``, its English filled with values."""
        return cls(path, line, field, english(code, values), code, values)

    @property
    def for_sender(self) -> str:
        """What the receiver tells a corporation's sender about this problem, in plain Dutch
        (the code's ``dutch_for_senders``; an editor reads ``text()``)."""
        return for_sender(self.code, self.values)

    def text(self, language: str | None = None) -> str:
        """The message in ``language`` ('nl' or 'en'; default: the editor's, core/messages)."""
        try:
            return message(self.code, self.values, language)
        except (KeyError, IndexError, ValueError):  # values that do not fill the template
            return self.message

    def line_in(self, language: str | None = None) -> str:
        """``path:line: field: message`` on one line in ``language``, safe for a terminal."""
        where = f"{terminal_safe(self.path)}:{self.line}:"
        said = terminal_safe(self.text(language))
        return f"{where} {terminal_safe(self.field)}: {said}" if self.field else f"{where} {said}"

    def __str__(self) -> str:
        """``path:line: field: message`` in the editor's language (core/messages)."""
        return self.line_in()


class ContentError(Exception):
    """One or more problems in content files; the message lists them all, one per line."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(source_path: str) -> str:
    """The path as an editor typed it: relative to the working folder when inside it."""
    relative = os.path.relpath(source_path)
    return source_path if relative.startswith("..") else relative


# Characters that act on a terminal or reorder text instead of showing: C0 and C1 controls
# (ESC starts sequences that retitle the window, clear the screen or write the clipboard),
# the line and paragraph separators, and the bidi embeddings, overrides and isolates.
_ACTING = {*range(0x00, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, 0x061C, 0x200E, 0x200F}
_ACTING |= {*range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def terminal_safe(text: str) -> str:
    """``text`` with every acting character written as an escape (``\\x1b``, ``\\u202e``):
    one line, shown as it is, whatever a file name, a key or a value holds."""
    if not any(ord(c) in _ACTING for c in text):
        return text
    return "".join(
        (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}") if ord(c) in _ACTING else c
        for c in text
    )
