"""The service map: service pages as nodes, mentions between them as edges, drawn at build time as inline SVG.

No script and no web request: the layout is computed here and is deterministic (a circle, categories as sectors in
the catalogue's order, pages in catalogue order within them). Colours come from CSS classes (`extra.css`) and
`currentColor`, so the map follows the light or dark palette. Only the elements and attributes `sanitize.py` allows
for SVG are written (no `style`, no `fill`/`stroke` attributes, no `xlink:href`).

Links inside raw HTML are not rewritten by MkDocs, so node links are written as the built site's relative URLs,
which assumes MkDocs' default `use_directory_urls: true` (`services/s3.md` is served at `services/s3/`).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from .knowledge import KnowledgeBase, ServicePage
from .links import href, relative_to_page
from .pages import SitePage
from .render import render_title

if TYPE_CHECKING:
    from .relations import Relations

MAP_PAGE = "map.md"
MAP_TITLE = "Service map"
COLOURS = 12
"""Category colour classes `nkb-c0`..`nkb-c11` in `extra.css`; categories beyond cycle through them."""
RADIUS, SLOT_GAP, LABEL_ROOM = 300.0, 1.5, 165.0
LABEL_CHARS = 24
"""Longer names are cut with an ellipsis on the map (the link's `aria-label` and the page keep the full name)."""
LOCAL_RADIUS, LOCAL_NEIGHBOURS = 95.0, 12
TOP_EDGES = 25


@dataclass(frozen=True)
class Node:
    slug: str
    label: str
    title: str
    category: int
    x: float
    y: float
    angle: float
    """Degrees, clockwise from the positive x axis (SVG's y points down)."""


def category_order(kb: KnowledgeBase) -> list[str]:
    """Categories of the pages, in the catalogue's order (pages come in catalogue order, as the services index)."""
    return list(dict.fromkeys(page.service.category for page in kb.pages))


def layout(kb: KnowledgeBase) -> list[Node]:
    """Pages on a circle from 12 o'clock clockwise, grouped by category, a gap between categories."""
    categories = category_order(kb)
    ordered = sorted(kb.pages, key=lambda p: categories.index(p.service.category))
    step = 2 * math.pi / max(len(ordered) + SLOT_GAP * len(categories), 1)
    nodes = []
    position = SLOT_GAP / 2
    for n, page in enumerate(ordered):
        if n and page.service.category != ordered[n - 1].service.category:
            position += SLOT_GAP
        theta = -math.pi / 2 + position * step
        category = categories.index(page.service.category)
        x, y = _r(RADIUS * math.cos(theta)), _r(RADIUS * math.sin(theta))
        nodes.append(_node(page, category, x, y, math.degrees(theta)))
        position += 1
    return nodes


def _node(page: ServicePage, category: int, x: float, y: float, angle: float) -> Node:
    label = page.service.short or page.service.title
    if len(label) > LABEL_CHARS:
        label = label[: LABEL_CHARS - 1].rstrip() + "…"
    return Node(page.service.slug, label, page.service.title, category, x, y, angle)


def _r(value: float) -> float:
    return round(value, 1) + 0.0  # + 0.0 turns -0.0 into 0.0


def weight_class(mentions: int) -> str:
    """Edge thickness class: 1, 2–3, 4–7, 8 or more mentions."""
    return "w4" if mentions >= 8 else "w3" if mentions >= 4 else "w2" if mentions >= 2 else "w1"


def _label(node: Node, offset: float, size_class: str) -> str:
    """A label pointing away from the centre, rotated along its radius, never upside down."""
    angle = node.angle % 360
    left = 90 < angle < 270
    rotate = angle - 180 if left else angle
    dx = math.cos(math.radians(node.angle)) * offset
    dy = math.sin(math.radians(node.angle)) * offset
    x, y = _r(node.x + dx), _r(node.y + dy)
    anchor = " end" if left else ""
    return (
        f'<text class="{size_class}{anchor}" x="{x}" y="{y}" dy="3" transform="rotate({_r(rotate)} {x} {y})">'
        f"{escape(node.label)}</text>"
    )


def render_svg(relations: Relations, kb: KnowledgeBase, from_uri: str = MAP_PAGE) -> str:
    """The whole map as one line of SVG (a Markdown raw-HTML block must not contain blank lines)."""
    nodes = layout(kb)
    at = {node.slug: node for node in nodes}
    size = RADIUS + LABEL_ROOM
    parts = [
        f'<svg viewBox="{_r(-size)} {_r(-size)} {_r(2 * size)} {_r(2 * size)}" '
        f'aria-label="Map of {len(nodes)} services and the mentions between them">',
        '<g class="edges">',
    ]
    for a, b, n in relations.edges():
        if a in at and b in at:
            p, q = at[a], at[b]
            cx, cy = _r((p.x + q.x) * 0.15), _r((p.y + q.y) * 0.15)
            parts.append(f'<path class="{weight_class(n)}" d="M{p.x} {p.y}Q{cx} {cy} {q.x} {q.y}"/>')
    parts.append("</g>")
    for node in nodes:
        parts.append(
            f'<a href="{escape(href(from_uri, f"services/{node.slug}.md"))}" aria-label="{escape(node.title)}">'
            f'<circle class="nkb-c{node.category % COLOURS}" cx="{node.x}" cy="{node.y}" r="4.5"/>'
            f"{_label(node, 9, 'label')}</a>"
        )
    parts.append("</svg>")
    return "".join(parts)


def local_svg(slug: str, relations: Relations, kb: KnowledgeBase, from_uri: str) -> str:
    """A page and its strongest neighbours (named by it or naming it) around it; empty when it has none. The catch-all
    page is no neighbour: its quizzes and case studies name every service, so it stood among the most connected on
    the maps of SQS, SNS, ACM, Kinesis, Athena ... (a blind review), saying nothing about any of them.
    """
    pages = {page.service.slug: page for page in kb.pages}
    weight: Counter[str] = Counter()
    for a, b, n in relations.edges():
        other = b if a == slug else a
        if slug in (a, b) and a != b and pages[other].service.kind != "general":
            weight[other] += n
    neighbours = sorted(weight, key=lambda s: (-weight[s], s))[:LOCAL_NEIGHBOURS]
    if not neighbours:
        return ""
    categories = category_order(kb)
    me = pages[slug]
    parts = [
        '<svg viewBox="-250 -135 500 270" '
        f'aria-label="{escape(me.service.short)} and the services it is most connected to">',
        '<g class="edges">',
    ]
    nodes = []
    for n, other in enumerate(neighbours):
        theta = -math.pi / 2 + 2 * math.pi * n / len(neighbours)
        x, y = _r(LOCAL_RADIUS * 1.6 * math.cos(theta)), _r(LOCAL_RADIUS * math.sin(theta))
        page = pages[other]
        node = _node(page, categories.index(page.service.category), x, y, math.degrees(theta))
        nodes.append(node)
        parts.append(f'<path class="{weight_class(weight[other])}" d="M0 0L{node.x} {node.y}"/>')
    parts.append("</g>")
    for node in nodes:
        x = _r(node.x + (8 if node.x >= 0 else -8))
        anchor = "" if node.x >= 0 else " end"
        parts.append(
            f'<a href="{escape(href(from_uri, f"services/{node.slug}.md"))}" aria-label="{escape(node.title)}">'
            f'<circle class="nkb-c{node.category % COLOURS}" cx="{node.x}" cy="{node.y}" r="5"/>'
            f'<text class="label{anchor}" x="{x}" y="{node.y}" dy="3">{escape(node.label)}</text></a>'
        )
    centre = categories.index(me.service.category) % COLOURS
    parts.append(f'<circle class="nkb-c{centre} me" cx="0" cy="0" r="9"/>')
    parts.append(f'<text class="label me mid" x="0" y="24">{escape(me.service.short)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def local_map(slug: str, relations: Relations, kb: KnowledgeBase, uri: str) -> list[str]:
    """Markdown lines of a service page's local map (a raw HTML block)."""
    svg = local_svg(slug, relations, kb, uri)
    return ["", f'<div class="nkb-map nkb-map-local">{svg}</div>'] if svg else []


def render_map_page(relations: Relations, kb: KnowledgeBase) -> SitePage:
    """`map.md`: the map, its legend (categories and their colours) and the strongest relations as a table."""
    pages = {page.service.slug: page for page in kb.pages}
    edges = [(a, b, n) for a, b, n in relations.edges() if a in pages and b in pages]
    mentions = sum(n for _, _, n in edges)
    lines = [
        "---",
        "hide: [toc]",  # Material: the map gets the table of contents' width
        "---",
        "",
        f"# {MAP_TITLE}",
        "",
        f"{len(pages)} services and concept areas; a curve joins two of them when one names the other "
        f"({len(edges)} pairs, {mentions} mentions in all; the thicker the curve, the more mentions). "
        "Pages are grouped by category around the circle; select a name to open its page.",
        "",
        f'<div class="nkb-map">{render_svg(relations, kb)}</div>',
        "",
        "## Categories",
        "",
    ]
    counts = Counter(page.service.category for page in kb.pages)
    for n, category in enumerate(category_order(kb)):
        swatch = f'<span class="nkb-swatch nkb-c{n % COLOURS}"></span>'
        lines.append(f"- {swatch} {render_title(category)} ({counts[category]})")
    lines += ["", "## Strongest relations", "", "| Service | Service | Mentions |", "| --- | --- | --- |"]
    for a, b, n in sorted(edges, key=lambda e: (-e[2], e[0], e[1]))[:TOP_EDGES]:
        lines.append(f"| {_link(pages[a])} | {_link(pages[b])} | {n} |")
    return SitePage.of(MAP_PAGE, MAP_TITLE, "\n".join(lines) + "\n")


def _link(page: ServicePage) -> str:
    return f"[{render_title(page.service.short or page.service.title)}]({relative_to_page(page.src_uri, MAP_PAGE)})"
