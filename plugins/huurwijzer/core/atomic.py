"""The project's one way to write a file: whole or not at all, with the usual permissions.

``write_new`` never replaces an existing file (``os.link`` of a finished temporary file);
``replace`` swaps a finished file in with ``os.replace``. Both write a temporary file in the
target's folder, flush and fsync it, give it the mode the umask allows (as ``open`` would,
not ``mkstemp``'s 0600), and fsync the folder after the switch. A crash at any moment leaves
the old state or the new one; the temporary file is removed on every error.

``replace(..., durable=False)`` skips the two fsyncs and keeps the rest: a reader still never
sees a half-written file. For a build's output, written into a fresh folder that
tools/build.py switches in as a whole, beside Pelican's own pages (never fsynced either):
there the fsyncs cost seconds per build (two per feed) and made nothing safer.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

_PREFIX = ".huurwijzer-"
_SUFFIX = ".tmp"


def _umask_mode(base: int = 0o666) -> int:
    mask = os.umask(0)
    os.umask(mask)
    return base & ~mask


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _finished_temporary(folder: Path, data: bytes, durable: bool = True) -> str:
    """A temporary file in ``folder`` holding ``data`` (on disk when ``durable``), with the
    umask's mode."""
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=_PREFIX, suffix=_SUFFIX)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fchmod(stream.fileno(), _umask_mode())
            if durable:
                os.fsync(stream.fileno())
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return temporary


def _bytes(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def write_new(path: Path | str, content: str | bytes) -> Path:
    """Create ``path`` with ``content``; FileExistsError (and nothing written) if it exists."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = _finished_temporary(path.parent, _bytes(content))
    try:
        os.link(temporary, path)  # fails if the target exists: nothing is overwritten
    finally:
        os.unlink(temporary)
    _fsync_folder(path.parent)
    return path


def replace(path: Path | str, content: str | bytes, durable: bool = True) -> Path:
    """Write ``content`` to ``path``, replacing what was there in one atomic step (on disk
    before this returns when ``durable``; see the module docstring)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = _finished_temporary(path.parent, _bytes(content), durable)
    try:
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    if durable:
        _fsync_folder(path.parent)
    return path


def _file_system_now(folder: Path) -> float:
    """The file system's "now" at ``folder``: the time it stamps on a file written there."""
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".huurwijzer-clock-") as probe:
        return os.fstat(probe.fileno()).st_mtime


def leftovers(folder: Path | str) -> list[Path]:
    """Temporary files a killed writer left behind (they are never content)."""
    return sorted(Path(folder).rglob(f"{_PREFIX}*{_SUFFIX}"))


def remove_leftovers(folder: Path | str, older_than: float = 3600) -> list[Path]:
    """Delete temporary files older than ``older_than`` seconds (a writer killed mid-write).

    Younger ones may belong to a writer that is still at work, so they stay. Ages are
    measured on the file system's own clock (the time it gives a file it writes now), the
    clock the leftovers' times come from: the same answer whatever the process's clock says.
    """
    limit = _file_system_now(Path(folder)) - older_than
    stale = [p for p in leftovers(folder) if p.stat().st_mtime < limit]
    for path in stale:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    return stale
