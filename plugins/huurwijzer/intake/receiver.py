"""The receiver: a small HTTP service that takes the form's posts into the inbox.

Starlette on uvicorn (ASGI): the body is read as a stream and refused once it passes the cap,
before anything is parsed. JSON (the form with JavaScript) gets JSON answers; an ordinary form
post (without JavaScript) gets a Dutch page: the receipt and what happens next, or every
problem next to its field with the values kept, in the Dutch words core/codes.py gives its
code. Documents are judged by exactly the code
`make submit` uses (huurwijzer.intake.clean and .workflow). An item is committed to the
inbox (WAL, synchronous=FULL) before the answer is sent; e-mail follows, never blocks.

Run: make receiver   (RECEIVER_HOST, RECEIVER_PORT and INBOX override the settings; SETTINGS
picks the file; PORT stays the preview's, so the site's own address is not moved)
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import os
import queue
import re
import smtplib
import sqlite3
import sys
import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from huurwijzer.core.clock import Clock, clock_of
from huurwijzer.core.problems import Problem
from huurwijzer.intake import settings as intake_settings
from huurwijzer.intake.clean import SubmissionError, check_document, load_json, plain
from huurwijzer.intake.inbox import VIA_WEB, Inbox, InboxError
from huurwijzer.intake.workflow import (
    DuplicateSubmission,
    Taken,
    take_correction,
    take_submission,
    token_hash,
)
from huurwijzer.reading.frontmatter import Document
from huurwijzer.site.form import endpoint_origin, form_fields, receiver_routes
from huurwijzer.stances.loading import load_register
from huurwijzer.stances.model import Register
from huurwijzer.stances.register_schema import EMAIL

LOG = logging.getLogger("huurwijzer.receiver")
ROOT = Path(__file__).resolve().parents[3]
HONEYPOT = "hw_extra"
JSON_TYPE, FORM_TYPE = "application/json", "application/x-www-form-urlencoded"
REGISTER_MAX_AGE = 60.0  # seconds before the register is read again


class Refusal(Exception):
    """A request refused before its content is judged: a status, a log word, a Dutch text."""

    def __init__(self, status: int, reason: str, message: str, headers: dict | None = None):
        super().__init__(reason)
        self.status, self.reason, self.message = status, reason, message
        self.headers = headers or {}


class RateLimit:
    """At most ``limit`` posts per client in any ``window`` seconds (kept in memory).

    A client is an IPv4 address or an IPv6 /64 (one household or host gets a whole /64, so
    counting single IPv6 addresses would give it billions of buckets). At most ``clients``
    are remembered, the least recently seen forgotten first: memory is bounded and each
    request costs the same, however many clients came before.
    """

    def __init__(self, limit: int, window: float, clients: int = 10_000):
        self.limit, self.window, self.clients = limit, window, clients
        self.hits: OrderedDict[str, deque[float]] = OrderedDict()

    @staticmethod
    def key(client: str) -> str:
        try:
            address = ipaddress.ip_address(client)
        except ValueError:
            return client
        if address.version == 4:
            return str(address)
        if address.ipv4_mapped is not None:  # ::ffff:192.0.2.7 is the IPv4 client 192.0.2.7
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))

    def check(self, client: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        key = self.key(client)
        hits = self.hits.pop(key, None)
        if hits is None:
            hits = deque(maxlen=self.limit)
            if len(self.hits) >= self.clients:
                self.hits.popitem(last=False)  # the client seen longest ago
        self.hits[key] = hits  # now the most recent
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if len(hits) >= self.limit:
            wait = int(hits[0] + self.window - now) + 1
            raise Refusal(
                429,
                "rate-limited",
                "U heeft veel berichten kort na elkaar gestuurd. Probeer het later opnieuw.",
                {"Retry-After": str(wait)},
            )
        hits.append(now)


@dataclass
class State:
    settings: dict[str, Any]
    inbox: Inbox
    limit: RateLimit
    templates: Environment
    register: Register | None = None
    register_read: float = 0.0
    mail: MailQueue | None = None

    @property
    def clock(self) -> Clock:
        return clock_of(self.settings)

    @property
    def site(self) -> str:
        return intake_settings.site_origin(self.settings)

    @property
    def origins(self) -> set[str]:
        """The site, and the receiver itself (its answer page posts the form again)."""
        own = endpoint_origin(self.settings["SUBMISSION_ENDPOINT"])
        return {self.site, own} - {""}

    def current_register(self) -> Register:
        if self.register is None or time.monotonic() - self.register_read > REGISTER_MAX_AGE:
            self.register, _ = load_register(self.settings["PATH"], self.settings)
            self.register_read = time.monotonic()
        return self.register


def client_of(request: Request, trusted: list[str]) -> str:
    """The client's address; from X-Forwarded-For only when a trusted proxy sent it."""
    peer = request.client.host if request.client else "?"
    forwarded = request.headers.get("x-forwarded-for")
    if forwarded and peer in trusted:
        return forwarded.split(",")[-1].strip()
    return peer


