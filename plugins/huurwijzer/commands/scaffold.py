"""`make corporation NAME="…"`: a new corporation folder with an all-unknown first record.

Usage: python -m huurwijzer.commands.scaffold ["Naam van de corporatie"] [CONTENT_FOLDER]
(without arguments NAME and CONTENT are read from the environment).
Refuses to touch a corporation that already exists. The name is written by PyYAML's emitter
and the files through the project's atomic writer, so any name reads back exactly.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import yaml
from pelican.utils import slugify

from huurwijzer.core import atomic
from huurwijzer.core.clock import clock_of
from huurwijzer.intake import history
from huurwijzer.intake.clean import plain
from huurwijzer.reading.frontmatter import control_problems
from huurwijzer.stances.loading import CORPORATIONS_DIR

PROFILE = """---
{name}website: null            # https://… when known
municipalities: []       # slugs from content/municipalities.md, e.g. [emmen, hoogeveen]
area_note: null          # e.g. "Vooral actief in …; bij benadering."
contact:                 # only what is known; null shows "onbekend"
  phone: null
  email: null
  website: null
  help_page: null
  hours: null
  letter_address: null   # postal address for tenants' letters
---
Eén of twee zinnen over de corporatie.
"""

RECORD = """---
eviction: unknown        # see /methode/ for every level
scope: unknown
exceptions: null         # null = unknown; [] = none; or e.g. [criminal_activity]
# collection measures, each yes, no or unknown: lenient_collection, help_offered,
# payment_plan, no_collection_costs, no_bailiff, collection_paused
# basis:                 # for every stated value: what in the source says it
#   eviction: "…"
effective_from: {today}
effective_until: unknown # a date, none (no end) or unknown
verified_on: null
provenance: editorial    # corporation, press or editorial
status: draft            # draft, pending or published (published needs a source)
# sources:              # a published record needs at least one
#   - title: "…"
#     publisher: "…"
#     date: 2026-11       # YYYY-MM or YYYY-MM-DD
#     url: https://…      # optional
---
Samenvatting door de redactie, in gewone taal.
"""


def scaffold(name: str, content: Path, today: date) -> Path:
    name = name.strip()
    if not name:
        raise ValueError('give the corporation\'s name: make corporation NAME="…"')
    if problems := control_problems(name, "NAME"):  # issue 10, item 6
        raise ValueError(problems[0].message)
    if plain(name) != name:
        raise ValueError(
            f"the name {name!r} holds markup or invisible characters; write it as text"
        )
    slug = slugify(name, regex_subs=[(r"[^\w\s-]|_", ""), (r"(?u)[-\s]+", "-")])
    folder = content / CORPORATIONS_DIR / slug
    if folder.exists():
        raise FileExistsError(f"{folder} already exists; nothing was changed")
    (folder / "faq").mkdir(parents=True)
    emitted = yaml.safe_dump({"name": name}, allow_unicode=False, width=1000)
    atomic.write_new(folder / "profile.md", PROFILE.format(name=emitted))
    atomic.write_new(folder / "stances" / f"{today.isoformat()}.md", RECORD.format(today=today))
    return folder


def _committed(settings: dict, content: Path, folder: Path) -> bool:
    """Commit the new corporation's files (intake/history.py); False when git refused."""
    paths = sorted(p for p in folder.rglob("*") if p.is_file())
    decision = history.Decision("corporation", folder.name, folder.name, "new corporation, draft")
    try:
        commit = history.commit_decision(settings, content, paths, decision)
    except history.HistoryError as error:
        print(f"error: the files are made, but not committed: {error}", file=sys.stderr)
        print(f"Commit them by hand: {history.by_hand(paths, decision)}", file=sys.stderr)
        return False
    if commit:
        print(f"Committed {commit[:12]}: {decision.message().splitlines()[0]}")
    return True


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:  # make corporation: NAME (and CONTENT) come from the environment
        argv = [os.environ.get("NAME", ""), os.environ.get("CONTENT") or "content"]
    content = Path(argv[1]) if len(argv) > 1 else Path("content")
    try:
        from pelican.settings import read_settings

        settings = read_settings(os.environ.get("SETTINGS", "pelicanconf.py"))
        folder = scaffold(argv[0], content, clock_of(settings).today())
    except (ValueError, FileExistsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"Created {folder}/profile.md and a draft first record in {folder}/stances/.")
    if not _committed(settings, content, folder):
        return 1
    print("Fill in what is known, then run `make check`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
