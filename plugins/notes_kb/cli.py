"""`notes-kb check`: validate every source and read every note without building the site (fast, for pre-commit)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .errors import NoteError
from .pipeline import Settings, run
from .provenance import summary


def check(root: Path, notes_dir: str) -> int:
    """Run the pipeline; print problems as `file:line: message` and a one-line summary per note."""
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
    for path, entry in summary(build.provenance, raw).items():
        print(f"{path}: {entry['nonblank']} non-blank lines, {entry['kept']} kept, {entry['dropped']} dropped")
    return 1 if build.diagnostics else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `notes-kb` command."""
    parser = argparse.ArgumentParser(prog="notes-kb", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check_parser = sub.add_parser("check", help="validate source.yml files and read every note")
    check_parser.add_argument("--root", type=Path, default=Path("."), help="folder holding mkdocs.yml")
    check_parser.add_argument("--notes-dir", default="notes_src", help="folder of sources, relative to --root")
    args = parser.parse_args(argv)
    return check(args.root, args.notes_dir)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
