"""E-mail: a notice to the editors per new item, a confirmation link to the sender.

Standard library smtplib. Store first, notify after: the item is in the inbox before any
mail is tried; a failure is written on the item (``notify_error``) and retried by
``make inbox-notify`` (and listed by ``make review``). The notice to the editors carries the
receipt and the differences from the current stance, never the sender's address in a
public place (it goes only to the editors' own mailbox).
"""

from __future__ import annotations

import secrets
import smtplib
import ssl
from datetime import timedelta
from email.message import EmailMessage
from typing import Any

from huurwijzer.core.clock import clock_of
from huurwijzer.intake.inbox import CORRECTION, Inbox, Item
from huurwijzer.intake.workflow import changes_against, corporation_of, token_hash
from huurwijzer.site.form import receiver_url
from huurwijzer.stances.loading import load_register
from huurwijzer.stances.model import Register


def _send(message: EmailMessage, settings: dict[str, Any]) -> None:
    host, port, mode = settings["SMTP_HOST"], settings["SMTP_PORT"], settings["SMTP_TLS"]
    context = ssl.create_default_context()
    if mode == "tls":
        server: smtplib.SMTP = smtplib.SMTP_SSL(
            host, port, timeout=settings["SMTP_TIMEOUT"], context=context
        )
    else:
        server = smtplib.SMTP(host, port, timeout=settings["SMTP_TIMEOUT"])
    with server:
        if mode == "starttls":
            server.starttls(context=context)
        if settings["SMTP_USER"]:
            server.login(settings["SMTP_USER"], settings["SMTP_PASSWORD"])
        server.send_message(message)


def notice_text(item: Item, register: Register | None) -> str:
    lines = [f"Nieuw in de inbox van Huurwijzer: {item.receipt} ({item.kind}, {item.state})."]
    if item.kind == CORRECTION:
        lines.append(f"Over: {item.document.get('corporation') or '?'}")
        lines.append(f"Wat klopt niet: {item.document.get('what')}")
    elif register is not None:
        corporation = corporation_of(register, item.corporation or "")
        current = corporation.current(register.today) if corporation else None
        lines.append(f"Corporatie: {corporation.name if corporation else item.corporation}")
        lines.append("Verschil met het huidige standpunt:")
        lines.extend(changes_against(item.document, current))
    lines.append(
        "Bekijk het met `make review`; publiceer met `make approve ID=" + item.receipt + "`."
    )
    return "\n".join(lines) + "\n"


def send_notice(
    item: Item, inbox: Inbox, settings: dict[str, Any], register: Register | None = None
) -> bool:
    """Tell the editors about one item; record success or the failure on the item."""
    message = EmailMessage()
    message["From"] = settings["MAIL_FROM"]
    message["To"] = settings["EDITORS_EMAIL"] or settings["MAIL_FROM"]
    message["Subject"] = f"Huurwijzer: nieuw bericht {item.receipt}"
    message.set_content(notice_text(item, register))
    try:
        _send(message, settings)
    except (OSError, smtplib.SMTPException) as error:
        inbox.mark_notice(item.receipt, type(error).__name__, now=clock_of(settings).now())
        return False
    inbox.mark_notice(item.receipt, None, now=clock_of(settings).now())
    return True


def send_confirmation(item: Item, link: str, settings: dict[str, Any]) -> None:
    """The sender's confirmation mail: a link that works once, until it expires."""
    message = EmailMessage()
    message["From"] = settings["MAIL_FROM"]
    message["To"] = item.sender["email"]
    message["Subject"] = f"Bevestig uw bericht aan Huurwijzer ({item.receipt})"
    message.set_content(
        "U gaf een standpunt door aan de redactie van Huurwijzer "
        f"(ontvangstnummer {item.receipt}).\n\n"
        f"Bevestig dat het van u komt, binnen {settings['RECEIVER_CONFIRM_HOURS']} uur:\n"
        f"{link}\n\n"
        "Stuurde u niets? Dan kunt u deze e-mail negeren; het bericht wordt dan gewist.\n"
    )
    _send(message, settings)


def confirmation_link(settings: dict[str, Any], token: str) -> str:
    """The link a sender follows to confirm (the receiver's confirm route, one source)."""
    return f"{receiver_url(settings, 'confirm')}?t={token}"


def confirm(item: Item, token: str, inbox: Inbox, settings: dict[str, Any]) -> None:
    """Mail the confirmation link and record that it went; OSError/SMTPException if not."""
    send_confirmation(item, confirmation_link(settings, token), settings)
    inbox.confirmation_sent(item.receipt, clock_of(settings).now())


def send_pending_confirmations(inbox: Inbox, settings: dict[str, Any]) -> int:
    """Mail a new link to every sender whose confirmation could not be sent (the old link
    was never delivered; only its hash is kept). Returns how many went."""
    sent = 0
    for item in inbox.unsent_confirmations():
        token = secrets.token_urlsafe(32)
        now = clock_of(settings).now()
        expires = now + timedelta(hours=settings["RECEIVER_CONFIRM_HOURS"])
        inbox.renew_confirmation(item.receipt, token_hash(token), expires)
        try:
            confirm(item, token, inbox, settings)
        except (OSError, smtplib.SMTPException):
            continue
        sent += 1
    return sent


def send_unsent(inbox: Inbox, settings: dict[str, Any]) -> tuple[int, int]:
    """Retry every notice and confirmation that was not sent; returns (sent, still unsent)."""
    if not (settings["SMTP_HOST"] and settings["MAIL_FROM"]):
        return 0, len(inbox.unsent()) + len(inbox.unsent_confirmations())
    sent = send_pending_confirmations(inbox, settings)
    register, _ = load_register(settings["PATH"], settings)
    sent += sum(send_notice(item, inbox, settings, register) for item in inbox.unsent())
    return sent, len(inbox.unsent()) + len(inbox.unsent_confirmations())