async def read_body(request: Request, limit: int, timeout: float) -> bytes:
    """The request body, refused once it passes ``limit`` bytes or ``timeout`` seconds."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise Refusal(413, "too-large", "Het bericht is te groot.")
    chunks, size = [], 0
    try:
        async with asyncio.timeout(timeout):
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise Refusal(413, "too-large", "Het bericht is te groot.")
                chunks.append(chunk)
    except TimeoutError:
        raise Refusal(
            408, "too-slow", "Het versturen duurde te lang. Probeer het opnieuw."
        ) from None
    return b"".join(chunks)


def form_document(pairs: list[tuple[str, str]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A submission document from a form post, and the values as entered (to show again)."""
    data: dict[str, Any] = {}
    entered: dict[str, Any] = {}
    for field in form_fields():
        values = [v for k, v in pairs if k == field.name]
        if field.kind == "checkboxes":
            entered[field.name] = values or None
            # the "Geen uitzonderingen" box posts "": alone it means none ([])
            value: Any = [] if values == [""] else (values or None)
        else:
            entered[field.name] = values[0] if values else ""
            value = values[0].strip() if values and values[0].strip() else None
        group, _, key = field.name.partition(".")
        if key:
            data.setdefault(group, {})[key] = value
        elif value is not None or field.kind != "radio":
            data[group] = value  # a radio group left alone is not stated: left out
    for group in ("contact",):
        if isinstance(data.get(group), dict) and not any(data[group].values()):
            data[group] = None
    return data, entered


def _security_headers(state: State) -> dict[str, str]:
    site = state.site
    return {
        "Content-Security-Policy": (
            f"default-src 'none'; style-src {site}; img-src {site}; form-action 'self'; "
            "base-uri 'none'; frame-ancestors 'none'"
        ),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",  # no-referrer would make Origin "null"
        "Cache-Control": "no-store",
    }


def _cors(request: Request, state: State) -> dict[str, str]:
    origin = request.headers.get("origin")
    if origin and origin == state.site:
        return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
    return {"Vary": "Origin"}


def page(
    request: Request, state: State, template: str, status: int, **context: Any
) -> HTMLResponse:
    html = state.templates.get_template(template).render(
        site=state.site, SITENAME=state.settings.get("SITENAME", "Huurwijzer"), **context
    )
    headers = {**_security_headers(state), **_cors(request, state)}
    return HTMLResponse(html, status_code=status, headers=headers)


def answer_json(request: Request, state: State, status: int, body: dict) -> JSONResponse:
    headers = {**_security_headers(state), **_cors(request, state)}
    return JSONResponse(body, status_code=status, headers=headers)


def _labels() -> dict[str, str]:
    return {f.name: f.label for f in form_fields()}


def _ids() -> dict[str, str]:
    return {f.name: f.id for f in form_fields()}


def _field_of(problem: Problem) -> str:
    """The form field a problem belongs to (exceptions.0 is the exceptions field)."""
    names = set(_labels())
    parts = problem.field.split(".")
    for size in range(len(parts), 0, -1):
        if ".".join(parts[:size]) in names:
            return ".".join(parts[:size])
    return ""


