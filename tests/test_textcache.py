"""`textcache`: what a one-off build lets go after each stage, and what only once its pipeline has run."""

from __future__ import annotations

from notes_kb.textcache import forget_all, forget_stage, text_cache


def test_a_stage_forgets_its_own_caches_and_the_run_forgets_those_kept_across_stages() -> None:
    calls: list[str] = []

    @text_cache(8)
    def per_stage(text: str) -> str:
        calls.append(f"stage:{text}")
        return text.upper()

    @text_cache(8, across_stages=True)
    def per_run(text: str) -> str:
        calls.append(f"run:{text}")
        return text.lower()

    assert (per_stage("a"), per_run("B")) == ("A", "b")
    forget_stage()
    assert (per_stage("a"), per_run("B")) == ("A", "b")
    assert calls == ["stage:a", "run:B", "stage:a"]  # the run's cache still held "B"
    forget_all()
    per_run("B")
    assert calls[-1] == "run:B"
