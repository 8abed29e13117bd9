"""Run the `mkdocs` command line in this process, with timers on MkDocs' phases and on every plugin event.

Why a wrapper instead of timers in the plugin: the breakdown must cover MkDocs' own work (Markdown, templates, the
search index) as well as the plugin's, and plugin.py stays untouched. The pipeline's own per-stage timings
(`Build.timings`) are taken from the `Build` that `notes_kb.pipeline.run` returns to the plugin.

Usage (bench/build.py runs it): `python bench/timed_mkdocs.py OUT.json [--pipeline] [--profile OUT.prof] -- build ...`
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

TOTALS: defaultdict[str, float] = defaultdict(float)
CALLS: defaultdict[str, int] = defaultdict(int)
STAGES: dict[str, float] = {}
COUNTS: dict[str, int] = {}


def _timed(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """`func`, adding its wall time to TOTALS[name] (re-entrant calls are counted once, at the outermost)."""
    depth = 0

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal depth
        depth += 1
        started = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            depth -= 1
            if depth == 0:
                TOTALS[name] += time.perf_counter() - started
                CALLS[name] += 1

    return wrapper


def _patch(owner: Any, attr: str, name: str) -> None:
    setattr(owner, attr, _timed(name, getattr(owner, attr)))


def instrument(pipeline: bool) -> None:
    """Wrap MkDocs' build phases, every plugin event (per plugin) and, with `pipeline`, the notes-kb pipeline."""
    import jinja2
    import mkdocs.utils
    from mkdocs.commands import build
    from mkdocs.plugins import PluginCollection
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    _patch(build, "build", "build")
    _patch(Page, "read_source", "read")
    _patch(Page, "render", "markdown")
    _patch(Page, "validate_anchor_links", "anchors")
    _patch(jinja2.Template, "render", "templates")
    _patch(mkdocs.utils, "write_file", "write")
    _patch(Files, "copy_static_files", "static")

    def run_event(self: PluginCollection, name: str, item: Any = None, **kwargs: Any) -> Any:
        """MkDocs 1.6's `PluginCollection.run_event`, timing each plugin's handler as `event:<plugin>:<event>`."""
        pass_item = item is not None
        for method in self.events[name]:
            self._current_plugin = origin = self._event_origins.get(method, "<unknown>")
            started = time.perf_counter()
            result = method(item, **kwargs) if pass_item else method(**kwargs)
            TOTALS[f"event:{origin}:{name}"] += time.perf_counter() - started
            CALLS[f"event:{origin}:{name}"] += 1
            if result is not None:
                item = result
        self._current_plugin = None
        return item

    PluginCollection.run_event = run_event  # type: ignore[method-assign]
    if pipeline:
        _instrument_pipeline()


def _instrument_pipeline() -> None:
    """Keep the pipeline's `Build.timings` (the plugin calls `run_outputs`, which looks `run` up in its module)."""
    import notes_kb.pipeline as pipeline

    original = pipeline.run

    @functools.wraps(original)
    def run(settings: Any) -> Any:
        result = original(settings)
        for stage, seconds in result.timings.items():
            STAGES[stage] = STAGES.get(stage, 0.0) + seconds
        COUNTS["sources"] = len(result.specs)
        COUNTS["generated_pages"] = len(result.pages)
        COUNTS["raw_pages"] = len(result.raw_pages)
        COUNTS["generated_markdown_bytes"] = sum(len(page.markdown.encode()) for page in result.pages)
        COUNTS["conflicts"] = result.packed_provenance.conflicts
        return result

    pipeline.run = run


def main(argv: Sequence[str] | None = None) -> int:
    """Parse our options, run `mkdocs <args>` in-process, always write the timings (also when the build fails)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--pipeline", action="store_true", help="also record notes_kb's per-stage timings")
    parser.add_argument("--profile", type=Path, help="run under cProfile and dump the stats here")
    argv = list(sys.argv[1:] if argv is None else argv)
    split = argv.index("--") if "--" in argv else len(argv)
    args, mkdocs_args = parser.parse_args(argv[:split]), argv[split + 1 :]
    instrument(args.pipeline)
    from mkdocs.__main__ import cli

    code = 0
    profiler = cProfile.Profile() if args.profile else None
    try:
        call = functools.partial(cli.main, args=mkdocs_args, prog_name="mkdocs", standalone_mode=False)
        result: object = profiler.runcall(call) if profiler else call()
        code = result if isinstance(result, int) else 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    except Exception as err:  # a failed build: report it, but still write what was measured
        print(f"timed_mkdocs: {type(err).__name__}: {err}", file=sys.stderr)
        code = 1
    finally:
        if profiler is not None and args.profile is not None:
            profiler.dump_stats(args.profile)
        report = {"totals": dict(TOTALS), "calls": dict(CALLS), "stages": STAGES, "counts": COUNTS}
        args.out.write_text(json.dumps(report, indent=1), encoding="utf-8")
    return code


if __name__ == "__main__":
    sys.exit(main())
