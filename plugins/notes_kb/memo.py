"""Results of pure functions, kept by the content they were computed from.

Why: under `mkdocs serve` every saved edit reruns the whole build. Most of it reads the same notes and computes the
same things again; a `Memo` that outlives one build (the MkDocs plugin keeps one across rebuilds) lets a rebuild
redo only what the edit changed. Keys are the inputs themselves (texts, frozen dataclasses), never file names or
times, so a hit is always the value a fresh computation would give, and the site stays byte-identical.

Memory stays bounded by one build's working set: `sweep`, called when a build ends, forgets every entry that build
did not use. A one-off build has no next build to spare work for: `Memo(keep=False)` computes and keeps nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from functools import partial
from typing import Any, TypeVar

from .parallel import MIN_ITEMS, pmap

T = TypeVar("T")
R = TypeVar("R")


class Memo:
    """Named tables of results; `get` computes a missing result once and keeps it until a build no longer uses it."""

    def __init__(self, keep: bool = True) -> None:
        self.keep = keep
        self._current: dict[str, dict[Hashable, Any]] = {}
        self._previous: dict[str, dict[Hashable, Any]] = {}
        self.hits = 0
        self.misses = 0

    def get(self, table: str, key: Hashable, compute: Callable[[], T]) -> T:
        """The result stored for `key` in `table`, computing (and keeping) it when there is none."""
        if not self.keep:
            self.misses += 1
            return compute()
        current = self._current.setdefault(table, {})
        if key in current:
            self.hits += 1
            value: T = current[key]
            return value
        previous = self._previous.get(table)
        if previous is not None and key in previous:
            self.hits += 1
            value = current[key] = previous.pop(key)
            return value
        self.misses += 1
        value = current[key] = compute()
        return value

    def get_keyed(self, table: str, key: Callable[[], Hashable], compute: Callable[[], T]) -> T:
        """`get`, for a key that costs work to make: a memo that keeps nothing computes without making it."""
        if not self.keep:
            self.misses += 1
            return compute()
        return self.get(table, key(), compute)

    def map(
        self,
        table: str,
        items: Sequence[T],
        key: Callable[[T], Hashable],
        compute: Callable[[T], R],
        cost: Callable[[T], int] | None = None,
        minimum: int = MIN_ITEMS,
        forked: bool = True,
    ) -> list[R]:
        """`get(table, key(item), compute(item))` for each item, in order; the items it must compute are computed
        on every core (`parallel.pmap`, `cost` and `minimum` as there), or, not `forked`, in this process.
        """
        spread = partial(pmap, cost=cost, minimum=minimum) if forked else _serial
        if not self.keep:
            self.misses += len(items)
            return spread(compute, items)
        keys = [key(item) for item in items]
        missing = [index for index, item_key in enumerate(keys) if not self._has(table, item_key)]
        made = dict(zip(missing, spread(compute, [items[index] for index in missing]), strict=True))
        return [
            self.get(table, item_key, partial(made.pop, index) if index in made else partial(compute, items[index]))
            for index, item_key in enumerate(keys)
        ]

    def _has(self, table: str, key: Hashable) -> bool:
        return key in self._current.get(table, ()) or key in self._previous.get(table, ())

    def sweep(self) -> None:
        """End of a build: what it used is kept for the next one, the rest is dropped. A table the build never
        consulted is kept whole: that build skipped the work behind it (the pipeline's outputs were reused), and the
        next edit needs it as much as before.
        """
        for table, entries in self._previous.items():
            self._current.setdefault(table, entries)
        self._previous, self._current = self._current, {}

    def __len__(self) -> int:
        return sum(len(t) for t in self._current.values()) + sum(len(t) for t in self._previous.values())


def _serial(compute: Callable[[T], R], items: Sequence[T]) -> list[R]:
    return [compute(item) for item in items]
