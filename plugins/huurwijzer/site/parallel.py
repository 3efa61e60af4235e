"""The register's work in a second process, beside Pelican's own (two cores at national scale).

``Forked(job)`` forks: the child runs ``job()`` and sends its pickled result back through a
pipe; ``result()`` waits for it. When the child fails, or forking is not possible, the job
runs again in this process, so a build gives the same pages and the same errors either way
(the child's work is only ever a head start).
"""

from __future__ import annotations

import logging
import os
import pickle
import sys
from collections.abc import Callable
from typing import Any

from huurwijzer.core.settings import with_defaults

logger = logging.getLogger(__name__)


class Forked:
    """One job started in a child process; its result collected later."""

    def __init__(self, job: Callable[[], Any], what: str) -> None:
        self.job, self.what = job, what
        self.pid: int | None = None
        try:
            read, write = os.pipe()
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
        except (AttributeError, OSError):
            return  # no fork here: result() runs the job
        if pid == 0:
            os.close(read)
            self._child(write)
        os.close(write)
        self.pid, self.pipe = pid, read

    def _child(self, write: int) -> None:
        code = 0
        messages: list[tuple[str, int, str]] = []  # logged here, told by the parent
        keep = _Keep(messages)
        logging.getLogger().handlers = [keep]
        try:
            result = self.job()
            payload = pickle.dumps((result, messages), pickle.HIGHEST_PROTOCOL)
        except BaseException:  # noqa: BLE001  (the parent runs the job again and reports)
            payload, code = b"", 1
        try:
            with os.fdopen(write, "wb") as pipe:
                pipe.write(payload)
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)  # no atexit, no second copy of the parent's clean-up

    def result(self) -> Any:
        """The job's result: the child's, or (when it failed) the job run here."""
        if self.pid is None:
            return self.job()
        with os.fdopen(self.pipe, "rb") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        if status == 0 and payload:
            logger.debug("%s: done in a second process", self.what)
            result, messages = pickle.loads(payload)
            for name, level, message in messages:
                logging.getLogger(name).log(level, "%s", message)
            return result
        logger.debug("%s in a second process failed (status %d); doing it here", self.what, status)
        return self.job()


class _Keep(logging.Handler):
    def __init__(self, messages: list[tuple[str, int, str]]) -> None:
        super().__init__(logging.DEBUG)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.INFO:
            self.messages.append((record.name, record.levelno, record.getMessage()))


def available(settings: dict[str, Any]) -> bool:
    """Whether this build may use a second process (PARALLEL_BUILD, two cores, no cache:
    the content cache lives in this process)."""
    return (
        bool(with_defaults(settings)["PARALLEL_BUILD"])
        and not settings.get("CACHE_CONTENT")
        and (os.cpu_count() or 1) > 1
        and hasattr(os, "fork")
    )
