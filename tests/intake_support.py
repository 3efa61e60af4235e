"""Helpers for the intake tests: a good document, a content copy, domains tied to profiles."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from conftest import NOW, TEST_DAY
from huurwijzer.intake import records
from huurwijzer.intake.clean import read_submission
from huurwijzer.intake.inbox import VIA_FILE, Inbox
from huurwijzer.intake.workflow import take_submission
from huurwijzer.stances.loading import load_register

SETTINGS = {"REGISTER_TODAY": TEST_DAY.isoformat()}
GOOD = {
    "corporation": "domesta",
    "eviction": "no_corona_arrears",
    "lenient_collection": "yes",
    "scope": "all_arrears",
    "exceptions": ["criminal_activity"],
    "effective_from": "2026-11-01",
    "effective_until": None,
    "statement": "Wij zetten niemand uit huis om een huurachterstand.",
    "policy_url": "https://domesta.example/beleid",
    "contact": {
        "phone": "0591 123456",
        "email": None,
        "website": None,
        "help_page": None,
        "hours": "ma-vr 9-17",
    },
    "sender": {"name": "A. Medewerker", "role": "Beleid", "email": "a@domesta.example"},
}


def doc(**changes) -> bytes:
    return json.dumps({**GOOD, **changes}).encode()


def tie_domain(content: Path, slug: str, domain: str) -> None:
    """The editors tie an e-mail domain to a corporation (with its source), as in the schema."""
    profile = content / "corporations" / slug / "profile.md"
    source = {"title": "Contactpagina", "publisher": "De corporatie", "date": "2026-11"}
    profile.write_text(
        records.amend(profile, {"email_domains": [{"domain": domain, "source": source}]}),
        encoding="utf-8",
    )


def take(raw: bytes, inbox: Inbox, content: Path, now: datetime = NOW, path: str = "u.json"):
    register, _ = load_register(content, SETTINGS)
    return take_submission(read_submission(raw, path, TEST_DAY), inbox, register, VIA_FILE, now=now)
