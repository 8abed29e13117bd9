"""Random inline markup renders to the same HTML with `notes_kb.fastinline` as without it."""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from prop_strategies import profile

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from test_fastinline import convert_both

PIECES = (
    "*", "**", "_", "__", "~~", "~", "`", "``", "\\", "[", "]", "(", ")", "![", "[^", "<", ">", "&", ";", "#", "!",
    "  \n", "\\\n", "\n", "\n\n", " ", "a", "b1", "ENI", "보안", "https://x.y", "@", "amp", "x:", "/", "-", "    ",
)  # fmt: skip
"""Every character an inline pattern starts with, and text around them."""


@profile()
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_random_markup_renders_the_same(text: str) -> None:
    stock, fast = convert_both(text)
    assert stock == fast
