"""Map a pure function over many items on every core, in forked worker processes.

Why: a build is CPU-bound Python, and one process uses one core of the two (or more) a machine has. The stages
that take most of the time are maps over independent items (sources to read, pages to deduplicate, link or
render). Workers are forked, not spawned: each starts with the build's memory as it is, so neither the function
nor its inputs are pickled, only the results come back. Results are returned in input order whatever order the
workers finish in, so the output never depends on scheduling.

A plain serial map is used where forking is not worth it or not safe: one core, few items, a system other than
Linux, a process running other threads (`mkdocs serve` once its live-reload server runs: its first build forks,
its rebuilds do not), or `NOTES_KB_WORKERS=0`.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from multiprocessing.pool import Pool
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

WORKERS_ENV = "NOTES_KB_WORKERS"
"""Worker processes to use; 0 does everything in the calling process. Default: one per core, with two or more."""
MIN_ITEMS = 16
"""Fewer items than this are mapped serially: starting workers would cost more than it saves."""
RENEW_TASKS = 32
"""Items a map's worker computes before a new fork replaces it: what a worker allocates lands in memory pages it
shared with the build, each then its own copy, and it keeps them. ×50 workers emitting pages grew to 600–700 MiB of
their own each, beside a build process of 1.5 GiB: the build's peak."""

FORK_SAFE = sys.platform == "linux"
"""Where a forked worker is safe by default: macOS's system libraries may crash in a child forked without exec
(Python starts workers by spawning there), and Windows cannot fork. `NOTES_KB_WORKERS` forces workers wherever
there is a fork."""

_TASK: Any = None
"""What a worker computes with: set just before the fork, inherited by every worker, never pickled."""


def worker_count(items: int, minimum: int = MIN_ITEMS) -> int:
    """How many workers to spread `items` items over (0: none, map in this process)."""
    if threading.active_count() > 1:  # a fork copies only the calling thread: locks others hold stay held
        return 0
    configured = os.environ.get(WORKERS_ENV, "").strip()
    if configured:
        forkable = "fork" in multiprocessing.get_all_start_methods()
        return int(configured) if configured.isdigit() and items and forkable else 0
    if items < minimum or not FORK_SAFE:
        return 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return cores if cores >= 2 else 0


class ForkedPool:
    """`workers` processes forked now, each holding `task` (read it with `current_task`); `close` ends them.

    `renew`: a worker is replaced by a new fork after that many tasks. What a worker writes to memory it shares
    with the build becomes its own copy, and a long-lived worker ends up holding a copy of much of it.

    The build's objects are frozen (`gc.freeze`) until the workers end: a collection, in a worker or here, then
    leaves them alone, and so does not write to every object and copy every memory page the processes share. And
    the memory the build has freed goes back to the system first (`release_free_memory`).
    """

    def __init__(
        self, workers: int, task: Any, initializer: Callable[[], None] | None = None, renew: int | None = None
    ) -> None:
        global _TASK
        assert _TASK is None, "one pool at a time"
        _TASK = task
        gc.freeze()
        release_free_memory()
        try:
            context = multiprocessing.get_context("fork")
            self.pool: Pool = context.Pool(workers, initializer=initializer, maxtasksperchild=renew)
        except BaseException:
            self._end()
            raise
        self._open = True

    def close(self) -> None:
        if self._open:
            self._open = False
            self.pool.terminate()
            self.pool.join()
            self._end()

    @staticmethod
    def _end() -> None:
        global _TASK
        _TASK = None
        gc.unfreeze()  # no process shares these pages any more


@contextmanager
def forked_pool(
    workers: int, task: Any, initializer: Callable[[], None] | None = None, renew: int | None = None
) -> Iterator[Pool]:
    """`ForkedPool` for the length of a `with` block."""
    forked = ForkedPool(workers, task, initializer, renew)
    try:
        yield forked.pool
    finally:
        forked.close()


def release_free_memory() -> None:
    """Give the system back the memory this process has freed but still holds (glibc's `malloc_trim`).

    Why before a fork: a worker's allocations reuse those free pages, and each write copies a page the build still
    holds; returned, they cost the workers fresh pages and the build nothing. ×10 corpus, after the pipeline: 614 →
    457 MiB, in 0.01 s. Elsewhere than glibc, nothing happens.
    """
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the C library the interpreter runs on
    except (OSError, AttributeError):
        return
    trim(0)


def current_task() -> Any:
    """In a worker: the `task` its pool was forked with."""
    return _TASK


def pmap(
    fn: Callable[[T], R], items: Sequence[T], cost: Callable[[T], int] | None = None, minimum: int = MIN_ITEMS
) -> list[R]:
    """`[fn(item) for item in items]`, spread over worker processes when there are at least `minimum` items.

    `cost` estimates an item's work: the costliest are handed out first, so one large item does not start last.
    An item whose call fails in a worker is computed again here, so its exception is raised as a serial map would
    raise it.
    """
    workers = worker_count(len(items), minimum)
    if not workers:
        return [fn(item) for item in items]
    order = sorted(range(len(items)), key=lambda i: -cost(items[i])) if cost else list(range(len(items)))
    results: list[Any] = [None] * len(items)
    failed: list[int] = []
    with forked_pool(workers, (fn, items), renew=RENEW_TASKS) as pool:
        for index, ok, result in pool.imap_unordered(_call, order):  # one at a time: the costliest go first
            results[index] = result
            if not ok:
                failed.append(index)
    for index in sorted(failed):
        results[index] = fn(items[index])
    return results


def _call(index: int) -> tuple[int, bool, Any]:
    fn, items = current_task()
    try:
        return index, True, fn(items[index])
    except Exception:  # computed again in the calling process, which raises it as a serial map would
        return index, False, None
