"""Search documents: every rendered page cut into its sections, the unit a reader wants as an answer.

A section runs from a heading with an `id` to the next heading of any level; the text before a page's first
sub-heading is the page's own document (its location has no anchor). Reading the rendered HTML, not the Markdown,
means every page is covered the same way (generated or hand-written) and the anchors are the ones the browser
will scroll to. Provenance trimmings (`nkb-from`, `nkb-origin`, `nkb-also`), the note under a flattened table
(`nkb-flattened`) and permalink signs are left out: they name sources or layout, not facts, and would make every
section match the name of a notebook.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import partial
from html import unescape
from html.parser import HTMLParser

from ..memo import Memo
from .analysis import Counted, counted

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
SKIPPED_CLASSES = frozenset({"headerlink", "nkb-from", "nkb-origin", "nkb-also", "nkb-flattened"})
KEPT_CLASS = "nkb-path"
"""The headings a "from" line names (`kbpages._origin`), kept though the line is skipped: a section merged into a topic
of another title says what it is about only there ("CloudFront Functions vs. Lambda@Edge - Use Cases" in the topic
"CloudFront Functions & Lambda@Edge Use Cases"), and the search listed its source page's copy first."""
SKIPPED_TAGS = frozenset({"script", "style", "template", "svg", "button"})
BLOCK_TAGS = frozenset(
    {"p", "li", "td", "th", "tr", "div", "pre", "blockquote", "dd", "dt", "br", "table", "ul", "ol", "summary"}
)
VOID_TAGS = frozenset({"br", "img", "hr", "input", "meta", "link", "wbr", "col", "area", "source"})
_SPACES = re.compile(r"\s+")
BREAK = "\x00"
"""Where a block (paragraph, list item, table row) ends, while text is collected: the HTML's own line breaks are
spaces."""
CELL = "\x01"
"""Where a table cell starts, while text is collected: cells of a row read on one line, `CELL_SEPARATOR` between."""
CELL_TAGS = frozenset({"td", "th"})
CELL_SEPARATOR = " | "
"""Between two cells of a row in a section's text: "FTP | 21 · SSH | 22" where a result had shown "FTP · 21 · SSH ·
22", every cell a block of its own (a blind review of search found such tables hard to read)."""
_BREAKS = re.compile(r" ?[\x00\x01][\x00\x01 ]*")
_PLAIN_PIECE = re.compile(
    r"([^<]+)"  # text
    r'|<([a-zA-Z][a-zA-Z0-9]*)((?:[ \t\n\r\f]+[a-zA-Z][-a-zA-Z0-9_:.]*(?:="[^"<]*")?)*)[ \t\n\r\f]*(/?)>'  # start
    r"|</([a-zA-Z][a-zA-Z0-9]*)[ \t\n\r\f]*>"  # end tag
)
_PLAIN_ATTRIBUTE = re.compile(r'[ \t\n\r\f]+([a-zA-Z][-a-zA-Z0-9_:.]*)(?:="([^"]*)")?')


@dataclass(frozen=True)
class RenderedPage:
    """One page as the host rendered it: its site URL, title and article HTML.

    `key` is the page's URL in directory form (`services/ec2/`), which the knowledge base's hints use whatever URL
    style the host builds with (an offline build links `services/ec2.html`); empty means the same as `url`.
    """

    url: str
    title: str
    html: str
    key: str = ""
    sections: tuple[Section, ...] | None = None
    """The page already cut (`sectioned`), its HTML let go; None: cut `html` when indexing."""


@dataclass(frozen=True)
class Section:
    """A searchable piece of a page: `anchor` is empty for the page's own (lead) text."""

    url: str
    anchor: str
    title: str
    text: str
    level: int
    counted: tuple[Counted, Counted] | None = field(default=None, compare=False)
    """The title's and the text's terms, counted (`sectioned`); None: counted when indexing."""

    @property
    def location(self) -> str:
        """Where a result link goes: the page, or the section's anchor on it."""
        return f"{self.url}#{self.anchor}" if self.anchor else self.url


