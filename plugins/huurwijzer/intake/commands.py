"""The editors' commands for the inbox; arguments come from the environment, never a shell.

  make submit FILE=…            take in a document (FILE=- reads standard input)
  make review                   what waits in the inbox, and how it differs
  make approve ID=HW-…          publish one submission as a new record file
                                (AS=<slug> for a proposed new corporation, once created;
                                CONFIRMED="…" says how the editors confirmed a file's sender)
  make reject ID=HW-… REASON=…  refuse one item
  make verify ID=slug/record HOW="…"   the editors checked a published record
  make inbox-backup             a consistent copy of the inbox (SQLite's backup API)
  make inbox-restore BACKUP=…   put a backup back (stop the receiver first)
  make inbox-purge              delete what is past the retention period
  make inbox-erase EMAIL=…      remove one person's data from the inbox
  make inbox-notify             send the notices to the editors that are still unsent

Usage: python -m huurwijzer.intake.commands COMMAND   (FILE, ID, AS, CONFIRMED, REASON, HOW,
BY, BACKUP, EMAIL and SETTINGS are read from the environment, so no character in them
reaches a shell)
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path
from typing import Any

from huurwijzer.core.clock import clock_of
from huurwijzer.core.problems import ContentError, terminal_safe
from huurwijzer.intake import history
from huurwijzer.intake import settings as intake_settings
from huurwijzer.intake.clean import SubmissionError, read_limited, read_submission
from huurwijzer.intake.inbox import VIA_FILE, Inbox, InboxError
from huurwijzer.intake.workflow import approve, reject, review, take_submission, verify
from huurwijzer.stances.loading import load_register

COMMANDS = (
    "submit",
    "review",
    "approve",
    "reject",
    "verify",
    "inbox-backup",
    "inbox-restore",
    "inbox-purge",
    "inbox-erase",
    "inbox-notify",
)


def say(text: str, file=None) -> None:
    """Print ``text`` line by line, every acting character escaped (terminal_safe): a key,
    a value or a file name from a document never drives the editor's terminal."""
    print("\n".join(terminal_safe(line) for line in str(text).split("\n")), file=file)


def _arg(name: str, example: str) -> str:
    value = os.environ.get(name, "")
    if not value.strip():
        raise InboxError(f"give {name}: {example}")
    return value


def _editor() -> str:
    return os.environ.get("BY") or getpass.getuser()


def submit(settings: dict[str, Any], inbox: Inbox) -> int:
    source = _arg("FILE", "make submit FILE=standpunt.json (FILE=- reads standard input)")
    if source == "-":
        if sys.stdin.isatty():
            raise InboxError("FILE=- reads standard input, but nothing is piped in")
        raw, shown = read_limited(sys.stdin.buffer, "stdin"), "stdin"
    else:
        with open(source, "rb") as stream:
            raw, shown = read_limited(stream, source), source
    clock = clock_of(settings)
    doc = read_submission(raw, shown, clock.today())
    register, _ = load_register(settings["PATH"], settings)
    taken = take_submission(doc, inbox, register, VIA_FILE, now=clock.now())
    say(f"Received as {taken.item.receipt} (pending).")
    say("Differences from the current published stance:")
    say("\n".join(taken.changes))
    say(f"Review with `make review`, publish with `make approve ID={taken.item.receipt}`.")
    return 0


def record_history(
    settings: dict[str, Any], paths: list[Path], decision: history.Decision
) -> str | None:
    """Commit a decision's files (intake/history.py); say so, or say how to do it by hand."""
    try:
        commit = history.commit_decision(settings, Path(settings["PATH"]), paths, decision)
    except history.HistoryError as error:
        raise InboxError(
            f"the change is made in the content folder, but it is not committed: {error}\n"
            f"Commit it by hand: {history.by_hand(paths, decision)}"
        ) from None
    if commit:
        say(f"Committed {commit[:12]}: {decision.message().splitlines()[0]}")
    return commit


