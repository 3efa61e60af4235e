"""Problems an editor can act on: each names the file, the line and the field, and has a code."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from huurwijzer.core.codes import dutch, english


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
    def dutch(self) -> str:
        """What the receiver tells a sender about this problem, in plain Dutch."""
        return dutch(self.code, self.values)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:"
        return f"{where} {self.field}: {self.message}" if self.field else f"{where} {self.message}"


class ContentError(Exception):
    """One or more problems in content files; the message lists them all, one per line."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(source_path: str) -> str:
    """The path as an editor typed it: relative to the working folder when inside it."""
    relative = os.path.relpath(source_path)
    return source_path if relative.startswith("..") else relative
