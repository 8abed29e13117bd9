"""`parallel.pmap`: the serial map's results, in the serial map's order, and its exceptions, whatever the workers do."""

from __future__ import annotations

import os
import threading
from collections import Counter

import pytest

from notes_kb.errors import NoteError
from notes_kb.memo import Memo
from notes_kb.parallel import RENEW_TASKS, WORKERS_ENV, pmap, worker_count


def _square_with_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def test_results_come_back_in_input_order_from_worker_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(WORKERS_ENV, "2")
    items = list(range(200))
    results = pmap(_square_with_pid, items, cost=lambda n: n % 7)  # handed out in another order than given
    assert [value for value, _ in results] == [n * n for n in items]
    assert os.getpid() not in {pid for _, pid in results}


def test_a_worker_is_replaced_after_its_share_of_items(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long-lived worker would keep every memory page its allocations copied (see `RENEW_TASKS`)."""
    monkeypatch.setenv(WORKERS_ENV, "2")
    results = pmap(_square_with_pid, list(range(RENEW_TASKS * 4)))
    per_worker = Counter(pid for _, pid in results)
    assert len(per_worker) >= 4 and max(per_worker.values()) <= RENEW_TASKS


def test_no_workers_is_a_plain_map_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(WORKERS_ENV, "0")
    assert pmap(_square_with_pid, [1, 2, 3]) == [(1, os.getpid()), (4, os.getpid()), (9, os.getpid())]


def test_few_items_stay_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(WORKERS_ENV, raising=False)
    assert worker_count(3) == 0
    assert worker_count(3, minimum=2) in (0, *range(2, 1024))  # 0 only on a machine with one core


def test_an_item_that_fails_in_a_worker_raises_here_as_in_a_serial_map(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(WORKERS_ENV, "2")

    def fails_on_13(n: int) -> int:
        if n == 13:
            raise NoteError("notes_src/x/n.md", "bad line", 4)
        return n

    with pytest.raises(NoteError, match=r"^notes_src/x/n\.md:4: bad line$"):
        pmap(fails_on_13, list(range(40)))


def test_a_memo_that_keeps_results_computes_its_misses_in_workers_and_keeps_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(WORKERS_ENV, "2")
    memo = Memo()
    first = memo.map("t", list(range(20)), key=lambda n: n, compute=_square_with_pid)
    assert [value for value, _ in first] == [n * n for n in range(20)]
    assert os.getpid() not in {pid for _, pid in first}
    again = memo.map("t", list(range(25)), key=lambda n: n, compute=_square_with_pid)
    assert again[:20] == first  # kept (the same workers' pids), not computed again
    assert [value for value, _ in again[20:]] == [n * n for n in range(20, 25)]


def test_a_map_told_not_to_fork_computes_here_and_is_kept_as_any(monkeypatch: pytest.MonkeyPatch) -> None:
    """`pipeline.emit` renders service pages so: a worker would copy the knowledge base it reads."""
    monkeypatch.setenv(WORKERS_ENV, "2")
    for memo in (Memo(keep=False), Memo()):
        first = memo.map("t", list(range(40)), key=lambda n: n, compute=_square_with_pid, forked=False)
        assert first == [(n * n, os.getpid()) for n in range(40)]
    assert memo.map("t", list(range(40)), key=lambda n: n, compute=lambda n: (0, 0)) == first  # kept


def test_no_fork_beside_other_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fork copies only the calling thread (`mkdocs serve` rebuilds run beside the live-reload server's)."""
    monkeypatch.setenv(WORKERS_ENV, "2")
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert worker_count(100) == 0
        assert {pid for _, pid in pmap(_square_with_pid, list(range(40)))} == {os.getpid()}
    finally:
        stop.set()
        other.join()
    assert worker_count(100) == 2
