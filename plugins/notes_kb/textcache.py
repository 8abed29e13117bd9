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
"""Caches `forget_stage` empties (and `forget_all`)."""
_RUN_CACHES: list[Any] = []
"""Caches only `forget_all` empties: what several stages ask of the same texts."""


def text_cache(maxsize: int, *, across_stages: bool = False) -> Callable[[F], F]:
    """`functools.lru_cache(maxsize)`, registered so that `forget_stage` (or, `across_stages`, only `forget_all`)
    empties it.
    """

    def decorate(function: F) -> F:
        cached = functools.lru_cache(maxsize=maxsize)(function)
        (_RUN_CACHES if across_stages else _CACHES).append(cached)
        return cached  # type: ignore[return-value]

    return decorate


def forget_stage() -> None:
    """Empty the caches a stage fills for itself (what they held is computed again when asked)."""
    for cache in _CACHES:
        cache.cache_clear()


def forget_all() -> None:
    """Empty every registered cache: the run is over."""
    forget_stage()
    for cache in _RUN_CACHES:
        cache.cache_clear()
