"""Jinja's compiled templates, kept in memory and shared by every environment of a build.

Pelican gives each generator its own Jinja environment, and each compiled every template it
used again (base.html and _register.html three times a build, ~0.8 s of CPU at national
scale). Compiled once, each later environment loads the code object instead. Keyed by the
template's name and a checksum of its source, so an edited template is compiled again; the
dev server keeps one such store across its updates (tools/incremental.py).
"""

from __future__ import annotations

import weakref
from typing import Any

from jinja2 import BytecodeCache


class CompiledTemplates(BytecodeCache):
    """Compiled templates by name and source checksum, in memory."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


# One store per build: its generators share one settings object (and so one Jinja setup).
_per_build: weakref.WeakValueDictionary[int, CompiledTemplates] = weakref.WeakValueDictionary()


def share_compiled(env: Any, settings: dict[str, Any]) -> None:
    """Give a generator's environment the build's store, unless it has one already."""
    if env.bytecode_cache is None:
        store = _per_build.get(id(settings))
        if store is None:
            store = _per_build[id(settings)] = CompiledTemplates()
        env.bytecode_cache = store
