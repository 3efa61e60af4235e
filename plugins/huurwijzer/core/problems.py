"""Problems an editor can act on: each names the file, the line and the field."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str

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