def refusal_response(request: Request, state: State, refusal: Refusal, as_json: bool) -> Response:
    request.state.reason = refusal.reason
    if as_json:
        response: Response = answer_json(
            request, state, refusal.status, {"error": refusal.reason, "bericht": refusal.message}
        )
    else:
        response = page(
            request,
            state,
            "message.html",
            refusal.status,
            title="Niet verstuurd",
            paragraphs=[refusal.message],
            back=f"{state.site}/standpunt-doorgeven/",
            back_label="Terug naar het formulier",
        )
    response.headers.update(refusal.headers)
    return response


def guard(request: Request, state: State) -> str:
    """Refusals that need no body: rate, origin, content type. Returns the content type."""
    state.limit.check(client_of(request, state.settings["RECEIVER_TRUSTED_PROXIES"]))
    origin = request.headers.get("origin")
    if origin is not None and origin not in state.origins:
        raise Refusal(403, "wrong-origin", "Dit formulier hoort niet bij deze site.")
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in (JSON_TYPE, FORM_TYPE):
        raise Refusal(415, "wrong-type", "Dit soort bericht nemen we niet aan.")
    return kind


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refusal(400, "not-utf8", "Het bericht is geen leesbare tekst.") from None


def _pairs(body: bytes) -> list[tuple[str, str]]:
    try:
        return parse_qsl(_decode(body), keep_blank_values=True, max_num_fields=200)
    except ValueError:
        raise Refusal(400, "too-many-fields", "Het bericht heeft te veel velden.") from None


async def _receive(request: Request, state: State) -> tuple[str, bytes]:
    """A post's content type and body, after every guard (origin, rate, size, time)."""
    kind = guard(request, state)
    body = await read_body(
        request, state.settings["RECEIVER_MAX_BYTES"], state.settings["RECEIVER_BODY_TIMEOUT"]
    )
    return kind, body


async def submit(request: Request) -> Response:
    """A stance update: stored in the inbox with a receipt, or every problem in Dutch."""
    state: State = request.app.state.receiver
    as_json = request.headers.get("content-type", "").lower().startswith(JSON_TYPE)
    entered: dict[str, Any] = {}
    try:
        kind, body = await _receive(request, state)
        data, lines, entered = _submission(kind, body)
        taken = await _take(state, Document("verzoek", data, lines))
    except Refusal as refusal:
        return refusal_response(request, state, refusal, as_json)
    except sqlite3.OperationalError as error:  # a full or read-only disk: nothing was stored
        return refusal_response(request, state, unavailable(error), as_json)
    except DuplicateSubmission:
        request.state.reason = "duplicate"
        message = "Dit bericht hebben we al ontvangen. U hoeft niets meer te doen."
        if as_json:
            return answer_json(request, state, 409, {"error": "duplicate", "bericht": message})
        return page(request, state, "message.html", 409, title="Al ontvangen", paragraphs=[message])
    except SubmissionError as error:
        request.state.reason = f"invalid:{len(error.problems)}"
        return problems_response(request, state, error.problems, entered, as_json)
    return receipt_response(request, state, taken, as_json)


def _submission(kind: str, body: bytes) -> tuple[dict[str, Any], dict, dict[str, Any]]:
    """The document sent (JSON, or a form post), its lines, and a form's values as entered.

    A filled honeypot is refused here."""
    entered: dict[str, Any] = {}
    if kind == JSON_TYPE:
        data, lines = load_json(_decode(body), "verzoek")
        trap = data.pop(HONEYPOT, None)
    else:
        pairs = _pairs(body)
        trap = any(v for k, v in pairs if k == HONEYPOT)  # any value of a repeated field
        data, entered = form_document(pairs)
        lines = {}
    if trap:
        raise Refusal(400, "honeypot", "Dit bericht nemen we niet aan.")
    return data, lines, entered


async def _take(state: State, doc: Document) -> Taken:
    """Check a document exactly as `make submit` does, then store it in the inbox."""
    doc = check_document(doc, state.clock.today())
    confirm = state.settings["RECEIVER_CONFIRM_HOURS"] if mail_configured(state) else None
    register = await run_in_threadpool(state.current_register)
    return await run_in_threadpool(
        partial(take_submission, now=state.clock.now()),
        doc,
        state.inbox,
        register,
        VIA_WEB,
        confirm,
    )


