"""Raw-line pages: each note as numbered lines with an anchor per line, so "view raw lines" works offline."""

from __future__ import annotations

import html
from dataclasses import dataclass

from .sources import RawFile

# Highlights a range given as `#L12-L40` (a single `#L12` works by :target alone) and scrolls to its start.
_SCRIPT = """
function hl(){document.querySelectorAll("tr.hl").forEach(function(r){r.classList.remove("hl")});
var m=/^#L(\\d+)-L(\\d+)$/.exec(location.hash);if(!m)return;
for(var n=+m[1];n<=+m[2];n++){var r=document.getElementById("L"+n);if(r)r.classList.add("hl")}
var f=document.getElementById("L"+m[1]);if(f)f.scrollIntoView()}
addEventListener("hashchange",hl);addEventListener("DOMContentLoaded",hl);
"""

_STYLE = """
body{margin:0;font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,"Noto Sans Mono CJK KR",monospace;
background:#fff;color:#1f2328}
header{position:sticky;top:0;background:#f6f8fa;border-bottom:1px solid #d0d7de;padding:.5em 1em;font-family:sans-serif}
table{border-collapse:collapse;width:100%}
td{padding:0 .8em;vertical-align:top;white-space:pre-wrap;word-break:break-word}
td.n{color:#8c959f;text-align:right;user-select:none;width:1%;white-space:nowrap}
td.n a{color:inherit;text-decoration:none}
tr{scroll-margin-top:4em}
tr:target,tr.hl{background:#fff8c5}
@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}header{background:#161b22;border-color:#30363d}
tr:target,tr.hl{background:#3b2e00}}
"""


@dataclass(frozen=True)
class RawPage:
    """A raw-line page to write: made into HTML only when it is written, as the HTML of every note at once is several
    times the notes' size (×10 corpus: 105 MiB) and would be held through the whole build.
    """

    path: str
    lines: tuple[str, ...]
    sha256: str
    source_title: str
    home: str

    @classmethod
    def of(cls, raw: RawFile, source_title: str, home: str) -> RawPage:
        return cls(raw.path, raw.lines, raw.sha256, source_title, home)

    @property
    def signature(self) -> str:
        """What the page's HTML depends on, short: a rebuild compares it instead of the HTML."""
        return f"{self.path}\n{self.sha256}\n{self.source_title}\n{self.home}"

    def render(self) -> str:
        """A standalone HTML page of the note; line N has id `LN` and is highlighted when targeted."""
        rows = "\n".join(
            f'<tr id="L{n}"><td class="n"><a href="#L{n}">{n}</a></td><td>{html.escape(line)}</td></tr>'
            for n, line in enumerate(self.lines, 1)
        )
        title = html.escape(f"{self.path} · {self.source_title}")
        return (
            "<!doctype html>\n"
            f'<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">'
            f"<title>{title}</title><style>{_STYLE}</style><script>{_SCRIPT}</script></head>\n<body>\n"
            f'<header><a href="{html.escape(self.home)}">← back to the site</a> · raw note '
            f"<code>{html.escape(self.path)}</code> ({len(self.lines)} lines, sha256 {self.sha256[:12]}…)</header>\n"
            f"<table>\n{rows}\n</table>\n</body></html>\n"
        )
