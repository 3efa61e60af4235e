"""Read the translations of the register's free text: `<name>.<lang>.md` beside `<name>.md`.

A stance record's body (stances/, national-agreement/), a question with its answer (faq/,
corporations/<slug>/faq/), a help organisation's description (help/) and a corporation's
profile (corporations/<slug>/profile.md) may each have a translation per language in
LANGUAGES: a sibling file named after its original plus the language code, holding ``lang:``
(with ``question:`` for a question; ``name:`` and ``how_to_find:`` for a help organisation;
``basis:`` and ``sources:`` (title, publisher, note, in the original's order) for a record;
``area_note:`` for a profile) and the translated Markdown. The stance data is never
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
    loader: Any,
    paths: Iterable[Path],
    kind: str,
    default: str,
    known: Iterable[str],
    originals: dict[str, Any] | None = None,
) -> dict[str, dict[str, Translation]]:
    """Every valid translation in ``paths``, by original's file stem and language.

    ``kind`` is 'stance', 'faq', 'help' or 'profile'; ``known`` the site's languages;
    ``originals`` the read originals by file stem (a record, a corporation …). Each problem (no
    original, a language that is not the site's, the default language, a field that stays in
    the original, an empty text, a basis line or source note the original does not have) goes
    to the loader's problems with file, line and field.
    """
    known = sorted(set(known))
    found: dict[str, dict[str, Translation]] = {}
    for path in paths:
        read = loader.read(path, f"{kind}_translation")
        if read is None:
            continue
        doc, html = read
        problems = translation_problems(doc, path, default, known)
        original = (originals or {}).get(original_of(path).stem)
        if original is not None:
            problems += fit_problems(doc, original)
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


def fit_problems(doc: Document, original: Any) -> list[Problem]:
    """A translated basis line, source or area note needs its counterpart in the original."""
    name = Path(original.path).name
    problems = []
    basis = getattr(original, "basis", {}) or {}
    for field in doc.data.get("basis") or {}:
        if field not in basis:
            problems.append(
                doc.problem(("basis", field), "nothing-to-translate", original=name, what=field)
            )
    sources = getattr(original, "sources", ())
    given = doc.data.get("sources") or ()
    if given and len(given) != len(sources):
        problems.append(
            doc.problem(
                ("sources",), "translated-sources-count", count=len(given), expected=len(sources)
            )
        )
    for i, (words, source) in enumerate(zip(given, sources, strict=False)):
        if "note" in words and not source.note:
            problems.append(
                doc.problem(
                    ("sources", i, "note"),
                    "nothing-to-translate",
                    original=name,
                    what=f"note for source {i + 1}",
                )
            )
    if doc.data.get("area_note") and not getattr(original, "area_note", None):
        problems.append(
            doc.problem(("area_note",), "nothing-to-translate", original=name, what="area_note")
        )
    return problems