def receipt_response(request: Request, state: State, taken: Taken, as_json: bool) -> Response:
    """The receipt and what happens next; mail follows once the answer is sent."""
    item = taken.item
    request.state.reason = f"stored {item.receipt}"
    what_next = (
        "We sturen u een e-mail met een link. Klik daarop om te bevestigen dat het bericht van u "
        "komt. Daarna controleert de redactie het."
        if taken.token
        else "De redactie controleert uw bericht. Na goedkeuring staat het op de site."
    )
    if taken.token and state.mail is not None and state.mail.delayed():
        what_next = (
            "Uw bericht is bewaard. Onze e-mail loopt nu vertraging op: de e-mail met de link "
            "kan later komen. U hoeft het bericht niet opnieuw te sturen."
        )
    if as_json:
        response: Response = answer_json(
            request, state, 201, {"receipt": item.receipt, "state": item.state, "next": what_next}
        )
    else:
        response = page(
            request,
            state,
            "receipt.html",
            201,
            title="Uw bericht is ontvangen",
            item=item,
            confirm=bool(taken.token),
            confirm_hours=state.settings["RECEIVER_CONFIRM_HOURS"],
        )
    response.background = BackgroundTask(after_storing, state, item.receipt, taken.token)
    return response


def problems_response(
    request: Request,
    state: State,
    problems: list[Problem],
    entered: dict[str, Any],
    as_json: bool,
) -> Response:
    labels = _labels()
    if as_json:
        return answer_json(
            request,
            state,
            400,
            {
                "error": "invalid",
                "problems": [
                    {
                        "field": _field_of(p) or p.field,
                        "line": p.line,
                        "message": p.message,
                        "bericht": p.for_sender,
                    }
                    for p in problems
                ],
            },
        )
    errors: dict[str, str] = {}
    for problem in problems:
        errors.setdefault(_field_of(problem), problem.for_sender)
    order = list(labels)  # the form's own order, as the sender sees the fields
    listed = [
        (field, labels.get(field, ""), message)
        for field, message in sorted(
            errors.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else -1
        )
    ]
    register = state.register
    return page(
        request,
        state,
        "problems.html",
        400,
        title="Controleer uw bericht",
        problems=listed,
        ids=_ids(),
        errors=errors,
        values=entered,
        form_fields=form_fields(),
        corporations=register.corporations if register else [],
        action=state.settings["SUBMISSION_ENDPOINT"] or request.url.path,
    )


def unavailable(error: Exception) -> Refusal:
    """The inbox cannot be written (a full or read-only disk): 503, and the sender knows."""
    LOG.error("the inbox cannot be written: %s", error)
    return Refusal(
        503,
        "storage",
        "Wij kunnen uw bericht nu niet opslaan. Er is niets bewaard. Probeer het later opnieuw.",
        {"Retry-After": "600"},
    )


# A correction report's fields: the longest text taken (a longer one is refused, not cut).
CORRECTION_FIELDS = {"corporation": 100, "what": 2000, "source": 500, "email": 200}
_EMAIL = re.compile(EMAIL["pattern"])


def correction_report(data: dict[str, Any], known: set[str]) -> dict[str, Any]:
    """The checked report, or a Refusal (400) that says in Dutch what is wrong."""
    report: dict[str, Any] = {"via": VIA_WEB}
    for name, longest in CORRECTION_FIELDS.items():
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            raise Refusal(400, "invalid:1", "Vul alleen tekst in, geen lijst of groep.")
        text = plain(value or "")
        if len(text) > longest:
            raise Refusal(400, "invalid:1", f"Dit is te lang. Gebruik hoogstens {longest} tekens.")
        report[name] = text or None
    if not report["what"]:
        raise Refusal(400, "invalid:1", "Schrijf wat er niet klopt.")
    if report["email"] and not _EMAIL.match(report["email"]):
        raise Refusal(400, "invalid:1", "Dit is geen e-mailadres.")
    if report["corporation"] and report["corporation"] not in known:
        raise Refusal(400, "invalid:1", "Deze corporatie staat niet in ons overzicht.")
    return report


