"""Golden-file comparison: `UPDATE_GOLDEN=1 pytest` rewrites the expected files, a plain run compares."""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN_DIR = Path(__file__).parent / "golden"


def assert_golden(name: str, actual: str) -> None:
    """Compare `actual` with tests/golden/<name>; on mismatch show the first differing line."""
    path = GOLDEN_DIR / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"missing golden file {path}; run with UPDATE_GOLDEN=1 and review it"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        exp_lines, act_lines = expected.splitlines(), actual.splitlines()
        for n, (e, a) in enumerate(zip(exp_lines, act_lines, strict=False), 1):
            if e != a:
                raise AssertionError(f"{name}:{n}\n expected: {e!r}\n   actual: {a!r}")
        raise AssertionError(f"{name}: {len(exp_lines)} expected lines, {len(act_lines)} actual")
