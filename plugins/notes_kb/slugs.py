"""Readable, Unicode-aware anchors and file names: Korean titles keep their Hangul instead of becoming `_1`."""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG = 64
_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)


def slugify(text: str, fallback: str = "section") -> str:
    """Lower-case words joined by `-`; letters of any script survive, punctuation and emoji do not."""
    text = unicodedata.normalize("NFC", text).lower().replace("_", " ")
    words = [w for w in _NOT_WORD.split(text) if w]
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > MAX_SLUG and slug:
            break
        slug = candidate[:MAX_SLUG]
    return slug or fallback


class SlugRegistry:
    """Hands out unique slugs within one scope (a page), suffixing `-2`, `-3`… in order of first use."""

    def __init__(self, reserved: tuple[str, ...] = ()) -> None:
        self._used: set[str] = set(reserved)

    def unique(self, text: str, fallback: str = "section") -> str:
        base = slugify(text, fallback)
        slug, n = base, 1
        while slug in self._used:
            n += 1
            slug = f"{base}-{n}"
        self._used.add(slug)
        return slug
