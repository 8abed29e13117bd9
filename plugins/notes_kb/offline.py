"""Offline builds (`file://`): links the plugin writes as raw HTML assume directory URLs; rewrite them to files.

MkDocs converts Markdown links to whatever URL style the build uses, but links inside raw HTML (the service map's
SVG, for one) are written for directory URLs (`../ec2/`). Opened from disk, a directory URL shows a folder listing,
so an offline build points them at the page file instead (`ec2.html`), relative to where the page file is.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from urllib.parse import unquote

_DIRECTORY_HREF = re.compile(r'href="((?:\.\./|\./)*(?:[A-Za-z0-9_\-%]+/)*)(#[^"]*)?"')
"""A relative link to a directory URL; its path percent-encoded as MkDocs encodes page URLs (a Korean chapter's)."""


def file_links(html: str, page_key: str, page_url: str, pages: Mapping[str, str]) -> str:
    """Rewrite relative `href`s to directory URLs of known pages as links to their files.

    `page_key` is the page's directory URL (`services/s3/`), which the links were written against; `page_url` is
    where the page really is (`services/s3.html`); `pages` maps every page's directory URL (not percent-encoded) to
    its file URL (encoded, as MkDocs writes it). Links to anything else are left as they are.
    """
    here = posixpath.dirname(page_url) or "."

    def rewrite(match: re.Match[str]) -> str:
        path, fragment = match.group(1), match.group(2) or ""
        target = posixpath.normpath(posixpath.join(page_key or ".", unquote(path)))
        key = "" if target == "." else f"{target}/"
        if not path or key not in pages:
            return match.group(0)
        return f'href="{posixpath.relpath(pages[key], here)}{fragment}"'

    return _DIRECTORY_HREF.sub(rewrite, html)
