"""What `make check`, the build and the dev server tell an editor, in the editors' language.

Dutch by default (the editors' guide, docs/redactie.md, is Dutch); English when the setting
``HUURWIJZER_LANG`` says ``en``, or else when ``LANG`` starts with ``en``. Both texts are the
code's own in core/codes.py (``english``, ``dutch_for_editors``); the receiver shows a sender
the third, ``dutch_for_senders``.
"""

from __future__ import annotations

import os
import string
from collections.abc import Mapping
from typing import Any

from huurwijzer.core.codes import english, for_editor, texts

LANGUAGES = ("nl", "en")
SETTING = "HUURWIJZER_LANG"


class _Shown(string.Formatter):
    def get_value(self, key: Any, args: Any, kwargs: Any) -> str:
        return "{" + str(key) + "}"

    def format_field(self, value: Any, format_spec: str) -> str:
        return str(value)


def shown(code: str) -> str:
    """The Dutch of ``code`` as the editors' guide shows it: ``{value}`` where the message
    fills in from the file, literal braces single (``{filename}``)."""
    return _Shown().format(texts(code).dutch_for_editors)


def editor_language(environ: Mapping[str, str] | None = None) -> str:
    """'nl' unless the setting (``HUURWIJZER_LANG=en``) or else ``LANG`` (``en_GB.UTF-8``)
    asks for English."""
    environ = os.environ if environ is None else environ
    chosen = environ.get(SETTING, "").strip().lower()
    if chosen:
        return "en" if chosen.startswith("en") else "nl"
    return "en" if environ.get("LANG", "").lower().startswith("en") else "nl"


def message(code: str, values: Mapping[str, Any], language: str | None = None) -> str:
    """The problem ``code`` filled with ``values``, in ``language`` (default: the editor's)."""
    if (language or editor_language()) == "en":
        return english(code, values)
    return for_editor(code, values)


# The line above a list of problems in the build's log, in the editor's language.
_HEADINGS = {
    "unread": ("Files the build cannot read", "Bestanden die de build niet kan lezen"),
    "outputs": ("Output paths", "Adressen die de build schrijft"),
    "register": ("The stance register", "Het register van standpunten"),
}


def heading(kind: str, count: int, language: str | None = None) -> str:
    """'Het register van standpunten: 2 problemen:' (``kind``: a key of _HEADINGS, or 'links'
    for links to pages that do not exist)."""
    dutch = (language or editor_language()) != "en"
    if kind == "links":
        if dutch:
            return f"{count} link(s) naar pagina's die niet bestaan:"
        return f"{count} link(s) to pages that do not exist:"
    english_words, dutch_words = _HEADINGS[kind]
    if dutch:
        return f"{dutch_words}: {count} {'probleem' if count == 1 else 'problemen'}:"
    return f"{english_words}: {count} problem(s):"
