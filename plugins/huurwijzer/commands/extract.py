"""Babel extraction methods for `make translations` (babel.cfg): the register's words.

Each text is yielded with its identifier, so translators see where it is used.
"""

from __future__ import annotations

from typing import Any


def extract_vocabulary(fileobj: Any, keywords: Any, comment_tags: Any, options: Any):
    """Babel extraction method for scales.py (babel.cfg): each text with its identifier."""
    from huurwijzer.stances import scales

    for identifier, text in scales.messages():
        yield 0, "_", text, [identifier]


def extract_letter(fileobj: Any, keywords: Any, comment_tags: Any, options: Any):
    """Babel extraction method for letter.py: the form's labels and hints, the phone steps.

    The letter's own sentences stay Dutch on every page (it goes to a Dutch landlord).
    """
    from huurwijzer.stances import letter

    for identifier, text in letter.messages():
        yield 0, "_", text, [identifier]
