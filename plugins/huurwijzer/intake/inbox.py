"""The inbox: every submission and correction report, in one SQLite file, until decided.

One row per item: a receipt id for the sender, the moment it arrived (microseconds, strictly
increasing with the sequence, so two items are never tied), the content hash that recognises a
document sent twice, the cleaned document, the sender (the only place their name, role and
e-mail address are kept), and the state with who decided and when.

The database runs in WAL mode with ``synchronous=FULL``: a commit is on disk before the
receiver answers, so an acknowledged item survives a crash of the process or the machine.
``secure_delete`` overwrites erased data; erasing also checkpoints the WAL and vacuums.
"""

from __future__ import annotations

import json
import re
import secrets
import sqlite3
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

UNCONFIRMED, PENDING, APPROVED, REJECTED = "unconfirmed", "pending", "approved", "rejected"
STATES = (UNCONFIRMED, PENDING, APPROVED, REJECTED)
STANCE, CORRECTION = "stance", "correction"
VIA_FILE, VIA_WEB = "file", "web"
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS items (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  receipt TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('{STANCE}', '{CORRECTION}')),
  received_at TEXT NOT NULL UNIQUE,
  digest TEXT NOT NULL UNIQUE,
  corporation TEXT,
  document TEXT NOT NULL,
  sender_name TEXT,
  sender_role TEXT,
  sender_email TEXT,
  via TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ({", ".join(f"'{s}'" for s in STATES)})),
  confirm_hash TEXT UNIQUE,
  confirm_expires TEXT,
  confirmed_at TEXT,
  decided_at TEXT,
  decided_by TEXT,
  reason TEXT,
  record TEXT,
  notified_at TEXT,
  notify_attempts INTEGER NOT NULL DEFAULT 0,
  notify_error TEXT,
  confirm_sent_at TEXT
);
CREATE INDEX IF NOT EXISTS items_state ON items (state);
"""
# Marks the file as this project's inbox (SQLite's application_id: "HWZI"), so a restore
# never takes another SQLite file for one; user_version is the table's version.
APPLICATION_ID = 0x48575A49
SCHEMA_VERSION = 2  # 2: confirm_sent_at
ERASED = "[gewist]"


class InboxError(Exception):
    """An inbox operation that cannot be done (unknown receipt, wrong state …)."""


class Duplicate(InboxError):
    """The same document was received before."""

    def __init__(self, receipt: str):
        self.receipt = receipt
        super().__init__(f"already received as {receipt}")


def moment(when: datetime) -> str:
    """A UTC moment as text that sorts in time order: 2026-11-28T10:30:00.000001Z."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_moment(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def new_receipt() -> str:
    return "HW-" + "".join(secrets.choice(_ALPHABET) for _ in range(10))


@dataclass(frozen=True)
class Item:
    seq: int
    receipt: str
    kind: str
    received_at: str
    digest: str
    corporation: str | None
    document: dict[str, Any]
    sender: dict[str, str | None]
    via: str
    state: str
    confirmed_at: str | None
    decided_at: str | None
    decided_by: str | None
    reason: str | None
    record: str | None
    notified_at: str | None
    notify_attempts: int
    notify_error: str | None
    confirm_sent_at: str | None = None  # when the confirmation link was mailed; None: not yet

    @property
    def received(self) -> datetime:
        return parse_moment(self.received_at)

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Item:
        columns = {f.name: row[f.name] for f in fields(cls) if f.name not in ("document", "sender")}
        sender = {key: row[f"sender_{key}"] for key in ("name", "role", "email")}
        return cls(**columns, document=json.loads(row["document"]), sender=sender)


