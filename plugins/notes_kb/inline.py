"""Cleaning of inline Markdown that every reader shares: dead links, missing images, stray HTML, odd spaces.

Each removal is returned as a `Repair` with its line so that provenance can say what happened to the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .model import Repair
from .normalize import NEGATIONS, STOP_WORDS

# Label and destination lengths are bounded: unbounded repeats make a line of `\\[` or `![x](` quadratic.
DEAD_LINK = re.compile(r"(?<!!)\[((?:[^\[\]]|\\[\[\]]){0,300})\]\(\s*#?\s*\)")
# Links to an anchor of the original file: the file is split into pages with new anchors, so they lead nowhere.
FRAGMENT_LINK = re.compile(r"(?<!!)\[((?:[^\[\]]|\\[\[\]]){0,300})\]\(\s*<?#[^)\s>]{1,1000}>?\s*\)")
IMAGE = re.compile(r"!\[((?:[^\[\]]|\\[\[\]]){0,300})\]\(\s*(<[^>\n]{0,1000}>|[^)\s]{0,1000})(?:\s+\"[^\"]*\")?\s*\)")
CHECKBOX = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
# Tags that only carried formatting in the exports; their text stays. Anything else that looks like a tag
# (`<seconds>`, `<root_account>`) is a placeholder the author meant literally: it stays and is escaped on output.
FORMATTING_TAG = re.compile(
    r"</?(?:span|b|i|u|em|strong|ul|ol|li|div|p|font|sup|sub|small|mark|code|a|table|tr|td|th|tbody|thead)"
    r"(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
STRAY_JAMO = re.compile(r"(?<![\w\u3131-\u318e])[\u3131-\u318e](?=[A-Za-z])|(?<=[A-Za-z])[\u3131-\u318e](?![\w])")
"""A lone Korean letter glued to an English word ("CloudWatch ㅌLogs"): a keystroke typed before switching the
keyboard back to English, never a word. A syllable ("로그") is a word, and so is a letter on its own ("ㅋㅋ")."""
MISSING_IMAGE = "image removed: the image file is not in the repository"
"""Images are not published: none of the exports kept its image files (see docs/about.md, "Repair")."""
UNOPENED_BOLD_LABEL = re.compile(r"\A([^*\n]{1,80}?:)\*\*(?=\s)")
"""A text that opens with a label whose bold lost its opening `**` in the export ("Cost Efficiency:** By sharing
a DX connection…"): shown as it is, the reader sees a stray `**`."""
ESCAPED_BOLD_CLOSE = re.compile(r"(?<![\\*])\*\*(?=[^\s*])([^*\n]{1,80}?)\\\*\\\*")
"""Bold whose closing ** the export escaped: the DVA notes' "[**EXAM HINT]\\*\\* => If you see anything about
latency ..." showed its asterisks on the ELB page and the exam tips page (a blind review)."""

BOLD_AFTER_FIRST_LETTER = re.compile(r"(?<![\w*\\])([A-Za-z])\*\*(?=[a-z][^*\n]*\*\*)")
"""Bold that opens after a word's first letter ("- I**f you know your bucket should never be public, leave these
on**", "c**ontent is cached at the edge**"): a Notion export's slip, six lines of the Udemy notes; the word showed cut
in two (a blind review of the CloudFront page). The bold opens before the letter."""

SPACED_BOLD_CLOSE = re.compile(r"(?<![^\s(\[])\*\*(?=[^\s*])([^*\n]{0,80}?[^\s*])[ \t]+\*\*(?![*\w])")
"""Bold whose closing ** follows a space ("**Data point ** : the thing ..."): CommonMark reads no bold there, and the
page showed the asterisks. The opener must start a word (after a space, a bracket or nothing), so a closer followed
by ", **" is never read as one."""

SPACED_BOLD_OPEN = re.compile(r"(?<![\w*\\])\*\*[ \t]+(?=[^\s*])([^*\n]{0,80}?[^\s*])\*\*(?![*\w])")
"""Bold whose opening ** is followed by a space ("in a VPC. ** If you have instance to instance communication**
within"): CommonMark reads no bold there, and the EC2 and exam-tips pages showed the asterisks (a user-level
review). The closer must end a word, so two bolds side by side ("**a** ** b**") stay two."""

URL_TEXT_ESCAPED = re.compile(r"\[(https?://[^\]\s]*\\[^\]\s]*)\]\((https?://[^)\s]+)\)")
"""A link whose text is its own address with escapes in it: the notebook's "[https://…/AWS\\_Cloud\\_Best\\_
Practices.pdf](https://…/AWS_Cloud_Best_Practices.pdf)", escaped twice by an export, showed "AWS\\_Cloud" on the
Well-Architected page. Repaired only when the text without its backslashes is the address."""


def _escaped_twice(_: str, match: re.Match[str]) -> bool:
    """Whether a link's text is its address escaped twice ("\\\\_" shows a backslash; "\\_" is a correct escape)."""
    text, target = match.group(1), match.group(2)
    return "\\\\" in text and text.replace("\\", "") == target


def _opens(text: str, match: re.Match[str]) -> bool:
    """Whether the `**` a match starts at can open a bold: not the closer of one before it on its line ("**Note:**
    text here**"), not inside inline code.
    """
    line = text[text.rfind("\n", 0, match.start()) + 1 : match.start()]
    return line.count("**") % 2 == 0 and line.count("`") % 2 == 0


TEX_MATH = re.compile(r"(?<!\\)\${1,2}([^$\n]{0,300}?\\[A-Za-z][^$\n]{0,300}?)\${1,2}")
"""A TeX formula (`$1 \\leq \\text{Bias} \\leq 99$`): no page here loads a math renderer, and Markdown would eat its
backslashes ("1 leq text{Bias}"). One with no command (`$5 or $10`) is not one."""
TEX_SYMBOLS_ONLY = re.compile(r"(?<![\\$\w])\$(?=\S)([^$\n]{0,60}?[_^][^$\n]{0,60}?|[=+<>-])(?<=\S)\$(?![\w$])")
"""A TeX formula with no command, but a sub- or superscript or a lone operator: `$N_i$`, `$3^{rd}$`, `1 WCU $=$ 1KB`.
An amount of money (`$5 or $10`) has neither."""
_TEX_WRAPPERS = re.compile(r"\\(?:text|mathrm|textbf|mathbf|textit|operatorname)\s*\{([^{}]*)\}")
_TEX_FRACTION = re.compile(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_TEX_SYMBOLS = {
    "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "times": "×", "cdot": "·", "sim": "~",
    "approx": "≈", "Rightarrow": "⇒", "rightarrow": "→", "to": "→", "Leftarrow": "⇐", "leftarrow": "←",
    "infty": "∞", "pm": "±", "%": "%", "_": "_", ",": " ", ";": " ", "quad": " ", "qquad": " ",
}  # fmt: skip
_TEX_COMMAND = re.compile(r"\\([A-Za-z]+|[%_,;])")
ODD_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u200b": ""})


def line_of(text: str, index: int, first_line: int) -> int:
    """The source line of character `index` of `text`, whose first character is on `first_line`."""
    return first_line + text.count("\n", 0, index)


def _sub_recorded(
    pattern: re.Pattern[str],
    text: str,
    first_line: int,
    replace: str | None,
    describe: str,
    repairs: list[Repair],
    keep: Callable[[str, re.Match[str]], bool] | None = None,
) -> str:
    """Substitute every match (by `replace`, formatted with the match, or by group 1 when None), recording one repair
    per match; only the matches `keep` (given the text and the match) accepts, when given.

    Matches are processed from the end so earlier indices, and therefore line numbers, stay valid.
    """
    for match in reversed([m for m in pattern.finditer(text) if keep is None or keep(text, m)]):
        repairs.append(Repair(line_of(text, match.start(), first_line), describe.format(match=match)))
        new = match.group(1) if replace is None else replace.format(match=match)
        text = text[: match.start()] + new + text[match.end() :]
    return text


def tex_as_text(tex: str) -> str:
    """A TeX formula in plain Unicode: "\\frac{a}{b}" → "(a) / (b)", "\\leq" → "≤", "\\text{Bias}" → "Bias"."""
    while True:
        plain = _TEX_FRACTION.sub(r"(\1) / (\2)", _TEX_WRAPPERS.sub(r"\1", tex))
        if plain == tex:
            break
        tex = plain
    tex = _TEX_COMMAND.sub(lambda m: _TEX_SYMBOLS.get(m.group(1), m.group(1)), tex)
    tex = re.sub(r"\^\{?([A-Za-z]+)\}?", r"\1", tex)  # an ordinal's superscript: "3^{rd}" → "3rd"
    return " ".join(tex.replace("{", "").replace("}", "").split())


def _checkbox(match: re.Match[str]) -> str:
    return "☑" if "checked" in match.group(0).lower() else "☐"


def clean_inline(text: str, first_line: int) -> tuple[str, tuple[Repair, ...]]:
    """Clean inline Markdown whose first character sits on `first_line`. Returns the text and what was repaired."""
    repairs: list[Repair] = []
    text = text.translate(ODD_SPACES)
    text = _sub_recorded(IMAGE, text, first_line, "", MISSING_IMAGE + ": {match[2]}", repairs)
    text = _sub_recorded(DEAD_LINK, text, first_line, None, "dead link '(#)' removed, its text kept", repairs)
    text = _sub_recorded(
        FRAGMENT_LINK, text, first_line, None, "link to an anchor of the original file removed, its text kept", repairs
    )
    for pattern in (TEX_MATH, TEX_SYMBOLS_ONLY) if "$" in text else ():
        for match in reversed(list(pattern.finditer(text))):
            repairs.append(Repair(line_of(text, match.start(), first_line), "TeX formula written out as text"))
            text = text[: match.start()] + tex_as_text(match.group(1)) + text[match.end() :]
    for match in reversed(list(CHECKBOX.finditer(text))):
        repairs.append(Repair(line_of(text, match.start(), first_line), "HTML checkbox shown as a glyph"))
        text = text[: match.start()] + _checkbox(match) + text[match.end() :]
    text = _sub_recorded(BREAK_TAG, text, first_line, "\\\n", "HTML <br> turned into a line break", repairs)
    text = _sub_recorded(FORMATTING_TAG, text, first_line, "", "raw HTML tag {match[0]} removed", repairs)
    text = _sub_recorded(
        STRAY_JAMO, text, first_line, "", "a stray Korean letter {match[0]} glued to an English word removed", repairs
    )
    text = _sub_recorded(
        URL_TEXT_ESCAPED,
        text,
        first_line,
        "[{match[2]}]({match[2]})",
        "a link's address, escaped as its text, unescaped",
        repairs,
        _escaped_twice,
    )
    text = _sub_recorded(
        SPACED_BOLD_CLOSE, text, first_line, "**{match[1]}**", "a space before a bold's closing ** removed", repairs
    )
    text = _sub_recorded(
        SPACED_BOLD_OPEN,
        text,
        first_line,
        "**{match[1]}**",
        "a space after a bold's opening ** removed",
        repairs,
        _opens,
    )
    text = _sub_recorded(
        BOLD_AFTER_FIRST_LETTER, text, first_line, "**{match[1]}", "a bold opened after a word's first letter", repairs
    )
    text = _sub_recorded(
        ESCAPED_BOLD_CLOSE, text, first_line, "**{match[1]}**", "a bold's closing ** written escaped restored", repairs
    )
    text = re.sub(r"(?<![ \t])[ \t]+(?=\n)", "", text)  # a run is tried from its start only: linear, not quadratic
    if repairs:
        text = re.sub(r"(?<=\S) {2,}(?=\S)", " ", text)  # gaps left where something was removed
    label = UNOPENED_BOLD_LABEL.match(text.lstrip())
    if label:
        repairs.append(Repair(first_line, "a bold label's lost opening ** restored"))
        text = f"**{label[1]}**" + text.lstrip()[label.end() :]
    return text.strip(), tuple(sorted(repairs, key=lambda r: (r.line, r.what)))


def plain_title(text: str) -> str:
    """A heading's display text: markup (bold, links, escapes, stray `#`) stripped, spaces folded."""
    text = text.translate(ODD_SPACES)
    text = IMAGE.sub("", text)
    text = re.sub(r"(?<!!)\[((?:[^\[\]]|\\[\[\]]){0,300})\]\([^)]{0,1000}\)", r"\1", text)
    text = FORMATTING_TAG.sub("", BREAK_TAG.sub(" ", text))
    text = text.replace("**", "").replace("__", "")
    text = re.sub(r"(?<![\w*])\*(?=\S)([^*]*?)(?<=\S)\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<![\w\\])_(?=[^\s_])([^_]*?)(?<=[^\s_\\])_(?!\w)", r"\1", text)  # "_(Legacy)_", not "snake_case"
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)
    text = text.replace("`", "")
    return " ".join(text.split())


# --- line breaks the author meant -------------------------------------------------------------------------------------

_NAMES_AND_ASIDES = frozenset(
    {"aws", "amazon", "etc", "note", "important", "essential", "crucial", "critical", "example", "examples", "ex"}
)
"""Stop words a statement can end on ("**Zone files** in AWS", "An example")."""
WRAP_WIDTH = 65
"""Where the notes that wrap their lines wrap them (DVA's lecture notes: at 65 to 90 characters)."""
_STATEMENT_LINE = re.compile(r"(?m)^([^\n]*?[\w)*`'’\"])[ \t]*\n[ \t]*(?=\*\*|[A-Z0-9])")
_JOINING_WORDS = (
    (STOP_WORDS - _NAMES_AND_ASIDES)
    | NEGATIONS
    | frozenset(
        str.split(
            "nor but whose while because more less most least both each every all any some between after before "
            "through via"
        )
    )
)
"""Words a sentence does not stop on: a line that ends on one goes on in the next."""


def mark_own_lines(text: str) -> str:
    """The text with each line break the author meant made a CommonMark hard break (a backslash before it): after a
    short line that ends on a word a sentence can stop on, when the next line starts anew ("1 WCU means you can write
    1KB per second to that table" / "1 RCU means ..."; "SRR - Log Aggregation" / "SRR - Sync production and test
    accounts"). Markdown would join them into one run-on statement. A line wrapped at `WRAP_WIDTH` or beyond ("...
    between the AWS Private" / "Zone and the public cloud") unless it is bold from end to end (`_WHOLE_BOLD`), or on
    a word like "an" or "more", goes on in the next.
    """
    return _STATEMENT_LINE.sub(_own_line, text)


def ends_mid_sentence(text: str) -> bool:
    """Whether a text's last word is one a sentence does not stop on ("**User Authentication through**")."""
    words = re.findall(r"\w+", text)
    return bool(words) and words[-1].casefold() in _JOINING_WORDS


def _own_line(match: re.Match[str]) -> str:
    line = match.group(1).strip()
    words = re.findall(r"\w+", line)
    if not words or _open(line):
        return match.group(0)
    if (len(line) >= WRAP_WIDTH and not _WHOLE_BOLD.fullmatch(line)) or ends_mid_sentence(line):
        return match.group(0)
    return match.group(1) + "\\\n"


_WHOLE_BOLD = re.compile(r"\*\*[^*\n]+\*\*:?")
"""A line in bold from end to end ("**AWS Owned Keys (free): SSE-S3, SSE-SQS, SSE-DDB (default key)**"): a point of its
own however long, since a wrap inside bold leaves the line's end open. A passage's sub-items are such lines, and a
"Sources may disagree" box ran the Udemy notes' four KMS rotation points together (a blind review)."""


def _open(line: str) -> bool:
    """Whether a line ends inside a code span, a link's label or bold text, which a break would cut."""
    return line.count("`") % 2 == 1 or line.count("[") > line.count("]") or line.count("**") % 2 == 1
