"""Caches of pure functions over note text, in one registry, so a build can let them all go at once.

Why: folding, stemming, plain text and tooltips are asked again and again for the same texts (copied passages,
a serve rebuild's unchanged notes), so they are remembered. A one-off build has no use for them once the pipeline has
run, and what they hold pins memory that the pipeline freed around it (×10 corpus: 124 MiB, see
`pipeline.compacted`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

TEXT_CACHE = 1 << 16
"""Texts whose plain form is remembered (the real notes have about 15 000 units)."""

_CACHES: list[Any] = []


def text_cache(maxsize: int) -> Callable[[F], F]:
    """`functools.lru_cache(maxsize)`, registered so that `forget_all` empties it."""

    def decorate(function: F) -> F:
        cached = functools.lru_cache(maxsize=maxsize)(function)
        _CACHES.append(cached)
        return cached  # type: ignore[return-value]

    return decorate


def forget_all() -> None:
    """Empty every registered cache (what they held is computed again when asked)."""
    for cache in _CACHES:
        cache.cache_clear()
