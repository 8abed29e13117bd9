"""Build-time benchmark (`make bench`): the notes-kb site against plain MkDocs + Material on the same raw notes.

Why: the plugin's value has to be weighed against what it costs over the stock tools, and against how that cost grows
with the notes. For each scale (×1 = the real notes; ×10, ×50 = synthetic notebooks from bench/scale.py) it runs,
side by side, (a) `mkdocs build` of the site with the plugin over the corpus and (b) the plain build of the same
raw files (each one Markdown page, stock Material search, as shared/reference/baseline.md measured), each as its own
process, and records whole-process wall time, CPU time (with any worker processes) and peak memory (the larger of
the build process's max RSS from `wait4` and the peak sum of proportional set sizes of its whole process tree,
sampled every 0.2 s, so workers a build forks count with it). Each build runs under bench/timed_mkdocs.py, which
times MkDocs' phases, every plugin event and the pipeline's stages, so the medians come with a breakdown of where
the time goes.

Writes bench/results/build.md, build.png (matplotlib, Agg) and build.json (raw samples; results of scales not run
this time are kept from earlier runs, so ×50 can be measured on its own).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import scale

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
RESULTS = BENCH / "results"
TIMED = BENCH / "timed_mkdocs.py"
DEFAULT_RUNS = {1: 3, 10: 3, 50: 1}
"""A ×50 pair takes about 16 min (plugin build ~14 min, 5 GiB), so it runs once, and only when asked for."""
MIB = 1024.0  # ru_maxrss is in KiB on Linux


@dataclass
class Sample:
    """One build, measured from outside (wall, CPU, peak RSS) and inside (timings from timed_mkdocs.py)."""

    wall: float
    cpu: float
    peak_mib: float
    timings: dict[str, Any] = field(default_factory=dict)


@dataclass
class ScaleResult:
    """Every sample of one scale, with what the corpus was and which code measured it."""

    scale: int
    sources: int
    files: int
    megabytes: float
    lines: int
    plain: list[Sample]
    plugin: list[Sample]
    when: str
    commit: str


def _env() -> dict[str, str]:
    """Same environment for both builds; a fixed build date so the plugin does not ask git for one."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "0", "PYTHONHASHSEED": "0"}


def measure(config: Path, pipeline: bool, log: Path, profile: Path | None = None) -> Sample:
    """Build one site in a child process from an empty site dir; wall, CPU and peak RSS of that child alone."""
    site = config.parent / "site"
    shutil.rmtree(site, ignore_errors=True)
    timings = log.with_suffix(".json")
    cmd = [sys.executable, str(TIMED), str(timings), *(["--pipeline"] if pipeline else [])]
    cmd += [*(["--profile", str(profile)] if profile else []), "--", "build", "-q", "-f", str(config)]
    with log.open("w", encoding="utf-8") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=config.parent, env=_env(), stdout=out, stderr=subprocess.STDOUT)
        sampler = TreeMemory(proc.pid)
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage (with any children it waited for)
        wall = time.perf_counter() - started
        tree_peak = sampler.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-30:]
        raise SystemExit(f"build failed ({config}, exit {proc.returncode}); log {log}:\n" + "\n".join(tail))
    data = json.loads(timings.read_text(encoding="utf-8"))
    shutil.rmtree(site, ignore_errors=True)  # ×50 sites are large; the next build starts from an empty dir anyway
    return Sample(wall, usage.ru_utime + usage.ru_stime, max(usage.ru_maxrss / MIB, tree_peak), data)


class TreeMemory:
    """Samples the summed proportional set size (PSS) of a process and its descendants until stopped.

    Why PSS: a forked worker shares its parent's pages until it writes them, and RSS would count those twice.
    """

    INTERVAL = 0.2

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._done = pid, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> float:
        """The peak in MiB (0 where /proc is missing)."""
        self._done.set()
        self._thread.join()
        return self.peak

    def _run(self) -> None:
        while not self._done.wait(self.INTERVAL):
            self.peak = max(self.peak, sum(_pss_kib(pid) for pid in _tree(self.pid)) / MIB)


