"""The register's work in a second process, beside Pelican's own (two cores at national scale).

``Claims(n)`` shares n pieces of work between the two: one process takes them from the
front, the other from the back, until they meet, so neither waits while the other still
has work, however the machine's load moves.

``SecondProcess(job, what)`` is a context manager. Entering it forks: the child runs
``job()`` and sends its pickled result (and what it logged) back through a pipe. Leaving it
always ends the child: killed if it still runs, reaped (``waitpid``), its pipe closed, on
success, on any error and on an interrupt alike. ``result(here)`` waits for the child's
result; when the child failed, or could not be started, it logs a warning that says why and
runs ``here()`` in this process instead, so a build gives the same pages and the same errors
either way (the child's work is only ever a head start). Under ``--fatal warnings`` (`make
html`) that warning stops the build: a second process that fails is a fault to look at, not a
build that quietly does its work twice.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import pickle
import signal
import sys
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from huurwijzer.core.settings import with_defaults

logger = logging.getLogger(__name__)

Message = tuple[str, int, str]  # logger name, level, text: logged in the child, told here


class Claims:
    """``n`` pieces of work (by number) shared by this process and a second one forked after
    it was made: one takes them with ``front()``, the other with ``back()``, each piece once.

    Two counters in memory shared across the fork, guarded by a lock. ``mine`` is what this
    process took; ``rest()`` is every piece it did not take, for when the other process
    failed and its share is done here instead.
    """

    def __init__(self, n: int) -> None:
        self.n = n
        self._lock = multiprocessing.Lock()
        self._ends = multiprocessing.RawArray("q", [0, n])  # next from the front, end of back
        self.mine: list[int] = []

    def _take(self, end: int) -> int | None:
        with self._lock:
            front, back = self._ends[0], self._ends[1]
            if front >= back:
                return None
            number = front if end == 0 else back - 1
            self._ends[end] = front + 1 if end == 0 else back - 1
        self.mine.append(number)
        return number

    def _taking(self, end: int) -> Iterator[int]:
        while (number := self._take(end)) is not None:
            yield number

    def front(self) -> Iterator[int]:
        """Pieces from the front (0, 1, …) until none is left, one at a time."""
        return self._taking(0)

    def back(self) -> Iterator[int]:
        """Pieces from the back (n-1, n-2, …) until none is left, one at a time."""
        return self._taking(1)

    def rest(self) -> list[int]:
        """Every piece this process did not take, in order."""
        taken = set(self.mine)
        return [number for number in range(self.n) if number not in taken]


def run_shared(jobs: list[Callable[[], Any]], what: str) -> None:
    """Run every job once: a second process takes them from the front of the list, this one
    from the back (Claims), so put the biggest last; when the second process fails, the jobs
    it took are run here too (jobs that write files: running one twice writes the same)."""
    claims = Claims(len(jobs))

    def run(take: Callable[[], Iterator[int] | list[int]]) -> None:
        for number in take():
            jobs[number]()

    with SecondProcess(partial(run, claims.front), what) as child:
        run(claims.back)
        child.result(here=partial(run, claims.rest))


class SecondProcess:
    """One job in a forked child: started by ``with``, always ended when the block ends.

    The parent keeps no reference to the job after forking (only the child's pid and the
    read end of its pipe), so a generator that owns this object can still be freed, and end
    it, when a build fails before collecting the result.
    """

    def __init__(self, job: Callable[[], Any], what: str) -> None:
        self._job: Callable[[], Any] | None = job
        self.what = what
        self.pid: int | None = None
        self.pipe: int | None = None
        self.parent = os.getpid()  # only this process ends the child (not a later fork's copy)
        self.failure = ""  # why there is no child (fork refused)

    def __enter__(self) -> SecondProcess:
        job, self._job = self._job, None
        assert job is not None, "a SecondProcess is entered once"
        read, write = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            pid = os.fork()
        except OSError as error:
            os.close(read)
            os.close(write)
            self.failure = f"it could not be started: {error}"
            return self
        if pid == 0:  # the child: never returns
            os.close(read)
            _run_child(job, write)
        os.close(write)
        self.pid, self.pipe, self.parent = pid, read, os.getpid()
        logger.debug("%s: second process %d started", self.what, pid)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.end()

    def end(self) -> None:
        """Kill the child if it still runs, reap it and close the pipe (once; no-op after)."""
        self._reap(kill=True)

    def result(self, here: Callable[[], Any]) -> Any:
        """The child's result; or, with a warning that says why, ``here()`` run in this
        process when the child failed or never started."""
        if self.pid is None:
            return self._instead(here, self.failure or "it was ended before its result")
        with os.fdopen(self.pipe, "rb", closefd=False) as pipe:
            payload = pipe.read()  # until the child closes its end (it exits right after)
        status = self._reap(kill=False)
        try:
            outcome, value, messages = _unpickled(payload)
        except Exception:  # noqa: BLE001  (killed or crashed before it could tell anything)
            return self._instead(here, _describe(status))
        if outcome != "done":
            return self._instead(here, value)
        logger.debug("%s: done in a second process", self.what)
        for name, level, message in messages:
            logging.getLogger(name).log(level, "%s", message)
        return value

    def _instead(self, here: Callable[[], Any], why: str) -> Any:
        logger.warning("%s in a second process failed (%s); doing it here instead", self.what, why)
        return here()

    def _reap(self, kill: bool) -> int | None:
        """Wait for the child (after SIGKILL when ``kill``); its wait status, or None."""
        if os.getpid() != self.parent:
            return None  # a copy inherited by another fork: the child is not this process's
        pid, self.pid = self.pid, None
        pipe, self.pipe = self.pipe, None
        status = None
        try:
            if pid is not None:
                if kill:
                    os.kill(pid, signal.SIGKILL)  # harmless when it has already exited
                _, status = os.waitpid(pid, 0)
                logger.debug("%s: second process %d ended (%s)", self.what, pid, _describe(status))
        finally:
            if pipe is not None:
                os.close(pipe)
        return status


def _unpickled(payload: bytes) -> Any:
    """``pickle.loads`` without the garbage collector's passes over the objects it makes (a
    whole register: they are all kept)."""
    was = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(payload)
    finally:
        if was:
            gc.enable()


def _run_child(job: Callable[[], Any], write: int) -> None:
    """Run ``job`` in the child and send back ("done", result, messages) or
    ("failed", why, messages); then leave at once (no atexit, no parent's clean-up)."""
    code = 0
    messages: list[Message] = []
    logging.getLogger().handlers = [_Keep(messages)]
    # Warnings are told by the parent (fatal there under --fatal), not raised here.
    fatal = logging.getLoggerClass()
    if hasattr(fatal, "fatal_lvl"):
        fatal.fatal_lvl = logging.CRITICAL + 1
    try:
        try:
            payload = pickle.dumps(("done", job(), messages), pickle.HIGHEST_PROTOCOL)
        except BaseException as error:  # noqa: BLE001  (told to the parent, which redoes it)
            code = 1
            why = f"{type(error).__name__}: {error}"
            payload = pickle.dumps(("failed", why, []), pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write, "wb") as pipe:
            pipe.write(payload)
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


def _describe(status: int | None) -> str:
    if status is None:
        return "not started"
    if os.WIFSIGNALED(status):
        return f"killed by {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"


class _Keep(logging.Handler):
    def __init__(self, messages: list[Message]) -> None:
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


# The collector's thresholds while a build writes (``keep_what_was_read``): a young pass
# after 20,000 new objects instead of 700, so the pages' short-lived cycles are still
# collected young but full passes, each over every page's search text kept so far, come
# ~7 times fewer (~0.5 s of CPU less per process at national scale, a few MB more memory).
WRITING_THRESHOLDS = (20_000, 10, 10)
_thresholds: list[tuple[int, int, int]] = []  # the ones before, for let_go


def keep_what_was_read() -> None:
    """Leave everything made so far out of the garbage collector's full passes until the
    build ends (``gc.freeze``; ``let_go`` at the end): a one-off build keeps what it read
    to the end, and each full pass walked all of it again (~1 s of a national build, on
    the way to the second process); and collect less often (WRITING_THRESHOLDS). Only in a
    build that may use a second process: the dev server (content cache on) manages its
    collector itself (tools/incremental.py)."""
    gc.freeze()
    if not _thresholds:
        _thresholds.append(gc.get_threshold())
        gc.set_threshold(*WRITING_THRESHOLDS)


def let_go() -> None:
    """The end of ``keep_what_was_read``: what is garbage by now can be collected again,
    as often as before."""
    gc.unfreeze()
    if _thresholds:
        gc.set_threshold(*_thresholds.pop())
