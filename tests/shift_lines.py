"""Move the raw line numbers the tests' labelled data name, after an edit added or removed lines of a shipped note.

The blind audits (`tests/data/merge_audits.yml`, `conflict_audit.yml`) name each passage by its raw lines, as
`provenance.json` does: `notes_src/udemy-saa-ko/notes.md:2326-2326`. A fix that adds a line above 2326 moves that
passage to 2327, and every audit below the edit would stop matching. After such an edit run, from the repository:

    .venv/bin/python tests/shift_lines.py notes_src/udemy-saa-ko/notes.md 2004 +1

Every span of that file that starts after line 2004 moves by +1 (a negative count for lines removed; a span that
holds line 2004 keeps its start and moves its end). It prints what it changed, and the test files that name raw
lines of that file some other way (a line number in the code), which you check by hand.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


def shifted(text: str, path: str, after: int, by: int) -> tuple[str, int]:
    """`text` with every `path:START-END` moved for `by` lines added after line `after`, and how many spans moved."""
    spans = re.compile(rf"(?<![\w/.-]){re.escape(path)}:(\d+)-(\d+)")
    moved = 0

    def move(match: re.Match[str]) -> str:
        nonlocal moved
        start, end = int(match.group(1)), int(match.group(2))
        new_start = start + by if start > after else start
        new_end = end + by if end > after else end
        moved += (new_start, new_end) != (start, end)
        return f"{path}:{new_start}-{new_end}"

    return spans.sub(move, text), moved


def main(argv: list[str]) -> int:
    if len(argv) != 3 or not argv[1].isdigit() or not re.fullmatch(r"[+-]?\d+", argv[2]):
        print(__doc__, file=sys.stderr)
        return 2
    path, after, by = argv[0], int(argv[1]), int(argv[2])
    if not (ROOT / path).is_file():
        print(f"error: no note {path} (give its path from the repository root)", file=sys.stderr)
        return 2
    for data in sorted(DATA.glob("*.yml")):
        text = data.read_text(encoding="utf-8")
        new, moved = shifted(text, path, after, by)
        if moved:
            data.write_text(new, encoding="utf-8")
            print(f"{data.relative_to(ROOT)}: {moved} spans moved")
    short = f"{Path(path).parent.name}/{Path(path).name}"  # "udemy-saa-ko/notes.md:901", as tests cite a line
    cited = re.compile(rf"{re.escape(short)}:(\d+)")
    for test in sorted((ROOT / "tests").rglob("test_*.py")):
        lines = sorted({int(n) for n in cited.findall(test.read_text(encoding="utf-8")) if int(n) > after})
        if lines:
            print(f"check by hand: {test.relative_to(ROOT)} cites {short} at {', '.join(map(str, lines))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