def _tree(root: int) -> list[int]:
    """`root` and every descendant, from /proc/*/stat's parent ids."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _pss_kib(pid: int) -> int:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    for line in rollup.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def _commit() -> str:
    """HEAD and whether the plugin's code had uncommitted edits (others work in this checkout)."""

    def git(*args: str) -> str:  # read-only queries
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False).stdout.strip()

    dirty = git("status", "--porcelain", "--", "plugins", "mkdocs.yml")
    return git("rev-parse", "--short", "HEAD") + ("+dirty" if dirty else "")


def bench_scale(factor: int, runs: int, warmup: int) -> ScaleResult:
    """Generate (or reuse) the corpus, then alternate plain and plugin builds `runs` times after `warmup` pairs."""
    corpus = scale.generate(factor)
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    logs = corpus / "logs"
    logs.mkdir(exist_ok=True)
    plain, plugin = [], []
    for n in range(-warmup, runs):
        label = "warm-up" if n < 0 else f"run {n + 1}/{runs}"
        a = measure(corpus / scale.PLAIN_DIR / "mkdocs.yml", False, logs / f"plain-{n}.log")
        b = measure(corpus / "mkdocs.yml", True, logs / f"plugin-{n}.log")
        print(
            f"x{factor} {label}: plain {a.wall:.1f} s {a.peak_mib:.0f} MiB, plugin {b.wall:.1f} s {b.peak_mib:.0f} MiB"
        )
        if n >= 0:
            plain.append(a)
            plugin.append(b)
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return ScaleResult(
        factor,
        manifest["sources"],
        manifest["files"],
        manifest["bytes"] / 1e6,
        manifest["lines"],
        plain,
        plugin,
        when,
        _commit(),
    )


# ---------------------------------------------------------------------------------------------------------------
# Breakdown


def breakdown(sample: Sample) -> dict[str, float]:
    """Split one plugin build's wall time into parts that do not overlap; `other` is what no timer covered."""
    totals: dict[str, float] = sample.timings.get("totals", {})
    stages: dict[str, float] = sample.timings.get("stages", {})

    def events(prefix: str) -> float:
        return sum(v for k, v in totals.items() if k.startswith(prefix))

    pipeline = sum(stages.values())
    parts = {
        "startup + config (process)": sample.wall - totals.get("build", 0.0),
        "notes-kb pipeline": pipeline,
        "notes-kb search index (post_build)": totals.get("event:notes-kb:post_build", 0.0),
        "notes-kb sanitise (page_content)": totals.get("event:notes-kb:page_content", 0.0),
        "waiting for render workers (pre_page)": totals.get("event:notes-kb:pre_page", 0.0),
        "notes-kb other hooks": events("event:notes-kb:")
        - pipeline
        - totals.get("event:notes-kb:post_build", 0.0)
        - totals.get("event:notes-kb:page_content", 0.0)
        - totals.get("event:notes-kb:pre_page", 0.0),
        "stock search plugin": events("event:search:") + events("event:material/search:"),
        "Markdown → HTML (main process)": totals.get("markdown", 0.0),
        "theme templates (Jinja)": totals.get("templates", 0.0),
        "write + copy files": totals.get("write", 0.0) + totals.get("static", 0.0),
    }
    other_events = sum(
        v
        for k, v in totals.items()
        if k.startswith("event:") and not k.startswith(("event:notes-kb:", "event:search:", "event:material/search:"))
    )
    parts["other plugins"] = other_events
    covered = sum(v for k, v in parts.items() if not k.startswith("startup"))
    parts["other MkDocs (files, nav, anchors, context)"] = totals.get("build", 0.0) - covered
    return parts


def _median_parts(samples: Sequence[Sample]) -> dict[str, float]:
    splits = [breakdown(s) for s in samples]
    return {k: statistics.median(split[k] for split in splits) for k in splits[0]}


def _median_stages(samples: Sequence[Sample]) -> dict[str, float]:
    stages = [s.timings.get("stages", {}) for s in samples]
    return {k: statistics.median(st.get(k, 0.0) for st in stages) for k in stages[0]}