async def correction(request: Request) -> Response:
    """A "Klopt dit niet?" report: what is wrong, an optional source and e-mail address."""
    state: State = request.app.state.receiver
    as_json = request.headers.get("content-type", "").lower().startswith(JSON_TYPE)
    try:
        kind, body = await _receive(request, state)
        if kind == JSON_TYPE:
            try:
                data, _ = load_json(_decode(body), "verzoek")
            except SubmissionError:
                raise Refusal(400, "malformed", "Het bericht is geen geldige JSON.") from None
            trap = data.get(HONEYPOT)
        else:
            pairs = _pairs(body)
            trap = any(v for k, v in pairs if k == HONEYPOT)
            data = dict(pairs)
        if trap:
            raise Refusal(400, "honeypot", "Dit bericht nemen we niet aan.")
        register = await run_in_threadpool(state.current_register)
        report = correction_report(data, {c.slug for c in register.corporations})
        item = await run_in_threadpool(take_correction, report, state.inbox, state.clock.now())
    except Refusal as refusal:
        return refusal_response(request, state, refusal, as_json)
    except sqlite3.OperationalError as error:  # a full or read-only disk: nothing was stored
        return refusal_response(request, state, unavailable(error), as_json)
    except (SubmissionError, InboxError):
        request.state.reason = "duplicate-or-invalid"
        message = "Dit bericht hebben we al ontvangen, of het is niet leesbaar."
        if as_json:
            return answer_json(request, state, 409, {"error": "duplicate", "bericht": message})
        return page(
            request, state, "message.html", 409, title="Niet opgeslagen", paragraphs=[message]
        )
    request.state.reason = f"stored {item.receipt}"
    if as_json:
        response: Response = answer_json(request, state, 201, {"receipt": item.receipt})
    else:
        response = page(
            request,
            state,
            "message.html",
            201,
            title="Bedankt voor uw melding",
            paragraphs=[
                f"Uw ontvangstnummer is {item.receipt}.",
                "De redactie kijkt naar uw melding en past de site aan als dat nodig is.",
            ],
        )
    response.background = BackgroundTask(after_storing, state, item.receipt, None)
    return response


async def correction_form(request: Request) -> Response:
    """The "Klopt dit niet?" form; every corporation page links here with its slug."""
    state: State = request.app.state.receiver
    request.state.reason = "correction-form"
    register = await run_in_threadpool(state.current_register)
    return page(
        request,
        state,
        "correction.html",
        200,
        title="Klopt dit niet?",
        corporations=register.corporations,
        chosen=request.query_params.get("corporatie", "")[:100],
        action=request.url.path,  # relative: right behind a proxy too
    )


async def confirm_page(request: Request) -> Response:
    """The link in the confirmation mail shows a button; only the POST uses the link up.

    (Mail scanners that open links must not confirm on the sender's behalf.)"""
    state: State = request.app.state.receiver
    token = request.query_params.get("t", "")[:100]
    request.state.reason = "confirm-page"
    return page(
        request,
        state,
        "message.html",
        200,
        title="Bevestig uw bericht",
        paragraphs=["Heeft u een standpunt doorgegeven aan de redactie? Bevestig het hier."],
        confirm_token=token,
        action=request.url.path,  # relative: right behind a proxy too
    )


async def confirm(request: Request) -> Response:
    state: State = request.app.state.receiver
    try:
        kind = guard(request, state)
        if kind != FORM_TYPE:
            raise Refusal(415, "wrong-type", "Dit soort bericht nemen we niet aan.")
        body = await read_body(request, 4096, state.settings["RECEIVER_BODY_TIMEOUT"])
        token = dict(_pairs(body)).get("t", "")
        item = await run_in_threadpool(state.inbox.confirm, token_hash(token), state.clock.now())
    except Refusal as refusal:
        return refusal_response(request, state, refusal, False)
    except InboxError as error:
        request.state.reason = "confirm-refused"
        expired = "expired" in str(error)
        message = (
            "Deze link is verlopen. Stuur uw bericht opnieuw."
            if expired
            else "Deze link kennen we niet, of hij is al gebruikt."
        )
        return page(
            request,
            state,
            "message.html",
            410 if expired else 404,
            title="Niet bevestigd",
            paragraphs=[message],
        )
    request.state.reason = f"confirmed {item.receipt}"
    return page(
        request,
        state,
        "message.html",
        200,
        title="Bedankt, uw bericht is bevestigd",
        paragraphs=[
            f"Uw ontvangstnummer is {item.receipt}.",
            "De redactie controleert uw bericht. Na goedkeuring staat het op de site.",
        ],
    )