def connect(path: Path | str, create: bool = False) -> sqlite3.Connection:
    """A connection with the inbox's guarantees in force (WAL, synchronous=FULL).

    WAL mode is a property of the file (set when it is created); ``synchronous`` and
    ``secure_delete`` hold per connection and are set on every one.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, timeout=30, isolation_level=None)
    connection.row_factory = sqlite3.Row
    if create:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.executescript(_SCHEMA)
        columns = {row[1] for row in connection.execute("PRAGMA table_info(items)")}
        if "confirm_sent_at" not in columns:  # an inbox from before version 2
            connection.execute("ALTER TABLE items ADD COLUMN confirm_sent_at TEXT")
        connection.execute(f"PRAGMA application_id={APPLICATION_ID}")
        connection.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("PRAGMA secure_delete=ON")
    return connection


class Inbox:
    """The inbox at one path. Each method opens its own connection (safe across threads).

    Writers in one process queue on a lock instead of SQLite's sleeping busy handler (which
    made the slowest answers seconds long under load); other processes still wait on
    SQLite's own lock.
    """

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._writing = threading.Lock()
        connect(self.path, create=True).close()  # the file, WAL mode and the table

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        connection = connect(self.path)
        try:
            yield connection
        finally:
            connection.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._writing, self._connection() as connection:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    def pragmas(self) -> dict[str, Any]:
        """The settings actually in force on a connection (for tests and /health)."""
        with self._connection() as connection:
            return {  # synchronous: 2 is FULL
                "journal_mode": connection.execute("PRAGMA journal_mode").fetchone()[0],
                "synchronous": connection.execute("PRAGMA synchronous").fetchone()[0],
                "integrity": connection.execute("PRAGMA integrity_check").fetchone()[0],
            }

    # -- taking in ------------------------------------------------------------------------
    def add(
        self,
        kind: str,
        document: dict[str, Any],
        digest: str,
        sender: dict[str, Any] | None,
        via: str,
        state: str = PENDING,
        confirm_hash: str | None = None,
        confirm_expires: datetime | None = None,
        *,
        now: datetime,
    ) -> Item:
        """Store one item; raise Duplicate when its digest is known. Durable on return."""
        sender = sender or {}
        with self._transaction() as connection:
            seen = connection.execute(
                "SELECT receipt FROM items WHERE digest = ?", (digest,)
            ).fetchone()
            if seen:
                raise Duplicate(seen["receipt"])
            when = now
            last = connection.execute("SELECT max(received_at) FROM items").fetchone()[0]
            if last and moment(when) <= last:  # strictly increasing: never two at one moment
                when = parse_moment(last) + timedelta(microseconds=1)
            while True:
                receipt = new_receipt()
                if not connection.execute(
                    "SELECT 1 FROM items WHERE receipt = ?", (receipt,)
                ).fetchone():
                    break
            connection.execute(
                "INSERT INTO items (receipt, kind, received_at, digest, corporation, document,"
                " sender_name, sender_role, sender_email, via, state, confirm_hash,"
                " confirm_expires) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    receipt,
                    kind,
                    moment(when),
                    digest,
                    document.get("corporation"),
                    json.dumps(document, ensure_ascii=False, sort_keys=True),
                    sender.get("name"),
                    sender.get("role"),
                    sender.get("email"),
                    via,
                    state,
                    confirm_hash,
                    moment(confirm_expires) if confirm_expires else None,
                ),
            )
            row = connection.execute("SELECT * FROM items WHERE receipt = ?", (receipt,)).fetchone()
        return Item.from_row(row)

    # -- reading --------------------------------------------------------------------------
    def get(self, receipt: str) -> Item:
        with self._connection() as connection:
            row = connection.execute(
                "SELECT * FROM items WHERE receipt = ?", (receipt.strip().upper(),)
            ).fetchone()
        if row is None:
            raise InboxError(f"no item with receipt {receipt!r} in the inbox")
        return Item.from_row(row)

    def items(self, *states: str, kind: str | None = None) -> list[Item]:
        query = "SELECT * FROM items"
        where, args = [], []
        if states:
            where.append(f"state IN ({', '.join('?' * len(states))})")
            args.extend(states)
        if kind:
            where.append("kind = ?")
            args.append(kind)
        if where:
            query += " WHERE " + " AND ".join(where)
        with self._connection() as connection:
            rows = connection.execute(query + " ORDER BY seq", args).fetchall()
        return [Item.from_row(row) for row in rows]

    def count(self) -> int:
        with self._connection() as connection:
            return connection.execute("SELECT count(*) FROM items").fetchone()[0]

    # -- deciding -------------------------------------------------------------------------
    def decide(
        self,
        receipt: str,
        state: str,
        by: str,
        reason: str | None = None,
        record: str | None = None,
        *,
        now: datetime,
    ) -> Item:
        """Mark a pending item approved or rejected, with who and when."""
        item = self.get(receipt)
        if item.state != PENDING:
            raise InboxError(f"{item.receipt} is {item.state}, not pending")
        with self._transaction() as connection:
            changed = connection.execute(
                "UPDATE items SET state = ?, decided_at = ?, decided_by = ?, reason = ?,"
                " record = ? WHERE receipt = ? AND state = ?",
                (
                    state,
                    moment(now),
                    by,
                    reason,
                    record,
                    item.receipt,
                    PENDING,
                ),
            ).rowcount
            if not changed:
                raise InboxError(f"{item.receipt} was decided by someone else meanwhile")
        return self.get(item.receipt)

    def confirm(self, token_hash: str, now: datetime) -> Item:
        """Follow a confirmation link: once, before it expires."""
        with self._transaction() as connection:
            row = connection.execute(
                "SELECT * FROM items WHERE confirm_hash = ?", (token_hash,)
            ).fetchone()
            if row is None or row["state"] != UNCONFIRMED:
                raise InboxError("this link is unknown or was used already")
            if row["confirm_expires"] and parse_moment(row["confirm_expires"]) < now:
                raise InboxError("this link has expired")
            connection.execute(
                "UPDATE items SET state = ?, confirmed_at = ?, confirm_hash = NULL WHERE seq = ?",
                (PENDING, moment(now), row["seq"]),
            )
        return self.get(row["receipt"])

    # -- notices --------------------------------------------------------------------------
    def unsent(self) -> list[Item]:
        """Items the editors have not been told about yet (a mail failed or is due)."""
        with self._connection() as connection:
            rows = connection.execute(
                "SELECT * FROM items WHERE notified_at IS NULL AND state IN (?, ?) ORDER BY seq",
                (PENDING, UNCONFIRMED),
            ).fetchall()
        return [Item.from_row(row) for row in rows]

    def mark_notice(self, receipt: str, error: str | None, now: datetime) -> None:
        with self._transaction() as connection:
            if error is None:
                connection.execute(
                    "UPDATE items SET notified_at = ?, notify_error = NULL,"
                    " notify_attempts = notify_attempts + 1 WHERE receipt = ?",
                    (moment(now), receipt),
                )
            else:
                connection.execute(
                    "UPDATE items SET notify_error = ?, notify_attempts = notify_attempts + 1"
                    " WHERE receipt = ?",
                    (error[:200], receipt),
                )

    # -- keeping and forgetting -----------------------------------------------------------
    def backup(self, target: Path | str) -> Path:
        """A consistent copy through SQLite's backup API (safe while the receiver runs)."""
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            raise InboxError(f"{target} exists; choose a new name")
        with self._connection() as source:
            copy = sqlite3.connect(target)
            try:
                source.backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE")
            finally:
                copy.close()
        return target

    @staticmethod
    def restore(backup: Path | str, path: Path | str, keep: Path | None = None) -> Inbox:
        """Put a backup back as the inbox at ``path`` (stop the receiver first).

        Only a whole inbox of this project is taken (its application_id and table); the
        inbox it replaces is first copied to ``keep`` when given. ``backup`` is a path, never
        a URI: a ``#`` or ``?`` in it is part of the name.
        """
        backup = Path(backup)
        if not backup.is_file():
            raise InboxError(f"{backup} is not a file; nothing was restored")
        if backup.stat().st_size == 0:
            raise InboxError(f"{backup} is empty; nothing was restored")
        source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
        try:
            _check_backup(source, backup)
            if keep is not None and Path(path).exists():
                Inbox(path).backup(keep)
            with connect(path, create=True) as target:
                source.backup(target)
                target.execute("PRAGMA journal_mode=WAL")
            target.close()
        finally:
            source.close()
        return Inbox(path)

    def _compact(self) -> None:
        """Leave nothing of deleted data in the WAL or in free pages."""
        with self._connection() as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.execute("VACUUM")
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def confirmation_sent(self, receipt: str, now: datetime) -> None:
        """The sender's confirmation link was mailed."""
        with self._transaction() as connection:
            connection.execute(
                "UPDATE items SET confirm_sent_at = ? WHERE receipt = ?", (moment(now), receipt)
            )

    def unsent_confirmations(self) -> list[Item]:
        """Unconfirmed items whose confirmation link has not been mailed (mail was down)."""
        with self._connection() as connection:
            rows = connection.execute(
                "SELECT * FROM items WHERE state = ? AND confirm_sent_at IS NULL ORDER BY seq",
                (UNCONFIRMED,),
            ).fetchall()
        return [Item.from_row(row) for row in rows]

    def renew_confirmation(self, receipt: str, token_hash: str, expires: datetime) -> None:
        """A new link for an unconfirmed item (the old one was never mailed, or is lost)."""
        with self._transaction() as connection:
            changed = connection.execute(
                "UPDATE items SET confirm_hash = ?, confirm_expires = ? WHERE receipt = ?"
                " AND state = ?",
                (token_hash, moment(expires), receipt, UNCONFIRMED),
            ).rowcount
        if not changed:
            raise InboxError(f"{receipt} is not waiting for a confirmation")

    def writable(self) -> bool:
        """Whether a write can start now (the file and its folder take a write lock)."""
        try:
            with self._connection() as connection:
                connection.execute("BEGIN IMMEDIATE")
                connection.execute("ROLLBACK")
        except sqlite3.Error:
            return False
        return True

    def purge(self, retention_days: int, unconfirmed_days: int, now: datetime) -> int:
        """Delete items decided longer ago than the retention, and unconfirmed ones whose
        link was mailed longer ago than ``unconfirmed_days``: an item whose confirmation could
        not be sent is never purged unseen (make review lists it, make inbox-notify sends it)."""
        with self._transaction() as connection:
            removed = connection.execute(
                "DELETE FROM items WHERE (state IN (?, ?) AND decided_at < ?)"
                " OR (state = ? AND confirm_sent_at IS NOT NULL AND confirm_sent_at < ?)",
                (
                    APPROVED,
                    REJECTED,
                    moment(now - timedelta(days=retention_days)),
                    UNCONFIRMED,
                    moment(now - timedelta(days=unconfirmed_days)),
                ),
            ).rowcount
        self._compact()
        return removed

    def erase(self, email: str) -> int:
        """Remove one person's data from every item: their name, role and address as the
        sender, and their address wherever it was typed in a document (contact, statement).

        Addresses are compared in one form (``address_key``: Unicode case folding, IDNA
        domain), so ``ÉLISE@…`` finds ``élise@…``. Correction reports by that person are
        deleted. Returns the number of items changed.
        """
        key = address_key(email)
        if "@" not in key:
            raise InboxError(f"{email!r} is not an e-mail address")
        changed = 0
        with self._transaction() as connection:
            rows = connection.execute("SELECT seq, kind, sender_email, document FROM items")
            for row in rows.fetchall():
                sent = bool(row["sender_email"]) and address_key(row["sender_email"]) == key
                document = json.loads(row["document"])
                scrubbed = _without_address(document, key)
                if row["kind"] == CORRECTION and (sent or scrubbed != document):
                    connection.execute("DELETE FROM items WHERE seq = ?", (row["seq"],))
                elif sent or scrubbed != document:
                    connection.execute(
                        "UPDATE items SET sender_name = CASE WHEN ? THEN NULL ELSE sender_name"
                        " END, sender_role = CASE WHEN ? THEN NULL ELSE sender_role END,"
                        " sender_email = CASE WHEN ? THEN NULL ELSE sender_email END,"
                        " document = ? WHERE seq = ?",
                        (sent, sent, sent, json.dumps(scrubbed, ensure_ascii=False), row["seq"]),
                    )
                else:
                    continue
                changed += 1
        self._compact()
        return changed