def _med(samples: Sequence[Sample], attr: str) -> float:
    return float(statistics.median(getattr(s, attr) for s in samples))


# ---------------------------------------------------------------------------------------------------------------
# Reports


def table(results: Sequence[ScaleResult]) -> list[str]:
    """The headline table in Markdown, plus the growth rows (×50/×10 and ×10/×1) when both scales are present."""
    rows = [
        "| scale | sources | notes MB | runs | plain s | plugin s | ratio | plain CPU s | plugin CPU s "
        "| plain peak MiB | plugin peak MiB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    by_scale = {r.scale: r for r in results}
    for r in results:
        pw, gw = _med(r.plain, "wall"), _med(r.plugin, "wall")
        rows.append(
            f"| ×{r.scale} | {r.sources} | {r.megabytes:.1f} | {len(r.plugin)} | {pw:.2f} | {gw:.2f} | {gw / pw:.1f}× "
            f"| {_med(r.plain, 'cpu'):.2f} | {_med(r.plugin, 'cpu'):.2f} "
            f"| {_med(r.plain, 'peak_mib'):.0f} | {_med(r.plugin, 'peak_mib'):.0f} |"
        )
    for big, small in ((10, 1), (50, 10)):
        if big in by_scale and small in by_scale:
            b, s = by_scale[big], by_scale[small]

            def g(attr: str, kind: str, b: ScaleResult = b, s: ScaleResult = s) -> str:
                return f"{_med(getattr(b, kind), attr) / _med(getattr(s, kind), attr):.1f}×"

            rows.append(
                f"| growth ×{big}/×{small} | | {b.megabytes / s.megabytes:.1f}× | | {g('wall', 'plain')} "
                f"| {g('wall', 'plugin')} | | {g('cpu', 'plain')} | {g('cpu', 'plugin')} "
                f"| {g('peak_mib', 'plain')} | {g('peak_mib', 'plugin')} |"
            )
    return rows


def breakdown_table(results: Sequence[ScaleResult]) -> list[str]:
    """Where the plugin build's time goes, per scale (medians of each part, so columns need not add up exactly)."""
    parts = [_median_parts(r.plugin) for r in results]
    head = "| part of the plugin build | " + " | ".join(f"×{r.scale} s | ×{r.scale} %" for r in results) + " |"
    rows = [head, "|---|" + "---:|---:|" * len(results)]
    for key in parts[0]:
        cells = []
        for r, p in zip(results, parts, strict=True):
            cells.append(f"{p[key]:.2f} | {100 * p[key] / _med(r.plugin, 'wall'):.0f}%")
        rows.append(f"| {key} | " + " | ".join(cells) + " |")
    return rows


def stage_table(results: Sequence[ScaleResult]) -> list[str]:
    """The pipeline's stages (from `Build.timings`), slowest first at the largest scale."""
    stages = [_median_stages(r.plugin) for r in results]
    order = sorted(stages[-1], key=lambda k: -stages[-1][k])
    growth_head = f"growth ×{results[-1].scale}/×{results[0].scale}" if len(results) > 1 else "growth"
    rows = ["| pipeline stage | " + " | ".join(f"×{r.scale} s" for r in results) + f" | {growth_head} |"]
    rows.append("|---|" + "---:|" * (len(results) + 1))
    for key in order:
        first, last = stages[0].get(key, 0.0), stages[-1].get(key, 0.0)
        growth = f"{last / first:.0f}×" if first > 0.005 and len(results) > 1 else ""
        rows.append(f"| {key} | " + " | ".join(f"{st.get(key, 0.0):.2f}" for st in stages) + f" | {growth} |")
    rows.append("| **total** | " + " | ".join(f"**{sum(st.values()):.2f}**" for st in stages) + " | |")
    return rows


def volume(results: Sequence[ScaleResult]) -> list[str]:
    """How much each build renders: the plugin turns the raw notes into several times as much Markdown."""
    rows = ["| scale | raw notes MB | plain pages | plugin pages | plugin Markdown MB | conflicts found |"]
    rows.append("|---|---:|---:|---:|---:|---:|")
    for r in results:
        counts = r.plugin[0].timings.get("counts", {})
        md = counts.get("generated_markdown_bytes")
        rows.append(
            f"| ×{r.scale} | {r.megabytes:.1f} | {r.plain[0].timings.get('calls', {}).get('read', '')} "
            f"| {r.plugin[0].timings.get('calls', {}).get('read', '')} | {'' if md is None else f'{md / 1e6:.1f}'} "
            f"| {counts.get('conflicts', '')} |"
        )
    return rows


def write_markdown(results: Sequence[ScaleResult], path: Path) -> str:
    """bench/results/build.md: how it was measured, the tables, and which code produced them."""
    lines = [
        "# Build benchmark: notes-kb vs plain MkDocs + Material",
        "",
        "Generated by `make bench` (bench/build.py). Each build is its own process, from an empty site dir;",
        "times are whole-process wall (median of the runs), CPU is user+sys (with worker processes), peak is the",
        "larger of the build process's max RSS and the peak summed PSS of its process tree (workers included).",
        "Plain = every raw notes file as one Markdown page, Material theme, stock search (as in",
        "shared/reference/baseline.md). Plugin = the repository's mkdocs.yml over the same corpus.",
        "×10 and ×50 are the real notes plus synthetic notebooks (bench/scale.py: sections reshuffled, lines",
        "reworded, numbers changed, many passages verbatim).",
        "",
        *table(results),
        "",
        "## Where the plugin build's time goes (medians)",
        "",
        *breakdown_table(results),
        "",
        "## What is rendered",
        "",
        *volume(results),
        "",
        "## Pipeline stages (`Build.timings`, medians)",
        "",
        *stage_table(results),
        "",
        "Hotspots of one ×1 plugin build under cProfile (`--profile`): profile-x1.txt.",
        "",
        "Measured: " + "; ".join(f"×{r.scale} {r.when} at {r.commit}" for r in results) + f" ({os.cpu_count()} CPUs).",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return "\n".join(lines)


def plot(results: Sequence[ScaleResult], path: Path) -> None:
    """Time and memory against scale (log-log), and the plugin build's breakdown per scale (parts under 1% merged)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import NullFormatter, ScalarFormatter

    scales = [r.scale for r in results]
    fig, (ax_time, ax_mem, ax_parts) = plt.subplots(1, 3, figsize=(17, 5.5))
    for kind, colour in (("plain", "tab:gray"), ("plugin", "tab:blue")):
        for ax, attr, unit in ((ax_time, "wall", " s"), (ax_mem, "peak_mib", "")):
            values = [_med(getattr(r, kind), attr) for r in results]
            ax.plot(scales, values, "o-", color=colour, label=kind)
            for x, y in zip(scales, values, strict=True):
                text = f"{y:.1f}{unit}" if y < 10 else f"{y:.0f}{unit}"
                ax.annotate(text, (x, y), textcoords="offset points", xytext=(5, 5))
    for ax, title, unit in ((ax_time, "Build wall time", "seconds"), (ax_mem, "Peak memory (process tree)", "MiB")):
        ax.set(xscale="log", yscale="log", title=title, xlabel="scale (× the real notes)", ylabel=unit)
        ax.set_xticks(scales, [f"×{s}" for s in scales])
        ax.yaxis.set_major_formatter(ScalarFormatter())
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.legend()
        ax.grid(True, which="both", alpha=0.3)
    parts = [_median_parts(r.plugin) for r in results]
    shares = [{k: 100 * v / sum(p.values()) for k, v in p.items()} for p in parts]
    keep = [k for k in parts[0] if max(s[k] for s in shares) >= 1.0]
    bottom = [0.0] * len(results)
    colours = [plt.get_cmap("tab20")(i) for i in range(20)]
    for i, key in enumerate([*keep, "rest (each part < 1%)"]):
        values = [s[key] if key in s else 100 - sum(s[k] for k in keep) for s in shares]
        ax_parts.bar([f"×{s}" for s in scales], values, bottom=bottom, label=key, color=colours[i % len(colours)])
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax_parts.set(title="Plugin build: where the time goes", ylabel="% of wall time", ylim=(0, 100))
    ax_parts.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1.0))
    fig.tight_layout()
    fig.savefig(path, dpi=100, bbox_inches="tight")
    plt.close(fig)


def _load(path: Path) -> dict[int, ScaleResult]:
    if not path.is_file():
        return {}
    out = {}
    for raw in json.loads(path.read_text(encoding="utf-8")):
        raw["plain"] = [Sample(**s) for s in raw["plain"]]
        raw["plugin"] = [Sample(**s) for s in raw["plugin"]]
        out[raw["scale"]] = ScaleResult(**raw)
    return out


PROFILE_SKIP = ("click/", "bench/timed_mkdocs.py", "mkdocs/__main__.py", "mkdocs/plugins.py", "{built-in method")
"""Frames that only pass the call on (the command line, our timers, MkDocs' event dispatch): not hotspots."""


def _short(path: str) -> str:
    for marker in ("site-packages/", "/plugins/", "/lib/python3"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path


def profile_x1(top: int = 15) -> str:
    """One ×1 plugin build under cProfile: the top cumulative hotspots (cProfile inflates times; compare shares)."""
    corpus = scale.generate(1)
    prof = RESULTS / "profile-x1.prof"
    measure(corpus / "mkdocs.yml", True, corpus / "logs" / "profile.log", profile=prof)
    stats = pstats.Stats(str(prof))
    entries = stats.stats  # type: ignore[attr-defined]  # {(file, line, name): (cc, ncalls, tottime, cumtime, callers)}
    total = max(ct for _, _, _, ct, _ in entries.values())
    rows = sorted(
        ((ct, tt, nc, f"{_short(file)}:{line}({name})") for (file, line, name), (_, nc, tt, ct, _) in entries.items()),
        reverse=True,
    )
    hot = [r for r in rows if not any(skip in r[3] for skip in PROFILE_SKIP) and r[0] < 0.99 * total]
    lines = [f"cProfile of one ×1 plugin build: {total:.1f} s under the profiler. Top {top} cumulative, pass-through"]
    lines += ["frames left out:", "", "| cumulative s | % | own s | calls | function |", "|---:|---:|---:|---:|---|"]
    lines += [f"| {ct:.2f} | {100 * ct / total:.0f}% | {tt:.2f} | {nc} | `{fn}` |" for ct, tt, nc, fn in hot[:top]]
    report = RESULTS / "profile-x1.txt"
    with report.open("w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n\n")
        listing = pstats.Stats(str(prof), stream=out)
        listing.sort_stats("cumulative").print_stats(80)
        listing.sort_stats("tottime").print_stats(40)
    prof.unlink()
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: `python bench/build.py [--scales 1,10,50] [--runs N] [--warmup N] [--profile] [--fresh]`."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--scales", default="1,10", help="comma-separated scales (default %(default)s; add 50)")
    parser.add_argument("--runs", type=int, help=f"measured runs per scale (default {DEFAULT_RUNS})")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured pairs first, at ×1 only (default 1)")
    parser.add_argument("--profile", action="store_true", help="also profile one ×1 plugin build (cProfile)")
    parser.add_argument("--fresh", action="store_true", help="forget results of scales not run this time")
    args = parser.parse_args(argv)
    RESULTS.mkdir(exist_ok=True)
    store = RESULTS / "build.json"
    results = {} if args.fresh else _load(store)
    for factor in (int(s) for s in args.scales.split(",")):
        runs = args.runs or DEFAULT_RUNS.get(factor, 1)
        results[factor] = bench_scale(factor, runs, args.warmup if factor == 1 else 0)
        ordered = [results[k] for k in sorted(results)]
        store.write_text(json.dumps([asdict(r) for r in ordered], indent=1), encoding="utf-8")
    ordered = [results[k] for k in sorted(results)]
    print(write_markdown(ordered, RESULTS / "build.md"))
    plot(ordered, RESULTS / "build.png")
    if args.profile:
        print(profile_x1())
    return 0


if __name__ == "__main__":
    sys.exit(main())