async def preflight(request: Request) -> Response:
    state: State = request.app.state.receiver
    request.state.reason = "preflight"
    if request.headers.get("origin") != state.site:
        return Response(status_code=403)
    return Response(
        status_code=204,
        headers={
            **_cors(request, state),
            "Access-Control-Allow-Methods": "POST",
            "Access-Control-Allow-Headers": "Content-Type",
            "Access-Control-Max-Age": "600",
        },
    )


async def health(request: Request) -> Response:
    state: State = request.app.state.receiver
    request.state.reason = "health"
    try:
        pragmas = await run_in_threadpool(state.inbox.pragmas)
        unsent = len(await run_in_threadpool(state.inbox.unsent))
        unconfirmed = len(await run_in_threadpool(state.inbox.unsent_confirmations))
        writable = await run_in_threadpool(state.inbox.writable)
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        return JSONResponse({"status": "error"}, status_code=503)
    healthy = pragmas["integrity"] == "ok" and pragmas["journal_mode"] == "wal" and writable
    body = {
        "status": "ok" if healthy else "error",
        "journal_mode": pragmas["journal_mode"],
        "synchronous": pragmas["synchronous"],
        "unsent_notices": unsent,
        "unsent_confirmations": unconfirmed,
        "mail_queue": state.mail.jobs.qsize() if state.mail else 0,
        "mail_queue_age_seconds": state.mail.age() if state.mail else 0.0,
        "inbox_writable": writable,
    }
    return JSONResponse(body, status_code=200 if healthy else 503)


# -- after storing -----------------------------------------------------------------------


def mail_configured(state: State) -> bool:
    return bool(state.settings["SMTP_HOST"] and state.settings["MAIL_FROM"])


class MailQueue:
    """Mail goes out from one thread of its own, never from a request: a mail server that
    accepts and never answers holds this thread (each step bounded by SMTP_TIMEOUT), not
    the receiver's. /health reports how long the oldest mail has waited."""

    def __init__(self) -> None:
        self.jobs: queue.Queue = queue.Queue()
        self.waiting: deque[float] = deque()  # when each queued mail was queued
        self.failed = False  # the last attempt failed: the next receipt says mail is late
        self.thread = threading.Thread(target=self._work, name="mail", daemon=True)
        self.thread.start()

    def put(self, job) -> None:
        self.waiting.append(time.monotonic())
        self.jobs.put(job)

    def age(self) -> float:
        """Seconds the oldest queued mail has waited (0 when none waits)."""
        return round(time.monotonic() - self.waiting[0], 1) if self.waiting else 0.0

    def delayed(self) -> bool:
        return self.failed or self.age() > 60

    def _work(self) -> None:
        while True:
            job = self.jobs.get()
            try:
                self.failed = not job()  # a job says whether all its mail went
            except Exception as error:  # noqa: BLE001 - logged; the item stays unsent
                self.failed = True
                LOG.warning("mail failed: %s", type(error).__name__)
            finally:
                self.waiting.popleft()


def after_storing(state: State, receipt: str, token: str | None) -> None:
    """Store first, then queue the mail: a failed mail is recorded and retried, never lost."""
    if mail_configured(state):
        state.mail.put(partial(deliver, state, receipt, token))


def deliver(state: State, receipt: str, token: str | None) -> bool:
    """The confirmation link (when asked) and the editors' notice for one stored item;
    True when both went."""
    from huurwijzer.intake.notify import confirm, send_notice

    item = state.inbox.get(receipt)
    confirmed = True
    if token:
        try:
            confirm(item, token, state.inbox, state.settings)
        except (OSError, smtplib.SMTPException) as error:
            LOG.warning("mail confirmation %s failed: %s", receipt, type(error).__name__)
            confirmed = False  # make review lists it; make inbox-notify sends a new link
    register = state.register
    if not send_notice(item, state.inbox, state.settings, register):
        return False
    for earlier in state.inbox.unsent()[:5]:  # the server is back: retry what failed
        send_notice(earlier, state.inbox, state.settings, register)
    return confirmed


# -- the application ---------------------------------------------------------------------


