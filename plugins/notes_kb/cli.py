"""`notes-kb check` validates every source and reads every note without building the site (fast, for pre-commit);
`notes-kb search "query"` answers from a built site's search index with the browser's ranking.
"""

from __future__ import annotations

import argparse
import json
import os
import posixpath
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from .errors import NoteError
from .pipeline import Settings, run
from .provenance import summary
from .search.query import describe, results, site_engine
from .search.shards import HEAD_PATH


def check(root: Path, notes_dir: str, explain: Sequence[str] = ()) -> int:
    """Run the pipeline; print problems as `file:line: message` and a one-line summary per note. `explain`: notes
    (a path, or its end: "part-1.txt") whose merged and dropped lines and disputes to list, one `file:line:` each.
    """
    try:
        build = run(Settings(root.resolve(), notes_dir))
    except NoteError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    for notice in build.notices:
        print(f"note: {notice}", file=sys.stderr)
    for diagnostic in build.diagnostics:
        print(f"warning: {diagnostic}", file=sys.stderr)
    raw = {f.path: f for files in build.files.values() for f in files}
    document = build.provenance_document()
    for path, entry in summary(document, raw).items():
        print(
            f"{path}: {entry['nonblank']} non-blank lines, {entry['kept']} kept,"
            f" {entry['merged']} merged into a twin, {entry['dropped']} dropped"
        )
    chosen: list[str] = []
    unknown = False
    for name in dict.fromkeys(explain):  # each name once, in the order given
        matches = [path for path in sorted(raw) if _names(root.resolve(), path, name)]
        if not matches:
            print(f"error: --explain {name}: no note of that name (notes: {', '.join(sorted(raw))})", file=sys.stderr)
            unknown = True
        elif len(matches) > 1:
            print(f"note: --explain {name}: {len(matches)} notes end so: {', '.join(matches)}", file=sys.stderr)
        chosen += [path for path in matches if path not in chosen]
    for line in explained(document, chosen):
        print(line)
    return 1 if build.diagnostics or unknown else 0


def _names(root: Path, path: str, name: str) -> bool:
    """Whether `name` is the note at `path` (relative to `root`): its path, absolute or from here or from `root`, or,
    for a relative name, the path's end at a folder boundary ("part-1.txt", "./saa-notebook/part-1.txt").
    """
    wanted = PurePosixPath(name.replace("\\", "/"))
    note = (root / path).resolve()
    if wanted.is_absolute():
        return Path(wanted).resolve() == note
    if note in (Path(wanted).resolve(), (root / wanted).resolve()):
        return True
    end = posixpath.normpath(wanted).lstrip("/")
    return path == end or path.endswith("/" + end)


def explained(document: Mapping[str, Any], paths: Sequence[str]) -> list[str]:
    """What became of the notes' lines that a page does not show as written, and where the notes disagree with
    another source, one `file:line:` line each in line order: a contributor reviewing a new note sees which of its
    lines are hidden as another's twin, which were dropped and why, and which disagree with another source's.
    """
    wanted = set(paths)
    found: list[tuple[str, int, str]] = []
    for block in document["blocks"]:
        if block["path"] not in wanted or block["status"] == "kept":
            continue
        if block["status"] == "merged":
            what = f"merged into its twin {_span(block['duplicate_of'])}, shown on the {block['service']} page"
        else:
            what = f"dropped: {block['reason']}"
        found.append((block["path"], block["start"], f"{_lines(block)}: {what}"))
    for conflict in document["conflicts"]:
        for side, other in ((conflict["a"], conflict["b"]), (conflict["b"], conflict["a"])):
            if side["path"] in wanted:
                why = f"disagrees with {_span(other)} on the {conflict['service']} page ({conflict['why']})"
                found.append((side["path"], side.get("row", side["start"]), f"{_lines(side)}: {why}"))
    return [f"{path}:{text}" for path, _, text in sorted(found)]


def _span(place: Mapping[str, Any]) -> str:
    return f"{place['path']}:{_lines(place)}"


def _lines(place: Mapping[str, Any]) -> str:
    """A block's lines ("12" or "12-14"); a table row's own line (a dispute names the row of its table)."""
    start, end = place.get("row", place["start"]), place.get("row", place["end"])
    return f"{start}" if start == end else f"{start}-{end}"


def search_command(site_dir: Path, query: str, limit: int, as_json: bool) -> int:
    """Print the ranked sections for `query`, from the index files the browser loads (`site/search/nkb/`)."""
    if not (site_dir / HEAD_PATH).is_file():
        print(f"error: no search index at {site_dir / HEAD_PATH}: build the site first (make build)", file=sys.stderr)
        return 2
    try:
        engine = site_engine(site_dir)
        found = describe(results(engine, query, limit), engine, query)
    except (OSError, ValueError, LookupError, TypeError) as err:
        print(
            f"error: cannot read the search index in {site_dir / HEAD_PATH.rsplit('/', 1)[0]}: {err}", file=sys.stderr
        )
        return 2
    if as_json:
        print(json.dumps(found, ensure_ascii=False, indent=2))
        return 0
    if not found:
        print(f"no results for {query!r}")
    for rank, result in enumerate(found, start=1):
        heading = result["page"] if result["title"] == result["page"] else f"{result['page']} › {result['title']}"
        print(f"{rank:2}. {heading}\n    {result['location']}\n    {result['text']}")
    return 0


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush at exit finds no closed pipe (Python's documented
    way: `signal` docs, "Note on SIGPIPE"). A stdout with no file descriptor (a test's) is left alone.
    """
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `notes-kb` command."""
    parser = argparse.ArgumentParser(prog="notes-kb", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check_parser = sub.add_parser("check", help="validate source.yml files and read every note")
    check_parser.add_argument("--root", type=Path, default=Path("."), help="folder holding mkdocs.yml")
    check_parser.add_argument("--notes-dir", default="notes_src", help="folder of sources, relative to --root")
    check_parser.add_argument(
        "--explain",
        action="append",
        default=[],
        metavar="NOTE",
        help="list the note's merged and dropped lines and disputes (a path or its end, e.g. part-1.txt); repeatable",
    )
    search_parser = sub.add_parser("search", help="search a built site as its search box does")
    search_parser.add_argument("query", help='what you would type in the search box, e.g. "ASG cooldown"')
    search_parser.add_argument("--site", type=Path, default=Path("site"), help="the built site (default: site)")
    search_parser.add_argument("--limit", type=int, default=10, help="how many results (default: 10)")
    search_parser.add_argument("--json", action="store_true", help="results as JSON")
    args = parser.parse_args(argv)
    try:
        if args.command == "search":
            return search_command(args.site, args.query, args.limit, args.json)
        return check(args.root, args.notes_dir, args.explain)
    except BrokenPipeError:  # `notes-kb search ... | head` closed the pipe: what it wanted was printed
        _silence_stdout()
        return 1  # as Python's own tools do: the rest was not written


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
