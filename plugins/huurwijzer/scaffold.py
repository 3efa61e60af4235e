"""`make corporation NAME="…"`: a new corporation folder with an all-unknown first record.

Usage: python -m huurwijzer.scaffold "Naam van de corporatie" [CONTENT_FOLDER]
Refuses to touch a corporation that already exists.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from pelican.utils import slugify

from .frontmatter import control_problems
from .loading import CORPORATIONS_DIR

PROFILE = """---
name: {name}
website: null            # https://… when known
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
    slug = slugify(name, regex_subs=[(r"[^\w\s-]|_", ""), (r"(?u)[-\s]+", "-")])
    folder = content / CORPORATIONS_DIR / slug
    if folder.exists():
        raise FileExistsError(f"{folder} already exists; nothing was changed")
    (folder / "stances").mkdir(parents=True)
    (folder / "faq").mkdir()
    quoted = '"' + name.replace("\\\\", "").replace('"', "'") + '"'
    (folder / "profile.md").write_text(PROFILE.format(name=quoted), encoding="utf-8")
    (folder / "stances" / f"{today.isoformat()}.md").write_text(
        RECORD.format(today=today.isoformat()), encoding="utf-8"
    )
    return folder


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    content = Path(argv[1]) if len(argv) > 1 else Path("content")
    try:
        folder = scaffold(argv[0], content, date.today())
    except (ValueError, FileExistsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"Created {folder}/profile.md and a draft first record in {folder}/stances/.")
    print("Fill in what is known, then run `make check`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
