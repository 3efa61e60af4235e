"""The intake's settings: declared once with defaults and types, checked when read."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from huurwijzer.core.settings import Setting, of_type

# name: (default, type, what is expected)
DECLARED: dict[str, tuple[Any, type | tuple[type, ...], str]] = {
    "INBOX_PATH": ("inbox/inbox.sqlite3", str, "a file path"),
    "INBOX_BACKUP_DIR": ("inbox/backups", str, "a folder path"),
    "INBOX_RETENTION_DAYS": (365, int, "a whole number of days"),
    "INBOX_UNCONFIRMED_DAYS": (7, int, "a whole number of days"),
    "SUBMISSION_ENDPOINT": ("", str, "the receiver's address for the form, or empty"),
    "RECEIVER_HOST": ("127.0.0.1", str, "an address to listen on"),
    "RECEIVER_PORT": (8010, int, "a port number"),
    "RECEIVER_MAX_BYTES": (64 * 1024, int, "a number of bytes"),
    "RECEIVER_BODY_TIMEOUT": (10, (int, float), "seconds"),
    "RECEIVER_RATE_LIMIT": (10, int, "submissions per client per window"),
    "RECEIVER_RATE_WINDOW": (3600, int, "seconds"),
    "RECEIVER_TRUSTED_PROXIES": ([], list, "a list of proxy addresses"),
    "RECEIVER_CONFIRM_HOURS": (48, int, "hours a confirmation link stays valid"),
    "EDITORS_EMAIL": ("", str, "an e-mail address, or empty"),
    "SMTP_HOST": ("", str, "a host name, or empty (no mail)"),
    "SMTP_PORT": (587, int, "a port number"),
    "SMTP_USER": ("", str, "a user name, or empty"),
    "SMTP_TLS": ("starttls", str, "starttls, tls or none"),
    "SMTP_TIMEOUT": (20, (int, float), "seconds one mail server step may take"),
    "MAIL_FROM": ("", str, "an e-mail address"),
    "PRIVACY_CONTACT": ("", str, "who to ask about personal data, or empty"),
}


def endpoint_shape(value: Any) -> bool:
    """SUBMISSION_ENDPOINT: empty, or an http(s) address of the submit route itself.

    The receiver's other routes (correction, confirmation, health) are its siblings, so the
    path must name a route: not end in '/', and carry no query or fragment.
    """
    if value == "":
        return True
    parts = urlsplit(value)
    return (
        parts.scheme in ("http", "https")
        and bool(parts.netloc)
        and parts.path not in ("", "/")
        and not parts.path.endswith("/")
        and not parts.query
        and not parts.fragment
    )


# Values a type alone does not catch: (check, what is expected).
SHAPES: dict[str, tuple[Any, str]] = {
    "SUBMISSION_ENDPOINT": (
        endpoint_shape,
        "empty, or the http(s) address of the receiver's submit route, such as "
        "'https://huurwijzer.example/ontvangst/standpunt' (no '/' at the end, no '?' or '#')",
    ),
    "SMTP_TLS": (lambda v: v in ("starttls", "tls", "none"), "starttls, tls or none"),
}


def _checked(name: str, kind: Any) -> Any:
    shape = SHAPES.get(name, (lambda v: True, ""))[0]
    return lambda value: of_type(kind)(value) and shape(value)


# The same declarations in the form the site's settings take (settings.Setting), so the
# build and `make check` report a bad intake setting beside every other one.
SETTINGS: tuple[Setting, ...] = tuple(
    Setting(
        name, default, _checked(name, kind), SHAPES.get(name, (0, expected))[1], "submission intake"
    )
    for name, (default, kind, expected) in DECLARED.items()
)


class SettingError(ValueError):
    """A missing or wrong setting, named with what is expected."""


def check(settings: dict[str, Any]) -> dict[str, Any]:
    """Settings with every intake setting present and of the declared type."""
    result = dict(settings)
    for name, (default, kind, expected) in DECLARED.items():
        value = result.setdefault(name, default)
        if isinstance(value, bool) or not isinstance(value, kind):
            raise SettingError(f"setting {name}: {value!r} is not {expected}")
    for name, (shape, expected) in SHAPES.items():
        if not shape(result[name]):
            raise SettingError(f"setting {name}: {result[name]!r} is not {expected}")
    result["SMTP_PASSWORD"] = os.environ.get("SMTP_PASSWORD", "")  # never in a settings file
    return result


def load(path: str) -> dict[str, Any]:
    from pelican.settings import read_settings

    return check(read_settings(path))


def site_origin(settings: dict[str, Any]) -> str:
    """scheme://host[:port] of the site: the only Origin the receiver accepts."""
    parts = urlsplit(settings["SITEURL"])
    return f"{parts.scheme}://{parts.netloc}"


def purge_backups(settings: dict[str, Any], now: float) -> list[Path]:
    """Delete inbox backups older than the retention period; they hold personal data too.

    ``now`` is the clock's moment (a POSIX timestamp), compared with each file's time.
    """
    folder = Path(settings["INBOX_BACKUP_DIR"])
    limit = now - settings["INBOX_RETENTION_DAYS"] * 86400
    old = [p for p in folder.glob("inbox-*.sqlite3") if p.stat().st_mtime < limit]
    for path in old:
        path.unlink()
    return old
