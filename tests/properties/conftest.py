"""Hypothesis profiles for the property tests: derandomised so CI is stable, larger for `make fuzz`."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings

_COMMON = settings(
    derandomize=True,  # the same examples on every run: a red CI build is reproducible, never flaky
    deadline=None,  # a 2-core machine shared with other builds has no stable per-example timing
    database=None,  # derandomised runs need no example database (and write nothing into the checkout)
    suppress_health_check=(HealthCheck.too_slow, HealthCheck.data_too_large),
    print_blob=True,
    phases=tuple(p for p in Phase if p is not Phase.explain),  # a plain shrunk example reads better
)
settings.register_profile("properties", parent=_COMMON, max_examples=500)
settings.register_profile("quick", parent=_COMMON, max_examples=100)  # `make check`: a contributor's pre-push run
settings.register_profile("fuzz", parent=_COMMON, max_examples=int(os.environ.get("NOTES_KB_FUZZ_EXAMPLES", "20000")))
