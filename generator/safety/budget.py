"""A CPU-time budget for one article's extraction.

:mod:`generator.extract.bounds` keeps the work an article can cause linear in its
length, and ingest keeps the length under 1 MB; the budget is the net under both,
for whatever shape of text no one thought of: an article still extracting when its
budget is spent is stopped and kept without incidents (reported as a warning),
so one file can neither stall a build nor freeze a worker.

How it stops the work: an interval timer on the process's CPU time
(``setitimer(ITIMER_PROF)``) raises :class:`OverBudget` from a signal handler.
Python runs signal handlers only in the main thread and only between bytecodes,
so a call into C code is stopped only when it returns (or calls back into
Python): bounding the text is what keeps every C call short. The longest left is
spaCy's tokenizer over a whole 1 MB article, about 1.5 s, by which the budget
can be overrun. The extraction runs in the main thread both in-process and in
the ``--jobs`` workers (a ``ProcessPoolExecutor`` runs its tasks in each worker's
main thread). In another thread (a Dask worker runs its tasks in a thread pool) no
signal reaches the work, so a watchdog thread reads the working thread's own CPU
clock and, once it passes the budget, raises :class:`OverBudget` in it
(``PyThreadState_SetAsyncExc``: delivered between bytecodes, as a signal handler's
exception is). Elsewhere (a platform without per-thread CPU clocks, or a profiler
already using the timer in the main thread) the work cannot be interrupted; it is
measured instead and, when over budget, reported the same way.

CPU time rather than wall time, because the machine may be shared: an article is
stopped for what it costs, not for how busy the other processes are, so the
same articles give the same output on a loaded machine.
"""

from __future__ import annotations

import ctypes
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["ARTICLE_SECONDS", "OverBudget", "cpu_budget"]

ARTICLE_SECONDS = 20.0
"""CPU seconds one article may take to extract. A 1 MB article (the most ingest
reads) of every shape measured (``tools/hostile_articles.py``) takes at most
about 6.5 s; an ordinary one, about 8 ms."""

REPEAT_SECONDS = 0.05
"""After the budget is spent the timer keeps firing at this interval (of CPU time),
so an OverBudget lost in a C callback that cannot pass exceptions on is raised
again at the next Python line."""


class OverBudget(BaseException):  # noqa: N818 - reads as what happened
    """The work ran past its budget. A ``BaseException``, like ``KeyboardInterrupt``,
    so that an ``except Exception`` in the work cannot swallow it."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"over its budget of {seconds:g} s of CPU time")
        self.seconds = seconds


@contextmanager
def cpu_budget(seconds: float) -> Iterator[None]:
    """Run the ``with`` block within ``seconds`` of CPU time, or raise OverBudget."""
    if _can_interrupt():
        with _interrupting(seconds):
            yield
    elif _can_watch():
        with _watched(seconds):
            yield
    else:
        with _measured(seconds):
            yield


def _can_watch() -> bool:
    return (
        hasattr(time, "pthread_getcpuclockid")
        and threading.current_thread() is not threading.main_thread()
    )


def _raise_in(thread_id: int, exc_type: type[BaseException] | None) -> None:
    """Raise ``exc_type`` in the thread (None: take back one not raised yet)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exc_type) if exc_type else None
    )


@contextmanager
def _watched(seconds: float) -> Iterator[None]:
    target = threading.get_ident()
    clock = time.pthread_getcpuclockid(target)
    deadline = time.clock_gettime(clock) + seconds
    stop = threading.Event()
    lock = threading.Lock()

    class Over(OverBudget):  # raised without arguments: it knows its budget
        def __init__(self) -> None:
            super().__init__(seconds)

    def watch() -> None:
        wait = seconds  # a thread's CPU time grows no faster than wall time
        while not stop.wait(max(wait, 0.005)):
            left = deadline - time.clock_gettime(clock)
            if left > 0:
                wait = left
                continue
            with lock:
                if stop.is_set():
                    return
                _raise_in(target, Over)
            wait = REPEAT_SECONDS  # and again, in case a C callback swallowed it

    watchdog = threading.Thread(target=watch, name="sitrep-cpu-budget", daemon=True)
    watchdog.start()
    try:
        yield
    finally:
        while True:  # stop the watchdog even if its exception lands in here
            try:
                with lock:
                    stop.set()
                    _raise_in(target, None)
                break
            except OverBudget:
                continue
        watchdog.join()


def _can_interrupt() -> bool:
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGPROF) in (signal.SIG_DFL, signal.SIG_IGN)
        and signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
    )


@contextmanager
def _interrupting(seconds: float) -> Iterator[None]:
    armed = True

    def on_timer(signum: int, frame: Any) -> None:
        if armed:
            raise OverBudget(seconds)

    previous = signal.signal(signal.SIGPROF, on_timer)
    signal.setitimer(signal.ITIMER_PROF, seconds, REPEAT_SECONDS)
    try:
        yield
    finally:
        try:
            armed = False  # a tick from here on is ignored ...
        finally:
            # ... and even one that raised on the line above cannot skip the disarming
            signal.setitimer(signal.ITIMER_PROF, 0.0, 0.0)
            signal.signal(signal.SIGPROF, previous)


@contextmanager
def _measured(seconds: float) -> Iterator[None]:
    started = time.thread_time()
    yield
    if time.thread_time() - started > seconds:
        raise OverBudget(seconds)
