"""Read the translations of the register's free text: `<name>.<lang>.md` beside `<name>.md`.

A stance record's body (stances/, national-agreement/), a question with its answer (faq/,
corporations/<slug>/faq/) and a help organisation's description (help/) may each have a
translation per language in LANGUAGES: a sibling file named after its original plus the
language code, holding ``lang:`` (with ``question:`` for a question; ``name:`` and
``how_to_find:`` for a help organisation) and the translated Markdown. The stance data is never
repeated: every other field stays in the original (register_schema refuses it here).
A third language needs only these files and its catalog.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from huurwijzer.core.problems import Problem, display_path
from huurwijzer.reading.frontmatter import Document
from huurwijzer.reading.markup import clean_text
from huurwijzer.stances.model import Translation

# A translation's file name: the original's name, a dot and a language code.
TRANSLATION_NAME = re.compile(r"^(?P<stem>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<lang>[a-z]{2,3})\.md$")
# The register folders whose files may have translations (others hold no free text to translate).
TRANSLATED_FOLDERS = ("stances", "faq", "national-agreement", "help")


def split_translations(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """The originals and the translations among a folder's Markdown files."""
    originals, translations = [], []
    for path in paths:
        (translations if TRANSLATION_NAME.match(path.name) else originals).append(path)
    return originals, translations


def original_of(path: Path) -> Path:
    """`faq/betalingsregeling.en.md` → `faq/betalingsregeling.md`."""
    match = TRANSLATION_NAME.match(path.name)
    assert match is not None
    return path.with_name(match["stem"] + ".md")


def read_translations(
    loader: Any, paths: Iterable[Path], kind: str, default: str, known: Iterable[str]
) -> dict[str, dict[str, Translation]]:
    """Every valid translation in ``paths``, by original's file stem and language.

    ``kind`` is 'stance', 'faq' or 'help'; ``known`` the site's languages. Each problem (no
    original, a language that is not the site's, the default language, a field that stays in
    the original, an empty text) goes to the loader's problems with file, line and field.
    """
    known = sorted(set(known))
    found: dict[str, dict[str, Translation]] = {}
    for path in paths:
        read = loader.read(path, f"{kind}_translation")
        if read is None:
            continue
        doc, html = read
        problems = translation_problems(doc, path, default, known)
        if problems:
            loader.problems.extend(problems)
            continue
        found.setdefault(original_of(path).stem, {})[doc.data["lang"]] = Translation(
            lang=doc.data["lang"],
            path=doc.path,
            body_html=html,
            body_text=" ".join(clean_text(html).split()),
            fields={k: v for k, v in doc.data.items() if k != "lang"},
        )
    return found


def translation_problems(
    doc: Document, path: Path, default: str, known: list[str]
) -> list[Problem]:
    """What is wrong with a valid translation file: its language, its original, its text."""
    name_lang = TRANSLATION_NAME.match(path.name)["lang"]
    lang = doc.data["lang"]
    original = original_of(path)
    problems = []
    if lang != name_lang:
        problems.append(
            doc.problem(
                ("lang",), "lang-not-file-name", lang=lang, name_lang=name_lang, file=path.name
            )
        )
    elif lang not in known:
        problems.append(
            doc.problem(("lang",), "unknown-language", lang=lang, known=", ".join(known))
        )
    elif lang == default:
        problems.append(
            doc.problem(
                ("lang",),
                "translation-in-site-language",
                lang=lang,
                original=original.name,
                others=", ".join(k for k in known if k != default),
            )
        )
    if not original.exists():
        problems.append(
            doc.problem(
                ("lang",),
                "no-original",
                original=original.name,
                folder=display_path(str(original.parent)),
            )
        )
    if not doc.body.strip():
        problems.append(doc.problem((), "empty-translation"))
    return problems