def approve_one(settings: dict[str, Any], inbox: Inbox) -> Path:
    """make approve: publish one submission as a record file, and commit it."""
    receipt = _arg("ID", "make approve ID=HW-… (the receipt shown by make review)")
    as_slug = os.environ.get("AS") or None  # for a proposed new corporation
    confirmed = os.environ.get("CONFIRMED", "")  # how the editors confirmed a file's sender
    path = approve(
        receipt,
        inbox,
        Path(settings["PATH"]),
        settings,
        _editor(),
        as_slug=as_slug,
        confirmed_how=confirmed,
    )
    say(f"Published {path}.")
    slug = path.parent.parent.name
    summary = f"stance update published as record {slug}/{path.stem}"
    record_history(settings, [path], history.Decision("approve", receipt, slug, summary))
    return path


def run(command: str, settings: dict[str, Any]) -> int:
    inbox = Inbox(os.environ.get("INBOX") or settings["INBOX_PATH"])
    content = Path(settings["PATH"])
    clock = clock_of(settings)
    if command == "submit":
        return submit(settings, inbox)
    if command == "review":
        register, _ = load_register(content, settings)
        stale_after = settings.get("REGISTER_STALE_AFTER_DAYS", 365)
        say("\n".join(review(inbox, register, stale_after)))
    elif command == "approve":
        approve_one(settings, inbox)
        say("Run `make html` to preview, or `make publish-update` next time to publish at once.")
    elif command == "reject":
        receipt = _arg("ID", 'make reject ID=HW-… REASON="…"')
        reason = _arg("REASON", 'make reject ID=… REASON="…"')
        item = reject(receipt, inbox, reason, _editor(), now=clock.now())
        say(f"Rejected {item.receipt}.")
        # A rejection writes no content file today, so there is nothing to commit; a record
        # it ever touches is committed here (never the reason: it may name a person).
        decision = history.Decision("reject", item.receipt, item.corporation or "-", "rejected")
        record_history(settings, [], decision)
    elif command == "verify":
        record_id = _arg("ID", 'make verify ID=<corporation>/<record> HOW="…"')
        path = verify(record_id, _arg("HOW", 'make verify ID=… HOW="…"'), content, settings)
        say(f"Marked as verified: {path}. Run `make html` to update the site.")
        slug = record_id.partition("/")[0]
        decision = history.Decision("verify", record_id, slug, "checked by the editors")
        record_history(settings, [path], decision)
    elif command == "inbox-backup":
        stamp = clock.now().strftime("%Y%m%dT%H%M%S%fZ")
        target = Path(settings["INBOX_BACKUP_DIR"]) / f"inbox-{stamp}.sqlite3"
        say(f"Backup written: {inbox.backup(target)}")
    elif command == "inbox-restore":
        backup = _arg("BACKUP", "make inbox-restore BACKUP=inbox/backups/inbox-….sqlite3")
        stamp = clock.now().strftime("%Y%m%dT%H%M%S%fZ")
        keep = Path(settings["INBOX_BACKUP_DIR"]) / f"inbox-before-restore-{stamp}.sqlite3"
        restored = Inbox.restore(backup, inbox.path, keep=keep)
        say(f"Restored {backup} into {restored.path} ({restored.count()} items).")
        say(f"The inbox it replaced is kept as {keep}.")
    elif command == "inbox-purge":
        now = clock.now()
        removed = inbox.purge(
            settings["INBOX_RETENTION_DAYS"], settings["INBOX_UNCONFIRMED_DAYS"], now=now
        )
        old = intake_settings.purge_backups(settings, now=now.timestamp())
        say(f"Removed {removed} items and {len(old)} backups past the retention period.")
    elif command == "inbox-erase":
        count = inbox.erase(_arg("EMAIL", "make inbox-erase EMAIL=naam@voorbeeld.nl"))
        say(f"Erased the personal data on {count} items.")
        say("Backups keep it until they expire (INBOX_RETENTION_DAYS); make inbox-purge.")
    elif command == "inbox-notify":
        from huurwijzer.intake.notify import send_unsent

        sent, failed = send_unsent(inbox, settings)
        say(f"Mails sent: {sent} (confirmation links and notices); still unsent: {failed}.")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or argv[0] not in COMMANDS:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        settings = intake_settings.load(os.environ.get("SETTINGS", "pelicanconf.py"))
        return run(argv[0], settings)
    except (ContentError, InboxError, OSError, ValueError) as error:
        what = "nothing was stored" if argv[0] == "submit" else "nothing was changed"
        say(f"error: {what}.\n{error}", file=sys.stderr)
        return 1


__all__ = ["main", "SubmissionError"]

if __name__ == "__main__":
    sys.exit(main())
