"""Defence in depth for pages generated from notes: their HTML is passed through an allow-list sanitiser.

`render.py` already escapes note text, so nothing here should ever change a page; this is the second wall, for the
day a renderer or reader bug lets markup through (or Markdown's `attr_list` lets a note set `onclick=` on an
element). The allow-list is exactly what Python-Markdown, our extensions and Material legitimately produce; the
sanitiser is ammonia (through `nh3`), which parses HTML the way browsers do, so no hand-written regex is trusted
with this. Hand-written pages in `docs/` are trusted and not sanitised.

Titles are the other way note text reaches HTML (MkDocs' nav, `<title>`, header, footer): `title_html` escapes them.
"""

from __future__ import annotations

import re

import nh3

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        # Headings (toc gives them ids) and text blocks.
        *("h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote"),
        # Lists, including definition lists Material styles.
        *("ul", "ol", "li", "dl", "dt", "dd"),
        # Inline emphasis; `del`/`sub` come from pymdownx.tilde, `sup` from footnote references.
        *("strong", "em", "b", "i", "code", "kbd", "del", "ins", "sub", "sup", "mark", "s", "abbr", "small"),
        # Links: the toc's headerlink anchors, links kept from notes, footnote links.
        "a",
        # Code highlighting (pymdownx.highlight): `div.highlight > pre > code > span.<pygments class>`, and the
        # table layout it uses when line numbers are on.
        *("pre", "span", "div"),
        # Tables (the `tables` extension, and highlight's line-number table).
        *("table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption"),
        # Collapsible admonitions (pymdownx.details): quiz answers, screenshot text.
        *("details", "summary"),
        # The service map (`servicemap.py`): inline SVG the plugin draws from catalogue data, no note text. Only
        # shapes, text and links: no `script`, `style`, `use`, `image`, `foreignObject`, `animate`/`set` (which could
        # rewrite an `href`), so they are still removed; ammonia also drops HTML elements smuggled inside SVG.
        *("svg", "g", "path", "circle", "text"),
    }
)
"""Everything else (script, iframe, object, embed, form, input, img, style, …) is removed."""

DROPPED_WITH_CONTENT: frozenset[str] = frozenset(
    {"script", "style", "template", "noscript", "iframe", "object", "embed", "math", "textarea", "select"}
)
"""Removed together with what they hold: their content is code, CSS or widgets, never text a reader should see."""

ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    # `id`: heading anchors, footnotes and code line anchors are link targets; `class`: admonition kinds,
    # `headerlink`, `nkb-origin`, `footnote-ref`, Pygments token classes; `title`: headerlink and footnote tooltips.
    "*": {"id", "class", "title"},
    "a": {"href", "aria-label"},  # `aria-label`: the service map names each node's page in full
    # Ordered lists keep their first number (a note's list may start at 3).
    "ol": {"start"},
    # pymdownx.details writes `open` on `???+` blocks.
    "details": {"open"},
    # The service map's SVG: geometry and labels only. No presentation attributes (`fill`, `stroke` could hold
    # `url(...)`): colours come from classes in extra.css. `href` on the map's `<a>` is the `a` entry above, so it
    # gets the same URL-scheme check as any link (the map itself writes only relative links).
    "svg": {"viewBox", "aria-label"},
    "path": {"d"},
    "circle": {"cx", "cy", "r"},
    "text": {"x", "y", "dy", "transform"},
}
"""No `style` (a note could hide or overlay the page) and no `on*` event handler is ever allowed."""

URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})
"""Relative links stay; `javascript:`, `data:`, `vbscript:` and every other scheme are removed from `href`."""


def sanitize_html(html: str) -> str:
    """The HTML with everything outside the allow-list removed (text content is kept, escaped)."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        strip_comments=True,
        link_rel=None,  # links are the site's own or the note author's; adding `rel` would change every page
    )


_ENTITY_START = re.compile(r"&(?=#?[0-9A-Za-z])")
"""An `&` that a browser could read as the start of a character reference (`&lt;`, `&#60`)."""


def title_html(title: str) -> str:
    """A plain-text title (chapter, source, group) as HTML for MkDocs' nav and page titles.

    MkDocs treats titles as HTML and its theme templates insert them unescaped (nav, header, footer), so a chapter
    titled `<img src=x onerror=…>` would run in every page's navigation: the sanitiser never sees the nav. Only what
    could make markup is escaped (`<`, `>`, and `&` starting a character reference): Material also writes titles
    into `aria-label` attributes escaping them itself, where `Security &amp; Encryption` would be read out as such.
    """
    return _ENTITY_START.sub("&amp;", title).replace("<", "&lt;").replace(">", "&gt;")