class _Splitter(HTMLParser):
    """Collects (heading id, heading text, body text) runs; skips the parts that are not content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.runs: list[tuple[str, int, list[str], list[str]]] = [("", 0, [], [])]
        self._skip_depth = 0
        self._stack: list[tuple[str, int]] = []  # each open tag, with how deep in skipped parts it opened
        self._in_heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_TAGS:
            if tag == "br" and not self._skip_depth:
                self._text(BREAK)
            return
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        self._stack.append((tag, self._skip_depth))
        if tag in SKIPPED_TAGS or not SKIPPED_CLASSES.isdisjoint(classes):
            self._skip_depth += 1
            return
        if KEPT_CLASS in classes:
            self._skip_depth = 0
        if tag in HEADINGS and not self._skip_depth:
            self.runs.append((values.get("id") or "", int(tag[1]), [], []))
            self._in_heading = True
        elif tag in CELL_TAGS:
            self._text(CELL)
        elif tag in BLOCK_TAGS:
            self._text(BREAK)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS:
            return
        if not any(open_tag == tag for open_tag, _ in self._stack):
            return  # a stray end tag: browsers ignore it, and so must the skipping
        while self._stack:  # an unclosed tag inside ends with its parent: close up to the matching one
            open_tag, self._skip_depth = self._stack.pop()
            if open_tag == tag:
                break
        if tag in HEADINGS:
            self._in_heading = False
        elif tag in BLOCK_TAGS and tag not in CELL_TAGS:  # a cell goes on to the next of its row
            self._text(BREAK)

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self._text(data)

    def _text(self, data: str) -> None:
        _, _, heading, body = self.runs[-1]
        (heading if self._in_heading else body).append(data)

    def feed_plain(self, html: str) -> bool:
        """Read HTML made only of text, start tags with double-quoted attributes, and end tags, as `feed` would,
        several times faster (HTMLParser tries every construct at every `<`). False, having read an unknown part of
        it, at anything else (a comment, a script, an unquoted attribute): start again with `feed`.
        """
        position = 0
        for piece in _PLAIN_PIECE.finditer(html):
            if piece.start() != position:
                return False
            position = piece.end()
            text, tag, attributes, closed, end_tag = piece.groups()
            if text is not None:
                self.handle_data(unescape(text))
            elif end_tag is not None:
                self.handle_endtag(end_tag.lower())
            elif (tag := tag.lower()) in self.CDATA_CONTENT_ELEMENTS:
                return False  # a script's or style's text is not HTML: `feed` knows how it ends
            else:
                self.handle_starttag(tag, _attributes(attributes) if attributes else [])
                if closed:
                    self.handle_endtag(tag)
        return position == len(html)


def _attributes(text: str) -> list[tuple[str, str | None]]:
    """A plain start tag's attributes as HTMLParser gives them, names in lower case and values unescaped (a bare
    name's value is "" here, None there: the splitter reads both as no value).
    """
    return [(name.lower(), unescape(value) if value else value) for name, value in _PLAIN_ATTRIBUTE.findall(text)]


def split_sections(page: RenderedPage) -> list[Section]:
    """The page's sections in order: the lead (h1 and the text under it), then one per heading with an id.

    A heading without an id (nothing can link to it) joins the section before it.
    """
    splitter = _Splitter()
    if not splitter.feed_plain(page.html):
        splitter = _Splitter()
        splitter.feed(page.html)
        splitter.close()
    (_, _, _, lead_body), *runs = splitter.runs
    lead = Section(page.url, "", page.title, _collapse("".join(lead_body)), 0)
    if runs and runs[0][1] == 1:  # the page's h1 titles the lead: its text is the page's own document
        _, _, heading, body = runs.pop(0)
        text = _joined(lead.text, _collapse("".join(body)))
        lead = Section(page.url, "", _title(heading) or page.title, text, 1)
    sections = [lead]
    for anchor, level, heading, body in runs:
        title, text = _title(heading), _collapse("".join(body))
        if anchor:
            sections.append(Section(page.url, anchor, title, text, level))
        else:
            last = sections[-1]
            text = _joined(last.text, title, text)
            sections[-1] = Section(last.url, last.anchor, last.title, text, last.level)
    return sections


def sectioned(page: RenderedPage, memo: Memo | None = None) -> RenderedPage:
    """The page cut into its sections now, their terms counted, without its HTML: a host that indexes pages as they
    are rendered need not hold every page's HTML until the last one is done, and one that renders pages in worker
    processes analyses them there too (`memo` spares a rebuild the cutting and counting of unchanged pages).
    """
    memo = memo if memo is not None else Memo(keep=False)
    sections = tuple(replace(section, counted=section_terms(section, memo)) for section in page_sections(page, memo))
    return replace(page, html="", sections=sections)


def section_terms(section: Section, memo: Memo) -> tuple[Counted, Counted]:
    """The section's title and text terms, counted (as already counted, or now; `memo` keeps each text's)."""
    if section.counted is not None:
        return section.counted
    title, text = (memo.get("terms", value, partial(counted, value)) for value in (section.title, section.text))
    return title, text


def page_sections(page: RenderedPage, memo: Memo | None = None) -> tuple[Section, ...]:
    """The page's sections: as already cut, or cut from its HTML (`memo` keeps them for the next rebuild)."""
    if page.sections is not None:
        return page.sections
    memo = memo if memo is not None else Memo(keep=False)
    return tuple(memo.get("sections", page, partial(split_sections, page)))


def _collapse(text: str) -> str:
    """Text with one space between words and a line break where a block ended: a result's window can then start
    where a sentence or list item does, not in the middle of "30 seconds" (`query.window`).
    """
    return _BREAKS.sub(_break, _SPACES.sub(" ", text)).strip()


def _break(run: re.Match[str]) -> str:
    """A run of block ends and cell starts as text: a line break where a block ended, else the next cell of a row;
    an empty cell keeps its place ("Exactly-once | | Yes", not "Exactly-once | Yes", which read as Yes under the
    second column: a review), one that opens a row too ("| NAT Gateway | NAT Instance" under an empty corner).
    """
    text = run.group()
    if BREAK in text:
        return "\n" + "| " * max(0, text.rsplit(BREAK, 1)[1].count(CELL) - 1)
    return CELL_SEPARATOR + "| " * (text.count(CELL) - 1)


def _joined(*texts: str) -> str:
    """Collapsed texts, one after another, each a block of its own."""
    return "\n".join(text for text in texts if text)


def _title(heading: list[str]) -> str:
    return _collapse("".join(heading)).replace("\n", " ")