def address_key(email: str) -> str:
    """One form of an e-mail address for every comparison: NFC, case-folded, IDNA domain."""
    local, at, domain = unicodedata.normalize("NFC", email.strip()).rpartition("@")
    if not at:
        return email.strip().casefold()
    domain = domain.casefold().rstrip(".")
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        pass  # not a valid international name: compared as written (case-folded)
    return f"{local.casefold()}@{domain}"


_ADDRESS = re.compile(r"[^\s<>()\[\],;:\"']+@[^\s<>()\[\],;:\"']+")


def _without_address(value: Any, key: str) -> Any:
    """``value`` with every text that is the address emptied, and the address cut from
    longer texts (replaced by ERASED)."""
    if isinstance(value, dict):
        return {k: _without_address(v, key) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_address(v, key) for v in value]
    if isinstance(value, str):
        if "@" in value and address_key(value) == key:
            return None
        return _ADDRESS.sub(
            lambda m: ERASED if address_key(m.group(0)) == key else m.group(0), value
        )
    return value


def _check_backup(source: sqlite3.Connection, backup: Path) -> None:
    """Refuse a file that is not a whole inbox of this project."""
    try:
        integrity = source.execute("PRAGMA integrity_check").fetchone()[0]
        application = source.execute("PRAGMA application_id").fetchone()[0]
        columns = {row[1] for row in source.execute("PRAGMA table_info(items)")}
    except sqlite3.DatabaseError as error:
        raise InboxError(
            f"{backup} is not an inbox backup ({error}); nothing was restored"
        ) from None
    if integrity != "ok":
        raise InboxError(f"{backup} is damaged; nothing was restored")
    expected = {f.name for f in fields(Item) if f.name not in ("document", "sender")}
    expected -= {"confirm_sent_at"}  # added in version 2; an older backup gains it on restore
    if application != APPLICATION_ID and not (application == 0 and expected <= columns):
        raise InboxError(f"{backup} is not a Huurwijzer inbox; nothing was restored")
    if not expected <= columns:
        raise InboxError(f"{backup} is not a Huurwijzer inbox; nothing was restored")