class LogLine:
    """One line per request: method, path, status and why; never submitted text or addresses."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        status = {"code": 500}

        async def sending(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        started = time.perf_counter()
        try:
            await self.app(scope, receive, sending)
        finally:
            reason = scope.get("state", {}).get("reason", "-")
            LOG.info(
                "%s %s %s %s %.0fms",
                scope["method"],
                scope["path"][:60],
                status["code"],
                reason,
                (time.perf_counter() - started) * 1000,
            )


def create_app(settings: dict[str, Any], inbox_path: str | None = None) -> Starlette:
    settings = intake_settings.check(settings)
    theme = Path(settings.get("THEME", "theme"))
    theme = theme if theme.is_absolute() else ROOT / theme
    templates = Environment(
        loader=ChoiceLoader(
            [
                FileSystemLoader(str(Path(__file__).parent / "templates")),
                FileSystemLoader(str(theme / "templates")),
            ]
        ),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    paths = receiver_routes(settings)
    routes = [
        Route(paths["submit"], submit, methods=["POST"]),
        Route(paths["submit"], preflight, methods=["OPTIONS"]),
        Route(paths["correction"], correction, methods=["POST"]),
        Route(paths["correction"], correction_form, methods=["GET"]),
        Route(paths["correction"], preflight, methods=["OPTIONS"]),
        Route(paths["confirm"], confirm_page, methods=["GET"]),
        Route(paths["confirm"], confirm, methods=["POST"]),
        Route(paths["health"], health, methods=["GET"]),
    ]
    app = Starlette(routes=routes)
    inbox = Inbox(inbox_path or settings["INBOX_PATH"])
    app.state.receiver = State(
        settings,
        inbox,
        RateLimit(settings["RECEIVER_RATE_LIMIT"], settings["RECEIVER_RATE_WINDOW"]),
        templates,
        mail=MailQueue(),
    )
    app.state.receiver.current_register()  # fail at start, not on the first sender
    return LogLine(app)  # type: ignore[return-value]


def guarded_protocol(header_timeout: float) -> type:
    """uvicorn's h11 protocol, closing connections whose request headers do not arrive in time.

    uvicorn times out idle keep-alive connections but not a client that sends its headers a
    byte at a time (slowloris); this closes such a connection ``header_timeout`` seconds after
    it opened, or after its previous response, unless a complete request head has arrived.
    """
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class HeaderTimeoutH11(H11Protocol):
        _header_timer = None

        def _arm(self) -> None:
            self._disarm()
            self._header_timer = self.loop.call_later(header_timeout, self._too_slow)

        def _disarm(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _too_slow(self) -> None:
            waiting = self.cycle is None or self.cycle.response_complete
            if waiting and not self.transport.is_closing():
                LOG.info("- - 000 too-slow-headers 0ms")
                self.transport.close()

        def connection_made(self, transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def handle_events(self) -> None:
            super().handle_events()
            if self.cycle is not None and not self.cycle.response_complete:
                self._disarm()  # a request head arrived; the body has its own timeout

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._arm()

        def connection_lost(self, exc) -> None:
            self._disarm()
            super().connection_lost(exc)

    return HeaderTimeoutH11


def main() -> int:
    import uvicorn

    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(message)s")
    try:
        settings = intake_settings.load(os.environ.get("SETTINGS", "pelicanconf.py"))
        host = os.environ.get("RECEIVER_HOST") or settings["RECEIVER_HOST"]
        port = int(os.environ.get("RECEIVER_PORT") or settings["RECEIVER_PORT"])
        app = create_app(settings, os.environ.get("INBOX") or None)
    except (ValueError, OSError) as error:
        print(f"error: the receiver cannot start: {error}", file=sys.stderr)
        return 1
    LOG.info(
        "receiver on http://%s:%s, inbox %s",
        host,
        port,
        os.environ.get("INBOX") or settings["INBOX_PATH"],
    )
    uvicorn.run(
        app,
        host=host,
        port=port,
        http=guarded_protocol(settings["RECEIVER_BODY_TIMEOUT"]),
        access_log=False,
        server_header=False,
        proxy_headers=False,
        timeout_keep_alive=5,
        h11_max_incomplete_event_size=16 * 1024,
        log_level="warning",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
