"""Korean text marked as Korean: `lang="ko"` on each block of a generated page whose own words are mostly Korean.

Why: the site is `lang="en"`, and one of the notebooks is written in Korean. A screen reader reads a block in the
language its element declares, so a Korean line read with English rules is noise; browsers also choose fonts,
hyphenation and line breaks by it. A block's own text is what it holds outside the blocks nested in it: a list item
in Korean keeps its English sub-items English.

This runs on sanitised HTML (`sanitize.sanitize_html`), which ammonia has written out whole: every attribute quoted,
every `<` in text escaped, no comments. So a split on block tags reads it exactly.
"""

from __future__ import annotations

import re

from .catalogue import HANGUL

BLOCKS = ("p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "summary", "caption")
"""Elements a line of a note becomes; a `div` or a list only holds them."""
KOREAN_SHARE = 0.4
"""Share of a block's words, Hangul or Latin, that are Hangul, from which the block is Korean. A Korean sentence
names AWS in English ("Instance Profile 과 Task Role 차이를 이해하자": 3 of 7); an English line glosses a word in
Korean ("EC2 Hibernate 기능": 1 of 3)."""
_BLOCK_TAG = re.compile(r"(<(/?)(" + "|".join(BLOCKS) + r")\b([^>]*)>)")
_TAG = re.compile(r"<[^>]*>|&#?\w+;")
_WORD = re.compile(r"[^\s<>]*[A-Za-z\uac00-\ud7a3\u3131-\u318e][^\s<>]*")
LANG = ' lang="ko"'


def mark_korean(html: str) -> str:
    """`html` with `lang="ko"` on each block whose own words are mostly Korean (`KOREAN_SHARE`); as it was if none."""
    if not HANGUL.search(html):
        return html
    pieces = _BLOCK_TAG.split(html)
    # split gives text, then per tag: the whole tag, "/", the name, the attributes; then text again
    out: list[str] = [pieces[0]]
    open_blocks: list[tuple[str, int, list[str]]] = []  # name, index of its start tag in `out`, its own text
    for at in range(1, len(pieces), 5):
        whole, closing, name, _, text = pieces[at : at + 5]
        if not closing:
            open_blocks.append((name, len(out), []))
            out.append(whole)
        else:
            _close(name, open_blocks, out)
            out.append(whole)
        if open_blocks:
            open_blocks[-1][2].append(text)
        out.append(text)
    return "".join(out)


def _close(name: str, open_blocks: list[tuple[str, int, list[str]]], out: list[str]) -> None:
    """Close the innermost open block named `name` (and any left open inside it), marking each that reads Korean."""
    if not any(open_name == name for open_name, _, _ in open_blocks):
        return  # a stray end tag: ammonia writes none, but nothing here depends on it
    while open_blocks:
        open_name, start, own = open_blocks.pop()
        if is_korean(" ".join(own)):
            out[start] = out[start][:-1] + LANG + ">"  # ammonia writes no self-closing block tag
        if open_name == name:
            return


def is_korean(text: str) -> bool:
    """Whether most of the words of `text` (HTML), Hangul or Latin, are Hangul words (`KOREAN_SHARE`)."""
    if not HANGUL.search(text):
        return False
    words = _WORD.findall(_TAG.sub(" ", text))  # tags and character references aside
    korean = sum(1 for word in words if HANGUL.search(word))
    return korean >= KOREAN_SHARE * len(words)
